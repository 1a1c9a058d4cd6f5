"""Every read of enforcement funds, restricted to the actor's jurisdiction scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import NotFound
from zhixing.organization.selectors import scope_of

from ..models import CaseAccount, FundReceipt, Payout, SuspenseReceipt
from ..rules import funds
from ..services import OPEN_PAYOUT


def warn_days() -> int:
    return int(getattr(settings, "ZHIXING_DUE_SOON_DAYS", 3))


def status_of(payout: Payout, today: date) -> funds.PayoutStatus:
    return funds.payout_status(
        due_on=payout.due_on,
        paid_on=payout.paid_on,
        today=today,
        warn_days=warn_days(),
        delay_approved=payout.delay_approved_at is not None,
        delayed_until=payout.delayed_until,
    )


def account_for(*, actor: Any, case: EnforcementCase) -> CaseAccount | None:
    """The case's account, or None before its first receipt (the number is known from the case)."""
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    return CaseAccount.objects.filter(case_id=case.pk).first()


def account_number_of(case: EnforcementCase) -> str | None:
    """The number the account has or will have (printed on the enforcement notice)."""
    if case.serial is None:
        return None
    return funds.virtual_account_number(
        court_id=case.court_id, year=case.year, type_code=case.type_code, serial=case.serial
    )


@dataclass(frozen=True)
class LedgerLine:
    on: date
    kind: str  # "receipt" | "payout"
    label: str
    counterparty: str
    reference: str
    amount: Decimal  # + receipt, − payout
    balance: Decimal

    @property
    def income(self) -> Decimal | None:
        return self.amount if self.amount > 0 else None

    @property
    def outgo(self) -> Decimal | None:
        return -self.amount if self.amount < 0 else None


@dataclass(frozen=True)
class Ledger:
    account: CaseAccount | None
    number: str | None
    received: Decimal  # = realized amount (执行到位金额)
    paid: Decimal
    scheduled: Decimal
    lines: list[LedgerLine]
    payouts: list[tuple[Payout, funds.PayoutStatus]]

    @property
    def held(self) -> Decimal:
        return self.received - self.paid

    @property
    def number_display(self) -> str:
        """The number in groups of four, as on a bank slip."""
        n = self.number or ""
        return " ".join(n[i : i + 4] for i in range(0, len(n), 4))

    @property
    def available(self) -> Decimal:
        return self.held - self.scheduled


def ledger(*, actor: Any, case: EnforcementCase, today: date | None = None) -> Ledger:
    """Receipts and paid payouts in date order with the running balance, plus every payout with its
    status. Three queries whatever the account holds."""
    today = today or timezone.localdate()
    account = account_for(actor=actor, case=case)
    number = account.number if account else account_number_of(case)
    if account is None:
        z = funds.ZERO
        return Ledger(None, number, z, z, z, [], [])
    receipts = list(FundReceipt.objects.filter(account=account).order_by("received_on", "id"))
    payouts = list(
        Payout.objects.filter(account=account)
        .select_related("party", "delay_approved_by")
        .order_by("due_on", "id")
    )
    entries: list[funds.Entry] = []
    meta: dict[str, tuple[str, str, str, str]] = {}
    for r in receipts:
        key = f"r{r.pk:012d}"
        entries.append(funds.Entry(r.received_on, r.amount, key))
        meta[key] = ("receipt", f"到账（{r.get_channel_display()}）", r.payer, r.reference)
    for p in payouts:
        if p.paid_on is not None:
            key = f"p{p.pk:012d}"
            entries.append(funds.Entry(p.paid_on, -p.amount, key))
            meta[key] = ("payout", "发放", p.party.name, "")
    lines = [
        LedgerLine(e.on, *meta[e.key], amount=e.amount, balance=balance)
        for e, balance in funds.running_balances(entries)
    ]
    scheduled = sum((p.amount for p in payouts if p.status in OPEN_PAYOUT), funds.ZERO)
    return Ledger(
        account,
        number,
        account.received_total,
        account.paid_total,
        scheduled,
        lines,
        [(p, status_of(p, today)) for p in payouts],
    )


def payouts_due(*, actor: Any, court_id: int | None = None) -> QuerySet[Payout]:
    """Unpaid payouts in scope, nearest due date first (overdue first of all)."""
    qs = scope_of(actor).restrict(Payout.objects.exclude(status=Payout.Status.PAID), "court")
    if court_id is not None:
        qs = qs.filter(court_id=court_id)
    return qs.select_related("account__case", "party", "court").order_by("due_on", "id")


def payout_get(*, actor: Any, pk: int) -> Payout:
    payout = Payout.objects.select_related("account__case", "party").filter(pk=pk).first()
    if payout is None or not scope_of(actor).covers(payout.court_id):
        raise NotFound("未找到该笔执行款发放记录，或您无权查看")
    return payout


def suspense_receipts(*, actor: Any, court_id: int | None = None) -> QuerySet[SuspenseReceipt]:
    """Unmatched receipts waiting on the actor's court's funds account (待认领款), oldest first."""
    scope = scope_of(actor)
    court_id = court_id if court_id is not None else scope.home_court_id
    if court_id is None or not scope.covers(court_id):
        return SuspenseReceipt.objects.none()
    return SuspenseReceipt.objects.filter(court_id=court_id, matched_at__isnull=True).order_by(
        "received_on", "id"
    )


def suspense_get(*, actor: Any, pk: int) -> SuspenseReceipt:
    row = SuspenseReceipt.objects.filter(pk=pk).first()
    if row is None or not scope_of(actor).covers(row.court_id):
        raise NotFound("未找到该笔待认领款，或您无权查看")
    return row
