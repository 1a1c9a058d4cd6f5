"""Public pages under /public/: no login, no staff navigation, only published fields."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhixing.core.errors import DomainError, NotFound, add_to_form

from .. import rules, selectors, services
from ..models import PublicFeedback
from ..throttle import RateLimited, throttle

CATEGORIES = {
    "dishonest": ("失信被执行人", selectors.search_listings),
    "restricted": ("限制消费人员", selectors.search_restrictions),
    "terminated": ("终本案件", selectors.search_terminated_cases),
}
PAGE_SIZE = 10
THANKS_KEY = "portal_feedback_court"


class QueryForm(forms.Form):
    category = forms.ChoiceField(
        label="类别",
        choices=[(key, label) for key, (label, _) in CATEGORIES.items()],
        initial="dishonest",
    )
    name = forms.CharField(label="姓名或名称", required=False, max_length=100)
    id_number = forms.CharField(label="身份证号码或统一社会信用代码", required=False, max_length=40)


class FeedbackForm(forms.Form):
    topic = forms.ChoiceField(label="反馈类别", choices=PublicFeedback.Topic.choices)
    name = forms.CharField(label="您的姓名", max_length=40)
    phone = forms.CharField(label="联系电话", max_length=20)
    message = forms.CharField(
        label="反馈内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )


ACTIVE = ("query", "exposure", "typical")  # the public menu item a template's name starts with


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200):
    context.setdefault("active", next((a for a in ACTIVE if template.startswith(a)), ""))
    return render(request, f"portal/{template}", context, status=status)


def _public_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    response = _render(request, "public_error.html", {"error": error}, status=error.status)
    if isinstance(error, RateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response


def _throttled_page(request: HttpRequest) -> HttpResponse | None:
    """The `pages` counter of the published pages (see `throttle`): an error page past the rate."""
    try:
        throttle(request, "pages")
    except RateLimited as error:
        return _public_error(request, error)
    return None


def portal_home(request: HttpRequest) -> HttpResponse:
    if limited := _throttled_page(request):
        return limited
    return _render(
        request,
        "home.html",
        {
            "form": QueryForm(),
            "exposures": selectors.exposures_public()[:3],
            "typical_cases": selectors.typical_cases_public()[:3],
        },
    )


def public_query(request: HttpRequest) -> HttpResponse:
    """GET with no parameters shows the form; a query is throttled, validated, then answered."""
    if not request.GET:
        return _render(request, "query.html", {"form": QueryForm()})
    form = QueryForm(request.GET)
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return _render(request, "query.html", context, status=422)
    try:
        throttle(request, "query")
    except RateLimited as error:
        form.add_error(None, error.message)
        response = _render(request, "query.html", context, status=429)
        response["Retry-After"] = str(error.retry_after)
        return response
    data = form.cleaned_data
    id_number, credit_code = rules.split_identity(data["id_number"])
    try:
        criteria = rules.query_criteria(
            name=data["name"], id_number=id_number, credit_code=credit_code
        )
    except rules.QueryError as error:
        field = "id_number" if error.field in ("id_number", "credit_code") else "name"
        form.add_error(field, error.message)
        return _render(request, "query.html", context, status=422)
    label, search = CATEGORIES[data["category"]]
    rows = search(**asdict(criteria), limit=rules.MAX_RESULTS + 1)
    context.update(
        category=data["category"],
        category_label=label,
        results=rows[: rules.MAX_RESULTS],
        truncated=len(rows) > rules.MAX_RESULTS,
        too_many=rules.TOO_MANY,
        searched=True,
        terminated=data["category"] == "terminated",
    )
    return _render(request, "query.html", context)


def exposure_list(request: HttpRequest) -> HttpResponse:
    if limited := _throttled_page(request):
        return limited
    page = Paginator(selectors.exposures_public(), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(e, selectors.listing_public(e.listing)) for e in page.object_list]
    return _render(request, "exposure_list.html", {"page": page, "items": items})


def exposure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if limited := _throttled_page(request):
        return limited
    try:
        exposure = selectors.exposure_public_get(pk)
    except NotFound as error:
        return _public_error(request, error)
    return _exposure_page(request, exposure, FeedbackForm())


def _exposure_page(request, exposure, form, status=200):
    return _render(
        request,
        "exposure_detail.html",
        {"exposure": exposure, "row": selectors.listing_public(exposure.listing), "form": form},
        status=status,
    )


def typical_case_list(request: HttpRequest) -> HttpResponse:
    if limited := _throttled_page(request):
        return limited
    page = Paginator(selectors.typical_cases_public(), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "typical_case_list.html", {"page": page})


def typical_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if limited := _throttled_page(request):
        return limited
    try:
        typical = selectors.typical_case_public_get(pk)
    except NotFound as error:
        return _public_error(request, error)
    return _typical_page(request, typical, FeedbackForm(initial={"topic": "opinion"}))


def _typical_page(request, typical, form, status=200):
    return _render(
        request, "typical_case_detail.html", {"typical": typical, "form": form}, status=status
    )


def _feedback(request: HttpRequest, subject: Any, page: Any, **target: Any) -> HttpResponse:
    form = FeedbackForm(request.POST)
    try:
        throttle(request, "feedback")
    except RateLimited as error:
        form.add_error(None, error.message)
        response = page(request, subject, form, status=429)
        response["Retry-After"] = str(error.retry_after)
        return response
    if not form.is_valid():
        return page(request, subject, form, status=422)
    try:
        services.feedback_submit(**form.cleaned_data, **target)
    except DomainError as error:
        add_to_form(form, error)
        return page(request, subject, form, status=error.status)
    request.session[THANKS_KEY] = subject.court.name
    return redirect("portal-feedback-thanks")  # PRG: a reload does not send the message twice


def feedback_thanks(request: HttpRequest) -> HttpResponse:
    court_name = request.session.get(THANKS_KEY, "人民法院")
    return _render(request, "feedback_thanks.html", {"court_name": court_name})


@require_POST
def exposure_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        exposure = selectors.exposure_public_get(pk)
    except NotFound as error:
        return _public_error(request, error)
    return _feedback(request, exposure, _exposure_page, exposure=exposure)


@require_POST
def typical_case_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        typical = selectors.typical_case_public_get(pk)
    except NotFound as error:
        return _public_error(request, error)
    return _feedback(request, typical, _typical_page, typical_case=typical)
