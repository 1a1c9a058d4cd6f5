"""Property leads (财产线索) through /api/v1/: registering the applicant's lead, recording its
verification, and the case's leads with their due dates (法发〔2006〕35号 第6条: 5 days)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhixing.cases import selectors as case_selectors
from zhixing.core.schemas import READ, WRITE

from ..selectors import leads as selectors
from ..services import leads as services
from ._common import party_of

router = Router(tags=["财产线索"])


class LeadIn(Schema):
    provided_by_id: int = Field(..., description="提供线索的申请执行人（当事人 id）")
    received_on: date
    kind: str = Field(
        ..., description="deposit | real_estate | vehicle | equity | receivable | other"
    )
    description: str
    how_to_verify: str = ""
    urgent: bool = False


class VerifyIn(Schema):
    verified_on: date
    result: str = Field(..., description="found（发现财产）| not_found（未发现财产）")
    note: str = ""


class LeadOut(Schema):
    id: int
    case_id: int
    provided_by_id: int
    provided_by: str
    received_on: date
    kind: str
    kind_label: str
    description: str
    how_to_verify: str
    urgent: bool
    due_on: date | None = Field(
        ..., description="核查期限（收到线索之日起五日，法发〔2006〕35号 第6条）"
    )
    status: str = Field(
        ..., description="open | due_soon | overdue | met | met_late | paused | ended"
    )
    status_label: str
    overdue: bool
    result: str
    result_label: str
    result_note: str
    verified_on: date | None


def _out(row: selectors.LeadRow) -> LeadOut:
    lead = row.lead
    return LeadOut(
        id=lead.pk,
        case_id=lead.case_id,
        provided_by_id=lead.provided_by_id,
        provided_by=lead.provided_by.name,
        received_on=lead.received_on,
        kind=lead.kind,
        kind_label=lead.get_kind_display(),
        description=lead.description,
        how_to_verify=lead.how_to_verify,
        urgent=lead.urgent,
        due_on=row.due_on,
        status=row.status.value,
        status_label=row.label,
        overdue=row.status.value == "overdue",
        result=lead.result,
        result_label=lead.get_result_display() if lead.result else "待核查",
        result_note=lead.result_note,
        verified_on=lead.verified_on,
    )


def _row(request: HttpRequest, case, pk: int) -> LeadOut:
    rows = selectors.case_leads(actor=request.user, case=case, today=timezone.localdate())
    return _out(next(r for r in rows if r.lead.pk == pk))


@router.get(
    "/cases/{int:case_id}/property-leads",
    response={200: list[LeadOut], **READ},
    summary="本案财产线索及核查期限",
)
def case_leads(request: HttpRequest, case_id: int) -> list[LeadOut]:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    return [_out(r) for r in selectors.case_leads(actor=request.user, case=case)]


@router.post(
    "/cases/{int:case_id}/property-leads",
    response={201: LeadOut, **WRITE},
    summary="登记申请执行人提供的财产线索（开始五日核查期限）",
)
def lead_create(request: HttpRequest, case_id: int, payload: LeadIn) -> Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    party = party_of(case, payload.provided_by_id)
    values = payload.dict()
    values.pop("provided_by_id")
    lead = services.lead_register(actor=request.user, case=case, provided_by=party, **values)
    return Status(201, _row(request, case, lead.pk))


@router.post(
    "/property-leads/{int:lead_id}/verification",
    response={200: LeadOut, **WRITE},
    summary="记录财产线索核查结果",
)
def lead_verify(request: HttpRequest, lead_id: int, payload: VerifyIn) -> LeadOut:
    lead = selectors.lead_get(actor=request.user, pk=lead_id)
    services.lead_verify(actor=request.user, lead=lead, **payload.dict())
    return _row(request, lead.case, lead_id)
