"""执行申请费与保全申请费（诉讼费用交纳办法 第十四条）：表驱动的分档边界、条文示例、性质测试。"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.rules.money import MoneyError
from zhixing.measures.rules.fees import (
    MAX_AMOUNT,
    PRESERVATION_FEE_CAP,
    enforcement_fee,
    preservation_fee,
)

D = Decimal


# Each value hand-computed from the brackets: 50 up to 10,000; then 1.5 % / 1 % / 0.5 % / 0.1 %.
@pytest.mark.parametrize(
    ("amount", "fee"),
    [
        # domain-rules.md §7 worked examples
        ("8000", "50.00"),
        ("300000", "4400.00"),  # 50 + 290,000 × 1.5 %
        ("8000000", "67400.00"),  # 50 + 7,350 + 45,000 + 15,000
        ("20000000", "87400.00"),  # 50 + 7,350 + 45,000 + 25,000 + 10,000
        # bracket boundaries
        ("0.01", "50.00"),
        ("10000", "50.00"),
        ("10000.01", "50.00"),  # 0.01 × 1.5 % = 0.00015
        ("10000.33", "50.00"),  # 0.00495 rounds down
        ("10000.34", "50.01"),  # 0.0051 rounds up
        ("10001", "50.02"),  # 0.015 → 0.02 (half up)
        ("500000", "7400.00"),  # 50 + 490,000 × 1.5 %
        ("500001", "7400.01"),  # + 1 × 1 %
        ("5000000", "52400.00"),  # 7,400 + 4,500,000 × 1 %
        ("5000001", "52400.01"),  # + 0.005: ROUND_HALF_UP, not banker's rounding
        ("10000000", "77400.00"),  # 52,400 + 5,000,000 × 0.5 %
        ("10000001", "77400.00"),  # + 0.001
        ("10000005", "77400.01"),  # + 0.005 → 0.01
        ("12000000", "79400.00"),  # 77,400 + 2,000,000 × 0.1 %
        ("1,000,000", "12400.00"),  # thousands separators accepted
        ("999999999999.99", "1000067400.00"),  # 77,400 + 999,989,999,999.99 × 0.1 %
    ],
)
def test_enforcement_fee_table(amount, fee):
    result = enforcement_fee(amount)
    assert result.fee == D(fee)
    assert result.amount == D(amount.replace(",", ""))


def test_enforcement_fee_lines_follow_the_article():
    result = enforcement_fee("8000000")
    assert [
        (line.bracket.lower, line.bracket.rate, line.part, line.fee) for line in result.lines
    ] == [
        (D("0"), None, D("10000"), D("50.00")),
        (D("10000"), D("0.015"), D("490000.00"), D("7350.00")),
        (D("500000"), D("0.01"), D("4500000.00"), D("45000.00")),
        (D("5000000"), D("0.005"), D("3000000.00"), D("15000.00")),
    ]
    assert "诉讼费用交纳办法" in result.source and "第十四条" in result.source


def test_flat_line_covers_the_first_ten_thousand():
    (line,) = enforcement_fee("8000").lines
    assert line.part == D("8000.00") and line.fee == D("50.00") and line.bracket.rate is None
    first, second = enforcement_fee("10001").lines
    assert first.part == D("10000.00") and second.part == D("1.00") and second.fee == D("0.02")


def test_enforcement_fee_without_an_amount_is_a_range():
    result = enforcement_fee(None)
    assert result.fee is None and result.amount is None and result.lines == ()
    assert (result.minimum, result.maximum) == (D("50.00"), D("500.00"))


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("abc", "money.format"),
        ("1e5", "money.format"),
        ("", "money.format"),
        ("1.234", "money.precision"),
        ("-1", "money.negative"),
        ("0", "money.zero"),
        ("0.00", "money.zero"),
        ("1000000000000", "money.too_large"),
        ("99999999999999999999999999999999", "money.too_large"),
    ],
)
def test_enforcement_fee_refusals(amount, code):
    with pytest.raises(MoneyError) as caught:
        enforcement_fee(amount)
    assert caught.value.code == code
    assert caught.value.field == "amount"
    assert caught.value.message.startswith("执行金额")


def test_too_large_message_is_chinese():
    with pytest.raises(MoneyError) as caught:
        enforcement_fee(MAX_AMOUNT)
    assert "壹万亿元" in caught.value.message


@pytest.mark.parametrize(
    ("amount", "fee", "uncapped", "capped"),
    [
        # domain-rules.md §7 examples
        ("800", "30.00", "30.00", False),
        ("50000", "520.00", "520.00", False),  # 30 + 49,000 × 1 %
        ("1000000", "5000.00", "5520.00", True),  # 30 + 990 + 4,500 → cap
        # boundaries
        (None, "30.00", "30.00", False),  # 不涉及财产数额
        ("0", "30.00", "30.00", False),
        ("1000", "30.00", "30.00", False),
        ("1000.01", "30.00", "30.00", False),  # 0.0001
        ("1050", "30.50", "30.50", False),
        ("100000", "1020.00", "1020.00", False),  # 30 + 99,000 × 1 %
        ("100001", "1020.01", "1020.01", False),  # + 0.005 → half up
        ("896000", "5000.00", "5000.00", False),  # exactly the cap: 1,020 + 796,000 × 0.5 %
        ("896001", "5000.00", "5000.01", True),
        ("999999999999.99", "5000.00", "5000000520.00", True),  # 1,020 + 4,999,999,499.99995
    ],
)
def test_preservation_fee_table(amount, fee, uncapped, capped):
    result = preservation_fee(amount)
    assert (result.fee, result.uncapped, result.capped) == (D(fee), D(uncapped), capped)


def test_preservation_fee_without_an_amount_reports_no_amount():
    result = preservation_fee(None)
    assert result.amount is None and result.fee == D("30.00")
    assert result.lines[0].bracket.label.startswith("财产数额不超过1000元或者不涉及财产数额")


@pytest.mark.parametrize(
    ("amount", "code"),
    [("x", "money.format"), ("-0.01", "money.negative"), ("1000000000000", "money.too_large")],
)
def test_preservation_fee_refusals(amount, code):
    with pytest.raises(MoneyError) as caught:
        preservation_fee(amount)
    assert caught.value.code == code and caught.value.field == "amount"


# --- properties ---------------------------------------------------------------------------------

FEN = st.integers(min_value=1, max_value=int(MAX_AMOUNT * 100) - 1)


def _yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def _closed_formula(amount: Decimal) -> Decimal:
    """domain-rules.md §7: 50 + 1.5 %·(min(A,500k)−10k)⁺ + 1 %·(min(A,5M)−500k)⁺ + …"""

    def above(low: int, high: int | None) -> Decimal:
        top = amount if high is None else min(amount, Decimal(high))
        return max(top - low, Decimal(0))

    exact = (
        50
        + D("0.015") * above(10_000, 500_000)
        + D("0.01") * above(500_000, 5_000_000)
        + D("0.005") * above(5_000_000, 10_000_000)
        + D("0.001") * above(10_000_000, None)
    )
    return exact.quantize(D("0.01"), rounding=ROUND_HALF_UP)


@given(FEN)
def test_enforcement_fee_matches_the_closed_formula(fen):
    amount = _yuan(fen)
    result = enforcement_fee(amount)
    assert result.fee == _closed_formula(amount)
    assert sum(line.fee for line in result.lines) == result.fee  # lines add up to the fee


@given(FEN, FEN)
def test_fees_are_non_decreasing_and_never_negative(a, b):
    low, high = sorted((_yuan(a), _yuan(b)))
    assert D(50) <= enforcement_fee(low).fee <= enforcement_fee(high).fee
    assert D(30) <= preservation_fee(low).fee <= preservation_fee(high).fee


@given(FEN)
def test_preservation_fee_never_exceeds_the_cap(fen):
    result = preservation_fee(_yuan(fen))
    assert result.fee <= PRESERVATION_FEE_CAP
    assert result.capped == (result.uncapped > PRESERVATION_FEE_CAP)
    assert result.fee == min(result.uncapped, PRESERVATION_FEE_CAP)
