"""Public calculators through /api/v1/calculators/ (fees, delay interest).

No login: the fee table and the delay-interest formula are public law, used by parties and
lawyers as much as by court staff. Each endpoint parses, calls one rule from measures.rules and
returns; every refusal is an InputError (HTTP 422) naming its field, in the {code, message,
source, field} shape.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import BeforeValidator

from zhixing.core.errors import DomainError
from zhixing.core.rules.money import MoneyError
from zhixing.core.schemas import ErrorOut
from zhixing.measures.rules.fees import (
    ENFORCEMENT_FEE_SOURCE,
    PRESERVATION_FEE_SOURCE,
    FeeResult,
    enforcement_fee,
    preservation_fee,
)
from zhixing.measures.rules.interest import (
    DELAY_INTEREST_SOURCE,
    DelayInterest,
    ExcludedPeriod,
    InterestError,
    InterestItem,
    Payment,
    PaymentDay,
    delay_interest,
)

router = Router(tags=["计算器"])

MAX_PAYMENTS = 500
MAX_EXCLUDED = 50
FEE_ROUNDING = "各档费用精确计算后相加，四舍五入到分"
INTEREST_ROUNDING = (
    "各段利息精确计算后相加，合计四舍五入到分；各段金额单独四舍五入显示，合计可能与各段之和相差一分"
)


def money_text(value: Decimal) -> str:
    """The API's money format: two places, no grouping ("7400.00")."""
    return f"{value:.2f}"


def refused(error: MoneyError | InterestError, source: str) -> DomainError:
    """A rule's ValueError as the 422 InputError the API and the pages show."""
    return DomainError.from_rule(error, source=source)


# --- fees ---------------------------------------------------------------------------------------


class BracketOut(Schema):
    from_: str = Field(..., alias="from", description="本档下限（元，不含）")
    to: str | None = Field(None, description="本档上限（元，含）；最高一档为 null")
    rate: str | None = Field(None, description="费率（小数，如 0.015）；按件定额的一档为 null")
    part: str = Field(..., description="金额落入本档的部分（元）")
    amount: str = Field(..., description="本档费用（元）")
    label: str = Field(..., description="条文表述")


class FeeRangeOut(Schema):
    min: str
    max: str


class EnforcementFeeOut(Schema):
    amount: str | None = Field(..., description="执行金额或者价额（元）；没有金额时为 null")
    fee: str | None = Field(..., description="执行申请费（元）；没有执行金额时为 null，见 range")
    range: FeeRangeOut | None = Field(None, description="没有执行金额或者价额时的收费幅度")
    brackets: list[BracketOut]
    rounding: str
    source: str


class PreservationFeeOut(Schema):
    amount: str | None = Field(..., description="实际保全的财产数额（元）；不涉及财产数额时为 null")
    fee: str
    uncapped: str = Field(..., description="按分段累计、未封顶的金额（元）")
    capped: bool = Field(..., description="是否因“最多不超过5000元”而封顶")
    brackets: list[BracketOut]
    rounding: str
    source: str


def bracket_rows(result: FeeResult) -> list[dict[str, Any]]:
    """BracketOut rows ("from" is a keyword, so the rows are dicts validated by the schema)."""
    return [
        {
            "from": money_text(line.bracket.lower),
            "to": None if line.bracket.upper is None else money_text(line.bracket.upper),
            "rate": None if line.bracket.rate is None else str(line.bracket.rate),
            "part": money_text(line.part),
            "amount": money_text(line.fee),
            "label": line.bracket.label,
        }
        for line in result.lines
    ]


def _amount_param(amount: str | None) -> str | None:
    """An absent or blank `amount` means "no amount"."""
    text = (amount or "").strip()
    return text or None


AMOUNT_QUERY_HELP = "金额（元，最多两位小数，可带千位分隔逗号）；不传或留空表示没有金额"


@router.get(
    "/calculators/enforcement-fee",
    auth=None,
    response={200: EnforcementFeeOut, 422: ErrorOut},
    by_alias=True,
    summary="执行申请费计算器（公开，无需登录）",
    description=(
        "《诉讼费用交纳办法》第十四条第（一）项：执行金额或者价额不超过1万元的，每件50元；超过1万元至"
        "50万元的部分1.5%；超过50万元至500万元的部分1%；超过500万元至1000万元的部分0.5%；超过1000万元"
        "的部分0.1%。没有执行金额或者价额的（不传 amount），每件50元至500元：`fee` 为 null，`range` "
        "给出幅度。执行申请费执行后交纳，由被执行人负担（第二十条、第三十八条）。结果四舍五入到分。"
    ),
)
def enforcement_fee_calculator(
    request: HttpRequest,
    amount: str | None = Query(None, description=AMOUNT_QUERY_HELP, examples=["300000"]),
) -> dict[str, Any]:
    try:
        result = enforcement_fee(_amount_param(amount))
    except MoneyError as error:
        raise refused(error, ENFORCEMENT_FEE_SOURCE) from None
    fee_range = None
    if result.minimum is not None and result.maximum is not None:
        fee_range = {"min": money_text(result.minimum), "max": money_text(result.maximum)}
    return {  # EnforcementFeeOut
        "amount": None if result.amount is None else money_text(result.amount),
        "fee": None if result.fee is None else money_text(result.fee),
        "range": fee_range,
        "brackets": bracket_rows(result),
        "rounding": FEE_ROUNDING,
        "source": result.source,
    }


