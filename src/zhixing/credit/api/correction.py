"""/api/v1/ routes of the correction area (失信规定 第11—12条): list and read requests in scope,
register one, decide, carry out, record service, file and decide 复议 — each one service call."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhixing.core.schemas import READ, WRITE
from zhixing.core.views import today

from ..models import CorrectionRequest
from ..selectors import correction as selectors
from ..selectors import listing as listing_selectors
from ..services import correction as services
from ._common import out

router = Router(tags=["信用惩戒"])


class CorrectionOut(Schema):
    id: int
    listing_id: int
    case_id: int
    respondent: str
    case_number: str
    court_code: str
    reason: str
    reason_label: str
    requested_by: str
    statement: str
    received_on: date
    review_due_on: date
    status: str
    status_label: str
    decided_on: date | None
    decision_reason: str
    correct_due_on: date | None
    corrected_on: date | None
    served_on: date | None
    reconsideration: str
    reconsideration_court_code: str | None
    reconsideration_filed_on: date | None
    reconsideration_due_on: date | None
    reconsideration_decided_on: date | None
    next_due: str | None
    next_due_on: date | None
    overdue: bool


def _out(row: CorrectionRequest) -> CorrectionOut:
    due = selectors.next_due(row)
    listing = row.listing
    return out(
        CorrectionOut,
        row,
        id=row.pk,
        case_id=listing.case_id,
        respondent=listing.name,
        case_number=listing.case_number,
        court_code=row.court.code,
        reason_label=row.get_reason_display(),
        status_label=row.get_status_display(),
        reconsideration_court_code=(
            row.reconsideration_court.code if row.reconsideration_court else None
        ),
        next_due=due.what if due else None,
        next_due_on=due.on if due else None,
        overdue=bool(due and due.overdue(today())),
    )


def _get(request: HttpRequest, pk: int) -> CorrectionRequest:
    return selectors.request_get(actor=request.user, pk=pk)


@router.get(
    "/credit/corrections",
    response={200: list[CorrectionOut], **READ},
    summary="失信信息纠正申请",
    description="本院（及辖区）的纠正申请和向本院申请的复议，待办的按期限在前（最多 500 件）。",
)
def correction_list(request: HttpRequest, open_only: bool = False) -> list[CorrectionOut]:
    rows = selectors.request_rows(actor=request.user, today=today(), open_only=open_only)
    return [_out(r.request) for r in rows]


@router.get("/credit/corrections/{pk}", response={200: CorrectionOut, **READ}, summary="纠正申请")
def correction_get(request: HttpRequest, pk: int) -> CorrectionOut:
    return _out(_get(request, pk))


class ReceiveIn(Schema):
    reason: str
    statement: str
    requested_by: str
    received_on: date


@router.post(
    "/credit/listings/{listing_id}/corrections",
    response={201: CorrectionOut, **WRITE},
    summary="登记失信信息纠正申请",
    description="reason：should_not_list 不应纳入、inaccurate 信息不准确、should_delete 应予删除。"
    "审查期限为收到申请之日起十五日（失信规定 第12条）。",
)
def correction_receive(request: HttpRequest, listing_id: int, payload: ReceiveIn) -> Status:
    listing = listing_selectors.listing_get(actor=request.user, pk=listing_id)
    row = services.correction_receive(
        actor=request.user,
        listing=listing,
        reason=payload.reason,
        statement=payload.statement,
        requested_by=payload.requested_by,
        received_on=payload.received_on,
    )
    return Status(201, _out(row))


class DecideIn(Schema):
    granted: bool
    on: date
    reason: str
    removal_ground: str = ""
    served_on: date | None = None
    changes: dict[str, str] | None = None


@router.post(
    "/credit/corrections/{pk}/decision",
    response={200: CorrectionOut, **WRITE},
    summary="审查纠正申请",
    description="理由成立的三个工作日内纠正，并尽可能在本次调用中完成：不应纳入的撤销；应予删除的按 "
    "removal_ground 删除；信息不准确的按 changes 更正（否则另行调用 apply）。驳回的可同时登记 served_on。",
)
def correction_decide(request: HttpRequest, pk: int, payload: DecideIn) -> CorrectionOut:
    row = services.correction_decide(
        actor=request.user,
        request=_get(request, pk),
        granted=payload.granted,
        on=payload.on,
        reason=payload.reason,
        removal_ground=payload.removal_ground,
        served_on=payload.served_on,
        changes=payload.changes,
    )
    return _out(row)


class ApplyIn(Schema):
    on: date
    removal_ground: str = ""
    changes: dict[str, Any] = {}


@router.post(
    "/credit/corrections/{pk}/apply",
    response={200: CorrectionOut, **WRITE},
    summary="纠正失信信息",
    description="理由成立（或经复议撤销驳回决定）后纠正：changes 为更正后的公布项目"
    f"（{'、'.join(services.CORRECTABLE)}）。",
)
def correction_apply(request: HttpRequest, pk: int, payload: ApplyIn) -> CorrectionOut:
    row = services.correction_apply(
        actor=request.user,
        request=_get(request, pk),
        on=payload.on,
        removal_ground=payload.removal_ground,
        **payload.changes,
    )
    return _out(row)


class ServeIn(Schema):
    served_on: date


@router.post(
    "/credit/corrections/{pk}/service",
    response={200: CorrectionOut, **WRITE},
    summary="登记驳回决定送达",
)
def correction_serve(request: HttpRequest, pk: int, payload: ServeIn) -> CorrectionOut:
    return _out(
        services.correction_serve(
            actor=request.user, request=_get(request, pk), served_on=payload.served_on
        )
    )


class FileIn(Schema):
    filed_on: date


@router.post(
    "/credit/corrections/{pk}/reconsideration",
    response={200: CorrectionOut, **WRITE},
    summary="申请复议",
    description="驳回决定送达之日起十日内向上一级法院申请复议；复议期间不停止原决定的执行。",
)
def reconsideration_file(request: HttpRequest, pk: int, payload: FileIn) -> CorrectionOut:
    return _out(
        services.reconsideration_file(
            actor=request.user, request=_get(request, pk), filed_on=payload.filed_on
        )
    )


class ReconsiderIn(Schema):
    upheld: bool
    on: date
    reason: str


@router.post(
    "/credit/corrections/{pk}/reconsideration/decision",
    response={200: CorrectionOut, **WRITE},
    summary="复议决定",
    description="由上一级法院的执行法官作出，十五日内。",
)
def reconsideration_decide(request: HttpRequest, pk: int, payload: ReconsiderIn) -> CorrectionOut:
    return _out(
        services.reconsideration_decide(
            actor=request.user,
            request=_get(request, pk),
            upheld=payload.upheld,
            on=payload.on,
            reason=payload.reason,
        )
    )
