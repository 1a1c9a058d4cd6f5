"""The quality office's list of responsibility analyses (责任分析, 法〔2021〕322号 第31条): open
ones first, each with what was revoked, the nodes and people named, and the form that closes it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhixing.cases.forms import DATE
from zhixing.cases.models import NodeEvent
from zhixing.core.errors import AccessDenied
from zhixing.core.views import not_future, perform_action, shows_errors, sourced
from zhixing.organization.selectors import roles_of

from ..models import ResponsibilityAnalysis
from ..selectors import responsibility as selectors
from ..services import responsibility as services

LIST_LIMIT = 300


class CloseForm(forms.Form):
    findings = forms.CharField(
        label="分析意见", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    conclusion = forms.ChoiceField(
        label="结论", choices=ResponsibilityAnalysis.Conclusion.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(label="办结日期", widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "办结日期")
        return data


def _viewer(request: HttpRequest) -> None:
    if not (request.user.is_superuser or roles_of(request.user) & services.QUALITY_OFFICE):
        raise AccessDenied(
            "责任分析列表供质效考评、廉政监察人员、执行局长和院领导查看", code="responsibility.role"
        )


@login_required
@shows_errors
def responsibility_list(
    request: HttpRequest, bound: dict[int, forms.Form] | None = None
) -> HttpResponse:
    _viewer(request)
    bound = bound or {}
    closed = request.GET.get("closed") == "1"
    rows = list(selectors.analysis_list(actor=request.user, open_only=not closed)[: LIST_LIMIT + 1])
    events = {
        (e.case_id, e.seq): e
        for e in NodeEvent.objects.filter(case_id__in={a.case_id for a in rows})
    }
    items = []
    for a in rows[:LIST_LIMIT]:
        form = None
        if a.closed_on is None and services.may_close(request.user, a):
            form = bound.get(a.pk) or CloseForm(
                initial={"on": timezone.localdate()}, prefix="close"
            )
            form.auto_id = f"id_close{a.pk}_%s"
        items.append(
            {
                "a": a,
                "nodes": [events[(a.case_id, s)] for s in a.node_seqs if (a.case_id, s) in events],
                "form": form,
            }
        )
    return render(
        request,
        "review/responsibility_list.html",
        {"rows": items, "more": len(rows) > LIST_LIMIT, "closed": closed},
        status=422 if bound else 200,
    )


@login_required
@require_POST
@shows_errors
def responsibility_close(request: HttpRequest, aid: int) -> HttpResponse:
    analysis = selectors.analysis_get(actor=request.user, pk=aid)
    form = CloseForm(request.POST, prefix="close")

    def close() -> str:
        data = form.cleaned_data
        row = services.responsibility_close(
            actor=request.user,
            analysis=analysis,
            findings=data["findings"],
            conclusion=data["conclusion"],
            on=data["on"],
        )
        return f"已办结 {row.case.case_number} 的责任分析：{row.get_conclusion_display()}"

    listing = reverse("responsibility-list")
    outcome = perform_action(
        request,
        form,
        close,
        done_url=listing,
        unplaced_url=listing,
        unplaced_message=lambda e: sourced(e.message, e.source),
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    return responsibility_list(request, bound={analysis.pk: form})


urlpatterns = [
    path("responsibility/", responsibility_list, name="responsibility-list"),
    path("responsibility/<int:aid>/close/", responsibility_close, name="responsibility-close"),
]
