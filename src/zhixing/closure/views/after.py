"""Pages after 终本: the ten six-monthly inquiries of a case with their results (also shown on the
closure page through `{% after_round_termination_section case %}`), registering a new lead or the
applicant's application, and /resumptions/ — the open flags in scope, oldest first, each resumed
as a new 执恢 case or dismissed with a reason (十个必须 第6条). Forms post, then redirect (PRG)."""

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
from zhixing.cases.models import EnforcementCase
from zhixing.cases.rules.filing import ACCEPTANCE_ITEMS, ACCEPTANCE_SOURCE
from zhixing.cases.rules.nodes import FILING_ROLES, IMPLEMENTATION_ROLES
from zhixing.core.errors import DomainError, NotFound, add_to_form
from zhixing.core.views import not_future, perform_action, shows_errors

from ..models import ResumptionFlag
from ..selectors import after as selectors
from ..services import after as services

TEXT = forms.Textarea(attrs={"rows": 2})


class LeadForm(forms.Form):
    provided_by = forms.CharField(
        label="线索提供人", max_length=40, help_text="如：申请执行人、案外人张某、某银行"
    )
    description = forms.CharField(
        label="财产线索",
        max_length=250,
        widget=TEXT,
        help_text="如：被执行人在某公司有工资收入；名下新登记车辆一辆",
    )
    on = forms.DateField(label="收到日期", widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "收到日期")
        return data


class ApplyForm(forms.Form):
    detail = forms.CharField(
        label="申请事由",
        max_length=250,
        widget=TEXT,
        help_text="申请执行人发现的财产情况（不受申请执行期间限制，民诉法解释 第517条）",
    )
    on = forms.DateField(label="收到申请日期", widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "收到申请日期")
        return data


class ResumeForm(forms.Form):
    on = forms.DateField(label="恢复执行立案日期", widget=DATE)
    confirmed = forms.BooleanField(
        label="已审查立案条件",
        help_text="；".join(ACCEPTANCE_ITEMS.values()) + f"（{ACCEPTANCE_SOURCE}）",
        error_messages={"required": "请确认已审查立案条件"},
    )
    note = forms.CharField(label="说明（可不填）", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "恢复执行立案日期")
        return data


class DismissForm(forms.Form):
    on = forms.DateField(label="核查日期", widget=DATE)
    reason = forms.CharField(
        label="不予恢复执行的理由",
        max_length=300,
        widget=TEXT,
        help_text="如：经核查该车辆已于终本前依法处置，不属于被执行人财产",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "核查日期")
        return data


FLAG_FORMS: dict[str, type[forms.Form]] = {"resume": ResumeForm, "dismiss": DismissForm}
CASE_FORMS: dict[str, type[forms.Form]] = {"lead": LeadForm, "apply": ApplyForm}


def _may(actor: Any, court_id: int, roles: frozenset[Any]) -> bool:
    return services._area.may(actor, court_id, roles)


