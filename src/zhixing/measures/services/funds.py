"""Enforcement funds (执行款): every write, one use case per function (十个必须 第7条).

Each service: keyword-only arguments and an explicit actor, one `transaction.atomic`, a row lock
(`select_for_update`) on the case account before reading its totals, the rule check from
`measures.rules.funds`, the write, the audit record in the same transaction. So two officers
paying from one account at once are serialised by the lock, and the second sees the first's
payment; the database's CHECK (paid_total <= received_total) is the last line of defence.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase, Party
from zhixing.cases.rules.filing import PartyRole
from zhixing.core.audit import audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import DomainError, InputError, parse_choice
from zhixing.core.rules.money import format_money
from zhixing.core.rules.roles import Role
from zhixing.organization.models import Court

from ..models import CaseAccount, Channel, FundReceipt, Payout, SuspenseReceipt
from ..rules import funds
from ..rules.funds import Balance
from ._common import Area, checked_money, raise_first, user

RECEIPT_ROLES = frozenset({Role.OFFICER, Role.ASSISTANT, Role.CLERK})  # 登记到账、认领
PAYOUT_ROLES = frozenset({Role.OFFICER})  # 安排与发放
DELAY_APPROVERS = frozenset({Role.BUREAU_CHIEF})  # 延期发放审批
OPEN_PAYOUT = (Payout.Status.PENDING, Payout.Status.DELAYED)


def payout_workdays() -> int:
    return int(getattr(settings, "ZHIXING_PAYOUT_WORKDAYS", funds.DEFAULT_PAYOUT_WORKDAYS))


# --- helpers -------------------------------------------------------------------------------

# Money moves only by the court's own staff; a superuser passes (maintenance, demo data).
_area = Area("funds")
_require, _text, _date = _area.require, _area.text, _area.date
may = _area.may  # which forms a page offers; the services check again


def _amount(value: Any, field: str = "amount") -> Decimal:
    return checked_money(value, field, funds.check_receipt)


def _locked_account(account_id: int) -> CaseAccount:
    return (
        CaseAccount.objects.select_for_update(of=("self",))
        .select_related("case", "court")
        .get(pk=account_id)
    )


def _account_of(case: EnforcementCase) -> CaseAccount:
    """The case's account, opened on first use (一案一账号), then locked."""
    account = CaseAccount.objects.filter(case_id=case.pk).only("id").first()
    if account is None:
        if case.serial is None or case.status != EnforcementCase.Status.DOCKETED:
            raise DomainError(
                "funds.case_not_docketed",
                "案件尚未立案（或已结案），不能登记执行款",
                source=funds.TEN_MUSTS_ITEM_7,
            )
        number = funds.virtual_account_number(
            court_id=case.court_id, year=case.year, type_code=case.type_code, serial=case.serial
        )
        try:
            with transaction.atomic():
                account = CaseAccount.objects.create(
                    case=case, court_id=case.court_id, number=number
                )
        except IntegrityError:  # opened by someone else a moment ago
            account = CaseAccount.objects.only("id").get(case_id=case.pk)
    return _locked_account(account.pk)


def _scheduled_total(account: CaseAccount) -> Decimal:
    total = Payout.objects.filter(account=account, status__in=OPEN_PAYOUT).aggregate(
        s=Sum("amount")
    )["s"]
    return total or funds.ZERO


def balance_of(account: CaseAccount) -> Balance:
    return Balance(account.received_total, account.paid_total, _scheduled_total(account))


def _credit(account: CaseAccount, amount: Decimal) -> None:
    CaseAccount.objects.filter(pk=account.pk).update(received_total=F("received_total") + amount)
    account.refresh_from_db(fields=["received_total", "paid_total"])


# --- receipts ------------------------------------------------------------------------------


def _same(receipt: FundReceipt, account_id: int, amount: Decimal) -> FundReceipt:
    """A repeated bank reference: the same transfer again changes nothing; a different one is an
    error, never a silent overwrite."""
    if receipt.account_id != account_id or receipt.amount != amount:
        raise DomainError(
            "receipt.reference_conflict",
            f"流水号 {receipt.reference} 已登记为另一笔款项（{format_money(receipt.amount)} 元），请核对",
            field="reference",
        )
    return receipt


