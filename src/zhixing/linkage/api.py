"""Linked departments, outbox and network inquiry through /api/v1/: parse, select within the
caller's scope, call one service. POST /partner-answers is the departments' callback (Bearer
token of the department's system account)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from zhixing.cases import selectors as case_selectors
from zhixing.core.schemas import READ, WRITE, ErrorOut

from . import selectors, services
from .models import OutboxMessage, PropertyFound
from .rules.outbox import DEPARTMENT_KIND_LABELS, DepartmentKind
from .schemas import (
    DepartmentOut,
    InquiryIn,
    InquiryOut,
    MessageOut,
    PartnerAnswerIn,
    PartnerAnswerOut,
    PropertyFoundOut,
)

router = Router(tags=["联动查控"])
OUTBOX_LIMIT = 500


def message_out(row: OutboxMessage, today) -> MessageOut:
    return MessageOut(
        id=row.pk,
        key=row.idempotency_key,
        case_id=row.case_id,
        case_number=row.case.case_number,
        court_code=row.court.code,
        department_code=row.department.code,
        department_name=row.department.name,
        respondent=row.party.name,
        kind=row.kind,
        kind_label=row.get_kind_display(),
        status=row.status,
        status_label=row.get_status_display(),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at if row.answered_at is None else None,
        sent_at=row.sent_at,
        answer_due_on=row.answer_due_on,
        answered_at=row.answered_at,
        overdue=row.answered_at is None and row.answer_due_on < today,
        last_error=row.last_error,
    )


def _found_out(row: PropertyFound) -> PropertyFoundOut:
    return PropertyFoundOut(
        id=row.pk,
        respondent=row.party.name,
        department_code=row.department.code,
        department_name=row.department.name,
        kind=row.kind,
        kind_label=row.get_kind_display(),
        description=row.description,
        identifier=row.identifier,
        amount=row.amount,
        found_on=row.found_on,
    )


@router.get("/departments", response={200: list[DepartmentOut], 401: ErrorOut}, summary="联动单位")
def department_list(request: HttpRequest) -> list[DepartmentOut]:
    return [
        DepartmentOut(
            code=d.code,
            name=d.name,
            kind=d.kind,
            kind_label=DEPARTMENT_KIND_LABELS[DepartmentKind(d.kind)],
            duties=d.duties,
            answer_days=d.answer_days,
            answers_inquiries=d.answers_inquiries,
            active=d.active,
        )
        for d in selectors.department_list()
    ]


@router.post(
    "/cases/{int:case_id}/network-inquiry",
    response={201: InquiryOut, **WRITE},
    summary="发起网络查控",
    description="向每一家承接查询的联动单位，就每一名被执行人各发一条查询请求（提交后发送）。",
)
def network_inquiry(request: HttpRequest, case_id: int, payload: InquiryIn) -> Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    messages = services.network_inquiry_start(actor=request.user, case=case, on=payload.on)
    return Status(
        201,
        InquiryOut(
            messages=len(messages),
            departments=len({m.department_id for m in messages}),
            respondents=len({m.party_id for m in messages}),
        ),
    )


@router.get(
    "/cases/{int:case_id}/inquiry-messages",
    response={200: list[MessageOut], **READ},
    summary="本案联动请求",
)
def case_messages(request: HttpRequest, case_id: int) -> list[MessageOut]:
    _, rows = selectors.case_messages(actor=request.user, case_id=case_id)
    today = timezone.localdate()
    return [message_out(m, today) for m in rows]


@router.get(
    "/cases/{int:case_id}/property-found",
    response={200: list[PropertyFoundOut], **READ},
    summary="查控发现的财产",
)
def property_found(request: HttpRequest, case_id: int) -> list[PropertyFoundOut]:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    return [_found_out(row) for row in selectors.property_found(actor=request.user, case=case)]


class OutboxFilter(Schema):
    status: OutboxMessage.Status | None = None
    overdue: bool = False


@router.get(
    "/outbox",
    response={200: list[MessageOut], 401: ErrorOut, 422: ErrorOut},
    summary="联动请求对账",
    description="overdue=true：已过答复期限仍未答复的请求（最早到期的在前，最多 500 条）。",
)
def outbox_list(request: HttpRequest, filters: Query[OutboxFilter]) -> list[MessageOut]:
    today = timezone.localdate()
    rows = selectors.message_list(
        actor=request.user,
        status=filters.status.value if filters.status else None,
        overdue_on=today if filters.overdue else None,
    ).order_by("answer_due_on", "pk")[:OUTBOX_LIMIT]
    return [message_out(m, today) for m in rows]


@router.post(
    "/partner-answers",
    response={200: PartnerAnswerOut, 201: PartnerAnswerOut, **WRITE},
    summary="联动单位答复（回调）",
    description="联动单位以其系统账号的 Bearer 令牌调用；同一答复编号或同一请求的重复答复不再生效，返回 200。",
)
def partner_answer(request: HttpRequest, payload: PartnerAnswerIn) -> Status:
    answer, created = services.answer_receive(
        actor=request.user,
        department_code=payload.department_code,
        answer_id=payload.answer_id,
        message_key=payload.message_key,
        payload=payload.payload,
    )
    return Status(
        201 if created else 200,
        PartnerAnswerOut(
            answer_id=answer.answer_id,
            message_key=answer.message.idempotency_key,
            duplicate=not created,
            found=PropertyFound.objects.filter(message_id=answer.message_id).count(),
        ),
    )
