"""Enforcement-funds rules (十个必须 第7条): account numbers, balances, payout due dates and status."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.rules.calendar import LegalCalendar
from zhixing.measures.rules import funds
from zhixing.measures.rules.funds import Balance, PayoutStatus

D = Decimal


def test_account_number_is_18_digits_with_a_check_digit_and_differs_per_case():
    a = funds.virtual_account_number(court_id=6, year=2026, type_code="执", serial=12)
    b = funds.virtual_account_number(court_id=6, year=2026, type_code="执", serial=13)
    c = funds.virtual_account_number(court_id=6, year=2026, type_code="执恢", serial=12)
    assert a[:17] == "00000620261000012"
    assert len({a, b, c}) == 3
    assert all(funds.account_number_valid(n) for n in (a, b, c))
    mistyped = a[:5] + str((int(a[5]) + 1) % 10) + a[6:]
    assert not funds.account_number_valid(mistyped)


@pytest.mark.parametrize(
    "balance, amount, code",
    [
        (Balance(D("100"), D("0"), D("0")), D("100"), None),
        (Balance(D("100"), D("0"), D("0")), D("100.01"), "payout.exceeds_available"),
        (Balance(D("100"), D("30"), D("0")), D("80"), "payout.exceeds_available"),
        (Balance(D("100"), D("30"), D("50")), D("20"), None),
        (Balance(D("100"), D("30"), D("50")), D("20.01"), "payout.exceeds_available"),
        (Balance(D("100"), D("0"), D("0")), D("0"), "funds.amount_not_positive"),
        (Balance(D("100"), D("0"), D("0")), D("-5"), "funds.amount_not_positive"),
        (Balance(D("100"), D("0"), D("0")), D("1.005"), "funds.amount_precision"),
    ],
)
def test_check_schedule(balance, amount, code):
    refusals = funds.check_schedule(balance, amount)
    assert [r.code for r in refusals] == ([code] if code else [])


@pytest.mark.parametrize(
    "balance, amount, code",
    [
        (Balance(D("100"), D("0"), D("100")), D("100"), None),  # its own reservation is fine
        (Balance(D("100"), D("60"), D("100")), D("60"), "payout.exceeds_balance"),
        (Balance(D("100"), D("60"), D("0")), D("40"), None),
    ],
)
def test_check_pay_looks_at_the_money_held(balance, amount, code):
    assert [r.code for r in funds.check_pay(balance, amount)] == ([code] if code else [])


def test_running_balance_orders_by_date_receipts_first_on_a_day():
    lines = funds.running_balances(
        [
            funds.Entry(date(2026, 10, 5), D("-30"), "p1"),
            funds.Entry(date(2026, 10, 5), D("50"), "r2"),
            funds.Entry(date(2026, 10, 1), D("20"), "r1"),
        ]
    )
    assert [(e.key, b) for e, b in lines] == [("r1", D("20")), ("r2", D("70")), ("p1", D("40"))]


# 2026: 国庆 10-01..10-07 rest, 10-10 (Sat) a make-up workday; 10-11 Sunday.
@pytest.mark.parametrize(
    "met_on, workdays, due",
    [
        (date(2026, 9, 30), 15, date(2026, 10, 27)),  # 10-08,09,10(补班),12..16,19..23,26,27
        (date(2026, 11, 2), 15, date(2026, 11, 23)),
        (date(2026, 11, 6), 1, date(2026, 11, 9)),  # Friday → Monday
        (date(2026, 11, 26), 5, date(2026, 12, 3)),
    ],
)
def test_payout_due_counts_working_days_on_the_legal_calendar(met_on, workdays, due):
    result = funds.payout_due(met_on, LegalCalendar(), workdays)
    assert result.due == due
    assert "十个必须" in result.source
    assert not result.provisional


def test_payout_due_into_2027_is_provisional():
    assert funds.payout_due(date(2026, 12, 28), LegalCalendar(), 15).provisional


DUE = date(2026, 11, 20)


@pytest.mark.parametrize(
    "paid_on, today, delayed, until, expected",
    [
        (None, date(2026, 11, 10), False, None, PayoutStatus.PENDING),
        (None, date(2026, 11, 17), False, None, PayoutStatus.DUE_SOON),
        (None, DUE, False, None, PayoutStatus.DUE_SOON),
        (None, date(2026, 11, 21), False, None, PayoutStatus.OVERDUE),
        (date(2026, 11, 20), date(2026, 11, 26), False, None, PayoutStatus.PAID),
        (date(2026, 11, 23), date(2026, 11, 26), False, None, PayoutStatus.PAID_LATE),
        (None, date(2026, 11, 26), True, None, PayoutStatus.DELAYED),
        (None, date(2026, 11, 21), True, date(2026, 12, 31), PayoutStatus.DELAYED),
        (None, date(2026, 12, 30), True, date(2026, 12, 31), PayoutStatus.DUE_SOON),
        (None, date(2027, 1, 1), True, date(2026, 12, 31), PayoutStatus.OVERDUE),
        (date(2026, 12, 1), date(2026, 12, 2), True, date(2026, 12, 31), PayoutStatus.PAID),
        (date(2027, 1, 4), date(2027, 1, 4), True, date(2026, 12, 31), PayoutStatus.PAID_LATE),
    ],
)
def test_payout_status(paid_on, today, delayed, until, expected):
    status = funds.payout_status(
        due_on=DUE,
        paid_on=paid_on,
        today=today,
        warn_days=3,
        delay_approved=delayed,
        delayed_until=until,
    )
    assert status is expected
    assert funds.PAYOUT_STATUS_LABELS[status]


cents = st.integers(min_value=1, max_value=10_000_000).map(lambda n: Decimal(n) / 100)
ops = st.lists(
    st.tuples(st.sampled_from(["receive", "schedule", "pay"]), cents), min_size=1, max_size=60
)


@given(ops)
def test_any_sequence_keeps_receipts_equal_payouts_plus_held(sequence):
    """Every operation the rules allow keeps received = paid + held and never a negative balance;
    what they refuse leaves the balance untouched."""
    balance = Balance()
    pending: list[Decimal] = []
    for op, amount in sequence:
        if op == "receive":
            assert funds.check_receipt(amount) == []
            balance = balance.receive(amount)
        elif op == "schedule":
            if funds.check_schedule(balance, amount):
                assert amount > balance.available
            else:
                balance = balance.schedule(amount)
                pending.append(amount)
        elif pending:
            due = pending.pop(0)
            assert funds.check_pay(balance, due) == []  # reserved money is always there
            balance = balance.pay(due)
        else:
            refused = funds.check_pay(balance, amount)
            if refused:
                assert amount > balance.held
            else:
                balance = balance.pay(amount, scheduled=False)
        assert balance.invariant_holds()
        assert balance.held >= 0 and balance.available >= 0
        assert balance.received == balance.paid + balance.held
        assert balance.scheduled == sum(pending, Decimal(0))
