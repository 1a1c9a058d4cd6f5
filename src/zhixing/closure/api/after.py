"""After 终本 through /api/v1/: a case's ten six-monthly inquiries, the open resumption flags in
scope, resuming one as a new 执恢 case or dismissing it, and registering a new property lead or the
applicant's application on a 终本 case. Scope-checked: outside it, 404."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from zhixing.core.errors import InputError
from zhixing.core.schemas import READ, WRITE

from ..models import ReInquiry, ResumptionFlag
from ..selectors import after as selectors
from ..services import after as services

router = Router(tags=["终本后查询与恢复执行"])


class ReInquiryOut(Schema):
    round: int = Field(
        ..., description="第几次（共10次：终本后5年内每6个月一次，法〔2016〕373号 第9条）"
    )
    due_on: date
    sent_on: date | None
    answered_on: date | None
    found: bool
    result: str
    told_on: date | None = Field(..., description="查询结果告知申请执行人的日期")
    cancelled: bool = Field(..., description="已恢复执行，本次不再查询")


class FlagOut(Schema):
    id: int
    case_id: int
    case_number: str
    court_id: int
    source: str = Field(..., description="re_inquiry | lead | applicant")
    source_label: str
    raised_on: date
    detail: str
    status: str = Field(..., description="open | resumed | dismissed")
    status_label: str
    handled_on: date | None
    handling_note: str
    resumed_case_id: int | None
    resumed_case_number: str | None


class ResumeIn(Schema):
    on: date = Field(..., description="恢复执行立案日期")
    confirmed: bool = Field(..., description="已审查立案条件（执行工作规定 第16条），须为 true")
    note: str = ""


class ResumeOut(Schema):
    flag: FlagOut
    case_id: int = Field(..., description="新立的执恢案件")
    case_number: str
    previous_case_id: int


class DismissIn(Schema):
    on: date
    reason: str


class LeadIn(Schema):
    on: date = Field(..., description="收到线索（或申请）的日期")
    description: str = Field(..., description="财产线索或申请事由")
    provided_by: str = Field("", description="线索提供人；为空表示申请执行人申请恢复执行")


def _round(row: ReInquiry) -> ReInquiryOut:
    return ReInquiryOut(
        round=row.round,
        due_on=row.due_on,
        sent_on=row.sent_on,
        answered_on=row.answered_on,
        found=row.found,
        result=row.result,
        told_on=row.told_on,
        cancelled=row.cancelled,
    )


def _flag(flag: ResumptionFlag) -> FlagOut:
    resumed = flag.resumed_case
    return FlagOut(
        id=flag.pk,
        case_id=flag.case_id,
        case_number=flag.case.case_number,
        court_id=flag.court_id,
        source=flag.source,
        source_label=flag.get_source_display(),
        raised_on=flag.raised_on,
        detail=flag.detail,
        status=flag.status,
        status_label=flag.get_status_display(),
        handled_on=flag.handled_on,
        handling_note=flag.handling_note,
        resumed_case_id=resumed.pk if resumed else None,
        resumed_case_number=resumed.case_number if resumed else None,
    )


@router.get(
    "/cases/{int:case_id}/re-inquiries",
    response={200: list[ReInquiryOut], **READ},
    summary="终本后定期查询（10次）及结果",
)
def case_re_inquiries(request: HttpRequest, case_id: int) -> list[ReInquiryOut]:
    case = selectors.case_in_scope(actor=request.user, pk=case_id)
    return [_round(r) for r in selectors.re_inquiries(actor=request.user, case=case)]


@router.get(
    "/resumptions",
    response={200: list[FlagOut], **READ},
    summary="待恢复执行的终本案件（发现最早的在前）",
)
def resumptions(request: HttpRequest, court_id: int | None = None) -> list[FlagOut]:
    return [_flag(f) for f in selectors.open_flags(actor=request.user, court_id=court_id)]


@router.post(
    "/resumptions/{int:flag_id}/resume",
    response={201: ResumeOut, **WRITE},
    summary="恢复执行：另立执恢案件（不受申请执行期间限制）",
)
def resumption_resume(request: HttpRequest, flag_id: int, payload: ResumeIn) -> Status:
    flag = selectors.flag_get(actor=request.user, pk=flag_id)
    if not payload.confirmed:
        raise InputError(
            "resumption.unconfirmed",
            "请确认已审查立案条件（执行工作规定 第16条）",
            field="confirmed",
        )
    new = services.resume(
        actor=request.user,
        flag=flag,
        on=payload.on,
        checklist=services.all_confirmed(),
        note=payload.note,
    )
    flag = selectors.flag_get(actor=request.user, pk=flag_id)
    return Status(
        201,
        ResumeOut(
            flag=_flag(flag),
            case_id=new.pk,
            case_number=new.case_number,
            previous_case_id=flag.case_id,
        ),
    )


@router.post(
    "/resumptions/{int:flag_id}/dismiss",
    response={200: FlagOut, **WRITE},
    summary="经核查不予恢复执行（写明理由）",
)
def resumption_dismiss(request: HttpRequest, flag_id: int, payload: DismissIn) -> FlagOut:
    flag = selectors.flag_get(actor=request.user, pk=flag_id)
    services.flag_dismiss(actor=request.user, flag=flag, on=payload.on, reason=payload.reason)
    return _flag(selectors.flag_get(actor=request.user, pk=flag_id))


@router.post(
    "/cases/{int:case_id}/leads-after-round-termination",
    response={201: FlagOut, **WRITE},
    summary="终本案件登记新的财产线索或恢复执行申请（列入待恢复执行）",
)
def lead_after_round_termination(request: HttpRequest, case_id: int, payload: LeadIn) -> Status:
    case = selectors.case_in_scope(actor=request.user, pk=case_id)
    if payload.provided_by.strip():
        flag = services.lead_after_round_termination(
            actor=request.user,
            case=case,
            description=payload.description,
            provided_by=payload.provided_by,
            on=payload.on,
        )
    else:
        flag = services.resumption_apply(
            actor=request.user, case=case, detail=payload.description, on=payload.on
        )
    return Status(201, _flag(selectors.flag_get(actor=request.user, pk=flag.pk)))