def receipt_record(
    *,
    actor: Any,
    case: EnforcementCase,
    amount: Any,
    received_on: date,
    payer: str,
    channel: str,
    reference: str,
) -> FundReceipt:
    """Records money received for a case straight onto its account (一案一账号).

    Idempotent on the bank reference: the same reference with the same case and amount returns the
    existing receipt and writes nothing; a reference already waiting in the court's suspense list
    must be matched there instead (otherwise it would count twice)."""
    value = _amount(amount)
    kind = parse_choice(Channel, channel, field="channel", label="到账方式")
    reference = _text(reference, "reference", "银行流水号或收据号", 64)
    payer = _text(payer, "payer", "付款人", 100)
    _date(received_on, "received_on", "到账日期")
    _require(actor, case.court_id, RECEIPT_ROLES, "登记执行款到账")
    with transaction.atomic():
        account = _account_of(case)
        existing = FundReceipt.objects.filter(reference=reference).first()
        if existing is not None:
            return _same(existing, account.pk, value)
        if SuspenseReceipt.objects.filter(reference=reference, matched_at__isnull=True).exists():
            raise DomainError(
                "receipt.in_suspense",
                f"流水号 {reference} 在本院待认领款中，请在待认领款中认领到本案",
                field="reference",
            )
        receipt = FundReceipt.objects.create(
            account=account,
            court_id=account.court_id,
            amount=value,
            received_on=received_on,
            payer=payer,
            channel=kind.value,
            reference=reference,
            matched_at=timezone.now(),
            matched_by=user(actor),
        )
        _credit(account, value)
        audit_record(
            actor=actor,
            action="funds.receipt_record",
            court_id=account.court_id,
            obj=receipt,
            summary=f"{account.case} 执行款到账 {value} 元（{kind.label}，{reference}）",
            after={"amount": value, "received_on": received_on, "reference": reference},
        )
        return receipt


def suspense_receipt_record(
    *,
    actor: Any,
    court: Court,
    amount: Any,
    received_on: date,
    payer: str,
    reference: str,
    channel: str = Channel.TRANSFER.value,
) -> SuspenseReceipt:
    """Money on the court's funds account that names no case (待认领款). Idempotent on the reference."""
    value = _amount(amount)
    kind = parse_choice(Channel, channel, field="channel", label="到账方式")
    reference = _text(reference, "reference", "银行流水号", 64)
    payer = _text(payer, "payer", "付款人", 100)
    _date(received_on, "received_on", "到账日期")
    _require(actor, court.pk, RECEIPT_ROLES, "登记待认领款")
    with transaction.atomic():
        existing = SuspenseReceipt.objects.select_for_update().filter(reference=reference).first()
        if existing is not None:
            if existing.court_id != court.pk or existing.amount != value:
                raise DomainError(
                    "receipt.reference_conflict",
                    f"流水号 {reference} 已登记为另一笔款项（{format_money(existing.amount)} 元），请核对",
                    field="reference",
                )
            return existing
        if FundReceipt.objects.filter(reference=reference).exists():
            raise DomainError(
                "receipt.already_matched",
                f"流水号 {reference} 已作为案款登记到案件账户",
                field="reference",
            )
        row = SuspenseReceipt.objects.create(
            court=court,
            amount=value,
            reference=reference,
            payer=payer,
            channel=kind.value,
            received_on=received_on,
            recorded_by=user(actor),
        )
        audit_record(
            actor=actor,
            action="funds.suspense_record",
            court_id=court.pk,
            obj=row,
            summary=f"待认领款 {value} 元（{payer}，{reference}）",
            after={"amount": value, "received_on": received_on, "reference": reference},
        )
        return row


def suspense_match(*, actor: Any, suspense: SuspenseReceipt, case: EnforcementCase) -> FundReceipt:
    """Matches a suspense receipt to a case of the same court: only then can it be paid out."""
    _require(actor, suspense.court_id, RECEIPT_ROLES, "认领待认领款")
    if case.court_id != suspense.court_id:
        raise DomainError("suspense.other_court", "待认领款只能认领到本院案件", field="case_id")
    with transaction.atomic():
        account = _account_of(case)
        row = SuspenseReceipt.objects.select_for_update().get(pk=suspense.pk)
        if row.matched_at is not None:
            raise DomainError("suspense.already_matched", "该笔款项已经认领", field="case_id")
        now = timezone.now()
        receipt = FundReceipt.objects.create(
            account=account,
            court_id=account.court_id,
            amount=row.amount,
            received_on=row.received_on,
            payer=row.payer,
            channel=row.channel,
            reference=row.reference,
            matched_at=now,
            matched_by=user(actor),
            suspense=row,
        )
        row.matched_at = now
        row.save(update_fields=["matched_at"])
        _credit(account, row.amount)
        audit_record(
            actor=actor,
            action="funds.suspense_match",
            court_id=account.court_id,
            obj=receipt,
            summary=f"待认领款 {row.amount} 元（{row.reference}）认领至 {account.case}",
            after={"suspense_id": row.pk, "account": account.number, "amount": row.amount},
        )
        return receipt


# --- payouts -------------------------------------------------------------------------------


