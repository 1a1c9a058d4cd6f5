"""Pages of the feed area: /credit/feed/ (the departments' subscriptions, how far each has
acknowledged, its lag, and the latest entries) and /cases/<pk>/sanctions/ (联合惩戒反馈: the
sanctions departments reported on the case)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from zhixing.core.errors import NotFound
from zhixing.core.views import perform_action, shows_errors

from ..models import FeedSubscription
from ..selectors import feed as selectors
from ..services import feed as services


class SubscriptionForm(forms.Form):
    listings = forms.BooleanField(label="接收失信名单", required=False)
    restrictions = forms.BooleanField(label="接收限制消费令", required=False)
    full_identity = forms.BooleanField(label="接收完整身份证号码", required=False)
    push = forms.BooleanField(label="经发件箱推送", required=False)


def _subscription_form(subscription: Any, data: Any = None) -> SubscriptionForm:
    initial = {name: getattr(subscription, name) for name in SubscriptionForm.base_fields}
    return SubscriptionForm(data, initial=initial, prefix=f"sub-{subscription.department.code}")


def _overview(
    request: HttpRequest, bound: SubscriptionForm | None = None, code: str = "", status: int = 200
) -> HttpResponse:
    context = selectors.feed_overview(actor=request.user)
    may_change = selectors.may_change_subscriptions(request.user)
    rows = context["rows"]
    forms_by_code = {}
    if may_change:
        for row in rows:
            sub = row.subscription
            forms_by_code[sub.department.code] = (
                bound
                if bound is not None and sub.department.code == code
                else _subscription_form(sub)
            )
    context["table"] = [(row, forms_by_code.get(row.subscription.department.code)) for row in rows]
    return render(
        request,
        "credit/feed_overview.html",
        {**context, "source": selectors.SOURCE, "may_change": may_change},
        status=status,
    )


@login_required
@shows_errors
def feed_overview(request: HttpRequest) -> HttpResponse:
    return _overview(request)


@login_required
@require_POST
@shows_errors
def subscription_change(request: HttpRequest, pk: int) -> HttpResponse:
    """A system administrator changes a department's subscription (the service makes it catch
    up: see `credit.services.feed.subscription_change`)."""
    subscription = (
        FeedSubscription.objects.select_related("department")
        .filter(department_id=pk, department__active=True)
        .first()
    )
    if subscription is None or not selectors.may_change_subscriptions(request.user):
        raise NotFound("未找到该联动单位的订阅，或您无权变更")
    form = _subscription_form(subscription, request.POST)

    def perform() -> str:
        data = form.cleaned_data
        services.subscription_change(actor=request.user, department=subscription.department, **data)
        return f"已变更{subscription.department.name}的信用信息共享订阅"

    outcome = perform_action(request, form, perform, done_url=reverse("credit-feed"))
    if isinstance(outcome, HttpResponse):
        return outcome
    return _overview(request, form, subscription.department.code, status=outcome)


@login_required
@shows_errors
def case_sanctions(request: HttpRequest, pk: int) -> HttpResponse:
    case, reports = selectors.sanctions_for_case(actor=request.user, case_id=pk)
    return render(
        request,
        "credit/sanctions_case.html",
        {"case": case, "reports": reports, "source": selectors.SOURCE},
    )


urlpatterns = [
    path("credit/feed/", feed_overview, name="credit-feed"),
    path(
        "credit/feed/<int:pk>/subscription/",
        subscription_change,
        name="credit-feed-subscription",
    ),
    path("cases/<int:pk>/sanctions/", case_sanctions, name="case-sanctions"),
]
