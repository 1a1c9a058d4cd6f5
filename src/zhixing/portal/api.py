"""/api/v1/public/: the public query (no login, rate-limited per client), the exposure page, the
typical cases and the public's feedback. The fields are those of the pages, nothing more.

No endpoint can walk the list: the three searches take only a name, an identity number or a credit
code, matched exactly, and answer at most `rules.MAX_RESULTS` (any limit, offset or page sent is
ignored); the only `page` parameter is that of the exposures, a list the courts curate, 10 a page
and rate-limited (`throttle`, bucket `pages`)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema, Status

from zhixing.core.errors import DomainError
from zhixing.core.schemas import ErrorOut

from . import rules, selectors, services
from .throttle import RateLimited, throttle

router = Router(tags=["执行公开"])

PUBLIC = {404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
PAGE_SIZE = 10


class RespondentOut(Schema):
    kind: str
    name: str
    sex: str
    age: int | None
    id_masked: str
    credit_code: str
    legal_representative: str
    court_name: str
    case_number: str
    filed_on: date | None
    basis_issuer: str
    basis_number: str
    obligations: str


class ListingOut(RespondentOut):
    performance: str
    conduct: str
    published_on: date | None


class RestrictionOut(RespondentOut):
    performance: str
    order_number: str
    issued_on: date | None
    behaviours: list[str]


class TerminatedCaseOut(RespondentOut):
    closed_on: date | None


class ListingResults(Schema):
    results: list[ListingOut]
    truncated: bool
    notice: str


class RestrictionResults(Schema):
    results: list[RestrictionOut]
    truncated: bool
    notice: str


class TerminatedResults(Schema):
    results: list[TerminatedCaseOut]
    truncated: bool
    notice: str


class ExposureOut(Schema):
    id: int
    headline: str
    summary: str
    published_on: date
    court_name: str
    respondent: ListingOut


class ExposurePage(Schema):
    page: int
    pages: int
    results: list[ExposureOut]


class TypicalCaseOut(Schema):
    id: int
    title: str
    category: str
    summary: str
    body: str
    published_on: date
    court_name: str


class FeedbackIn(Schema):
    exposure_id: int | None = None
    typical_case_id: int | None = None
    topic: str
    name: str
    phone: str
    message: str


class FeedbackOut(Schema):
    id: int
    court_name: str
    message: str


def limited(request: HttpRequest, bucket: str) -> HttpResponse | None:
    """Counts the request in `bucket` (see `throttle`); past the rate, the 429 answer to return."""
    try:
        throttle(request, bucket)
    except RateLimited as error:
        response = JsonResponse(
            error.as_dict(), status=429, json_dumps_params={"ensure_ascii": False}
        )
        response["Retry-After"] = str(error.retry_after)
        return response
    return None


def run_query(
    request: HttpRequest, search: Any, name: str, id_number: str, credit_code: str
) -> dict[str, Any] | HttpResponse:
    """Throttle, validate, then read at most MAX_RESULTS (one more to know there are more)."""
    if refused := limited(request, "query"):
        return refused
    try:
        criteria = rules.query_criteria(name=name, id_number=id_number, credit_code=credit_code)
    except rules.QueryError as error:
        raise DomainError.from_rule(error) from None
    rows = search(**asdict(criteria), limit=rules.MAX_RESULTS + 1)
    truncated = len(rows) > rules.MAX_RESULTS
    return {
        "results": [asdict(row) for row in rows[: rules.MAX_RESULTS]],
        "truncated": truncated,
        "notice": rules.TOO_MANY if truncated else "",
    }


@router.get(
    "/dishonest", auth=None, response={200: ListingResults, **PUBLIC}, summary="查询失信被执行人"
)
def dishonest(request: HttpRequest, name: str = "", id_number: str = "", credit_code: str = ""):
    return run_query(request, selectors.search_listings, name, id_number, credit_code)


@router.get(
    "/restrictions",
    auth=None,
    response={200: RestrictionResults, **PUBLIC},
    summary="查询限制消费人员",
)
def restrictions(request: HttpRequest, name: str = "", id_number: str = "", credit_code: str = ""):
    return run_query(request, selectors.search_restrictions, name, id_number, credit_code)


@router.get(
    "/terminated-cases",
    auth=None,
    response={200: TerminatedResults, **PUBLIC},
    summary="查询终结本次执行程序案件",
)
def terminated_cases(
    request: HttpRequest, name: str = "", id_number: str = "", credit_code: str = ""
):
    return run_query(request, selectors.search_terminated_cases, name, id_number, credit_code)


def exposure_out(exposure: Any) -> dict[str, Any]:
    return {
        "id": exposure.pk,
        "headline": exposure.headline,
        "summary": exposure.summary,
        "published_on": exposure.published_on,
        "court_name": exposure.court.name,
        "respondent": asdict(selectors.listing_public(exposure.listing)),
    }


@router.get("/exposures", auth=None, response={200: ExposurePage, **PUBLIC}, summary="失信曝光台")
def exposures(request: HttpRequest, page: int = 1):
    if refused := limited(request, "pages"):
        return refused
    paginator = Paginator(selectors.exposures_public(), PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "page": current.number,
        "pages": paginator.num_pages,
        "results": [exposure_out(e) for e in current.object_list],
    }


def typical_out(typical: Any) -> dict[str, Any]:
    return {
        "id": typical.pk,
        "title": typical.title,
        "category": typical.category,
        "summary": typical.summary,
        "body": typical.body,
        "published_on": typical.published_on,
        "court_name": typical.court.name,
    }


@router.get(
    "/typical-cases", auth=None, response={200: list[TypicalCaseOut], **PUBLIC}, summary="典型案例"
)
def typical_cases(request: HttpRequest):
    if refused := limited(request, "pages"):
        return refused
    return [typical_out(t) for t in selectors.typical_cases_public()[:50]]


@router.get(
    "/typical-cases/{typical_id}",
    auth=None,
    response={200: TypicalCaseOut, **PUBLIC},
    summary="典型案例详情",
)
def typical_case(request: HttpRequest, typical_id: int):
    if refused := limited(request, "pages"):
        return refused
    return typical_out(selectors.typical_case_public_get(typical_id))


@router.post("/feedback", auth=None, response={201: FeedbackOut, **PUBLIC}, summary="提交公众反馈")
def feedback(request: HttpRequest, payload: FeedbackIn):
    if refused := limited(request, "feedback"):
        return refused
    exposure = selectors.exposure_public_get(payload.exposure_id) if payload.exposure_id else None
    typical = (
        selectors.typical_case_public_get(payload.typical_case_id)
        if payload.typical_case_id
        else None
    )
    done = services.feedback_submit(
        exposure=exposure,
        typical_case=typical,
        topic=payload.topic,
        name=payload.name,
        phone=payload.phone,
        message=payload.message,
    )
    court_name = (exposure or typical).court.name
    return Status(
        201,
        {
            "id": done.pk,
            "court_name": court_name,
            "message": f"感谢您的反馈，{court_name}将及时处理。",
        },
    )
