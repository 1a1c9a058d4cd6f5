"""The court's side: the feedback inbox, and the forms that publish an exposure or a typical case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from zhixing.core.errors import AccessDenied
from zhixing.core.views import perform_action, shows_errors
from zhixing.organization.selectors import roles_of

from .. import selectors, services
from ..models import PublicFeedback


def _require(request: HttpRequest, roles: frozenset, what: str) -> None:
    if not (roles_of(request.user) & roles):
        raise AccessDenied(f"您无权{what}")


class HandleForm(forms.Form):
    note = forms.CharField(label="处理情况", max_length=500)


class ExposureForm(forms.Form):
    listing = forms.ModelChoiceField(label="失信被执行人", queryset=None, empty_label="请选择")
    headline = forms.CharField(label="标题", max_length=100)
    summary = forms.CharField(
        label="曝光内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, actor: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["listing"]
        field.queryset = selectors.listings_to_expose(actor=actor)
        field.label_from_instance = lambda row: (
            f"{row.name}（{row.id_masked or row.credit_code}，{row.case_number}）"
        )


class TypicalCaseForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    category = forms.CharField(label="类别", max_length=30, initial="拒不履行")
    summary = forms.CharField(label="摘要", max_length=300)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}))


@login_required
@shows_errors
def feedback_inbox(request: HttpRequest) -> HttpResponse:
    _require(request, services.INBOX_ROLES, "查看公众反馈")
    status = request.GET.get("status", "")
    if status not in PublicFeedback.Status.values:
        status = ""
    return render(
        request,
        "portal/feedback_inbox.html",
        {
            "rows": selectors.feedback_inbox(actor=request.user, status=status)[:200],
            "status": status,
            "statuses": PublicFeedback.Status.choices,
            "form": HandleForm(),
        },
    )


@login_required
@require_POST
@shows_errors
def feedback_handle(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = selectors.feedback_get(actor=request.user, pk=pk)
    form = HandleForm(request.POST)
    done = perform_action(
        request,
        form,
        lambda: (
            services.feedback_handle(
                actor=request.user, feedback=feedback, note=form.cleaned_data["note"]
            )
            and f"已记录对“{feedback.name}”反馈的处理情况"
        ),
        done_url="/feedback/",
        unplaced_url="/feedback/",
    )
    if isinstance(done, HttpResponse):
        return done
    return render(
        request,
        "portal/feedback_inbox.html",
        {
            "rows": selectors.feedback_inbox(actor=request.user)[:200],
            "status": "",
            "statuses": PublicFeedback.Status.choices,
            "form": HandleForm(),
            "failed": {"pk": feedback.pk, "form": form},
        },
        status=done,
    )


@login_required
@shows_errors
def exposure_new(request: HttpRequest) -> HttpResponse:
    _require(request, services.PUBLISHERS, "发布失信曝光")
    form = ExposureForm(request.POST or None, actor=request.user)
    status = 200
    if request.method == "POST":
        done = perform_action(
            request,
            form,
            lambda: (
                services.exposure_publish(actor=request.user, **form.cleaned_data)
                and "失信曝光已发布"
            ),
            done_url="/public/exposure/",
        )
        if isinstance(done, HttpResponse):
            return done
        status = done
    return render(request, "portal/exposure_new.html", {"form": form}, status=status)


@login_required
@shows_errors
def typical_case_new(request: HttpRequest) -> HttpResponse:
    _require(request, services.PUBLISHERS, "发布典型案例")
    form = TypicalCaseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        done = perform_action(
            request,
            form,
            lambda: (
                services.typical_case_publish(actor=request.user, **form.cleaned_data)
                and "典型案例已发布"
            ),
            done_url="/public/typical-cases/",
        )
        if isinstance(done, HttpResponse):
            return done
        status = done
    return render(request, "portal/typical_case_new.html", {"form": form}, status=status)
