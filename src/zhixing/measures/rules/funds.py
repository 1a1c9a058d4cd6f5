"""Enforcement funds (执行款): one virtual account per case, balance arithmetic, payout deadlines.

人民法院办理执行案件“十个必须”（最高人民法院，2021年11月18日）第7条: case funds are managed
through one account per case (一案一账号), every receipt is matched to its case, and funds are
paid out to the applicant within 15 working days of the payout conditions being met; withholding,
misuse and late payout are prohibited. A delay needs a recorded reason and the approval of the
执行局长 (法发〔2017〕6号 关于执行款物管理工作的规定; the grounds are UNVERIFIED, see
docs domain-rules section 10).

Pure Python: no Django. The services hold the row locks; these functions say what is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from zhixing.core.rules.calendar import DueDate
from zhixing.core.rules.money import format_money as m

TEN_MUSTS_ITEM_7 = "人民法院办理执行案件“十个必须”第7条（2021）"
PAYOUT_SOURCE = f"{TEN_MUSTS_ITEM_7}：具备发放条件之日起15个工作日内发放"
DELAY_SOURCE = "法发〔2017〕6号 关于执行款物管理工作的规定（延期发放须执行局长审批）"
DEFAULT_PAYOUT_WORKDAYS = 15
ZERO = Decimal("0.00")

# 案件类型代字 → the digit in the account number (法〔2015〕137号 案件类型代字).
TYPE_DIGITS: dict[str, int] = {"执": 1, "执恢": 2, "执保": 3}


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    source: str = ""
    field: str = ""


# --- the account number ----------------------------------------------------------------------


def luhn_digit(digits: str) -> int:
    """The Luhn (ISO/IEC 7812-1) check digit banks use, so a mistyped number is caught."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def virtual_account_number(*, court_id: int, year: int, type_code: str, serial: int) -> str:
    """一案一账号: an 18-digit number derived from the case (court, year, type, serial).

    Court id (6 digits) + year (4) + type digit (1) + serial (6) + Luhn check digit (1). The case
    number's own parts are unique per court, type and year (法〔2015〕137号 第9—10条), so the
    account number is too; the court id (not the code with its province character) keeps it numeric.
    """
    if not (0 < court_id < 10**6 and 1000 <= year <= 9999 and 0 < serial < 10**6):
        raise ValueError("account number parts out of range")
    body = f"{court_id:06d}{year:04d}{TYPE_DIGITS.get(type_code, 9)}{serial:06d}"
    return f"{body}{luhn_digit(body)}"


def account_number_valid(number: str) -> bool:
    return len(number) == 18 and number.isdigit() and luhn_digit(number[:-1]) == int(number[-1])


# --- balances --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Balance:
    """An account's money. received = paid + held at all times (十个必须 第7条: no funds vanish).

    `scheduled` is the total of payouts scheduled but not yet paid; it is reserved out of the held
    money, so `available` is what a new payout may still be scheduled from.
    """

    received: Decimal = ZERO
    paid: Decimal = ZERO
    scheduled: Decimal = ZERO

    @property
    def held(self) -> Decimal:
        """执行款余额: received by the court for the case and not yet paid out."""
        return self.received - self.paid

    @property
    def available(self) -> Decimal:
        return self.held - self.scheduled

    def receive(self, amount: Decimal) -> Balance:
        return Balance(self.received + amount, self.paid, self.scheduled)

    def schedule(self, amount: Decimal) -> Balance:
        return Balance(self.received, self.paid, self.scheduled + amount)

    def pay(self, amount: Decimal, *, scheduled: bool = True) -> Balance:
        """Pays `amount`; a scheduled payout also releases its reservation."""
        return Balance(
            self.received,
            self.paid + amount,
            self.scheduled - amount if scheduled else self.scheduled,
        )

    def invariant_holds(self) -> bool:
        return (
            self.received == self.paid + self.held
            and self.held >= 0
            and self.paid >= 0
            and self.scheduled >= 0
        )


def _positive(amount: Decimal, field: str = "amount") -> list[Refusal]:
    if amount <= 0:
        return [Refusal("funds.amount_not_positive", "金额须大于零", "", field)]
    if amount != amount.quantize(Decimal("0.01")):
        return [Refusal("funds.amount_precision", "金额最多精确到分", "", field)]
    return []


def check_receipt(amount: Decimal) -> list[Refusal]:
    return _positive(amount)


