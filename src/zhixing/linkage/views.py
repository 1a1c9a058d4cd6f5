"""Pages: 网络查控 of a case (start it, follow each department's answer, see what was found) and
对账 (requests past their answer deadline within the actor's scope)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhixing.cases import selectors as case_selectors
from zhixing.core.errors import DomainError, add_to_form
from zhixing.organization.selectors import roles_of, scope_of

from . import selectors, services
from .models import OutboxMessage
from .rules.outbox import MAX_ATTEMPTS, SOURCE, MessageKind

OUTBOX_PAGE_LIMIT = 300


class InquiryForm(forms.Form):
    on = forms.DateField(
        label="查控日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _error_page(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(request, "core/error.html", {"error": error}, status=error.status)


def _may_start(request: HttpRequest) -> bool:
    return bool(request.user.is_superuser or roles_of(request.user) & services.INQUIRY_ROLES)


def _inquiry_page(
    request: HttpRequest, pk: int, form: InquiryForm | None = None, status: int = 200
) -> HttpResponse:
    try:
        case, rows = selectors.case_messages(actor=request.user, case_id=pk)
    except DomainError as error:
        return _error_page(request, error)
    today = timezone.localdate()
    rows = list(rows)
    found = list(selectors.property_found(actor=request.user, case=case))
    # Only inquiries make a round; freeze, deduct and release requests are followed on 查控措施.
    open_round = any(m.answered_at is None for m in rows if m.kind == MessageKind.INQUIRY)
    counts = Counter(m.status for m in rows)
    may_start = _may_start(request) and case.status == case.Status.DOCKETED and not open_round
    return render(
        request,
        "linkage/inquiry.html",
        {
            "case": case,
            "rows": rows,
            "found": found,
            "total": sum((f.amount for f in found if f.amount is not None), start=0),
            "deposits": sum(
                (f.amount for f in found if f.amount is not None and f.kind == "deposit"),
                start=0,
            ),
            "counts": {
                label: counts.get(value, 0) for value, label in OutboxMessage.Status.choices
            },
            "open_round": open_round,
            "answered": any(
                m.answered_at is not None for m in rows if m.kind == MessageKind.INQUIRY
            ),
            "may_start": may_start,
            "form": form or InquiryForm(initial={"on": today}),
            "today": today,
            "source": SOURCE,
        },
        status=status,
    )


@login_required
def inquiry(request: HttpRequest, pk: int) -> HttpResponse:
    return _inquiry_page(request, pk)


@login_required
@require_POST
def inquiry_start(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = case_selectors.case_get(actor=request.user, pk=pk)
    except DomainError as error:
        return _error_page(request, error)
    form = InquiryForm(request.POST)
    if form.is_valid():
        try:
            sent = services.network_inquiry_start(
                actor=request.user, case=case, on=form.cleaned_data["on"]
            )
        except DomainError as error:
            if error.status in (403, 404):
                return _error_page(request, error)
            add_to_form(form, error)
            return _inquiry_page(request, pk, form, status=error.status)
        messages.success(request, f"已发起网络查控：共 {len(sent)} 条查询请求")
        return redirect(reverse("linkage-inquiry", args=[pk]))
    return _inquiry_page(request, pk, form, status=422)


@login_required
def outbox_overdue(request: HttpRequest) -> HttpResponse:
    today: date = timezone.localdate()
    base = selectors.message_list(actor=request.user, overdue_on=today)
    rows = list(base.order_by("answer_due_on", "pk")[:OUTBOX_PAGE_LIMIT])
    total = base.count() if len(rows) == OUTBOX_PAGE_LIMIT else len(rows)
    ids = scope_of(request.user).court_ids
    return render(
        request,
        "linkage/outbox.html",
        {
            "rows": [(m, (today - m.answer_due_on).days) for m in rows],
            "total": total,
            "limit": OUTBOX_PAGE_LIMIT,
            "today": today,
            "many_courts": ids is None or len(ids) > 1,
            "max_attempts": MAX_ATTEMPTS,
        },
    )
