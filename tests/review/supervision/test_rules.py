"""Pure supervision rules: who decides, which court receives, the entrustment clocks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.rules.calendar import LegalCalendar
from zhixing.review.rules import supervision as r

K = r.Kind
HIGH = r.CourtRef(2, "北京市高级人民法院", "high", "/1/2/")
BJ1 = r.CourtRef(3, "北京市第一中级人民法院", "intermediate", "/1/2/3/")
BJ3 = r.CourtRef(4, "北京市第三中级人民法院", "intermediate", "/1/2/4/")
HAIDIAN = r.CourtRef(5, "北京市海淀区人民法院", "basic", "/1/2/3/5/")
CHAOYANG = r.CourtRef(6, "北京市朝阳区人民法院", "basic", "/1/2/4/6/")
TONGZHOU = r.CourtRef(7, "北京市通州区人民法院", "basic", "/1/2/4/7/")
IP = r.CourtRef(8, "北京知识产权法院", "special", "/1/2/8/")
COURTS = [HIGH, BJ1, BJ3, HAIDIAN, CHAOYANG, TONGZHOU, IP]


@pytest.mark.parametrize(
    ("kind", "decider", "code"),
    [
        (K.ESCALATION, BJ3, None),
        (K.ESCALATION, HIGH, None),
        (K.ESCALATION, CHAOYANG, "supervision.not_upper"),
        (K.ESCALATION, BJ1, "supervision.not_upper"),
        (K.ENFORCE_ORDER, BJ3, None),
        (K.ENFORCE_ORDER, TONGZHOU, "supervision.not_upper"),
        (K.DESIGNATION, HAIDIAN, "supervision.not_upper"),
        (K.CROSS_ASSIGNMENT, BJ3, None),
        (K.ENTRUSTMENT, CHAOYANG, None),
        (K.ENTRUSTMENT, BJ3, "supervision.not_own_case"),
    ],
)
def test_decider(kind, decider, code):
    refusals = r.check_decider(kind, case_court=CHAOYANG, deciding_court=decider)
    assert [x.code for x in refusals] == ([code] if code else [])


@pytest.mark.parametrize(
    ("kind", "decider", "target", "code"),
    [
        (K.DESIGNATION, BJ3, TONGZHOU, None),
        (K.DESIGNATION, BJ3, HAIDIAN, "supervision.outside_district"),
        (K.DESIGNATION, BJ3, CHAOYANG, "supervision.same_court"),
        (K.DESIGNATION, BJ3, BJ3, "supervision.target_is_decider"),
        (K.DESIGNATION, HIGH, HAIDIAN, None),
        (K.DESIGNATION, HIGH, BJ1, None),
        (K.DESIGNATION, HIGH, IP, "supervision.target_level"),
        (K.DESIGNATION, BJ3, None, "supervision.target_required"),
        (K.CROSS_ASSIGNMENT, BJ3, TONGZHOU, None),
        (K.CROSS_ASSIGNMENT, HIGH, BJ1, "supervision.cross_level"),
        (K.ENTRUSTMENT, CHAOYANG, HAIDIAN, None),
        (K.ENTRUSTMENT, CHAOYANG, BJ1, "supervision.not_same_level"),
        (K.ENTRUSTMENT, CHAOYANG, CHAOYANG, "supervision.same_court"),
        (K.ESCALATION, BJ3, None, None),
    ],
)
def test_target(kind, decider, target, code):
    refusals = r.check_target(kind, case_court=CHAOYANG, deciding_court=decider, target=target)
    assert [x.code for x in refusals][:1] == ([code] if code else [])
    assert all(x.source for x in refusals)


@given(st.sampled_from(COURTS), st.sampled_from(COURTS), st.sampled_from(COURTS))
def test_designation_target_always_within_decider_and_never_the_case_court(case, decider, target):
    """Whatever the courts, an accepted designation goes to an enforcing court below the decider
    other than the original court."""
    if r.check_target(K.DESIGNATION, case_court=case, deciding_court=decider, target=target):
        return
    assert r.is_above(decider, target)
    assert target.id != case.id
    assert target.level in r.ENFORCING_LEVELS


@given(st.sampled_from(COURTS), st.sampled_from(COURTS))
def test_upper_kinds_need_an_ancestor(case, decider):
    ok = not r.check_decider(K.ESCALATION, case_court=case, deciding_court=decider)
    assert ok == (decider.id != case.id and case.path.startswith(decider.path))


CAL = LegalCalendar()


@pytest.mark.parametrize(
    ("received", "start_due", "report_due"),
    [
        (date(2026, 3, 2), date(2026, 3, 17), date(2026, 4, 1)),
        # 15 days from 2026-03-06 end on Saturday 03-21 → Monday 03-23 (民事诉讼法 第85条)
        (date(2026, 3, 6), date(2026, 3, 23), date(2026, 4, 7)),
    ],
)
def test_entrustment_clock(received, start_due, report_due):
    clock = r.entrustment_clock(
        received_on=received,
        started_on=None,
        reported_on=None,
        finished_on=None,
        today=received,
        calendar=CAL,
    )
    assert (clock.start_due, clock.report_due, clock.silent) == (start_due, report_due, False)
    late = r.entrustment_clock(
        received_on=received,
        started_on=None,
        reported_on=None,
        finished_on=None,
        today=start_due + timedelta(days=1),
        calendar=CAL,
    )
    assert late.silent
    started = r.entrustment_clock(
        received_on=received,
        started_on=received,
        reported_on=None,
        finished_on=None,
        today=report_due + timedelta(days=1),
        calendar=CAL,
    )
    assert not started.silent and started.report_late


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)), st.integers(0, 60))
def test_ask_superior_allowed_exactly_from_first_silent_day(received, offset):
    on = received + timedelta(days=offset)
    refusals = r.check_ask_superior(
        received_on=received, started_on=None, asked_on=None, on=on, calendar=CAL
    )
    assert (not refusals) == (on >= r.silence_from(received, CAL))
    assert r.silence_from(received, CAL) > received + timedelta(days=15 - 1)


@pytest.mark.parametrize(
    ("until", "today", "open_", "lapsed"),
    [
        (date(2026, 4, 1), date(2026, 4, 1), True, False),
        (date(2026, 4, 1), date(2026, 4, 2), True, True),
        (date(2026, 4, 1), date(2026, 4, 2), False, False),
    ],
)
def test_order_lapsed(until, today, open_, lapsed):
    assert r.order_lapsed(until=until, today=today, case_open=open_) is lapsed


def test_order_until():
    d = date(2026, 3, 2)
    assert [x.code for x in r.check_order_until(decided_on=d, until=None)] == [
        "supervision.until_required"
    ]
    assert [x.code for x in r.check_order_until(decided_on=d, until=d)] == [
        "supervision.until_order"
    ]
    assert r.check_order_until(decided_on=d, until=d + timedelta(days=1)) == []