def check_schedule(balance: Balance, amount: Decimal) -> list[Refusal]:
    """A payout may be scheduled only from money received and not already paid or reserved."""
    refusals = _positive(amount)
    if not refusals and amount > balance.available:
        refusals.append(
            Refusal(
                "payout.exceeds_available",
                f"发放金额 {m(amount)} 元超过本案可发放余额 {m(balance.available)} 元"
                f"（到账 {m(balance.received)} 元，已发放 {m(balance.paid)} 元，"
                f"已安排待发放 {m(balance.scheduled)} 元）",
                TEN_MUSTS_ITEM_7,
                "amount",
            )
        )
    return refusals


def check_pay(balance: Balance, amount: Decimal) -> list[Refusal]:
    """The last line of defence: money leaves the account only if the account holds it."""
    refusals = _positive(amount)
    if not refusals and amount > balance.held:
        refusals.append(
            Refusal(
                "payout.exceeds_balance",
                f"发放金额 {m(amount)} 元超过本案执行款余额 {m(balance.held)} 元，不能发放",
                TEN_MUSTS_ITEM_7,
                "amount",
            )
        )
    return refusals


@dataclass(frozen=True)
class Entry:
    """One line of the ledger: a receipt (+) or a paid payout (−)."""

    on: date
    amount: Decimal  # positive for a receipt, negative for a payout
    key: str = ""  # ties broken by the caller's order key (receipts before payouts on one day)


def running_balances(entries: Iterable[Entry]) -> list[tuple[Entry, Decimal]]:
    """Entries in date order (receipts first on the same day), each with the balance after it."""
    ordered = sorted(entries, key=lambda e: (e.on, e.amount < 0, e.key))
    balance = ZERO
    out: list[tuple[Entry, Decimal]] = []
    for entry in ordered:
        balance += entry.amount
        out.append((entry, balance))
    return out


# --- the payout deadline -------------------------------------------------------------------


class WorkdayCalendar(Protocol):
    def add_workdays(self, start: date, n: int) -> DueDate: ...


def payout_due(condition_met_on: date, calendar: WorkdayCalendar, workdays: int) -> DueDate:
    """十个必须 第7条: paid out within `workdays` (15) working days of the conditions being met.

    The day the conditions are met is not counted (民事诉讼法 第85条第2款); the due date is the
    `workdays`-th working day after it, per the legal calendar (holidays and make-up workdays).
    """
    due = calendar.add_workdays(condition_met_on, workdays)
    return DueDate(
        due=due.due,
        provisional=due.provisional,
        moved_from=due.moved_from,
        bases=due.bases,
        source=f"{PAYOUT_SOURCE}；{due.source}",
    )


class PayoutStatus(StrEnum):
    PAID = "paid"  # 按期发放
    PAID_LATE = "paid_late"  # 超期发放
    DELAYED = "delayed"  # 经执行局长批准延期发放，尚未到延期届满日
    OVERDUE = "overdue"  # 超期未发放
    DUE_SOON = "due_soon"  # 即将到期
    PENDING = "pending"  # 待发放，期限内


PAYOUT_STATUS_LABELS: dict[PayoutStatus, str] = {
    PayoutStatus.PAID: "按期发放",
    PayoutStatus.PAID_LATE: "超期发放",
    PayoutStatus.DELAYED: "已批准延期",
    PayoutStatus.OVERDUE: "超期未发放",
    PayoutStatus.DUE_SOON: "即将到期",
    PayoutStatus.PENDING: "待发放",
}


def payout_status(
    *,
    due_on: date,
    paid_on: date | None,
    today: date,
    warn_days: int,
    delay_approved: bool = False,
    delayed_until: date | None = None,
) -> PayoutStatus:
    """Warned before (due soon), flagged after (overdue). An approved delay suspends the flag until
    its end date (or indefinitely when the approval names none); paid after the original due date
    without an approved delay counts as paid late."""
    if paid_on is not None:
        if paid_on <= due_on or (
            delay_approved and (delayed_until is None or paid_on <= delayed_until)
        ):
            return PayoutStatus.PAID
        return PayoutStatus.PAID_LATE
    effective = due_on
    if delay_approved:
        if delayed_until is None:
            return PayoutStatus.DELAYED
        effective = max(due_on, delayed_until)
    if today > effective:
        return PayoutStatus.OVERDUE
    if (effective - today).days <= warn_days:
        return PayoutStatus.DUE_SOON
    return PayoutStatus.DELAYED if delay_approved else PayoutStatus.PENDING
