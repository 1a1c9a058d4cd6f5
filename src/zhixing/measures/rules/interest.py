"""Doubled-part interest for delayed performance (加倍部分债务利息).

Source: 《最高人民法院关于执行程序中计算迟延履行期间的债务利息适用法律若干问题的解释》
(法释〔2014〕8号), under 民事诉讼法（2023）第二百六十四条 (第二百五十三条 in the numbering the
interpretation cites):

- 第一条第三款: doubled part = unpaid money debt fixed by the effective document, *excluding
  general interest* × 0.0175 % a day (日万分之一点七五) × days of delay. General interest
  (第一条第二款) follows the method of the document and is not computed here.
- 第二条: counted from the expiry of the performance period. The first day is not counted
  (民法典 第二百零一条), so the count starts the day after the due date.
- 第三条第一、二款: counted up to the day of (each part-)payment; a deduction or withdrawal
  (划拨、提取), the day the 成交/抵债 ruling takes effect, or the day another realisation is
  completed, ends it the same way — enter those days as payments.
- 第三条第三款: periods of suspension or deferral for review of the document not requested by the
  debtor, and suspension during retrial, are not counted — enter them as excluded periods.
- 第七条: periods before the interpretation took effect (2014-08-01; the date is not shown in the
  verified text, domain-rules.md §8 marks it unverified) follow the earlier rules; this calculator
  counts only from 2014-08-01 and says so in a note.

Whether the payment day itself is counted is not settled by the text ("计算至…之日" reads as
inclusive; domain-rules.md §8 leaves it unverified). The default, `PaymentDay.COUNTED`, counts it —
domain-rules.md's worked example (100,000 due 2024-03-31; 40,000 paid 2024-04-30 = 30 days; 60,000
paid 2024-06-30 = 91 days; 1,165.50) — and `PaymentDay.NOT_COUNTED` is the alternative. The result
states the convention used. `until` is treated like a payment of what is still owed on that day.

Rounding: each item's interest is computed exactly; the total is the exact sum rounded once to the
fen with ROUND_HALF_UP. Item amounts are shown rounded to the fen, so they may differ from the total
by a fen; rounding each item first would let an extra payment raise the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from zhixing.core.rules.money import CENT, MoneyError

from .fees import checked_amount

__all__ = [
    "DAILY_RATE",
    "DELAY_INTEREST_SOURCE",
    "EARLIEST_DAY",
    "EFFECTIVE_FROM",
    "LATEST_DAY",
    "DelayInterest",
    "ExcludedPeriod",
    "InterestError",
    "InterestItem",
    "Payment",
    "PaymentDay",
    "convention_text",
    "delay_interest",
]

DAILY_RATE = Decimal("0.000175")
"""日万分之一点七五（法释〔2014〕8号 第一条第三款）."""

EFFECTIVE_FROM = date(2014, 8, 1)
"""法释〔2014〕8号 施行日（第七条 transitional rule; date unverified in domain-rules.md §8)."""

EARLIEST_DAY, LATEST_DAY = date(1950, 1, 1), date(2099, 12, 31)
"""Dates outside this range are typing slips (and would overflow date arithmetic near year 9999)."""

DELAY_INTEREST_SOURCE = "法释〔2014〕8号 第一条至第三条、第七条；民事诉讼法（2023）第二百六十四条"


class PaymentDay(StrEnum):
    """Whether the day of a payment (and `until`) still bears interest on the part paid."""

    COUNTED = "counted"  # 计至履行之日（含当日）— default, domain-rules.md §8 worked example
    NOT_COUNTED = "not_counted"  # 计至履行之日的前一日（履行当日不计）


class InterestError(ValueError):
    """Input the calculation cannot use; `field` names it as the API does (payments.1.date)."""

    def __init__(self, code: str, message: str, field: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.source = DELAY_INTEREST_SOURCE


@dataclass(frozen=True)
class Payment:
    """A (part-)payment, deduction or effective 成交/抵债 ruling, on its day (第三条)."""

    on: date
    amount: Decimal | str | int


@dataclass(frozen=True)
class ExcludedPeriod:
    """A period not counted (第三条第三款), both days inclusive."""

    start: date
    end: date


@dataclass(frozen=True)
class InterestItem:
    """A stretch of days on one unpaid principal; `interest` rounded to the fen, `exact` not."""

    start: date
    end: date
    days: int
    principal: Decimal
    interest: Decimal
    exact: Decimal


@dataclass(frozen=True)
class DelayInterest:
    total: Decimal
    items: tuple[InterestItem, ...]
    excluded: tuple[InterestItem, ...]  # excluded stretches inside the count (interest 0)
    outstanding: Decimal  # principal still unpaid after the payments up to `until`
    counted_from: date
    until: date
    payment_day: PaymentDay
    convention: str
    notes: tuple[str, ...]
    source: str = DELAY_INTEREST_SOURCE


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def convention_text(payment_day: PaymentDay, counted_from: date) -> str:
    """The Chinese sentence that tells the reader which day-count reading was used."""
    start = f"自履行期限届满之日的次日（{_cn(counted_from)}）起算（民法典第二百零一条：开始的当日不计入）"
    if payment_day is PaymentDay.COUNTED:
        end = "计至每次履行之日，履行当日计入；计算截止日视为剩余债务于当日清偿，同样计入"
        other = "不计入履行当日"
    else:
        end = "计至每次履行之日的前一日，履行当日不计入；计算截止日同样不计入"
        other = "计入履行当日"
    return (
        f"{start}，{end}。履行当日是否计算司法解释未作明确规定，"
        f"本结果采用上述口径，也可选择{other}。"
    )


def _money(value: Decimal | str | int, *, field: str, label: str) -> Decimal:
    amount = checked_amount(value, field=field, label=label)
    if amount.is_zero():
        raise MoneyError("money.zero", f"{label}须大于零", field)
    return amount


def _in_range(day: date, *, field: str, label: str) -> None:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InterestError(
            "interest.date_range",
            f"{label}须在{_cn(EARLIEST_DAY)}至{_cn(LATEST_DAY)}之间",
            field,
        )


def _merge(periods: Sequence[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _checked_payments(
    payments: Sequence[Payment], *, owed: Decimal, due_date: date, until: date
) -> tuple[list[tuple[date, Decimal, int]], Decimal]:
    """Payments as (day, amount, input index) in date order, and what is still owed after them.

    Refused: a payment before the due date (pay it off the principal instead), after `until`, or
    larger than what is owed on its day (第三条 counts interest only on what is unpaid).
    """
    checked: list[tuple[date, Decimal, int]] = []
    for index, payment in enumerate(payments):
        label = f"第{index + 1}笔履行金额"
        _in_range(payment.on, field=f"payments.{index}.date", label=f"第{index + 1}笔履行日期")
        amount = _money(payment.amount, field=f"payments.{index}.amount", label=label)
        if payment.on < due_date:
            raise InterestError(
                "interest.payment_before_due",
                f"第{index + 1}笔履行日期（{_cn(payment.on)}）早于履行期限届满日（{_cn(due_date)}）："
                "届满前已履行的部分请直接从本金中扣除",
                f"payments.{index}.date",
            )
        if payment.on > until:
            raise InterestError(
                "interest.payment_after_until",
                f"第{index + 1}笔履行日期（{_cn(payment.on)}）晚于计算截止日（{_cn(until)}）",
                f"payments.{index}.date",
            )
        checked.append((payment.on, amount, index))
    checked.sort(key=lambda row: (row[0], row[2]))
    remaining = owed
    for _day, amount, index in checked:
        if amount > remaining:
            raise InterestError(
                "interest.overpaid",
                f"第{index + 1}笔履行金额 {amount:,.2f} 元超过当时尚未清偿的本金 {remaining:,.2f} 元",
                f"payments.{index}.amount",
            )
        remaining -= amount
    return checked, remaining


def _check_excluded(excluded: Sequence[ExcludedPeriod]) -> None:
    for index, period in enumerate(excluded):
        _in_range(
            period.start, field=f"excluded.{index}.from", label=f"第{index + 1}个不计算期间的开始日"
        )
        _in_range(
            period.end, field=f"excluded.{index}.to", label=f"第{index + 1}个不计算期间的结束日"
        )
        if period.end < period.start:
            raise InterestError(
                "interest.excluded_reversed",
                f"第{index + 1}个不计算期间的结束日（{_cn(period.end)}）早于开始日（{_cn(period.start)}）",
                f"excluded.{index}.to",
            )


def delay_interest(
    *,
    principal: Decimal | str | int,
    due_date: date,
    until: date,
    payments: Sequence[Payment] = (),
    excluded: Sequence[ExcludedPeriod] = (),
    payment_day: PaymentDay = PaymentDay.COUNTED,
) -> DelayInterest:
    """The doubled part of the interest for delayed performance, item by item (法释〔2014〕8号).

    `principal` is the money debt fixed by the document and unpaid at the due date, *without*
    general interest (第一条第三款); `due_date` the last day of the performance period (第二条);
    each payment reduces the principal after its day (第三条); `excluded` periods are skipped
    (第三条第三款). Refusals (InterestError / MoneyError, each naming its field): a payment before
    the due date or after `until`, a payment larger than what is still owed, `until` before the
    due date, an excluded period that ends before it starts, zero or malformed amounts.
    """
    owed = _money(principal, field="principal", label="本金")
    _in_range(due_date, field="due_date", label="履行期限届满日")
    _in_range(until, field="until", label="计算截止日")
    if until < due_date:
        raise InterestError(
            "interest.until_before_due",
            f"计算截止日（{_cn(until)}）不得早于履行期限届满日（{_cn(due_date)}）",
            "until",
        )
    checked, remaining = _checked_payments(payments, owed=owed, due_date=due_date, until=until)
    _check_excluded(excluded)

    # A day's principal is what is owed before the payments whose last counted day is before it.
    shift = timedelta(days=0 if payment_day is PaymentDay.COUNTED else 1)
    counted_from = max(due_date + timedelta(days=1), EFFECTIVE_FROM)
    window_end = until - shift  # last counted day, inclusive
    changes = [(on - shift + timedelta(days=1), amount) for on, amount, _ in checked]
    skipped = [
        (max(p.start, counted_from), min(p.end, window_end))
        for p in excluded
        if p.end >= counted_from and p.start <= window_end
    ]
    skipped = _merge(skipped)

    items: list[InterestItem] = []
    excluded_items: list[InterestItem] = []
    if counted_from <= window_end:
        stop = window_end + timedelta(days=1)
        bounds = {counted_from, stop}
        bounds.update(day for day, _ in changes if counted_from < day < stop)
        for start, end in skipped:
            bounds.update(day for day in (start, end + timedelta(days=1)) if day < stop)
        ordered = sorted(bounds)
        for first, after in zip(ordered, ordered[1:], strict=False):
            base = owed - sum((amount for day, amount in changes if day <= first), Decimal("0"))
            days = (after - first).days
            last = after - timedelta(days=1)
            if base <= 0:
                continue
            if any(start <= first <= end for start, end in skipped):
                excluded_items.append(
                    InterestItem(first, last, days, base, Decimal("0.00"), Decimal("0"))
                )
                continue
            exact = base * DAILY_RATE * days
            items.append(
                InterestItem(first, last, days, base, exact.quantize(CENT, ROUND_HALF_UP), exact)
            )

    notes: list[str] = [
        "一般债务利息按生效法律文书确定的方法另行计算，不在本结果内（法释〔2014〕8号 第一条第二款）。"
    ]
    if due_date + timedelta(days=1) < EFFECTIVE_FROM:
        notes.append(
            f"{_cn(EFFECTIVE_FROM)}前的迟延履行期间按此前的规定计算（法释〔2014〕8号 第七条），"
            f"本结果只计算{_cn(EFFECTIVE_FROM)}以后的期间。"
        )
    if excluded_items:
        notes.append(
            "非因被执行人申请而中止、暂缓执行的期间及再审中止执行的期间不计算"
            "（法释〔2014〕8号 第三条第三款）。"
        )
    if remaining > 0:
        notes.append(
            f"截至{_cn(until)}尚有 {remaining:,.2f} 元未清偿，加倍部分债务利息继续计算至履行完毕之日。"
        )
    total = sum((item.exact for item in items), Decimal("0")).quantize(CENT, ROUND_HALF_UP)
    return DelayInterest(
        total=total,
        items=tuple(items),
        excluded=tuple(excluded_items),
        outstanding=remaining,
        counted_from=counted_from,
        until=until,
        payment_day=payment_day,
        convention=convention_text(payment_day, counted_from),
        notes=tuple(notes),
    )
