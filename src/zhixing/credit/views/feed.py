"""Pages of the feed area: /credit/feed/ (the departments' subscriptions, how far each has
acknowledged, its lag, and the latest entries) and /cases/<pk>/sanctions/ (联合惩戒反馈: the
sanctions departments reported on the case)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from zhixing.core.views import shows_errors

from ..selectors import feed as selectors


@login_required
@shows_errors
def feed_overview(request: HttpRequest) -> HttpResponse:
    context = selectors.feed_overview(actor=request.user)
    return render(request, "credit/feed_overview.html", {**context, "source": selectors.SOURCE})


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
    path("cases/<int:pk>/sanctions/", case_sanctions, name="case-sanctions"),
]
