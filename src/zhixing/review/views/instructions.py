"""Pages of 执行请示: requests the actor's court received (to answer, unanswered first) and sent, a
form for a request that concerns no single case, and the answer form. 法发〔2014〕26号 第1条."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhixing.cases.forms import DATE
from zhixing.core.errors import DomainError, NotFound
from zhixing.core.views import not_future, shows_errors, sourced
from zhixing.organization.selectors import staff_of

from ..selectors import supervision as selectors
from ..services import instructions as services
from ..services._supervision_common import may

TEXT = forms.Textarea(attrs={"rows": 4})


class RequestForm(forms.Form):
    on = forms.DateField(label="请示日期", widget=DATE)
    question = forms.CharField(
        label="请示事项",
        max_length=4000,
        widget=TEXT,
        help_text="就具体案件请示的，请在该案件的“上级监督与委托”页提出，请示将记入案件流程",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "请示日期")
        return data


class AnswerForm(forms.Form):
    on = forms.DateField(label="答复日期", widget=DATE)
    answer = forms.CharField(label="答复意见", max_length=4000, widget=TEXT)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "答复日期")
        return data


def _page(request: HttpRequest, form: RequestForm | None = None, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    received, sent = selectors.instruction_lists(request.user)
    staff = staff_of(request.user)
    can_ask = (
        bool(staff and staff.court.parent_id)
        and staff is not None
        and may(request.user, staff.court_id, services.ASK_ROLES)
    )
    can_answer = staff is not None and may(request.user, staff.court_id, services.ANSWER_ROLES)
    return render(
        request,
        "review/instruction_list.html",
        {
            "received": [
                (
                    r,
                    AnswerForm(initial={"on": today}, prefix=f"a{r.pk}")
                    if can_answer and not r.answered_on
                    else None,
                )
                for r in received
            ],
            "sent": sent,
            "form": (form or RequestForm(initial={"on": today})) if can_ask else None,
            "parent": staff.court.parent if staff else None,
            "source": services.SOURCE,
        },
        status=status,
    )


@login_required
def instruction_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
@shows_errors
def instruction_new(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=422)
    try:
        row = services.instruction_request(
            actor=request.user, on=form.cleaned_data["on"], question=form.cleaned_data["question"]
        )
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        form.add_error(
            error.field if error.field in form.fields else None,
            sourced(error.message, error.source),
        )
        return _page(request, form, status=error.status)
    messages.success(request, f"已向{row.to_court.name}请示，案号 {row.case_number}")
    return redirect(reverse("instruction-list"))


@login_required
@require_POST
@shows_errors
def instruction_answer(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.instruction_get(actor=request.user, pk=pk)
    form = AnswerForm(request.POST, prefix=f"a{pk}")
    here = reverse("instruction-list") + f"#instruction-{pk}"
    if not form.is_valid():
        messages.error(request, "请填写答复日期和答复意见（答复日期不能晚于今天）")
        return redirect(here)
    try:
        services.instruction_answer(
            actor=request.user,
            request=row,
            on=form.cleaned_data["on"],
            answer=form.cleaned_data["answer"],
        )
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        messages.error(request, sourced(error.message, error.source))
        return redirect(here)
    messages.success(request, f"已答复请示 {row.case_number}")
    return redirect(here)


urlpatterns = [
    path("instructions/", instruction_list, name="instruction-list"),
    path("instructions/new/", instruction_new, name="instruction-new"),
    path("instructions/<int:pk>/answer/", instruction_answer, name="instruction-answer"),
]