def after_context(
    request: HttpRequest, case: EnforcementCase, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    """What `closure/after_reinquiries.html` needs: the rounds, the flags, and the forms the
    actor may use (None when the case has no after-终本 life)."""
    today = timezone.localdate()
    after = selectors.after_round_termination(actor=request.user, case=case, today=today)
    if after is None:
        return {"after": None}
    bound = bound or {}
    may_flag = after.may_flag and _may(request.user, case.court_id, IMPLEMENTATION_ROLES)
    return {
        "after": after,
        "after_forms": {
            action: bound.get(action) or cls(initial={"on": today}, prefix=action)
            for action, cls in CASE_FORMS.items()
        }
        if may_flag
        else {},
    }


@login_required
@shows_errors
def case_after(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_in_scope(actor=request.user, pk=pk)
    return _case_page(request, case)


def _case_page(
    request: HttpRequest,
    case: EnforcementCase,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"case": case, **after_context(request, case, bound)}
    return render(request, "closure/after_case.html", context, status=status)


@login_required
@require_POST
@shows_errors
def case_after_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in CASE_FORMS:
        raise NotFound("没有这项办理功能")
    case = selectors.case_in_scope(actor=request.user, pk=pk)
    form = CASE_FORMS[action](request.POST, prefix=action)
    back = (
        "case-closure" if request.POST.get("back") == "closure" else "case-after-round-termination"
    )
    done_url = reverse(back, args=[case.pk]) + "#after-round-termination"

    def perform() -> str:
        data = form.cleaned_data
        if action == "lead":
            services.lead_after_round_termination(
                actor=request.user,
                case=case,
                description=data["description"],
                provided_by=data["provided_by"],
                on=data["on"],
            )
        else:
            services.resumption_apply(
                actor=request.user, case=case, detail=data["detail"], on=data["on"]
            )
        return "已登记，本案列入待恢复执行，承办人待办中可见"

    outcome = perform_action(request, form, perform, done_url=done_url, not_found_page=True)
    if isinstance(outcome, HttpResponse):
        return outcome
    return _case_page(request, case, {action: form}, status=outcome)


# --- /resumptions/ ------------------------------------------------------------------------------


def _resumptions_page(
    request: HttpRequest, bound: dict[tuple[int, str], forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    bound = bound or {}
    rows = []
    for flag in selectors.open_flags(actor=request.user):
        row_forms = {}
        for action, cls in FLAG_FORMS.items():
            roles = FILING_ROLES if action == "resume" else IMPLEMENTATION_ROLES
            if not _may(request.user, flag.court_id, roles):
                continue
            form = bound.get((flag.pk, action)) or cls(initial={"on": today}, prefix=action)
            form.auto_id = f"id_{action}{flag.pk}_%s"
            row_forms[action] = form
        rows.append({"flag": flag, "forms": row_forms, "waiting": (today - flag.raised_on).days})
    return render(
        request,
        "closure/resumptions.html",
        {"rows": rows, "source": services.FLAG_SOURCE, "resume_source": services.RESUME_SOURCE},
        status=status,
    )


@login_required
@shows_errors
def resumptions(request: HttpRequest) -> HttpResponse:
    return _resumptions_page(request)


@login_required
@require_POST
@shows_errors
def resumption_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in FLAG_FORMS:
        raise NotFound("没有这项办理功能")
    flag: ResumptionFlag = selectors.flag_get(actor=request.user, pk=pk)
    form = FLAG_FORMS[action](request.POST, prefix=action)
    done = {"url": reverse("resumptions")}

    def perform() -> str:
        data = form.cleaned_data
        if action == "resume":
            new = services.resume(
                actor=request.user,
                flag=flag,
                on=data["on"],
                checklist=services.all_confirmed(),
                note=data["note"],
            )
            done["url"] = reverse("case-detail", args=[new.pk])
            return f"已恢复执行，另立 {new.case_number}（原案 {flag.case.case_number}）"
        services.flag_dismiss(actor=request.user, flag=flag, on=data["on"], reason=data["reason"])
        return f"{flag.case.case_number}：已记录不予恢复执行的理由"

    if not form.is_valid():
        return _resumptions_page(request, {(flag.pk, action): form}, status=422)
    try:
        line = perform()
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        add_to_form(form, error)
        return _resumptions_page(request, {(flag.pk, action): form}, status=error.status)
    messages.success(request, line)
    return redirect(done["url"])


urlpatterns = [
    path("resumptions/", resumptions, name="resumptions"),
    path("resumptions/<int:pk>/<str:action>/", resumption_action, name="resumption-action"),
    path(
        "cases/<int:pk>/after-round-termination/", case_after, name="case-after-round-termination"
    ),
    path(
        "cases/<int:pk>/after-round-termination/<str:action>/",
        case_after_action,
        name="case-after-round-termination-action",
    ),
]
