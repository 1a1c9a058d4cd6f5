"""执行请示 through /api/v1/: requests visible to the actor, a new request (about a case or not),
and the answer of the court asked (法发〔2014〕26号 第1条; numbered 执他 at that court)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from zhixing.cases import selectors as case_selectors
from zhixing.core.schemas import ErrorOut

from ..models import InstructionRequest
from ..selectors import supervision as selectors
from ..services import instructions as services

router = Router(tags=["执行请示"])
READ = {401: ErrorOut, 404: ErrorOut}
WRITE = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class InstructionOut(Schema):
    id: int
    case_number: str = Field(..., description="被请示法院的“执他”字案号")
    court: str = Field(..., description="请示法院代字")
    to_court: str
    case_id: int | None
    enforcement_case_number: str | None
    question: str
    asked_on: date
    asked_by: str
    answer: str
    answered_on: date | None
    answered_by: str | None


class RequestIn(Schema):
    on: date
    question: str
    case_id: int | None = Field(None, description="涉及的本院执行案件（可不填）")


class AnswerIn(Schema):
    on: date
    answer: str


def _out(r: InstructionRequest) -> InstructionOut:
    return InstructionOut(
        id=r.pk,
        case_number=r.case_number,
        court=r.court.code,
        to_court=r.to_court.code,
        case_id=r.case_id,
        enforcement_case_number=r.case.case_number if r.case else None,
        question=r.question,
        asked_on=r.asked_on,
        asked_by=r.asked_by.name,
        answer=r.answer,
        answered_on=r.answered_on,
        answered_by=r.answered_by.name if r.answered_by else None,
    )


@router.get(
    "/instruction-requests",
    response={200: list[InstructionOut], **READ},
    summary="可见的执行请示（未答复的在前）",
)
def request_list(request: HttpRequest) -> list[InstructionOut]:
    rows = sorted(
        selectors.instructions(request.user)[: selectors.LIST_LIMIT],
        key=lambda r: r.answered_on is not None,
    )
    return [_out(r) for r in rows]


@router.post(
    "/instruction-requests", response={201: InstructionOut, **WRITE}, summary="向上级法院请示"
)
def request_create(request: HttpRequest, payload: RequestIn) -> Status:
    case = (
        case_selectors.case_get(actor=request.user, pk=payload.case_id) if payload.case_id else None
    )
    row = services.instruction_request(
        actor=request.user, on=payload.on, question=payload.question, case=case
    )
    return Status(201, _out(selectors.instruction_get(actor=request.user, pk=row.pk)))


@router.post(
    "/instruction-requests/{int:request_id}/answer",
    response={200: InstructionOut, **WRITE},
    summary="答复下级法院的请示",
)
def request_answer(request: HttpRequest, request_id: int, payload: AnswerIn) -> InstructionOut:
    row = selectors.instruction_get(actor=request.user, pk=request_id)
    services.instruction_answer(
        actor=request.user, request=row, on=payload.on, answer=payload.answer
    )
    return _out(selectors.instruction_get(actor=request.user, pk=request_id))
