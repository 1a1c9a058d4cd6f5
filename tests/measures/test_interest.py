"""加倍部分债务利息（法释〔2014〕8号 第一条至第三条、第七条）：示例、口径、拒绝、性质测试。"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.rules.money import MoneyError
from zhixing.measures.rules.interest import (
    DAILY_RATE,
    ExcludedPeriod,
    InterestError,
    Payment,
    PaymentDay,
    delay_interest,
)

D = Decimal
DUE = date(2024, 3, 31)  # domain-rules.md §8: RMB 100,000 payable by 2024-03-31
APRIL_30, JUNE_30 = date(2024, 4, 30), date(2024, 6, 30)
EXAMPLE = [Payment(APRIL_30, "40000"), Payment(JUNE_30, "60000")]


def test_worked_example_of_domain_rules():
    """40,000 × 0.000175 × 30 + 60,000 × 0.000175 × 91 = 210.00 + 955.50 = 1,165.50."""
    result = delay_interest(principal="100000", due_date=DUE, until=JUNE_30, payments=EXAMPLE)
    assert result.total == D("1165.50")
    assert [(i.start, i.end, i.days, i.principal, i.interest) for i in result.items] == [
        (date(2024, 4, 1), APRIL_30, 30, D("100000.00"), D("525.00")),
        (date(2024, 5, 1), JUNE_30, 61, D("60000.00"), D("640.50")),
    ]
    assert result.outstanding == D("0.00")
    assert result.counted_from == date(2024, 4, 1)
    assert result.payment_day is PaymentDay.COUNTED
    assert "2024年4月1日" in result.convention and "履行当日计入" in result.convention
    assert "第一条" in result.source and "第三条" in result.source


def test_single_full_payment_of_the_example():
    result = delay_interest(
        principal="100000", due_date=DUE, until=JUNE_30, payments=[Payment(JUNE_30, "100000")]
    )
    assert result.total == D("1592.50")  # 100,000 × 0.000175 × 91


def test_payment_day_not_counted():
    """40,000 × 29 + 60,000 × 90 days = 203.00 + 945.00."""
    result = delay_interest(
        principal="100000",
        due_date=DUE,
        until=JUNE_30,
        payments=EXAMPLE,
        payment_day=PaymentDay.NOT_COUNTED,
    )
    assert result.total == D("1148.00")
    assert [(i.start, i.end, i.days) for i in result.items] == [
        (date(2024, 4, 1), date(2024, 4, 29), 29),
        (APRIL_30, date(2024, 6, 29), 61),
    ]
    assert "履行当日不计入" in result.convention


def test_until_is_counted_like_a_payment_day():
    counted = delay_interest(principal="1000", due_date=DUE, until=date(2024, 4, 10))
    assert (counted.items[0].days, counted.total) == (10, D("1.75"))
    assert "尚有 1,000.00 元未清偿" in counted.notes[-1]
    not_counted = delay_interest(
        principal="1000",
        due_date=DUE,
        until=date(2024, 4, 10),
        payment_day=PaymentDay.NOT_COUNTED,
    )
    assert not_counted.items[0].days == 9


def test_general_interest_is_not_included_and_says_so():
    result = delay_interest(principal="1000", due_date=DUE, until=APRIL_30)
    assert any("一般债务利息" in note and "第一条第二款" in note for note in result.notes)


@pytest.mark.parametrize("payment_day", list(PaymentDay))
def test_paid_in_full_on_the_due_date_is_zero(payment_day):
    result = delay_interest(
        principal="5000",
        due_date=DUE,
        until=date(2025, 1, 1),
        payments=[Payment(DUE, "5000")],
        payment_day=payment_day,
    )
    assert result.total == D("0.00") and result.items == ()


def test_until_on_the_due_date_is_zero():
    result = delay_interest(principal="5000", due_date=DUE, until=DUE)
    assert result.total == D("0.00") and result.items == ()
    assert result.outstanding == D("5000.00")


def test_payments_in_any_order():
    reversed_order = delay_interest(
        principal="100000", due_date=DUE, until=JUNE_30, payments=EXAMPLE[::-1]
    )
    assert reversed_order.total == D("1165.50")


def test_two_payments_on_one_day():
    result = delay_interest(
        principal="100000",
        due_date=DUE,
        until=JUNE_30,
        payments=[
            Payment(APRIL_30, "10000"),
            Payment(APRIL_30, "30000"),
            Payment(JUNE_30, "60000"),
        ],
    )
    assert result.total == D("1165.50")


def test_excluded_period_is_not_counted():
    """第三条第三款: 10 days of suspension are skipped on the principal then owed."""
    result = delay_interest(
        principal="100000",
        due_date=DUE,
        until=JUNE_30,
        payments=EXAMPLE,
        excluded=[ExcludedPeriod(date(2024, 5, 1), date(2024, 5, 10))],
    )
    assert result.total == D("1060.50")  # 1,165.50 − 60,000 × 0.000175 × 10
    assert [(i.start, i.end, i.days) for i in result.items] == [
        (date(2024, 4, 1), APRIL_30, 30),
        (date(2024, 5, 11), JUNE_30, 51),
    ]
    assert [(i.start, i.end, i.days, i.principal) for i in result.excluded] == [
        (date(2024, 5, 1), date(2024, 5, 10), 10, D("60000.00"))
    ]
    assert any("第三条第三款" in note for note in result.notes)


def test_overlapping_and_outside_exclusions():
    result = delay_interest(
        principal="1000",
        due_date=DUE,
        until=APRIL_30,
        excluded=[
            ExcludedPeriod(date(2024, 4, 5), date(2024, 4, 9)),
            ExcludedPeriod(date(2024, 4, 8), date(2024, 4, 12)),  # overlaps: 4/5–4/12 = 8 days
            ExcludedPeriod(date(2023, 1, 1), date(2024, 3, 31)),  # before the count starts
            ExcludedPeriod(date(2024, 5, 1), date(2024, 6, 1)),  # after `until`
        ],
    )
    assert sum(i.days for i in result.items) == 22
    assert [(i.start, i.end) for i in result.excluded] == [(date(2024, 4, 5), date(2024, 4, 12))]


def test_counting_starts_when_the_interpretation_took_effect():
    """第七条: periods before 2014-08-01 follow the earlier rules; only the later part is counted."""
    result = delay_interest(principal="10000", due_date=date(2014, 6, 30), until=date(2014, 8, 10))
    assert result.counted_from == date(2014, 8, 1)
    assert result.items[0].days == 10 and result.total == D("17.50")
    assert any("第七条" in note for note in result.notes)


def test_items_are_rounded_for_display_and_the_total_once():
    # 333.33 × 0.000175 = 0.05833275 a day; two stretches of 1 day each
    result = delay_interest(
        principal="666.66",
        due_date=DUE,
        until=date(2024, 4, 2),
        payments=[Payment(date(2024, 4, 1), "333.33")],
    )
    assert [i.interest for i in result.items] == [D("0.12"), D("0.06")]
    assert result.total == D("0.17")  # 0.1166655 + 0.05833275 = 0.17499825


# --- refusals -----------------------------------------------------------------------------------


def _call(**changes):
    kwargs = {"principal": "100000", "due_date": DUE, "until": JUNE_30, "payments": EXAMPLE}
    kwargs.update(changes)
    return delay_interest(**kwargs)


@pytest.mark.parametrize(
    ("changes", "error", "code", "field"),
    [
        ({"until": date(2024, 3, 30)}, InterestError, "interest.until_before_due", "until"),
        (
            {"payments": [Payment(date(2024, 3, 30), "1000")]},
            InterestError,
            "interest.payment_before_due",
            "payments.0.date",
        ),
        (
            {"payments": [Payment(APRIL_30, "1000"), Payment(date(2024, 7, 1), "1000")]},
            InterestError,
            "interest.payment_after_until",
            "payments.1.date",
        ),
        (
            {"payments": [Payment(APRIL_30, "40000"), Payment(JUNE_30, "60000.01")]},
            InterestError,
            "interest.overpaid",
            "payments.1.amount",
        ),
        (
            # listed out of order: the later 70,000 (index 0) is the one that exceeds
            {"payments": [Payment(JUNE_30, "70000"), Payment(APRIL_30, "40000")]},
            InterestError,
            "interest.overpaid",
            "payments.0.amount",
        ),
        (
            {"excluded": [ExcludedPeriod(date(2024, 5, 10), date(2024, 5, 1))]},
            InterestError,
            "interest.excluded_reversed",
            "excluded.0.to",
        ),
        ({"due_date": date(1900, 1, 1)}, InterestError, "interest.date_range", "due_date"),
        ({"until": date(9999, 12, 31)}, InterestError, "interest.date_range", "until"),
        ({"principal": "0"}, MoneyError, "money.zero", "principal"),
        ({"principal": "-1"}, MoneyError, "money.negative", "principal"),
        ({"principal": "10万"}, MoneyError, "money.format", "principal"),
        ({"principal": "1.001"}, MoneyError, "money.precision", "principal"),
        ({"principal": "1000000000000"}, MoneyError, "money.too_large", "principal"),
        (
            {"payments": [Payment(APRIL_30, "0")]},
            MoneyError,
            "money.zero",
            "payments.0.amount",
        ),
        (
            {"payments": [Payment(APRIL_30, "-5")]},
            MoneyError,
            "money.negative",
            "payments.0.amount",
        ),
    ],
)
def test_refusals_name_their_field(changes, error, code, field):
    with pytest.raises(error) as caught:
        _call(**changes)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert caught.value.message  # Chinese, shown beside the field


def test_overpaid_message_gives_the_amounts():
    with pytest.raises(InterestError) as caught:
        _call(payments=[Payment(APRIL_30, "40000"), Payment(JUNE_30, "70000")])
    assert caught.value.message == "第2笔履行金额 70,000.00 元超过当时尚未清偿的本金 60,000.00 元"


# --- properties ---------------------------------------------------------------------------------

PRINCIPAL = st.integers(min_value=1, max_value=10**13).map(lambda fen: Decimal(fen) / 100)
DAYS = st.integers(min_value=0, max_value=20 * 366)
START = st.dates(min_value=date(2014, 8, 1), max_value=date(2060, 1, 1))


@given(PRINCIPAL, START, DAYS)
def test_linear_in_days_for_a_constant_principal(principal, due, days):
    result = delay_interest(principal=principal, due_date=due, until=due + timedelta(days=days))
    exact = principal * DAILY_RATE * days
    assert sum(item.exact for item in result.items) == exact
    assert result.total == exact.quantize(D("0.01"), rounding=ROUND_HALF_UP)
    assert sum(item.days for item in result.items) == days


@given(PRINCIPAL, START, DAYS, st.sampled_from(list(PaymentDay)))
def test_zero_when_paid_in_full_on_the_due_date(principal, due, days, payment_day):
    result = delay_interest(
        principal=principal,
        due_date=due,
        until=due + timedelta(days=days),
        payments=[Payment(due, principal)],
        payment_day=payment_day,
    )
    assert result.total == D("0.00")


@st.composite
def scenarios(draw):
    """A principal, a due date, an end date and payments that never exceed what is owed."""
    principal_fen = draw(st.integers(min_value=2, max_value=10**10))
    due = draw(START)
    span = draw(st.integers(min_value=1, max_value=3000))
    until = due + timedelta(days=span)
    left = principal_fen
    payments = []
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        if left == 0:
            break
        fen = draw(st.integers(min_value=1, max_value=left))
        left -= fen
        day = due + timedelta(days=draw(st.integers(min_value=0, max_value=span)))
        payments.append(Payment(day, Decimal(fen) / 100))
    return Decimal(principal_fen) / 100, due, until, payments


@given(scenarios(), st.sampled_from(list(PaymentDay)), st.data())
def test_a_payment_never_increases_the_total(scenario, payment_day, data):
    principal, due, until, payments = scenario
    with_all = delay_interest(
        principal=principal, due_date=due, until=until, payments=payments, payment_day=payment_day
    )
    drop = data.draw(st.integers(min_value=0, max_value=len(payments) - 1))
    without_one = delay_interest(
        principal=principal,
        due_date=due,
        until=until,
        payments=payments[:drop] + payments[drop + 1 :],
        payment_day=payment_day,
    )
    assert with_all.total <= without_one.total
    assert with_all.total >= 0


@given(scenarios())
def test_not_counting_the_payment_day_never_gives_more(scenario):
    principal, due, until, payments = scenario
    counted = delay_interest(principal=principal, due_date=due, until=until, payments=payments)
    not_counted = delay_interest(
        principal=principal,
        due_date=due,
        until=until,
        payments=payments,
        payment_day=PaymentDay.NOT_COUNTED,
    )
    assert not_counted.total <= counted.total
