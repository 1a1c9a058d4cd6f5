"""measures.rules.control: 民诉法解释 第485条 maxima, renewal, expiry warning, priority (no database)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.measures.rules.control import (
    ALLOWED,
    DEFAULT_CONTROL,
    FOUND_KINDS,
    Control,
    ControlKind,
    ControlState,
    PropertyKind,
    check_control,
    check_deduction,
    check_freeze_amount,
    check_renewal,
    control_state,
    expiring_soon,
    is_expired,
    latest_expiry,
    max_term_label,
    priority_label,
    priority_order,
    priority_rank,
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


EXPIRY = date(2027, 3, 31)  # a deposit freeze started on D


@pytest.mark.parametrize(
    ("renewed_on", "new_expiry", "today", "codes"),
    [
        (date(2027, 3, 1), date(2028, 3, 31), date(2027, 3, 1), []),  # one more year at most
        (date(2027, 3, 31), date(2028, 3, 31), date(2027, 3, 31), []),  # on the last day itself
        (date(2027, 3, 1), date(2028, 3, 31), date(2027, 3, 31), []),  # typed earlier, in time
        (date(2027, 4, 1), date(2028, 3, 31), date(2027, 4, 1), ["renewal.expired"]),
        # 民诉法解释 第485条: renewed before expiry, judged today — a past date revives nothing
        (date(2027, 3, 1), date(2028, 3, 31), date(2027, 4, 1), ["renewal.expired"]),
        (date(2027, 3, 31), date(2028, 3, 31), date(2027, 5, 20), ["renewal.expired"]),
        (date(2027, 3, 2), date(2028, 3, 31), date(2027, 3, 1), ["renewal.future"]),
        (date(2026, 3, 30), date(2028, 3, 31), date(2027, 3, 1), ["renewal.before_start"]),
        (date(2026, 3, 31), date(2028, 3, 31), date(2027, 3, 1), []),  # on the start itself
        (date(2027, 3, 1), date(2028, 4, 1), date(2027, 3, 1), ["renewal.too_long"]),
        (date(2027, 3, 1), date(2027, 3, 31), date(2027, 3, 1), ["renewal.not_longer"]),
        (
            date(2027, 3, 1),
            date(2027, 3, 31),
            date(2027, 4, 2),
            ["renewal.expired", "renewal.not_longer"],
        ),
    ],
)
def test_renewal(renewed_on, new_expiry, today, codes):
    refusals = check_renewal(
        property_kind=P.DEPOSIT,
        started_on=D,
        current_expiry=EXPIRY,
        renewed_on=renewed_on,
        new_expiry=new_expiry,
        today=today,
    )
    assert [r.code for r in refusals] == codes
    assert all(r.source == "民诉法解释 第485条" and r.message for r in refusals)


@given(
    st.integers(min_value=1, max_value=400),
    st.integers(min_value=0, max_value=800),
    st.sampled_from(list(P)),
)
def test_a_lapsed_control_is_never_renewed_whatever_date_is_typed(late, back, kind):
    """However far back the typed date goes, a renewal made after the last day is refused."""
    expiry = latest_expiry(kind, D)
    today = expiry + timedelta(days=late)
    refusals = check_renewal(
        property_kind=kind,
        started_on=D,
        current_expiry=expiry,
        renewed_on=max(D, expiry - timedelta(days=back)),
        new_expiry=latest_expiry(kind, expiry),
        today=today,
    )
    assert [r.code for r in refusals] == ["renewal.expired"]


@given(st.integers(min_value=0, max_value=365), st.sampled_from(list(P)))
def test_a_renewal_in_time_for_the_full_term_is_accepted(before, kind):
    expiry = latest_expiry(kind, D)
    on = max(D, expiry - timedelta(days=before))
    refusals = check_renewal(
        property_kind=kind,
        started_on=D,
        current_expiry=expiry,
        renewed_on=on,
        new_expiry=latest_expiry(kind, expiry),
        today=on,
    )
    assert refusals == []


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


# --- 民事诉讼法 第253条: not beyond the obligation --------------------------------------------

M = Decimal


@pytest.mark.parametrize(
    ("amount", "owed", "frozen", "codes"),
    [
        (M("100"), M("1000"), M("0"), []),
        (M("1000"), M("1000"), M("0"), []),
        (M("1000.01"), M("1000"), M("0"), ["control.beyond_obligation"]),
        (M("600"), M("1000"), M("400"), []),
        (M("600.01"), M("1000"), M("400"), ["control.beyond_obligation"]),
        (M("1"), M("1000"), M("1200"), ["control.beyond_obligation"]),  # already over-frozen
        (M("5000000"), None, M("0"), []),  # no money claim: no cap
        (None, M("1000"), M("0"), ["control.amount_required"]),
        (M("0"), M("1000"), M("0"), ["control.amount_required"]),
    ],
)
def test_check_freeze_amount(amount, owed, frozen, codes):
    refusals = check_freeze_amount(amount=amount, owed=owed, already_frozen=frozen)
    assert [r.code for r in refusals] == codes
    assert all(r.source == "民事诉讼法 第253条" and r.field == "amount" for r in refusals)


def test_freeze_cap_message_names_the_room_left():
    (refusal,) = check_freeze_amount(amount=M("700"), owed=M("1000"), already_frozen=M("400"))
    assert "至多还可冻结 600.00 元" in refusal.message


@pytest.mark.parametrize(
    ("amount", "remaining", "owed", "codes"),
    [
        (M("500"), M("500"), M("800"), []),
        (M("500.01"), M("500"), M("800"), ["deduct.beyond_frozen"]),
        (M("500"), M("900"), M("499.99"), ["deduct.beyond_obligation"]),
        (M("600"), M("500"), M("400"), ["deduct.beyond_frozen", "deduct.beyond_obligation"]),
        (M("1"), M("500"), None, ["deduct.no_money_claim"]),
        (M("0"), M("500"), M("800"), ["deduct.amount_positive"]),
        (M("-1"), M("500"), M("800"), ["deduct.amount_positive"]),
    ],
)
def test_check_deduction(amount, remaining, owed, codes):
    refusals = check_deduction(amount=amount, frozen_remaining=remaining, owed=owed)
    assert [r.code for r in refusals] == codes
    assert all(r.source == "民事诉讼法 第253条" for r in refusals)


money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(amount=money, remaining=money, owed=money)
def test_a_deduction_passes_exactly_when_within_both_limits(amount, remaining, owed):
    passed = check_deduction(amount=amount, frozen_remaining=remaining, owed=owed) == []
    assert passed == (0 < amount <= min(remaining, owed))


@given(amount=money, owed=money, frozen=money)
def test_freeze_passes_exactly_when_within_what_is_owed(amount, owed, frozen):
    passed = check_freeze_amount(amount=amount, owed=owed, already_frozen=frozen) == []
    assert passed == (0 < amount <= owed - frozen)


# --- the mapping of found property, the defaults --------------------------------------------


def test_every_found_kind_has_a_control_that_fits():
    for found, kind in FOUND_KINDS.items():
        assert DEFAULT_CONTROL[kind] in ALLOWED[kind], found
    assert FOUND_KINDS["vehicle"] is P.MOVABLE
    assert FOUND_KINDS["equity"] is P.OTHER_RIGHTS


@pytest.mark.parametrize(
    ("kind", "label"),
    [(P.DEPOSIT, "银行存款最长1年"), (P.MOVABLE, "动产最长2年"), (P.REAL_ESTATE, "不动产最长3年")],
)
def test_max_term_label(kind, label):
    assert max_term_label(kind) == label


# --- computed state ------------------------------------------------------------------------

T = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("status", "expiry", "release_pending", "state"),
    [
        ("in_effect", date(2027, 1, 1), False, ControlState.IN_EFFECT),
        ("in_effect", T + timedelta(days=15), False, ControlState.EXPIRING),
        ("in_effect", T, False, ControlState.EXPIRING),  # the last day still counts
        ("in_effect", T - timedelta(days=1), False, ControlState.EXPIRED),
        ("in_effect", T - timedelta(days=1), True, ControlState.EXPIRED),
        ("in_effect", date(2027, 1, 1), True, ControlState.RELEASING),
        ("expired", date(2027, 1, 1), False, ControlState.EXPIRED),
        ("requested", T - timedelta(days=1), False, ControlState.REQUESTED),
        ("released", date(2027, 1, 1), False, ControlState.RELEASED),
        ("done", None, False, ControlState.DONE),
        ("failed", None, False, ControlState.FAILED),
    ],
)
def test_control_state(status, expiry, release_pending, state):
    assert (
        control_state(
            status=status, expiry=expiry, today=T, warn_days=15, release_pending=release_pending
        )
        is state
    )


@given(st.dates(), st.dates())
def test_expired_exactly_after_the_last_day(expiry, today):
    assert is_expired(expiry, today) == (today > expiry)
    assert not is_expired(None, today)


# --- priority: 首封 and 轮候 -----------------------------------------------------------------


def test_priority_rank_and_label():
    controls = [
        Control("b", datetime(2026, 5, 2, 9, 0), key="2"),
        Control("a", datetime(2026, 5, 1, 15, 30), key="1"),
        Control("c", datetime(2026, 5, 3, 8, 0), key="3"),
    ]
    assert [priority_rank(controls, k) for k in ("1", "2", "3", "x")] == [1, 2, 3, None]
    assert priority_label(C.SEAL, 1) == "首封"
    assert priority_label(C.FREEZE, 1) == "首冻"
    assert priority_label(C.SEIZE, 1) == "首押"
    assert priority_label(C.SEAL, 3) == "轮候查封（第3顺位）"


@given(st.lists(st.datetimes(), min_size=1, max_size=8, unique=True))
def test_ranks_are_a_permutation_in_time_order(moments):
    controls = [Control(str(i), m, key=str(i)) for i, m in enumerate(moments)]
    ranks = {c.key: priority_rank(controls, c.key) for c in controls}
    assert sorted(ranks.values()) == list(range(1, len(moments) + 1))
    earliest = min(controls, key=lambda c: c.took_effect_at)
    assert ranks[earliest.key] == 1
