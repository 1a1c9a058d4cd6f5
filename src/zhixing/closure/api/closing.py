"""结案 and the 终本 gate through /api/v1/: parse, select within scope, call one service, return.

法发〔2014〕26号 第14—23条; 法〔2016〕373号 第1—6条; 民诉法解释 第517条. Refusals are DomainErrors
mapped once in `zhixing.api`; a refused 终本 closure answers 409 with the same body plus `missing`,
every unmet condition of the checklist.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhixing.cases import selectors as case_selectors
from zhixing.cases.models import CollegialDecision, EnforcementCase
from zhixing.core.errors import NotFound
from zhixing.core.schemas import READ, ErrorOut

from ..rules import modes
from ..rules.round_termination import Condition
from ..selectors import closing as selectors
from ..services import closing as services
from ..services import round_termination

router = Router(tags=["结案与终本"])


class ConditionOut(Schema):
    code: str
    label: str
    met: bool
    applies: bool = Field(True, description="false：本案未发生该情形（如未记录下落不明），不适用")
    missing: str = Field("", description="尚需办理的事项（已具备时为空）")
    detail: str = ""
    source: str
    where: str = Field(
        ...,
        description="去哪里办理：filing | node（案件页面记录节点）| inquiry（网络查控）| leads | "
        "controls | disposal | coercive | review（合议庭审查、院长批准）",
    )


class ModeOut(Schema):
    mode: str
    label: str
    source: str


class ClosureOut(Schema):
    case_id: int
    case_number: str | None
    type_code: str
    status: str
    closure_mode: str
    closure_mode_label: str
    closed_on: date | None
    modes: list[ModeOut]
    round_termination_ready: bool = Field(..., description="终本条件是否已全部具备")
    checklist: list[ConditionOut] = Field(..., description="终本条件审查（执保案件为空）")
    notice_url: str | None = Field(None, description="结案通知书（DOCX），结案后提供")


class GateRefusalOut(ErrorOut):
    missing: list[ConditionOut] = Field(..., description="尚不具备的每一项终本条件")


class CloseIn(Schema):
    mode: str = Field(
        ...,
        description="结案方式："
        + " | ".join(f"{m.value}（{label}）" for m, label in modes.MODE_LABELS.items()),
    )
    on: date | None = Field(None, description="结案日期，默认今天")
    note: str = ""


class ApproveIn(Schema):
    decision_id: int = Field(
        ..., description="合议庭终本审查意见（评议类别 round_termination）的 id"
    )
    on: date | None = None
    note: str = ""


class StatisticsRowOut(Schema):
    court_id: int | None
    court_name: str
    total: int
    round_termination: int = Field(..., description="终结本次执行程序")
    others: int = Field(..., description="实际执结：终本以外的各结案方式之和")
    round_termination_share: float | None
    by_mode: dict[str, int]


class StatisticsOut(Schema):
    start: date
    end: date
    courts: list[StatisticsRowOut]
    total: StatisticsRowOut


def _condition(c: Condition) -> ConditionOut:
    return ConditionOut(
        code=c.code,
        label=c.label,
        met=c.met,
        applies=c.applies,
        missing=c.missing,
        detail=c.detail,
        source=c.source,
        where=c.where.value,
    )


def _out(case: EnforcementCase, on: date) -> ClosureOut:
    round_termination_type = modes.Mode.ROUND_TERMINATED in modes.modes_for(case.type_code)
    checklist = round_termination.gate_checklist(case, on) if round_termination_type else []
    try:
        label = modes.MODE_LABELS[modes.Mode(case.closure_mode)] if case.closure_mode else ""
    except ValueError:
        label = case.closure_mode
    closed = case.status == EnforcementCase.Status.CLOSED
    return ClosureOut(
        case_id=case.pk,
        case_number=case.case_number,
        type_code=case.type_code,
        status=case.status,
        closure_mode=case.closure_mode,
        closure_mode_label=label,
        closed_on=case.closed_on,
        modes=[
            ModeOut(mode=m.value, label=modes.MODE_LABELS[m], source=modes.MODE_SOURCES[m])
            for m in modes.modes_for(case.type_code)
        ],
        round_termination_ready=bool(checklist) and all(c.met for c in checklist),
        checklist=[_condition(c) for c in checklist],
        notice_url=reverse("closure-notice", args=[case.pk])
        if closed and case.closure_mode
        else None,
    )


def _row(r: selectors.ClosureRow) -> StatisticsRowOut:
    return StatisticsRowOut(
        court_id=r.court_id,
        court_name=r.court_name,
        total=r.total,
        round_termination=r.round_termination,
        others=r.others,
        round_termination_share=r.round_termination_share,
        by_mode=r.by_mode,
    )


@router.get(
    "/cases/{case_id}/closure",
    response={200: ClosureOut, **READ},
    summary="案件的结案方式与终本条件审查清单",
)
def closure_get(request: HttpRequest, case_id: int) -> ClosureOut:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    return _out(case, timezone.localdate())


@router.post(
    "/cases/{case_id}/closure",
    response={
        200: ClosureOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: GateRefusalOut | ErrorOut,
        422: ErrorOut,
    },
    summary="结案（终本的：条件不全部具备时 409，并列出每一项尚缺的条件）",
)
def closure_close(request: HttpRequest, case_id: int, payload: CloseIn) -> ClosureOut | Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    on = payload.on or timezone.localdate()
    try:
        services.case_close(
            actor=request.user, case=case, mode=payload.mode, on=on, note=payload.note
        )
    except services.RoundTerminationGateRefused as error:
        return Status(
            409,
            GateRefusalOut(**error.as_dict(), missing=[_condition(c) for c in error.conditions]),
        )
    return _out(case_selectors.case_get(actor=request.user, pk=case_id), on)


@router.post(
    "/cases/{case_id}/round-termination-approval",
    response={
        200: ClosureOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="院长批准终结本次执行程序（须先有合议庭终本审查意见；仅本院院长）",
)
def round_termination_approval(
    request: HttpRequest, case_id: int, payload: ApproveIn
) -> ClosureOut:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    decision = CollegialDecision.objects.filter(pk=payload.decision_id, case=case).first()
    if decision is None:
        raise NotFound("本案没有该合议庭评议", code="round_termination.decision_not_found")
    on = payload.on or timezone.localdate()
    round_termination.round_termination_approve(
        actor=request.user, case=case, decision=decision, on=on, note=payload.note
    )
    return _out(case, on)


@router.get(
    "/closures/statistics",
    response={200: StatisticsOut, 401: ErrorOut, 422: ErrorOut},
    summary="结案统计：按法院、结案方式，终本单独统计（默认本年度至今）",
)
def closure_statistics(
    request: HttpRequest, start: date | None = None, end: date | None = None
) -> StatisticsOut:
    today = timezone.localdate()
    start = start or date(today.year, 1, 1)
    end = end or today
    if start > end:
        start, end = end, start
    rows, total = selectors.closure_statistics(actor=request.user, start=start, end=end)
    return StatisticsOut(start=start, end=end, courts=[_row(r) for r in rows], total=_row(total))
