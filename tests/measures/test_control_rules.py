"""measures.rules.control: 民诉法解释 第485条 maxima, renewal, expiry warning, priority (no database)."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.measures.rules.control import (
    Control,
    ControlKind,
    PropertyKind,
    check_control,
    check_renewal,
    expiring_soon,
    latest_expiry,
    priority_order,
)

C, P = ControlKind, PropertyKind
D = date(2026, 3, 31)


@pytest.mark.parametrize(
    ("kind", "expiry"),
    [
        (P.DEPOSIT, date(2027, 3, 31)),
        (P.MOVABLE, date(2028, 3, 31)),
        (P.REAL_ESTATE, date(2029, 3, 31)),
        (P.OTHER_RIGHTS, date(2029, 3, 31)),
    ],
)
def test_maximum_terms(kind, expiry):
    assert latest_expiry(kind, D) == expiry


def test_leap_day_start_clamps():
    assert latest_expiry(P.DEPOSIT, date(2028, 2, 29)) == date(2029, 2, 28)


@pytest.mark.parametrize(
    ("control", "kind", "until", "codes"),
    [
        (C.FREEZE, P.DEPOSIT, date(2027, 3, 31), []),
        (C.FREEZE, P.DEPOSIT, date(2027, 4, 1), ["control.term_too_long"]),
        (C.SEAL, P.REAL_ESTATE, date(2029, 3, 31), []),
        (C.SEAL, P.REAL_ESTATE, date(2029, 4, 1), ["control.term_too_long"]),
        (C.SEIZE, P.MOVABLE, date(2028, 3, 31), []),
        (C.SEAL, P.DEPOSIT, date(2026, 6, 1), ["control.kind"]),
        (C.FREEZE, P.DEPOSIT, None, ["control.term_required"]),
        (C.FREEZE, P.DEPOSIT, D, ["control.term_required"]),
        (C.DEDUCT, P.DEPOSIT, None, []),
        (C.DEDUCT, P.DEPOSIT, date(2026, 6, 1), ["control.deduct_term"]),
        (C.DEDUCT, P.REAL_ESTATE, None, ["control.kind"]),
    ],
)
def test_check_control(control, kind, until, codes):
    refusals = check_control(control=control, property_kind=kind, start=D, until=until)
    assert [r.code for r in refusals] == codes
    assert all(r.source == "民诉法解释 第485条" and r.message for r in refusals)


@pytest.mark.parametrize(
    ("renewed_on", "new_expiry", "codes"),
    [
        (date(2027, 3, 1), date(2028, 3, 31), []),  # a deposit freeze: one more year at most
        (date(2027, 3, 31), date(2028, 3, 31), []),  # on the last day itself
        (date(2027, 4, 1), date(2028, 3, 31), ["renewal.expired"]),
        (date(2027, 3, 1), date(2028, 4, 1), ["renewal.too_long"]),
        (date(2027, 3, 1), date(2027, 3, 31), ["renewal.not_longer"]),
    ],
)
def test_renewal(renewed_on, new_expiry, codes):
    refusals = check_renewal(
        property_kind=P.DEPOSIT,
        current_expiry=date(2027, 3, 31),
        renewed_on=renewed_on,
        new_expiry=new_expiry,
    )
    assert [r.code for r in refusals] == codes


@pytest.mark.parametrize(
    ("expiry", "warned"),
    [
        (date(2026, 12, 1), True),
        (date(2026, 12, 26), True),
        (date(2026, 12, 27), False),
        (date(2026, 11, 25), False),
    ],
)
def test_expiring_soon(expiry, warned):
    assert expiring_soon(expiry, today=date(2026, 11, 26), warn_days=30) is warned


@given(st.dates(min_value=date(2016, 1, 1), max_value=date(2040, 12, 31)), st.sampled_from(list(P)))
def test_the_maximum_term_is_always_accepted_and_one_day_more_refused(start, kind):
    control = C.FREEZE if kind in (P.DEPOSIT, P.OTHER_RIGHTS) else C.SEAL
    end = latest_expiry(kind, start)
    assert check_control(control=control, property_kind=kind, start=start, until=end) == []
    over = check_control(
        control=control,
        property_kind=kind,
        start=start,
        until=date.fromordinal(end.toordinal() + 1),
    )
    assert [r.code for r in over] == ["control.term_too_long"]


def test_first_control_ranks_first():
    controls = [
        Control("（2026）京0108执9号", datetime(2026, 5, 2, 9, 0)),
        Control("（2026）京0105执3号", datetime(2026, 5, 1, 15, 30)),
        Control("（2026）京0101执7号", datetime(2026, 5, 2, 8, 59)),
    ]
    assert [c.court_case for c in priority_order(controls)] == [
        "（2026）京0105执3号",
        "（2026）京0101执7号",
        "（2026）京0108执9号",
    ]
