"""Enforcement funds (执行款, 一案一账号) through /api/v1/: parse, select, call one service, return.

Refusals are DomainErrors, mapped once to {code, message, source, field} in `zhixing.api`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhixing.cases import selectors as case_selectors
from zhixing.core.schemas import READ, WRITE, ErrorOut
from zhixing.organization import selectors as org_selectors

from .. import selectors, services
from ..models import Channel, FundReceipt, Payout, SuspenseReceipt
from ..rules import funds
from ._common import limited, money, party_of

router = Router(tags=["执行款"])
MONEY = money("1000.00")


# --- schemas ---------------------------------------------------------------------------------


class ReceiptIn(Schema):
    amount: str = MONEY
    received_on: date
    payer: str
    channel: str = Field(Channel.TRANSFER.value, description="transfer | cash | deduction")
    reference: str = Field(..., description="银行流水号或收据号（唯一；重复提交不重复入账）")


class SuspenseIn(Schema):
    amount: str = MONEY
    received_on: date
    payer: str
    reference: str
    channel: str = Channel.TRANSFER.value


class MatchIn(Schema):
    case_id: int


class PayoutIn(Schema):
    party_id: int
    amount: str = MONEY
    condition_met_on: date = Field(..., description="具备发放条件的日期（起算15个工作日）")


class PayIn(Schema):
    paid_on: date


class DelayIn(Schema):
    reason: str
    delayed_until: date | None = None


class ReceiptOut(Schema):
    id: int
    case_id: int
    amount: Decimal
    received_on: date
    payer: str
    channel: str
    reference: str
    from_suspense: bool


class SuspenseOut(Schema):
    id: int
    court_code: str
    amount: Decimal
    received_on: date
    payer: str
    reference: str
    matched: bool


class PayoutOut(Schema):
    id: int
    case_id: int
    case_number: str | None
    party_id: int
    party_name: str
    amount: Decimal
    condition_met_on: date
    due_on: date
    provisional: bool
    status: str
    status_label: str
    timing: str = Field(
        ..., description="paid | paid_late | delayed | overdue | due_soon | pending"
    )
    timing_label: str
    overdue: bool
    paid_on: date | None
    delay_reason: str
    delayed_until: date | None


class LedgerLineOut(Schema):
    on: date
    kind: str
    label: str
    counterparty: str
    reference: str
    amount: Decimal
    balance: Decimal


class AccountOut(Schema):
    case_id: int
    case_number: str | None
    account_number: str | None
    opened: bool
    received_total: Decimal
    paid_total: Decimal
    held: Decimal
    scheduled: Decimal
    available: Decimal
    realized_amount: Decimal = Field(
        ..., description="执行到位金额：法院为本案实际收到的执行款合计（含已发放）"
    )
    ledger: list[LedgerLineOut]
    payouts: list[PayoutOut]


# --- building responses --------------------------------------------------------------------


def _receipt_out(row: FundReceipt, case_id: int) -> ReceiptOut:
    return ReceiptOut(
        id=row.pk,
        case_id=case_id,
        amount=row.amount,
        received_on=row.received_on,
        payer=row.payer,
        channel=row.channel,
        reference=row.reference,
        from_suspense=row.suspense_id is not None,
    )


def _suspense_out(row: SuspenseReceipt, court_code: str) -> SuspenseOut:
    return SuspenseOut(
        id=row.pk,
        court_code=court_code,
        amount=row.amount,
        received_on=row.received_on,
        payer=row.payer,
        reference=row.reference,
        matched=row.matched_at is not None,
    )


def _payout_out(row: Payout, status: funds.PayoutStatus) -> PayoutOut:
    return PayoutOut(
        id=row.pk,
        case_id=row.account.case_id,
        case_number=row.account.case.case_number,
        party_id=row.party_id,
        party_name=row.party.name,
        amount=row.amount,
        condition_met_on=row.condition_met_on,
        due_on=row.due_on,
        provisional=row.provisional,
        status=row.status,
        status_label=row.get_status_display(),
        timing=status.value,
        timing_label=funds.PAYOUT_STATUS_LABELS[status],
        overdue=status is funds.PayoutStatus.OVERDUE,
        paid_on=row.paid_on,
        delay_reason=row.delay_reason,
        delayed_until=row.delayed_until,
    )


def _account(actor, case_id: int) -> AccountOut:
    case = case_selectors.case_get(actor=actor, pk=case_id)
    book = selectors.ledger(actor=actor, case=case)
    return AccountOut(
        case_id=case.pk,
        case_number=case.case_number,
        account_number=book.number,
        opened=book.account is not None,
        received_total=book.received,
        paid_total=book.paid,
        held=book.held,
        scheduled=book.scheduled,
        available=book.available,
        realized_amount=book.received,
        ledger=[LedgerLineOut(**vars(line)) for line in book.lines],
        payouts=[_payout_out(p, s) for p, s in book.payouts],
    )


# --- endpoints -----------------------------------------------------------------------------


@router.get(
    "/cases/{int:case_id}/account",
    response={200: AccountOut, **READ},
    summary="案款账户（一案一账号）：账号、合计、分户账、发放安排",
)
def account_detail(request: HttpRequest, case_id: int) -> AccountOut:
    return _account(request.user, case_id)


@router.post(
    "/cases/{int:case_id}/receipts",
    response={201: ReceiptOut, **WRITE},
    summary="登记执行款到账",
    description="按流水号幂等：同一流水号、同一案件、同一金额重复提交时返回原记录，不重复入账。",
)
def receipt_create(request: HttpRequest, case_id: int, payload: ReceiptIn) -> Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    row = services.receipt_record(
        actor=request.user,
        case=case,
        amount=payload.amount,
        received_on=payload.received_on,
        payer=payload.payer,
        channel=payload.channel,
        reference=payload.reference,
    )
    return Status(201, _receipt_out(row, case.pk))


@router.post(
    "/courts/{code}/suspense-receipts",
    response={201: SuspenseOut, **WRITE},
    summary="登记待认领款（未注明案号的到账）",
)
def suspense_create(request: HttpRequest, code: str, payload: SuspenseIn) -> Status:
    court = org_selectors.court_get(actor=request.user, code=code)
    row = services.suspense_receipt_record(
        actor=request.user,
        court=court,
        amount=payload.amount,
        received_on=payload.received_on,
        payer=payload.payer,
        reference=payload.reference,
        channel=payload.channel,
    )
    return Status(201, _suspense_out(row, court.code))


@router.post(
    "/suspense-receipts/{int:suspense_id}/match",
    response={200: ReceiptOut, **WRITE},
    summary="认领待认领款到案件账户",
)
def suspense_match(request: HttpRequest, suspense_id: int, payload: MatchIn) -> ReceiptOut:
    row = selectors.suspense_get(actor=request.user, pk=suspense_id)
    case = case_selectors.case_get(actor=request.user, pk=payload.case_id)
    receipt = services.suspense_match(actor=request.user, suspense=row, case=case)
    return _receipt_out(receipt, case.pk)


@router.post(
    "/cases/{int:case_id}/payouts",
    response={201: PayoutOut, **WRITE},
    summary="安排发放（具备发放条件）",
    description="应发放期限 = 具备发放条件之日起 N 个工作日（默认 15，十个必须 第7条）。",
)
def payout_create(request: HttpRequest, case_id: int, payload: PayoutIn) -> Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    row = services.payout_schedule(
        actor=request.user,
        case=case,
        party=party_of(case, payload.party_id),
        amount=payload.amount,
        condition_met_on=payload.condition_met_on,
    )
    row = selectors.payout_get(actor=request.user, pk=row.pk)
    return Status(201, _payout_out(row, selectors.status_of(row, timezone.localdate())))


@router.post("/payouts/{int:payout_id}/pay", response={200: PayoutOut, **WRITE}, summary="发放")
def payout_pay(request: HttpRequest, payout_id: int, payload: PayIn) -> PayoutOut:
    row = selectors.payout_get(actor=request.user, pk=payout_id)
    services.payout_pay(actor=request.user, payout=row, paid_on=payload.paid_on)
    row = selectors.payout_get(actor=request.user, pk=payout_id)
    return _payout_out(row, selectors.status_of(row, timezone.localdate()))


@router.post(
    "/payouts/{int:payout_id}/delay-approval",
    response={200: PayoutOut, **WRITE},
    summary="批准延期发放（执行局长）",
)
def payout_delay(request: HttpRequest, payout_id: int, payload: DelayIn) -> PayoutOut:
    row = selectors.payout_get(actor=request.user, pk=payout_id)
    services.payout_delay_approve(
        actor=request.user, payout=row, reason=payload.reason, delayed_until=payload.delayed_until
    )
    row = selectors.payout_get(actor=request.user, pk=payout_id)
    return _payout_out(row, selectors.status_of(row, timezone.localdate()))


@router.get(
    "/payouts/due",
    response={200: list[PayoutOut], 401: ErrorOut},
    summary="待发放执行款（辖区内，按应发放期限排序，标明超期）",
)
def payouts_due(request: HttpRequest, limit: int = 500) -> list[PayoutOut]:
    today = timezone.localdate()
    rows = selectors.payouts_due(actor=request.user)[: limited(limit, 2000)]
    return [_payout_out(p, selectors.status_of(p, today)) for p in rows]
