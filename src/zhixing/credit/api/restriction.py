"""限制消费令 through /api/v1/: parse, select within scope, call one service, return.

限高规定 第1条、第3—5条、第9条. Refusals are DomainErrors mapped once in `zhixing.api`
({code, message, source, field}); an order is signed by the president of the case's court only.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from zhixing.cases import selectors as case_selectors
from zhixing.core.schemas import READ, WRITE
from zhixing.core.views import docx_response, today

from ..documents_restriction import restriction_docx, restriction_filename
from ..models import ConsumptionRestriction, DishonestDebtorListing
from ..rules import restriction as rules
from ..selectors import restriction as selectors
from ..services import restriction as services
from ._common import out, respondent_of

router = Router(tags=["限制消费令"])


class CoveredIn(Schema):
    role: str = Field(
        ...,
        description=" | ".join(
            f"{r.value}（{label}）" for r, label in rules.COVERED_ROLE_LABELS.items()
        ),
    )
    name: str
    id_number: str = ""


class CoveredOut(Schema):
    role: str
    role_label: str
    name: str


class RestrictionOut(Schema):
    id: int
    case_id: int
    party_id: int
    order_number: str
    respondent_kind: str
    name: str
    id_masked: str = Field("", description="身份证号码（脱敏）；完整号码不经本接口提供")
    credit_code: str
    legal_representative: str
    initiative: str
    ex_officio_reason: str
    behaviours: list[str]
    behaviour_labels: list[str]
    covered: list[CoveredOut]
    signed_on: date
    signed_by: str
    status: str
    lifting_ground: str
    lifted_on: date | None
    listed: bool = Field(..., description="被执行人在失信名单中：须保持限制消费（限高规定 第1条）")
    document_url: str


class IssueIn(Schema):
    party_id: int = Field(..., description="本案被执行人的 id")
    on: date | None = Field(None, description="签发日期，默认今天")
    initiative: str = Field(..., description="application（申请执行人申请）| ex_officio（依职权）")
    ex_officio_reason: str = ""
    behaviours: list[str] | None = Field(
        None,
        description="限制的消费行为，默认全部：" + " | ".join(b.value for b in rules.Behaviour),
    )
    covered: list[CoveredIn] = Field(
        default_factory=list,
        description="被执行人为单位时同时限制的人员（限高规定 第3条第2款）；法定代表人未列明的按立案登记补入",
    )
    period_text: str = ""


class LiftIn(Schema):
    ground: str = Field(
        ...,
        description=" | ".join(
            f"{g.value}（{label}）" for g, label in rules.LIFTING_GROUND_LABELS.items()
        ),
    )
    on: date | None = Field(None, description="解除日期，默认今天")
    security_recorded: bool = False
    consent_recorded: bool = False
    note: str = ""


def _out(row: ConsumptionRestriction, listed: bool) -> RestrictionOut:
    signer = getattr(row.signed_by, "staff", None)
    return out(
        RestrictionOut,
        row,
        id=row.pk,
        behaviours=list(row.behaviours),
        behaviour_labels=[
            rules.BEHAVIOUR_LABELS[b] for b in rules.Behaviour if b.value in set(row.behaviours)
        ],
        covered=[
            CoveredOut(
                role=p.get("role", ""),
                role_label=rules.COVERED_ROLE_LABELS.get(rules.CoveredRole(p["role"]), "")
                if p.get("role") in {r.value for r in rules.CoveredRole}
                else "",
                name=p.get("name", ""),
            )
            for p in row.covered
        ],
        signed_by=signer.name if signer else row.signed_by.get_username(),
        listed=listed,
        document_url=reverse("restriction-document", args=[row.pk]),
    )


def _listed(row: ConsumptionRestriction) -> bool:
    return DishonestDebtorListing.objects.filter(
        party_id=row.party_id, status__in=services.LISTED
    ).exists()


@router.get(
    "/cases/{case_id}/restrictions",
    response={200: list[RestrictionOut], **READ},
    summary="案件的限制消费令（含已解除的）",
)
def restriction_list(request: HttpRequest, case_id: int) -> list[RestrictionOut]:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    states = selectors.respondent_states(actor=request.user, case=case)
    listed = {s.party.pk for s in states if s.listed}
    return [
        _out(row, row.party_id in listed)
        for row in selectors.case_restrictions(actor=request.user, case=case)
    ]


@router.post(
    "/cases/{case_id}/restrictions",
    response={201: RestrictionOut, **WRITE},
    summary="签发限制消费令（仅本案法院院长；单位须载明四类人员）",
)
def restriction_issue(request: HttpRequest, case_id: int, payload: IssueIn) -> Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    party = respondent_of(case, payload.party_id)
    row = services.restriction_issue(
        actor=request.user,
        case=case,
        party=party,
        on=payload.on or today(),
        initiative=payload.initiative,
        ex_officio_reason=payload.ex_officio_reason,
        behaviours=payload.behaviours if payload.behaviours is not None else list(rules.Behaviour),
        covered=[c.dict() for c in payload.covered],
        period_text=payload.period_text,
    )
    return Status(201, _out(row, _listed(row)))


@router.post(
    "/restrictions/{restriction_id}/lifting",
    response={200: RestrictionOut, **WRITE},
    summary="解除限制消费令（担保、申请执行人同意、全部履行；在失信名单中的不能解除）",
)
def restriction_lift(request: HttpRequest, restriction_id: int, payload: LiftIn) -> RestrictionOut:
    row = selectors.restriction_get(actor=request.user, pk=restriction_id)
    row = services.restriction_lift(
        actor=request.user,
        restriction=row,
        ground=payload.ground,
        on=payload.on or today(),
        security_recorded=payload.security_recorded,
        consent_recorded=payload.consent_recorded,
        note=payload.note,
    )
    return _out(row, _listed(row))


@router.get(
    "/restrictions/{restriction_id}/document",
    response={200: None, **READ},
    summary="限制消费令文书（DOCX）",
)
def restriction_document(request: HttpRequest, restriction_id: int) -> HttpResponse:
    row = selectors.restriction_get(actor=request.user, pk=restriction_id)
    return docx_response(restriction_docx(row), restriction_filename(row))
