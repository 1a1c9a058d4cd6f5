"""/api/v1/ routes of the listing area: the listings in scope, one listing, a case's listings, and
the writes (request, decide, reject, publish, extend, hide, unhide, remove), the 决定书 download.
Scope-checked: outside it, 404. Identity numbers are masked in every answer: staff read the full
number on the case's party record, which is where the codebase shows it."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from zhixing.cases.models import EnforcementCase, Party
from zhixing.core.schemas import READ, WRITE
from zhixing.core.views import docx_response, today
from zhixing.measures.api._common import party_of

from ..documents import decision_docx, decision_filename
from ..models import DishonestDebtorListing
from ..selectors import listing as selectors
from ..services import listing as services
from ._common import out

router = Router(tags=["信用惩戒"])


class ListingOut(Schema):
    id: int
    case_id: int
    case_number: str
    court_id: int
    court_name: str
    party_id: int
    respondent_kind: str = Field(..., description="person | organisation")
    name: str
    sex: str
    id_masked: str = Field(..., description="身份证号码（脱敏）；完整号码不经本接口输出")
    credit_code: str
    legal_representative: str
    decision_number: str
    ground: str
    ground_label: str
    conduct: str
    initiative: str
    status: str = Field(
        ..., description="requested | rejected | decided | published | removed | revoked"
    )
    status_label: str
    requested_on: date | None
    decision_due_on: date | None = Field(..., description="应作出决定日期（申请后15日）")
    decided_on: date | None
    rejection_reason: str
    term_years: int | None = Field(..., description="纳入期限（年）；第（一）项为空（不设期限）")
    extension_years: int
    extension_reason: str
    term_ends_on: date | None
    publish_due_on: date | None = Field(..., description="应发布日期（决定后3个工作日）")
    published_on: date | None
    hidden: bool
    removal_ground: str
    removed_on: date | None
    overdue: bool


def _out(row: DishonestDebtorListing, day: date | None = None) -> ListingOut:
    return out(
        ListingOut,
        row,
        id=row.pk,
        ground_label=row.get_ground_display(),
        status_label=row.get_status_display(),
        overdue=selectors.overdue(row, day or today()),
    )


class RequestIn(Schema):
    party_id: int
    ground: str = Field(..., description="失信规定 第1条 情形：able_but_refuses | obstructs | …")
    conduct: str
    requested_on: date


class DecideIn(Schema):
    party_id: int
    ground: str
    conduct: str
    on: date
    initiative: str = Field(..., description="application | ex_officio")
    request_id: int | None = Field(None, description="就申请作出决定时，申请记录的 id")
    extension_years: int = 0
    extension_reason: str | None = Field(None, description="serious_violence | multiple_conduct")
    extension_note: str = ""
    security_given: bool = False
    later_in_order: bool = False
    publish: bool = True


class RejectIn(Schema):
    on: date
    reason: str


class OnIn(Schema):
    on: date


class ExtendIn(Schema):
    years: int
    reason: str | None = None
    note: str = ""
    on: date


class ReasonIn(Schema):
    reason: str


class RemoveIn(Schema):
    ground: str = Field(..., description="失信规定 第10条 删除情形")
    on: date
    note: str = ""
    applicant_request_approved: bool = False
    arose_on: date | None = Field(None, description="删除情形发生日期（默认为删除日期）")


def _respondent(request: HttpRequest, case_id: int, party_id: int) -> tuple[EnforcementCase, Party]:
    case = selectors.case_in_scope(actor=request.user, pk=case_id)
    return case, party_of(case, party_id)


@router.get(
    "/credit/listings",
    response={200: list[ListingOut], **READ},
    summary="失信名单（本院及辖区法院，最新在前，每次最多200条）",
)
def listings(
    request: HttpRequest,
    status: str | None = None,
    court_id: int | None = None,
    overdue: bool = False,
    before_id: int | None = None,
) -> list[ListingOut]:
    day = today()
    qs = selectors.listings(
        actor=request.user, status=status, court_id=court_id, overdue_only=overdue, today=day
    )
    if before_id:
        qs = qs.filter(pk__lt=before_id)
    return [_out(row, day) for row in qs[: selectors.LIST_PAGE]]


@router.get(
    "/credit/listings/{int:listing_id}",
    response={200: ListingOut, **READ},
    summary="失信名单记录",
)
def listing_detail(request: HttpRequest, listing_id: int) -> ListingOut:
    return _out(selectors.listing_get(actor=request.user, pk=listing_id))


@router.get(
    "/cases/{int:case_id}/credit/listings",
    response={200: list[ListingOut], **READ},
    summary="本案的失信名单记录",
)
def case_listings(request: HttpRequest, case_id: int) -> list[ListingOut]:
    case = selectors.case_in_scope(actor=request.user, pk=case_id)
    return [
        _out(row)
        for state in selectors.case_respondents(actor=request.user, case=case)
        for row in state.history
    ]


@router.post(
    "/cases/{int:case_id}/credit/requests",
    response={201: ListingOut, **WRITE},
    summary="登记申请执行人纳入失信名单的书面申请（15日内决定）",
)
def listing_request(request: HttpRequest, case_id: int, payload: RequestIn) -> Status:
    case, party = _respondent(request, case_id, payload.party_id)
    row = services.listing_request(
        actor=request.user,
        case=case,
        party=party,
        ground=payload.ground,
        conduct=payload.conduct,
        requested_on=payload.requested_on,
    )
    return Status(201, _out(row))


@router.post(
    "/cases/{int:case_id}/credit/listings",
    response={201: ListingOut, **WRITE},
    summary="决定纳入失信被执行人名单（须已签发限制消费令）",
)
def listing_decide(request: HttpRequest, case_id: int, payload: DecideIn) -> Status:
    case, party = _respondent(request, case_id, payload.party_id)
    req = (
        selectors.listing_get(actor=request.user, pk=payload.request_id)
        if payload.request_id
        else None
    )
    row = services.listing_decide(
        actor=request.user,
        case=case,
        party=party,
        ground=payload.ground,
        conduct=payload.conduct,
        on=payload.on,
        initiative=payload.initiative,
        request=req,
        extension_years=payload.extension_years,
        extension_reason=payload.extension_reason,
        extension_note=payload.extension_note,
        security_given=payload.security_given,
        later_in_order=payload.later_in_order,
        publish=payload.publish,
    )
    return Status(201, _out(row))


@router.post(
    "/credit/listings/{int:listing_id}/reject",
    response={200: ListingOut, **WRITE},
    summary="决定不予纳入（申请）",
)
def listing_reject(request: HttpRequest, listing_id: int, payload: RejectIn) -> ListingOut:
    row = selectors.listing_get(actor=request.user, pk=listing_id)
    return _out(
        services.listing_reject(
            actor=request.user, listing=row, on=payload.on, reason=payload.reason
        )
    )


@router.post(
    "/credit/listings/{int:listing_id}/publish",
    response={200: ListingOut, **WRITE},
    summary="发布失信名单",
)
def listing_publish(request: HttpRequest, listing_id: int, payload: OnIn) -> ListingOut:
    row = selectors.listing_get(actor=request.user, pk=listing_id)
    return _out(services.listing_publish(actor=request.user, listing=row, on=payload.on))


@router.post(
    "/credit/listings/{int:listing_id}/extend",
    response={200: ListingOut, **WRITE},
    summary="延长纳入期限1—3年（须有法定理由）",
)
def listing_extend(request: HttpRequest, listing_id: int, payload: ExtendIn) -> ListingOut:
    row = selectors.listing_get(actor=request.user, pk=listing_id)
    return _out(
        services.listing_extend(
            actor=request.user,
            listing=row,
            years=payload.years,
            reason=payload.reason,
            note=payload.note,
            on=payload.on,
        )
    )


@router.post(
    "/credit/listings/{int:listing_id}/hide",
    response={200: ListingOut, **WRITE},
    summary="屏蔽（执行局局长或院长）",
)
def listing_hide(request: HttpRequest, listing_id: int, payload: ReasonIn) -> ListingOut:
    row = selectors.listing_get(actor=request.user, pk=listing_id)
    return _out(services.listing_hide(actor=request.user, listing=row, reason=payload.reason))


@router.post(
    "/credit/listings/{int:listing_id}/unhide",
    response={200: ListingOut, **WRITE},
    summary="解除屏蔽",
)
def listing_unhide(request: HttpRequest, listing_id: int, payload: ReasonIn) -> ListingOut:
    row = selectors.listing_get(actor=request.user, pk=listing_id)
    return _out(services.listing_unhide(actor=request.user, listing=row, reason=payload.reason))


@router.post(
    "/credit/listings/{int:listing_id}/remove",
    response={200: ListingOut, **WRITE},
    summary="删除失信信息（失信规定 第10条）",
)
def listing_remove(request: HttpRequest, listing_id: int, payload: RemoveIn) -> ListingOut:
    row = selectors.listing_get(actor=request.user, pk=listing_id)
    return _out(
        services.listing_remove(
            actor=request.user,
            listing=row,
            ground=payload.ground,
            on=payload.on,
            note=payload.note,
            applicant_request_approved=payload.applicant_request_approved,
            arose_on=payload.arose_on,
        )
    )


@router.get(
    "/credit/listings/{int:listing_id}/decision.docx",
    response={200: None, **READ},
    summary="纳入失信被执行人名单决定书（DOCX）",
)
def listing_document(request: HttpRequest, listing_id: int) -> HttpResponse:
    row = selectors.listing_get(actor=request.user, pk=listing_id)
    return docx_response(decision_docx(row), decision_filename(row))
