"""Coercive measures (拘传、罚款、拘留) through /api/v1/: parse, select, call one service, return.

民事诉讼法 第118条、第119条; 民诉法解释 第185条、第186条. Refusals are DomainErrors, mapped once to
{code, message, source, field} in `zhixing.api`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from zhixing.cases import selectors as case_selectors
from zhixing.core.rules.identity import mask_id_number
from zhixing.core.schemas import READ, WRITE, ErrorOut
from zhixing.core.views import docx_response

from ..models import CoerciveMeasure, CoerciveReconsideration
from ..rules import coercive as rules
from ..selectors import coercive as selectors
from ..services import coercive as services
from ._common import limited

router = Router(tags=["强制措施"])


# --- schemas ---------------------------------------------------------------------------------


class ProposeIn(Schema):
    measure: str = Field(..., description="summons（拘传）| fine（罚款）| detention（拘留）")
    subject: str = Field("individual", description="individual（个人）| unit（单位）")
    person_name: str
    id_number: str = ""
    credit_code: str = ""
    responsible_person: str = Field("", description="单位的主要负责人（对单位时必填）")
    amount: str | None = Field(
        None,
        description='罚款金额（元），个人十万元以下，单位五万元以上一百万元以下，如 "50000.00"',
    )
    days: int | None = Field(None, description="拘留天数，十五日以下")
    conduct: str = Field(
        ...,
        description="妨害行为：" + " | ".join(c.code for c in rules.CONDUCTS) + " | other",
    )
    conduct_article: str = Field("", description="conduct 为 other 时必填：所属条款")
    facts: str
    proposed_on: date | None = None


class ApproveIn(Schema):
    on: date | None = None
    note: str = ""


class RefuseIn(Schema):
    reason: str
    on: date | None = None


class ExecuteIn(Schema):
    served_on: date | None = Field(None, description="决定书（拘传票）送达日期，复议期间自次日起算")
    executed_on: date | None = Field(None, description="执行日期")


class ApplyIn(Schema):
    applied_on: date
    reason: str


class DecideIn(Schema):
    outcome: str = Field(..., description="upheld（维持）| revoked（撤销）| changed（变更）")
    note: str
    amount: str | None = Field(None, description="变更后的罚款金额（变更罚款时）")
    days: int | None = Field(None, description="变更后的拘留天数（变更拘留时）")
    on: date | None = None


class ReconsiderationOut(Schema):
    id: int
    measure_id: int
    court_code: str
    court_name: str
    applied_on: date
    reason: str
    outcome: str
    outcome_label: str
    amount: Decimal | None
    days: int | None
    note: str
    decided_on: date | None
    document_number: str | None
    stays_measure: bool = Field(
        False, description="复议期间不停止执行（民事诉讼法 第119条）：恒为 false"
    )


class MeasureOut(Schema):
    id: int
    case_id: int
    case_number: str | None
    court_code: str
    measure: str
    measure_label: str
    subject: str
    person_name: str
    id_number_masked: str = Field(
        ...,
        description="身份证号码（脱敏，如 110105********002X）；完整号码只载于决定书，下载记入审计日志",
    )
    credit_code: str
    responsible_person: str
    amount: Decimal | None
    days: int | None
    conduct: str
    conduct_label: str
    conduct_article: str
    facts: str
    proposed_on: date
    status: str
    status_label: str
    decided_on: date | None
    decision_note: str
    document_title: str
    document_number: str | None
    document_url: str | None
    served_on: date | None
    executed_on: date | None
    reconsideration_due: date | None = Field(
        None, description="复议申请届满日（收到决定书之日起三日，民诉法解释 第185条）"
    )
    reconsideration: ReconsiderationOut | None


# --- building responses --------------------------------------------------------------------


def _recon_out(r: CoerciveReconsideration) -> ReconsiderationOut:
    return ReconsiderationOut(
        id=r.pk,
        measure_id=r.measure_id,
        court_code=r.court.code,
        court_name=r.court.name,
        applied_on=r.applied_on,
        reason=r.reason,
        outcome=r.outcome,
        outcome_label=r.get_outcome_display() if r.outcome else "待决定",
        amount=r.amount,
        days=r.days,
        note=r.note,
        decided_on=r.decided_on,
        document_number=r.document_number,
    )


def _out(m: CoerciveMeasure) -> MeasureOut:
    recon = selectors.reconsideration_of(m)
    approved = m.status == CoerciveMeasure.Status.APPROVED
    return MeasureOut(
        id=m.pk,
        case_id=m.case_id,
        case_number=m.case.case_number,
        court_code=m.court.code,
        measure=m.measure,
        measure_label=m.get_measure_display(),
        subject=m.subject,
        person_name=m.person_name,
        id_number_masked=mask_id_number(m.id_number) if m.id_number else "",
        credit_code=m.credit_code,
        responsible_person=m.responsible_person,
        amount=m.amount,
        days=m.days,
        conduct=m.conduct,
        conduct_label=m.conduct_label,
        conduct_article=m.conduct_article,
        facts=m.facts,
        proposed_on=m.proposed_on,
        status=m.status,
        status_label=m.get_status_display(),
        decided_on=m.decided_on,
        decision_note=m.decision_note,
        document_title=m.document_title,
        document_number=m.document_number,
        document_url=f"/api/v1/coercive-measures/{m.pk}/document" if approved else None,
        served_on=m.served_on,
        executed_on=m.executed_on,
        reconsideration_due=services.reconsideration_due(m) if approved else None,
        reconsideration=_recon_out(recon) if recon else None,
    )


def _fresh(request: HttpRequest, pk: int) -> MeasureOut:
    return _out(selectors.measure_get(actor=request.user, pk=pk))


# --- endpoints -----------------------------------------------------------------------------


@router.get(
    "/cases/{int:case_id}/coercive-measures",
    response={200: list[MeasureOut], **READ},
    summary="本案强制措施（拘传、罚款、拘留）",
)
def case_measures(request: HttpRequest, case_id: int) -> list[MeasureOut]:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    return [_out(m) for m in selectors.case_measures(actor=request.user, case=case)]


@router.post(
    "/cases/{int:case_id}/coercive-measures",
    response={201: MeasureOut, **WRITE},
    summary="提请强制措施（执行员、执行法官）",
    description="提请时核对民事诉讼法第118条的限度；须经院长批准（第119条）后方可执行。",
)
def measure_propose(request: HttpRequest, case_id: int, payload: ProposeIn) -> Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    row = services.coercive_propose(actor=request.user, case=case, **payload.dict())
    return Status(201, _fresh(request, row.pk))


@router.get(
    "/coercive-measures/pending",
    response={200: list[MeasureOut], 401: ErrorOut, 403: ErrorOut},
    summary="待院长审批的强制措施（本院；仅院长）",
)
def measures_pending(request: HttpRequest, limit: int = 300) -> list[MeasureOut]:
    services.require_pending_viewer(request.user)
    rows = selectors.pending_approvals(actor=request.user)[: limited(limit, 1000)]
    return [_out(m) for m in rows]


@router.get(
    "/coercive-measures/{int:measure_id}",
    response={200: MeasureOut, **READ},
    summary="强制措施详情",
)
def measure_detail(request: HttpRequest, measure_id: int) -> MeasureOut:
    return _fresh(request, measure_id)


@router.post(
    "/coercive-measures/{int:measure_id}/approve",
    response={200: MeasureOut, **WRITE},
    summary="院长批准（编定司惩文号，记入流程节点）",
)
def measure_approve(request: HttpRequest, measure_id: int, payload: ApproveIn) -> MeasureOut:
    row = selectors.measure_get(actor=request.user, pk=measure_id)
    services.coercive_approve(actor=request.user, measure=row, on=payload.on, note=payload.note)
    return _fresh(request, measure_id)


@router.post(
    "/coercive-measures/{int:measure_id}/refuse",
    response={200: MeasureOut, **WRITE},
    summary="院长不予批准",
)
def measure_refuse(request: HttpRequest, measure_id: int, payload: RefuseIn) -> MeasureOut:
    row = selectors.measure_get(actor=request.user, pk=measure_id)
    services.coercive_refuse(actor=request.user, measure=row, reason=payload.reason, on=payload.on)
    return _fresh(request, measure_id)


@router.post(
    "/coercive-measures/{int:measure_id}/execution",
    response={200: MeasureOut, **WRITE},
    summary="记录送达、执行（复议期间不停止执行）",
)
def measure_execute(request: HttpRequest, measure_id: int, payload: ExecuteIn) -> MeasureOut:
    row = selectors.measure_get(actor=request.user, pk=measure_id)
    services.coercive_execute(
        actor=request.user,
        measure=row,
        served_on=payload.served_on,
        executed_on=payload.executed_on,
    )
    return _fresh(request, measure_id)


@router.post(
    "/coercive-measures/{int:measure_id}/reconsideration",
    response={201: ReconsiderationOut, **WRITE},
    summary="登记复议申请（代被采取措施人登记，向上一级法院复议一次）",
)
def reconsideration_apply(request: HttpRequest, measure_id: int, payload: ApplyIn) -> Status:
    row = selectors.measure_get(actor=request.user, pk=measure_id)
    recon = services.reconsideration_apply(
        actor=request.user, measure=row, applied_on=payload.applied_on, reason=payload.reason
    )
    return Status(201, _recon_out(selectors.reconsideration_get(actor=request.user, pk=recon.pk)))


@router.get(
    "/coercive-reconsiderations",
    response={200: list[ReconsiderationOut], 401: ErrorOut, 403: ErrorOut},
    summary="向本院申请复议的强制措施（待决定在前；执行员、法官、法官助理、书记员）",
)
def reconsiderations(
    request: HttpRequest, open_only: bool = False, limit: int = 300
) -> list[ReconsiderationOut]:
    services.require_reconsideration_viewer(request.user)
    rows = selectors.reconsiderations_for(actor=request.user, open_only=open_only)
    return [_recon_out(r) for r in rows[: limited(limit, 1000)]]


@router.post(
    "/coercive-reconsiderations/{int:reconsideration_id}/decision",
    response={200: ReconsiderationOut, **WRITE},
    summary="复议决定（上一级法院：维持、撤销或变更）",
)
def reconsideration_decide(
    request: HttpRequest, reconsideration_id: int, payload: DecideIn
) -> ReconsiderationOut:
    recon = selectors.reconsideration_get(actor=request.user, pk=reconsideration_id)
    services.reconsideration_decide(
        actor=request.user,
        reconsideration=recon,
        outcome=payload.outcome,
        note=payload.note,
        amount=payload.amount,
        days=payload.days,
        on=payload.on,
    )
    return _recon_out(selectors.reconsideration_get(actor=request.user, pk=reconsideration_id))


@router.get(
    "/coercive-measures/{int:measure_id}/document",
    response={200: None, **READ, 409: ErrorOut},
    summary="下载拘传票、罚款决定书或拘留决定书（Word）",
    description="文书载有被采取措施人的完整身份证号码，每次下载记入审计日志（查看个人信息）。",
)
def measure_document(request: HttpRequest, measure_id: int) -> HttpResponse:
    row = selectors.measure_get(actor=request.user, pk=measure_id)
    content, filename = services.coercive_document(actor=request.user, measure=row)
    return docx_response(content, filename)
