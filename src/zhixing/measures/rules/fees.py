"""Enforcement application fee and preservation fee (执行申请费、申请保全措施费).

Source: 《诉讼费用交纳办法》（国务院令第481号）第十四条第（一）项、第（二）项 — marginal brackets,
each rate applying only to the part of the amount inside its bracket ("超过…至…的部分"). The
enforcement fee is not prepaid: it is collected after enforcement (第二十条) and borne by the
person subject to enforcement (第三十八条).

Rounding: every bracket part is computed exactly with Decimal; the fee is rounded to the fen with
ROUND_HALF_UP (四舍五入到分). Only the highest bracket reached can produce a fraction of a fen
(the full lower brackets are whole yuan: 490,000 × 1.5 % = 7,350 …), so the rounded bracket lines
always add up to the fee.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zhixing.core.rules.money import CENT, MoneyError, to_money

__all__ = [
    "ENFORCEMENT_BRACKETS",
    "ENFORCEMENT_FEE_SOURCE",
    "MAX_AMOUNT",
    "NO_AMOUNT_ENFORCEMENT_RANGE",
    "PRESERVATION_BRACKETS",
    "PRESERVATION_FEE_CAP",
    "PRESERVATION_FEE_SOURCE",
    "Bracket",
    "BracketLine",
    "FeeResult",
    "checked_amount",
    "enforcement_fee",
    "preservation_fee",
]

# Calculators refuse amounts from one trillion yuan (壹万亿元) up: far beyond any enforcement title,
# almost certainly a typing slip, and the limit of the uppercase amount (core.rules.money).
MAX_AMOUNT = Decimal("1000000000000")

ENFORCEMENT_FEE_SOURCE = (
    "《诉讼费用交纳办法》第十四条第（一）项；第二十条、第三十八条（执行后交纳，由被执行人负担）"
)
PRESERVATION_FEE_SOURCE = "《诉讼费用交纳办法》第十四条第（二）项"


@dataclass(frozen=True)
class Bracket:
    """One row of the article's table: the part of the amount above `lower` up to `upper`.

    `rate` is None for the flat per-case row ("每件交纳50元"), which then charges `flat`.
    """

    lower: Decimal
    upper: Decimal | None
    rate: Decimal | None
    flat: Decimal
    label: str


@dataclass(frozen=True)
class BracketLine:
    """How much of the amount fell in one bracket and what it costs (rounded to the fen)."""

    bracket: Bracket
    part: Decimal
    fee: Decimal


@dataclass(frozen=True)
class FeeResult:
    """A computed fee. `fee` is None when the law gives only a range (`minimum`–`maximum`)."""

    amount: Decimal | None  # the checked input; None for "no amount"
    fee: Decimal | None
    lines: tuple[BracketLine, ...]
    source: str
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    uncapped: Decimal | None = None  # the bracket sum before a cap, when a cap applies
    capped: bool = False


def _d(text: str) -> Decimal:
    return Decimal(text)


ENFORCEMENT_BRACKETS: tuple[Bracket, ...] = (
    Bracket(_d("0"), _d("10000"), None, _d("50"), "执行金额或者价额不超过1万元的，每件交纳50元"),
    Bracket(
        _d("10000"), _d("500000"), _d("0.015"), _d("0"), "超过1万元至50万元的部分，按照1.5%交纳"
    ),
    Bracket(
        _d("500000"), _d("5000000"), _d("0.01"), _d("0"), "超过50万元至500万元的部分，按照1%交纳"
    ),
    Bracket(
        _d("5000000"),
        _d("10000000"),
        _d("0.005"),
        _d("0"),
        "超过500万元至1000万元的部分，按照0.5%交纳",
    ),
    Bracket(_d("10000000"), None, _d("0.001"), _d("0"), "超过1000万元的部分，按照0.1%交纳"),
)
"""诉讼费用交纳办法 第十四条第（一）项第2目."""

NO_AMOUNT_ENFORCEMENT_RANGE = (_d("50.00"), _d("500.00"))
"""诉讼费用交纳办法 第十四条第（一）项第1目：没有执行金额或者价额的，每件交纳50元至500元."""

PRESERVATION_BRACKETS: tuple[Bracket, ...] = (
    Bracket(
        _d("0"),
        _d("1000"),
        None,
        _d("30"),
        "财产数额不超过1000元或者不涉及财产数额的，每件交纳30元",
    ),
    Bracket(_d("1000"), _d("100000"), _d("0.01"), _d("0"), "超过1000元至10万元的部分，按照1%交纳"),
    Bracket(_d("100000"), None, _d("0.005"), _d("0"), "超过10万元的部分，按照0.5%交纳"),
)
"""诉讼费用交纳办法 第十四条第（二）项，按实际保全的财产数额."""

PRESERVATION_FEE_CAP = _d("5000.00")
"""诉讼费用交纳办法 第十四条第（二）项：当事人申请保全措施交纳的费用最多不超过5000元."""


def checked_amount(
    value: str | int | Decimal, *, field: str = "amount", label: str = "金额"
) -> Decimal:
    """`to_money`, then refuse negative and absurdly large amounts; errors name `field`.

    Codes: money.format / money.precision / money.too_large (from to_money or ≥ MAX_AMOUNT),
    money.negative. The message starts with `label` so a form shows which input is wrong.
    """
    try:
        amount = to_money(value)
    except MoneyError as error:
        raise MoneyError(error.code, f"{label}：{error.message}", field) from None
    if amount < 0:
        raise MoneyError("money.negative", f"{label}不能为负数", field)
    if amount >= MAX_AMOUNT:
        raise MoneyError(
            "money.too_large",
            f"{label}过大：计算器只接受壹万亿元（1,000,000,000,000元）以下的金额",
            field,
        )
    return amount


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _apply(brackets: tuple[Bracket, ...], amount: Decimal) -> tuple[BracketLine, ...]:
    """The bracket lines an amount reaches; the flat row always applies (it covers the first part)."""
    lines: list[BracketLine] = []
    for bracket in brackets:
        if bracket.rate is None:
            top = amount if bracket.upper is None else min(amount, bracket.upper)
            lines.append(BracketLine(bracket, top, _round(bracket.flat)))
            continue
        if amount <= bracket.lower:
            break
        top = amount if bracket.upper is None else min(amount, bracket.upper)
        part = top - bracket.lower
        lines.append(BracketLine(bracket, part, _round(part * bracket.rate)))
    return tuple(lines)


def enforcement_fee(amount: str | int | Decimal | None) -> FeeResult:
    """执行申请费（诉讼费用交纳办法 第十四条第（一）项）.

    With no monetary amount (`None`), the article gives a range, 50–500 yuan per case, for the
    court to fix: `fee` is None and `minimum`/`maximum` carry the range. Otherwise 50 yuan up to
    10,000 plus the marginal rates above (1.5 %, 1 %, 0.5 %, 0.1 %), rounded to the fen
    (ROUND_HALF_UP). E.g. 300,000 → 50 + 290,000 × 1.5 % = 4,400.00.

    A zero amount is refused (money.zero): it is ambiguous between "no more than 10,000" (50 yuan)
    and "no amount" (50–500 yuan), and nobody applies to enforce nothing.
    """
    if amount is None:
        low, high = NO_AMOUNT_ENFORCEMENT_RANGE
        return FeeResult(
            amount=None,
            fee=None,
            lines=(),
            source=ENFORCEMENT_FEE_SOURCE,
            minimum=low,
            maximum=high,
        )
    value = checked_amount(amount, label="执行金额")
    if value.is_zero():
        raise MoneyError(
            "money.zero", "执行金额须大于零；没有执行金额或者价额的，请不填金额", "amount"
        )
    lines = _apply(ENFORCEMENT_BRACKETS, value)
    return FeeResult(
        amount=value,
        fee=_round(sum((line.fee for line in lines), Decimal("0"))),
        lines=lines,
        source=ENFORCEMENT_FEE_SOURCE,
    )


def preservation_fee(amount: str | int | Decimal | None) -> FeeResult:
    """申请保全措施费（诉讼费用交纳办法 第十四条第（二）项）, on the amount actually preserved.

    30 yuan up to 1,000 or when no amount is involved (`None` or 0); 1 % of the part from 1,000 to
    100,000; 0.5 % above; the whole fee at most 5,000 yuan per application (reached at 896,000).
    Rounded to the fen (ROUND_HALF_UP); `capped` says the cap cut the bracket sum `uncapped`.
    """
    value = None if amount is None else checked_amount(amount, label="保全财产数额")
    lines = _apply(PRESERVATION_BRACKETS, value or Decimal("0.00"))
    total = _round(sum((line.fee for line in lines), Decimal("0")))
    capped = total > PRESERVATION_FEE_CAP
    return FeeResult(
        amount=value,
        fee=PRESERVATION_FEE_CAP if capped else total,
        lines=lines,
        source=PRESERVATION_FEE_SOURCE,
        uncapped=total,
        capped=capped,
    )
