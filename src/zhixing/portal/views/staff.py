"""The court's side: the feedback inbox, and the forms that publish an exposure or a typical case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhixing.core.errors import AccessDenied, DomainError
from zhixing.core.views import perform_action, shows_errors
from zhixing.organization.selectors import roles_of

from .. import selectors, services


def _require(request: HttpRequest, roles: frozenset, what: str) -> None:
    if not (roles_of(request.user) & roles):
        raise AccessDenied(f"您无权{what}")


class HandleForm(forms.Form):
    note = forms.CharField(label="处理情况", max_length=500)


class ExposureForm(forms.Form):
    """The listing is typed (案号 or 名单编号), never picked from a list of every published listing of
    the court; it is resolved by a scoped lookup (own court, published, unhidden, adult)."""

    listing = forms.CharField(
        label="案号或名单编号",
        max_length=60,
        help_text="填写本院已发布失信名单的案号，如（2026）京0105执100号；"
        "同一案件有多名失信被执行人时填写名单编号",
        widget=forms.TextInput(attrs={"placeholder": "（2026）京0105执100号"}),
        error_messages={
            "required": "请填写案号或名单编号",
            "max_length": "案号或名单编号不能超过%(limit_value)d个字",
        },
    )
    headline = forms.CharField(label="标题", max_length=100)
    summary = forms.CharField(
        label="曝光内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, actor: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.actor = actor

    def clean_listing(self) -> Any:
        try:
            return selectors.listing_to_expose(
                actor=self.actor, reference=self.cleaned_data["listing"]
            )
        except DomainError as error:
            raise forms.ValidationError(error.message, code=error.code) from None


class TypicalCaseForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    category = forms.CharField(label="类别", max_length=30, initial="拒不履行")
    summary = forms.CharField(label="摘要", max_length=300)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}))


@login_required
@shows_errors
def feedback_inbox(request: HttpRequest) -> HttpResponse:
    _require(request, services.INBOX_ROLES, "查看公众反馈")
    return _inbox(request)


def _inbox(request: HttpRequest, failed: dict[str, Any] | None = None, status: int = 200) -> Any:
    """The inbox page: 待处理 by default (handled messages behind the filter), newest first, one
    keyset page at a time."""
    wanted = request.GET.get("status", "new")
    if wanted not in selectors.FEEDBACK_FILTERS:
        wanted = "new"
    after = request.GET.get("after", "")
    page = selectors.feedback_inbox(actor=request.user, status=wanted, after=after)
    query = request.GET.copy()
    query["after"] = page.next_after
    first = request.GET.copy()
    first.pop("after", None)
    return render(
        request,
        "portal/feedback_inbox.html",
        {
            "rows": page.rows,
            "status": wanted,
            "statuses": [(key, label) for key, (label, _) in selectors.FEEDBACK_FILTERS.items()],
            "next_query": query.urlencode() if page.next_after else "",
            "first_query": first.urlencode() if after else None,
            "form": HandleForm(),
            "failed": failed,
            "may_publish": bool(roles_of(request.user) & services.PUBLISHERS),
        },
        status=status,
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
        done_url=reverse("feedback-inbox"),
        unplaced_url=reverse("feedback-inbox"),
    )
    if isinstance(done, HttpResponse):
        return done
    return _inbox(request, {"pk": feedback.pk, "form": form}, done)


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
            done_url=reverse("portal-exposures"),
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
            done_url=reverse("portal-typical-cases"),
        )
        if isinstance(done, HttpResponse):
            return done
        status = done
    return render(request, "portal/typical_case_new.html", {"form": form}, status=status)