def payout_schedule(
    *,
    actor: Any,
    case: EnforcementCase,
    party: Party,
    amount: Any,
    condition_met_on: date,
) -> Payout:
    """The payout conditions are met on `condition_met_on`: reserve the amount and start the clock
    (due within N working days, 十个必须 第7条). Only an applicant of the case may be paid."""
    value = _amount(amount)
    _date(condition_met_on, "condition_met_on", "具备发放条件日期")
    _require(actor, case.court_id, PAYOUT_ROLES, "安排发放执行款")
    if party.case_id != case.pk or party.role != PartyRole.APPLICANT.value:
        raise DomainError(
            "payout.not_applicant",
            "执行款只能发放给本案的申请执行人",
            source=funds.TEN_MUSTS_ITEM_7,
            field="party_id",
        )
    with transaction.atomic():
        account = _account_of(case)
        raise_first(funds.check_schedule(balance_of(account), value))
        due = funds.payout_due(condition_met_on, legal_calendar(), payout_workdays())
        payout = Payout.objects.create(
            account=account,
            court_id=account.court_id,
            party=party,
            amount=value,
            condition_met_on=condition_met_on,
            due_on=due.due,
            provisional=due.provisional,
            scheduled_by=user(actor),
        )
        audit_record(
            actor=actor,
            action="funds.payout_schedule",
            court_id=account.court_id,
            obj=payout,
            summary=f"{account.case} 安排向{party.name}发放 {value} 元，应于 {due.due} 前发放",
            after={"amount": value, "party": party.name, "due_on": due.due},
        )
        return payout


def payout_pay(*, actor: Any, payout: Payout, paid_on: date) -> Payout:
    """Pays a scheduled payout. Refused when the account no longer holds the amount: with the
    account locked, two officers racing can never both pass."""
    _date(paid_on, "paid_on", "发放日期")
    _require(actor, payout.court_id, PAYOUT_ROLES, "发放执行款")
    with transaction.atomic():
        account = _locked_account(payout.account_id)
        row = Payout.objects.select_for_update().select_related("party").get(pk=payout.pk)
        if row.status == Payout.Status.PAID:
            raise DomainError("payout.already_paid", "该笔执行款已经发放")
        if paid_on < row.condition_met_on:
            raise InputError(
                "payout.before_condition", "发放日期不能早于具备发放条件的日期", field="paid_on"
            )
        raise_first(funds.check_pay(balance_of(account), row.amount))
        CaseAccount.objects.filter(pk=account.pk).update(paid_total=F("paid_total") + row.amount)
        before = row.status
        row.status, row.paid_on = Payout.Status.PAID, paid_on
        row.paid_by = user(actor)
        row.save(update_fields=["status", "paid_on", "paid_by"])
        case_services.node_record(
            actor=actor,
            case=account.case,
            code="payout_made",
            on=paid_on,
            data={"amount": str(row.amount), "party": row.party.name},
        )
        audit_record(
            actor=actor,
            action="funds.payout_pay",
            court_id=account.court_id,
            obj=row,
            summary=f"{account.case} 向{row.party.name}发放执行款 {row.amount} 元",
            before={"status": before},
            after={"status": row.status, "paid_on": paid_on, "amount": row.amount},
        )
        return row


def payout_delay_approve(
    *, actor: Any, payout: Payout, reason: str, delayed_until: date | None = None
) -> Payout:
    """执行局长 approves paying later than the 15 working days, with the reason recorded."""
    reason = _text(reason, "reason", "延期发放理由", 300)
    _require(actor, payout.court_id, DELAY_APPROVERS, "批准延期发放执行款")
    with transaction.atomic():
        _locked_account(payout.account_id)
        row = Payout.objects.select_for_update().get(pk=payout.pk)
        if row.status == Payout.Status.PAID:
            raise DomainError("payout.already_paid", "该笔执行款已经发放，无需延期")
        if delayed_until is not None and delayed_until <= row.due_on:
            raise InputError(
                "payout.delay_not_later",
                f"延期至的日期须晚于原应发放期限（{row.due_on:%Y年%m月%d日}）",
                field="delayed_until",
            )
        before = {"status": row.status, "delayed_until": row.delayed_until}
        row.status = Payout.Status.DELAYED
        row.delay_reason, row.delayed_until = reason, delayed_until
        row.delay_approved_by = user(actor)
        row.delay_approved_at = timezone.now()
        row.save(
            update_fields=[
                "status",
                "delay_reason",
                "delayed_until",
                "delay_approved_by",
                "delay_approved_at",
            ]
        )
        audit_record(
            actor=actor,
            action="funds.payout_delay_approve",
            court_id=row.court_id,
            obj=row,
            summary=f"批准延期发放执行款 {row.amount} 元：{reason}（{funds.DELAY_SOURCE}）",
            before=before,
            after={"status": row.status, "reason": reason, "delayed_until": delayed_until},
        )
        return row