@router.get(
    "/calculators/preservation-fee",
    auth=None,
    response={200: PreservationFeeOut, 422: ErrorOut},
    by_alias=True,
    summary="申请保全措施费计算器（公开，无需登录）",
    description=(
        "《诉讼费用交纳办法》第十四条第（二）项，按实际保全的财产数额：不超过1000元或者不涉及财产数额的"
        "（不传 amount），每件30元；超过1000元至10万元的部分1%；超过10万元的部分0.5%；最多不超过"
        "5000元（`capped`）。结果四舍五入到分。"
    ),
)
def preservation_fee_calculator(
    request: HttpRequest,
    amount: str | None = Query(None, description=AMOUNT_QUERY_HELP, examples=["1000000"]),
) -> dict[str, Any]:
    try:
        result = preservation_fee(_amount_param(amount))
    except MoneyError as error:
        raise refused(error, PRESERVATION_FEE_SOURCE) from None
    assert result.fee is not None and result.uncapped is not None
    return {  # PreservationFeeOut
        "amount": None if result.amount is None else money_text(result.amount),
        "fee": money_text(result.fee),
        "uncapped": money_text(result.uncapped),
        "capped": result.capped,
        "brackets": bracket_rows(result),
        "rounding": FEE_ROUNDING,
        "source": result.source,
    }


# --- delay interest -----------------------------------------------------------------------------


def _money_json(value: object) -> object:
    """JSON money: a string ("40000.00") or a whole number; a JSON float is refused, since binary
    floating point cannot hold every amount in fen exactly."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        raise ValueError('金额请写成字符串（如 "1234.50"）或整数，不接受浮点数')
    return value


MoneyIn = Annotated[str, BeforeValidator(_money_json)]


class PaymentIn(Schema):
    date: dt.date = Field(..., description="履行（划拨、提取，成交/抵债裁定生效）之日")
    amount: MoneyIn = Field(..., description='金额（元），字符串如 "40000.00"')


class ExcludedIn(Schema):
    from_: dt.date = Field(..., alias="from", description="不计算期间的开始日（含）")
    to: dt.date = Field(..., description="不计算期间的结束日（含）")


class DelayInterestIn(Schema):
    principal: MoneyIn = Field(
        ...,
        description="生效法律文书确定、履行期限届满时尚未清偿的金钱债务（元），不含一般债务利息",
    )
    due_date: dt.date = Field(..., description="履行期限届满日")
    payments: list[PaymentIn] = Field(default_factory=list, max_length=MAX_PAYMENTS)
    until: dt.date | None = Field(None, description="计算截止日，默认今天")
    excluded: list[ExcludedIn] = Field(
        default_factory=list,
        max_length=MAX_EXCLUDED,
        description="不计算的期间（法释〔2014〕8号 第三条第三款）",
    )
    payment_day: PaymentDay = Field(
        PaymentDay.COUNTED,
        description="counted：履行当日计入（默认）；not_counted：履行当日不计入",
    )


class InterestItemOut(Schema):
    from_: dt.date = Field(..., alias="from")
    to: dt.date
    days: int
    principal: str
    interest: str


class DelayInterestOut(Schema):
    doubled_interest: str = Field(..., description="加倍部分债务利息合计（元）")
    items: list[InterestItemOut]
    excluded: list[InterestItemOut] = Field(..., description="计算区间内不计算的期间")
    outstanding: str = Field(..., description="截止日仍未清偿的本金（元）")
    counted_from: dt.date
    until: dt.date
    payment_day: PaymentDay
    convention: str
    notes: list[str]
    rounding: str
    source: str


def _item_out(item: InterestItem) -> dict[str, Any]:
    return {
        "from": item.start,
        "to": item.end,
        "days": item.days,
        "principal": money_text(item.principal),
        "interest": money_text(item.interest),
    }


def delay_interest_out(result: DelayInterest) -> dict[str, Any]:
    """DelayInterestOut as a dict (its items carry the key "from")."""
    return {
        "doubled_interest": money_text(result.total),
        "items": [_item_out(item) for item in result.items],
        "excluded": [_item_out(item) for item in result.excluded],
        "outstanding": money_text(result.outstanding),
        "counted_from": result.counted_from,
        "until": result.until,
        "payment_day": result.payment_day,
        "convention": result.convention,
        "notes": list(result.notes),
        "rounding": INTEREST_ROUNDING,
        "source": result.source,
    }


@router.post(
    "/calculators/delay-interest",
    auth=None,
    response={200: DelayInterestOut, 422: ErrorOut},
    by_alias=True,
    summary="迟延履行期间加倍部分债务利息计算器（公开，无需登录）",
    description=(
        "法释〔2014〕8号 第一条至第三条：加倍部分债务利息 = 尚未清偿的、生效法律文书确定的除一般债务利息"
        "之外的金钱债务 × 日万分之一点七五 × 迟延履行期间。自履行期限届满之日的次日起算；每次履行后，"
        "相应部分计至履行之日，本金自次日起减少；`excluded` 中的期间不计算。履行当日是否计入由 "
        "`payment_day` 选择，结果的 `convention` 写明所用口径。一般债务利息不在本结果内。"
    ),
)
def delay_interest_calculator(request: HttpRequest, payload: DelayInterestIn) -> dict[str, Any]:
    try:
        result = delay_interest(
            principal=payload.principal,
            due_date=payload.due_date,
            until=payload.until or timezone.localdate(),
            payments=[Payment(on=p.date, amount=p.amount) for p in payload.payments],
            excluded=[ExcludedPeriod(start=e.from_, end=e.to) for e in payload.excluded],
            payment_day=payload.payment_day,
        )
    except (MoneyError, InterestError) as error:
        raise refused(error, DELAY_INTEREST_SOURCE) from None
    return delay_interest_out(result)
