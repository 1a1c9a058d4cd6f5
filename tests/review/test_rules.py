"""review.rules.review, pure: courts and type codes per kind, the 10-day 复议 window with the
legal calendar (民事诉讼法 第236条、第85条), third-party objections (第238条; 民诉法解释 第462条),
the six months of 第237条 less the excluded periods (执行程序解释 第13条), the panel (执行异议复议规定
第11条) and who is conflicted (审执分离)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.rules.calendar import LegalCalendar
from zhixing.review.rules import review as rules
from zhixing.review.rules.review import (
    Conflict,
    ConflictReason,
    Excluded,
    ExcludedKind,
    Hearing,
    ItemEnd,
    Kind,
    Outcome,
)

CAL = LegalCalendar([])


@pytest.mark.parametrize(
    ("kind", "code", "hearing", "panel", "days"),
    [
        (Kind.ACT_OBJECTION, "执异", Hearing.OWN, True, 15),
        (Kind.THIRD_PARTY_OBJECTION, "执异", Hearing.OWN, True, 15),
        (Kind.RECONSIDERATION, "执复", Hearing.NEXT_HIGHER, True, 30),
        (Kind.COURT_CHANGE, "执监", Hearing.NEXT_HIGHER, False, None),
        (Kind.SUPERVISION, "执监", Hearing.NEXT_HIGHER, False, None),
        (Kind.COORDINATION, "执协", Hearing.NEXT_HIGHER, False, None),
    ],
)
def test_kind_table(kind, code, hearing, panel, days):
    rule = rules.KINDS[kind]
    assert (rule.type_code, rule.hearing, rule.panel_required, rule.ruling_days) == (
        code,
        hearing,
        panel,
        days,
    )
    assert rule.source


# --- 复议: 10 days from service ----------------------------------------------------------------


def recon(served, filed, parent=Kind.ACT_OBJECTION, decided=True):
    return rules.check_reconsideration(
        parent_kind=parent, parent_decided=decided, served_on=served, filed_on=filed, calendar=CAL
    )


@pytest.mark.parametrize(
    ("served", "filed", "code"),
    [
        (date(2026, 10, 13), date(2026, 10, 13), None),  # the day of service itself
        (date(2026, 10, 13), date(2026, 10, 23), None),  # day 10, a Friday
        (date(2026, 10, 13), date(2026, 10, 24), "reconsideration.too_late"),  # day 11
        (date(2026, 10, 21), date(2026, 11, 2), None),  # day 10 = Sat 10-31 → Mon 11-02
        (date(2026, 10, 21), date(2026, 11, 3), "reconsideration.too_late"),
        (date(2026, 9, 25), date(2026, 10, 8), None),  # day 10 = 10-05 (国庆) → 10-08
        (date(2026, 9, 25), date(2026, 10, 9), "reconsideration.too_late"),
        (date(2026, 10, 13), date(2026, 10, 12), "reconsideration.before_service"),
        (None, date(2026, 10, 12), "reconsideration.not_served"),
    ],
)
def test_reconsideration_window(served, filed, code):
    refusals = recon(served, filed)
    assert [r.code for r in refusals] == ([code] if code else [])


@pytest.mark.parametrize(
    ("parent", "decided", "code"),
    [
        (Kind.THIRD_PARTY_OBJECTION, True, "reconsideration.third_party"),
        (Kind.RECONSIDERATION, True, "reconsideration.not_objection"),
        (Kind.SUPERVISION, True, "reconsideration.not_objection"),
        (Kind.ACT_OBJECTION, False, "reconsideration.undecided"),
    ],
)
def test_reconsideration_lies_only_against_a_decided_act_objection(parent, decided, code):
    assert [r.code for r in recon(date(2026, 10, 13), date(2026, 10, 14), parent, decided)] == [
        code
    ]


@given(st.dates(date(2024, 1, 1), date(2030, 12, 1)), st.integers(0, 40))
def test_the_window_is_ten_days_or_its_first_working_day_after(served, after):
    filed = served + timedelta(days=after)
    due = rules.reconsideration_due(served, CAL)
    refused = bool(recon(served, filed))
    assert refused == (filed > due.due)
    assert due.due >= served + timedelta(days=10)
    if due.moved_from is None:
        assert due.due == served + timedelta(days=10)
    else:
        assert due.moved_from == served + timedelta(days=10)
        assert CAL.day_info(due.due).is_workday


def test_lawsuit_window_is_fifteen_days():
    assert rules.lawsuit_due(date(2026, 10, 13), CAL).due == date(2026, 10, 28)


# --- objections ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "ended", "codes"),
    [
        ("房产", None, []),
        ("", None, ["third_party.item_required"]),
        ("房产", (ItemEnd.RELEASED, date(2026, 9, 30)), ["third_party.item_ended"]),
        ("房产", (ItemEnd.DELIVERED, date(2026, 10, 1)), ["third_party.item_ended"]),
        ("房产", (ItemEnd.DELIVERED, date(2026, 10, 2)), []),  # ends after the filing
        ("存款", (ItemEnd.CASE_ENDED, date(2026, 9, 1)), ["third_party.item_ended"]),
    ],
)
def test_third_party_objection(item, ended, codes):
    refusals = rules.check_third_party_objection(filed_on=date(2026, 10, 1), item=item, ended=ended)
    assert [r.code for r in refusals] == codes


@pytest.mark.parametrize(
    ("ended_on", "against", "codes"),
    [
        (None, False, []),
        (date(2026, 9, 1), False, ["objection.case_ended"]),
        (date(2026, 9, 1), True, []),  # 执行异议复议规定 第6条第1款: against the termination itself
    ],
)
def test_act_objection_before_enforcement_ends(ended_on, against, codes):
    assert [
        r.code for r in rules.check_act_objection(case_ended_on=ended_on, against_closure=against)
    ] == codes


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("outcome", list(Outcome))
def test_outcomes_per_kind(kind, outcome):
    allowed = outcome in rules.KINDS[kind].outcomes
    assert (not rules.check_outcome(kind, outcome)) == allowed


@pytest.mark.parametrize(
    ("kind", "outcome", "needed"),
    [
        (Kind.RECONSIDERATION, Outcome.REVOKED, True),
        (Kind.RECONSIDERATION, Outcome.CHANGED, True),
        (Kind.RECONSIDERATION, Outcome.AFFIRMED, False),
        (Kind.SUPERVISION, Outcome.REVOKED, True),
        (Kind.SUPERVISION, Outcome.REJECTED, False),
        (Kind.ACT_OBJECTION, Outcome.UPHELD, False),  # the court corrects itself: no upper court
    ],
)
def test_responsibility_analysis_when_an_upper_court_revokes_or_changes(kind, outcome, needed):
    assert rules.needs_responsibility_analysis(kind, outcome) is needed


# --- 第237条 -------------------------------------------------------------------------------------


S = ExcludedKind.SUSPENSION


@pytest.mark.parametrize(
    ("on", "excluded", "counted", "due", "eligible"),
    [
        (date(2026, 9, 2), [], 184, date(2026, 9, 2), False),  # the last day of the six months
        (date(2026, 9, 3), [], 185, date(2026, 9, 2), True),  # more than six months
        # 20 days of 中止 push the end back by 20 days
        (
            date(2026, 9, 3),
            [Excluded(S, date(2026, 5, 1), date(2026, 5, 21))],
            165,
            date(2026, 9, 22),
            False,
        ),
        # overlapping 中止 and 鉴定评估 count once (30 days); the end, 10-01, is in the 国庆
        # holiday and moves to 10-08 (第85条)
        (
            date(2026, 10, 9),
            [
                Excluded(S, date(2026, 5, 1), date(2026, 5, 21)),
                Excluded(ExcludedKind.APPRAISAL, date(2026, 5, 11), date(2026, 5, 31)),
            ],
            191,
            date(2026, 10, 8),
            True,
        ),
        # an open 暂缓 runs to the day asked
        (
            date(2026, 9, 3),
            [Excluded(ExcludedKind.DEFERRAL, date(2026, 8, 1), None)],
            152,
            date(2026, 10, 8),
            False,
        ),
    ],
)
def test_court_change_count(on, excluded, counted, due, eligible):
    """Received 2026-03-02 (民事诉讼法 第237条; 执行程序解释 第10条、第13条)."""
    count = rules.court_change_count(
        received_on=date(2026, 3, 2), on=on, excluded=excluded, calendar=CAL
    )
    assert (count.counted_days, count.due, count.eligible) == (counted, due, eligible)


spans = st.lists(
    st.tuples(st.integers(0, 400), st.integers(1, 120), st.sampled_from(list(ExcludedKind))),
    max_size=5,
)


@given(spans, st.integers(0, 500))
def test_excluded_days_never_exceed_the_span_and_never_count_twice(periods, after):
    received = date(2026, 1, 5)
    on = received + timedelta(days=after)
    excluded = [
        Excluded(kind, received + timedelta(days=s), received + timedelta(days=s + n))
        for s, n, kind in periods
    ]
    count = rules.court_change_count(received_on=received, on=on, excluded=excluded, calendar=CAL)
    covered = {
        received + timedelta(days=d)
        for s, n, _ in periods
        for d in range(s, s + n)
        if received + timedelta(days=d) < on
    }
    assert count.excluded_days == len(covered)
    assert 0 <= count.counted_days <= count.elapsed_days
    doubled = rules.court_change_count(
        received_on=received, on=on, excluded=excluded + excluded, calendar=CAL
    )
    assert doubled == count


@pytest.mark.parametrize(
    ("closed", "eligible", "code"),
    [(True, True, "court_change.case_closed"), (False, False, "court_change.too_early")],
)
def test_check_court_change(closed, eligible, code):
    count = rules.court_change_count(
        received_on=date(2026, 3, 2),
        on=date(2026, 9, 3) if eligible else date(2026, 8, 1),
        excluded=[],
        calendar=CAL,
    )
    assert [r.code for r in rules.check_court_change(count, case_closed=closed)] == [code]


# --- the panel ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("required", "members", "presiding", "codes"),
    [
        (True, [1, 2, 3], 1, []),
        (True, [1, 2, 3, 4, 5], 3, []),
        (True, [1, 2], 1, ["panel.size"]),
        (True, [1, 2, 3, 4], 1, ["panel.even"]),
        (True, [1, 2, 3], 9, ["panel.presiding_member"]),
        (True, [1, 2, 3], None, ["panel.presiding"]),
        (False, [], 1, []),  # one judge decides where no panel is required
        (False, [1, 2], 1, ["panel.size"]),  # a panel given anyway keeps the form
        (True, [1, 1, 2], 1, ["panel.size"]),  # the same person counts once
    ],
)
def test_panel(required, members, presiding, codes):
    refusals = rules.check_panel(required=required, members=members, presiding=presiding)
    assert [r.code for r in refusals] == codes


@given(st.sets(st.integers(1, 50), max_size=9))
def test_a_required_panel_is_valid_exactly_when_odd_and_at_least_three(members):
    presiding = min(members) if members else 1
    ok = not rules.check_panel(required=True, members=list(members), presiding=presiding)
    assert ok == (len(members) >= 3 and len(members) % 2 == 1)


# --- separation ---------------------------------------------------------------------------------


def test_conflict_messages_name_the_person_and_why():
    act = Conflict(
        7, "张三", ConflictReason.IMPLEMENTATION_ACT, date(2026, 3, 5), "采取查封、扣押、冻结措施"
    )
    assert rules.conflict_message(act) == (
        "张三曾在本案记录执行实施行为（2026年3月5日 采取查封、扣押、冻结措施），"
        "不能参与本案执行审查（审执分离）"
    )
    stage = Conflict(8, "李四", ConflictReason.STAGE_HOLDER, date(2026, 3, 1), "财产处置")
    assert "李四曾负责本案“财产处置”阶段" in rules.conflict_message(stage)
    officer = Conflict(9, "王五", ConflictReason.CASE_OFFICER, date(2026, 2, 1))
    assert rules.conflict_message(officer).startswith("王五是或曾是本案承办人")


def test_conflicts_of_picks_one_reason_per_person_recusal_first():
    found = rules.conflicts_of(
        [
            Conflict(1, "甲", ConflictReason.CASE_OFFICER, date(2026, 1, 1)),
            Conflict(1, "甲", ConflictReason.IMPLEMENTATION_ACT, date(2026, 3, 1), "x"),
            Conflict(1, "甲", ConflictReason.IMPLEMENTATION_ACT, date(2026, 2, 1), "y"),
            Conflict(2, "乙", ConflictReason.RECUSED, date(2026, 4, 1), "近亲属"),
            Conflict(2, "乙", ConflictReason.STAGE_HOLDER, date(2026, 1, 1), "z"),
            Conflict(3, "丙", ConflictReason.STAGE_HOLDER, date(2026, 1, 1), "z"),
        ],
        [1, 2, 4],
    )
    assert set(found) == {1, 2}
    assert found[1].detail == "y"  # the earliest act
    assert found[2].reason is ConflictReason.RECUSED


@given(
    st.lists(
        st.builds(
            Conflict,
            st.integers(1, 6),
            st.just("某"),
            st.sampled_from(list(ConflictReason)),
            st.dates(date(2025, 1, 1), date(2026, 12, 31)),
        ),
        max_size=12,
    ),
    st.sets(st.integers(1, 8)),
)
def test_exactly_the_conflicted_among_the_asked_are_named(conflicts, asked):
    found = rules.conflicts_of(conflicts, asked)
    assert set(found) == {c.staff_id for c in conflicts} & asked
