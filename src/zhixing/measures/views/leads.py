"""The case's 财产线索 page: the applicant's leads, each with its verification due date (法发〔2006〕35号
第6条: 5 days), overdue ones highlighted; registering and verifying. Forms first; PRG."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhixing.cases import selectors as case_selectors
from zhixing.cases.forms import DATE
from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import AccessDenied, NotFound

from ..models import PropertyLead
from ..selectors import leads as selectors
from ..services import leads as services
from ._common import not_future, perform_action, shows_errors

TEXT = forms.Textarea(attrs={"rows": 3})


class RegisterForm(forms.Form):
    provided_by = forms.TypedChoiceField(label="线索提供人（申请执行人）", coerce=int)
    received_on = forms.DateField(
        label="收到线索日期",
        widget=DATE,
        help_text="自次日起算五日内核查（法发〔2006〕35号 第6条）",
    )
    kind = forms.ChoiceField(label="财产类别", choices=[("", "请选择"), *PropertyLead.Kind.choices])
    description = forms.CharField(
        label="财产情况",
        max_length=1000,
        widget=TEXT,
        help_text="如：被执行人名下位于朝阳区某小区的房屋一套；某银行账户尾号 1234",
    )
    how_to_verify = forms.CharField(
        label="核查途径（可不填）",
        max_length=300,
        required=False,
        help_text="如：向不动产登记中心查询；网络查控系统查询该银行账户",
    )
    urgent = forms.BooleanField(
        label="情况紧急（应当立即核查）", required=False, help_text="法发〔2006〕35号 第6条"
    )

    def __init__(self, *args: Any, applicants: list[tuple[int, str]] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["provided_by"].choices = applicants or []

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "received_on", "收到线索日期")
        return data


class VerifyForm(forms.Form):
    lead = forms.IntegerField(widget=forms.HiddenInput)
    verified_on = forms.DateField(label="核查日期", widget=DATE)
    result = forms.ChoiceField(
        label="核查结果", choices=PropertyLead.Result.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="核查情况",
        max_length=300,
        required=False,
        help_text="未发现财产的，须写明核查经过",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "verified_on", "核查日期")
        if data.get("result") == PropertyLead.Result.NOT_FOUND and not data.get("note"):
            self.add_error("note", "未发现财产的，请写明核查经过")
        return data


class LeadsPage:
    def __init__(self, request: HttpRequest, case: EnforcementCase) -> None:
        self.request, self.case = request, case
        self.today = timezone.localdate()
        self.bound: dict[str, Form] = {}
        self.allowed = case.status == EnforcementCase.Status.DOCKETED and services.may_leads(
            request.user, case.court_id
        )

    def applicants(self) -> list[tuple[int, str]]:
        return [(p.pk, p.name) for p in self.case.parties.all() if p.role == "applicant"]

    def form(self, action: str, data: Any = None) -> Form:
        if action == "register":
            return RegisterForm(
                data,
                initial={"received_on": self.today},
                applicants=self.applicants(),
                prefix="register",
            )
        return VerifyForm(data, prefix="verify")

    def perform(self, action: str, form: Form) -> str:
        actor, data = self.request.user, dict(form.cleaned_data)
        if action == "register":
            party = next(p for p in self.case.parties.all() if p.pk == data.pop("provided_by"))
            lead = services.lead_register(actor=actor, case=self.case, provided_by=party, **data)
            return f"已登记财产线索，应于 {self._due(lead):%Y年%m月%d日} 前核查完毕"
        lead = selectors.lead_get(actor=actor, pk=data["lead"])
        if lead.case_id != self.case.pk:
            raise NotFound("本案没有该财产线索")
        row = services.lead_verify(
            actor=actor,
            lead=lead,
            verified_on=data["verified_on"],
            result=data["result"],
            note=data["note"],
        )
        return f"已记录核查结果：{row.get_result_display()}"

    def _due(self, lead: PropertyLead) -> Any:
        rows = selectors.case_leads(actor=self.request.user, case=self.case, today=self.today)
        return next(r.due_on for r in rows if r.lead.pk == lead.pk)

    def render(self, status: int = 200) -> HttpResponse:
        rows = []
        for row in selectors.case_leads(actor=self.request.user, case=self.case, today=self.today):
            form = None
            if self.allowed and not row.lead.verified:
                form = self.bound.get(f"verify-{row.lead.pk}") or VerifyForm(
                    initial={"lead": row.lead.pk, "verified_on": self.today}, prefix="verify"
                )
                form.auto_id = f"id_verify{row.lead.pk}_%s"
            rows.append({"row": row, "form": form, "left": row.days_left(self.today)})
        register = None
        if self.allowed:
            register = self.bound.get("register") or self.form("register")
        return render(
            self.request,
            "measures/leads_case.html",
            {
                "case": self.case,
                "rows": rows,
                "open": sum(1 for r in rows if not r["row"].lead.verified),
                "overdue": sum(1 for r in rows if r["row"].status.value == "overdue"),
                "register": register,
                "source": services.LEAD_SOURCE,
                "today": self.today,
            },
            status=status,
        )


@login_required
@shows_errors
def case_leads(request: HttpRequest, pk: int) -> HttpResponse:
    return LeadsPage(request, case_selectors.case_get(actor=request.user, pk=pk)).render()


@login_required
@require_POST
@shows_errors
def case_leads_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("register", "verify"):
        raise NotFound("没有这项办理功能")
    case = case_selectors.case_get(actor=request.user, pk=pk)
    page = LeadsPage(request, case)
    if not page.allowed:
        raise AccessDenied("您不能在本案办理此事项，或案件当前状态不允许")
    form = page.form(action, request.POST)
    here = reverse("case-leads", args=[case.pk]) + "#leads"
    outcome = perform_action(
        request,
        form,
        lambda: page.perform(action, form),
        done_url=here,
        not_found_page=True,
        unplaced_url=here if action == "verify" else None,
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    row_id = form.data.get("verify-lead", "") if action == "verify" else ""
    page.bound[f"verify-{row_id}" if row_id else action] = form
    return page.render(status=outcome)


urlpatterns = [
    path("cases/<int:pk>/leads/", case_leads, name="case-leads"),
    path("cases/<int:pk>/leads/<str:action>/", case_leads_action, name="case-leads-action"),
]
