"""Pages for coercive measures (拘传、罚款、拘留): the case's 强制措施 page (proposal, service and
execution, reconsideration applications, decision documents), the president's approval list and
the upper court's reconsideration list. Forms first; parse, select within scope, call one service,
redirect (PRG). 民事诉讼法 第118条、第119条; 民诉法解释 第185条、第186条."""

from __future__ import annotations

from datetime import date
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
from zhixing.cases.forms import DATE, MoneyField
from zhixing.cases.models import EnforcementCase
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import AccessDenied, DomainError, NotFound
from zhixing.core.views import docx_response

from ..models import CoerciveMeasure, CoerciveReconsideration
from ..rules import coercive as rules
from ..selectors import coercive as selectors
from ..services import coercive as services
from ._common import not_future, perform_action, shows_errors, sourced

TEXT = forms.Textarea(attrs={"rows": 3})
LIST_LIMIT = 300

# --- forms ---------------------------------------------------------------------------------


CONDUCT_CHOICES = [
    ("", "请选择"),
    *[(c.code, f"{c.label}（{c.article}）") for c in rules.CONDUCTS],
    (rules.OTHER_CONDUCT, "其他妨害行为（在下方填写所属条款）"),
]


class ProposeForm(forms.Form):
    """提请: 第118条's limits are repeated beside their fields; the service checks them again."""

    measure = forms.ChoiceField(
        label="措施",
        choices=[(m.value, label) for m, label in rules.MEASURE_LABELS.items()],
        widget=forms.RadioSelect,
    )
    subject = forms.ChoiceField(
        label="对象类别",
        choices=[(s.value, label) for s, label in rules.SUBJECT_LABELS.items()],
        widget=forms.RadioSelect,
        initial=rules.Subject.INDIVIDUAL.value,
        help_text="拘传、拘留只能对个人适用；单位妨害执行的，可对单位罚款，并可对其主要负责人或直接责任人员罚款、拘留（民诉法解释 第191条）",
    )
    person_name = forms.CharField(label="被采取措施人的姓名或名称", max_length=100)
    id_number = forms.CharField(label="身份证号码（个人）", max_length=18, required=False)
    credit_code = forms.CharField(label="统一社会信用代码（单位）", max_length=18, required=False)
    responsible_person = forms.CharField(label="主要负责人（单位）", max_length=40, required=False)
    amount = MoneyField(
        label="罚款金额（元）",
        required=False,
        help_text="对个人为人民币十万元以下；对单位为人民币五万元以上一百万元以下（民事诉讼法 第118条第1款）",
    )
    days = forms.IntegerField(
        label="拘留天数",
        required=False,
        min_value=1,
        help_text="十五日以下（民事诉讼法 第118条第2款）",
    )
    conduct = forms.ChoiceField(label="妨害行为及所属条款", choices=CONDUCT_CHOICES)
    conduct_article = forms.CharField(
        label="所属条款（其他妨害行为）",
        max_length=80,
        required=False,
        help_text="如：民事诉讼法 第114条第1款第1项",
    )
    facts = forms.CharField(label="事实与理由", max_length=2000, widget=TEXT)
    proposed_on = forms.DateField(label="提请日期", widget=DATE)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["person_name"].widget.attrs["list"] = "respondent-names"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        measure = data.get("measure")
        if measure == rules.Measure.FINE.value and data.get("amount") is None:
            self.add_error("amount", "罚款须填写金额")
        if measure == rules.Measure.DETENTION.value and data.get("days") is None:
            self.add_error("days", "拘留须填写天数")
        if data.get("conduct") == rules.OTHER_CONDUCT and not data.get("conduct_article"):
            self.add_error("conduct_article", "请填写该妨害行为所属的法律条款")
        not_future(self, "proposed_on", "提请日期")
        return data


class ExecuteForm(forms.Form):
    measure = forms.IntegerField(widget=forms.HiddenInput)
    served_on = forms.DateField(label="送达日期", widget=DATE, required=False)
    executed_on = forms.DateField(label="执行日期", widget=DATE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("served_on") and not data.get("executed_on"):
            self.add_error("served_on", "请填写送达日期或执行日期")
        not_future(self, "served_on", "送达日期")
        not_future(self, "executed_on", "执行日期")
        return data


class ApplyForm(forms.Form):
    measure = forms.IntegerField(widget=forms.HiddenInput)
    applied_on = forms.DateField(label="申请日期", widget=DATE)
    reason = forms.CharField(label="复议理由", max_length=2000, widget=TEXT)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "applied_on", "申请日期")
        return data


class ApproveForm(forms.Form):
    on = forms.DateField(label="批准日期", widget=DATE)
    note = forms.CharField(label="审批意见（可不填）", max_length=300, required=False)


class RefuseForm(forms.Form):
    on = forms.DateField(label="审批日期", widget=DATE)
    reason = forms.CharField(label="不予批准的理由", max_length=300, widget=TEXT)


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label="复议结果",
        choices=[(o.value, label) for o, label in rules.OUTCOME_LABELS.items()],
        widget=forms.RadioSelect,
    )
    amount = MoneyField(label="变更后的罚款金额（元）", required=False)
    days = forms.IntegerField(label="变更后的拘留天数", required=False, min_value=1)
    note = forms.CharField(label="复议理由与结论", max_length=2000, widget=TEXT)
    on = forms.DateField(label="决定日期", widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "决定日期")
        return data


# --- helpers -------------------------------------------------------------------------------


def _said(error: DomainError) -> str:
    """A refusal as one line for the messages bar, with its source."""
    return sourced(error.message, error.source)


def _today() -> date:
    return timezone.localdate()


class CoercivePage:
    """The case's 强制措施 page; `bound` holds forms re-shown with their errors."""

    def __init__(self, request: HttpRequest, case: EnforcementCase) -> None:
        self.request, self.case = request, case
        self.today = _today()
        self.bound: dict[str, Form] = {}
        actor = request.user
        self.allowed = {
            "propose": case.status == EnforcementCase.Status.DOCKETED
            and services.may_coercive(actor, case.court_id, services.PROPOSER_ROLES),
            "execute": services.may_coercive(actor, case.court_id, services.EXECUTION_ROLES),
        }

    def form(self, action: str, data: Any = None) -> Form:
        if action == "propose":
            return ProposeForm(
                data,
                initial={"proposed_on": self.today, "subject": "individual"},
                prefix="propose",
            )
        if action == "execute":
            return ExecuteForm(data, prefix="execute")
        return ApplyForm(data, initial={"applied_on": self.today}, prefix="apply")

    def perform(self, action: str, form: Form) -> str:
        actor, data = self.request.user, form.cleaned_data
        if action == "propose":
            values = dict(data)
            row = services.coercive_propose(
                actor=actor,
                case=self.case,
                measure=values.pop("measure"),
                subject=values.pop("subject"),
                person_name=values.pop("person_name"),
                facts=values.pop("facts"),
                conduct=values.pop("conduct"),
                **values,
            )
            return f"已提请对{row.person_name}{row.get_measure_display()}，待院长审批"
        measure = selectors.measure_get(actor=actor, pk=data["measure"])
        if measure.case_id != self.case.pk:
            raise NotFound("本案没有该强制措施")
        if action == "execute":
            services.coercive_execute(
                actor=actor,
                measure=measure,
                served_on=data["served_on"],
                executed_on=data["executed_on"],
            )
            return "已记录送达、执行情况"
        recon = services.reconsideration_apply(
            actor=actor, measure=measure, applied_on=data["applied_on"], reason=data["reason"]
        )
        return f"已登记复议申请，由{recon.court.name}复议；复议期间不停止执行"

    def rows(self) -> list[dict[str, Any]]:
        actor = self.request.user
        items = []
        for m in selectors.case_measures(actor=actor, case=self.case):
            recon = selectors.reconsideration_of(m)
            approved = m.status == CoerciveMeasure.Status.APPROVED
            revoked = recon is not None and recon.outcome == rules.Outcome.REVOKED.value
            execute = self.bound.get(f"execute-{m.pk}") or ExecuteForm(
                initial={"measure": m.pk, "served_on": m.served_on, "executed_on": m.executed_on},
                prefix="execute",
            )
            apply = self.bound.get(f"apply-{m.pk}") or ApplyForm(
                initial={"measure": m.pk, "applied_on": self.today}, prefix="apply"
            )
            execute.auto_id = f"id_execute{m.pk}_%s"
            apply.auto_id = f"id_apply{m.pk}_%s"
            items.append(
                {
                    "m": m,
                    "recon": recon,
                    "due": services.reconsideration_due(m) if approved else None,
                    "execute": execute
                    if approved and not revoked and self.allowed["execute"]
                    else None,
                    "apply": apply
                    if approved
                    and m.reconsiderable
                    and recon is None
                    and services.may_record_application(actor, m)
                    else None,
                }
            )
        return items

    def render(self, status: int = 200) -> HttpResponse:
        propose = None
        if self.allowed["propose"]:
            propose = self.bound.get("propose") or self.form("propose")
        return render(
            self.request,
            "measures/coercive_case.html",
            {
                "case": self.case,
                "rows": self.rows(),
                "propose": propose,
                "respondents": [p for p in self.case.parties.all() if p.role == "respondent"],
                "rules": rules,
                "upper": self.case.court.parent,
                "today": self.today,
            },
            status=status,
        )


# --- the case page -------------------------------------------------------------------------


@login_required
@shows_errors
def case_coercive(request: HttpRequest, pk: int) -> HttpResponse:
    return CoercivePage(request, case_selectors.case_get(actor=request.user, pk=pk)).render()


@login_required
@require_POST
@shows_errors
def case_coercive_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("propose", "execute", "apply"):
        raise NotFound("没有这项办理功能")
    case = case_selectors.case_get(actor=request.user, pk=pk)
    page = CoercivePage(request, case)
    if action == "propose" and not page.allowed["propose"]:
        raise AccessDenied("您不能在本案提请强制措施，或案件当前状态不允许")
    form = page.form(action, request.POST)
    here = reverse("case-coercive", args=[case.pk]) + "#measures"
    outcome = perform_action(
        request,
        form,
        lambda: page.perform(action, form),
        done_url=here,
        not_found_page=True,
        unplaced_url=here if action != "propose" else None,
        unplaced_message=_said,
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    row_id = form.data.get(f"{action}-measure", "") if action != "propose" else ""
    page.bound[f"{action}-{row_id}" if row_id else action] = form
    return page.render(status=outcome)


@login_required
@shows_errors
def coercive_document(request: HttpRequest, mpk: int) -> HttpResponse:
    """The 拘传票 or 决定书 of an approved measure, as DOCX (its full identity number: the download
    is written to the audit log)."""
    measure = selectors.measure_get(actor=request.user, pk=mpk)
    content, filename = services.coercive_document(actor=request.user, measure=measure)
    return docx_response(content, filename)


# --- the president's approval list ---------------------------------------------------------


@login_required
@shows_errors
def coercive_pending(request: HttpRequest, bound: dict[str, Form] | None = None) -> HttpResponse:
    """待院长审批的强制措施 (第119条), oldest first, each with the approve and refuse forms. The
    president's list: other staff are refused (403); a superuser may look but not decide."""
    bound = bound or {}
    actor, today = request.user, _today()
    services.require_pending_viewer(actor)
    president = services.may_approve(actor)
    rows = []
    for m in selectors.pending_approvals(actor=actor)[: LIST_LIMIT + 1]:
        approve = bound.get(f"approve-{m.pk}") or ApproveForm(
            initial={"on": today}, prefix="approve"
        )
        refuse = bound.get(f"refuse-{m.pk}") or RefuseForm(initial={"on": today}, prefix="refuse")
        approve.auto_id = f"id_approve{m.pk}_%s"
        refuse.auto_id = f"id_refuse{m.pk}_%s"
        rows.append({"m": m, "approve": approve, "refuse": refuse})
    return render(
        request,
        "measures/coercive_pending.html",
        {
            "rows": rows[:LIST_LIMIT],
            "more": len(rows) > LIST_LIMIT,
            "president": president,
            "rules": rules,
            "today": today,
        },
        status=422 if bound else 200,
    )


@login_required
@require_POST
@shows_errors
def coercive_decide(request: HttpRequest, mpk: int, action: str) -> HttpResponse:
    if action not in ("approve", "refuse"):
        raise NotFound("没有这项办理功能")
    measure = selectors.measure_get(actor=request.user, pk=mpk)
    cls = ApproveForm if action == "approve" else RefuseForm
    form = cls(request.POST, prefix=action)

    def decide() -> str:
        data = form.cleaned_data
        if action == "approve":
            row = services.coercive_approve(
                actor=request.user, measure=measure, on=data["on"], note=data["note"]
            )
            done = f"已批准对{row.person_name}{row.get_measure_display()}"
            return done + (f"，文号 {row.document_number}" if row.document_number else "")
        row = services.coercive_refuse(
            actor=request.user, measure=measure, on=data["on"], reason=data["reason"]
        )
        return f"已不予批准对{row.person_name}{row.get_measure_display()}"

    listing = reverse("coercive-pending")
    # A refusal is shown where the actor can read it: the list for those who see it, otherwise
    # the case's own page.
    unplaced = (
        listing
        if services.may_see_pending(request.user)
        else reverse("case-coercive", args=[measure.case_id]) + f"#measure-{measure.pk}"
    )
    outcome = perform_action(
        request, form, decide, done_url=listing, unplaced_url=unplaced, unplaced_message=_said
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    return coercive_pending(request, bound={f"{action}-{measure.pk}": form})


# --- the upper court's reconsideration list ------------------------------------------------


@login_required
@shows_errors
def coercive_reconsiderations(
    request: HttpRequest, bound: dict[str, Form] | None = None
) -> HttpResponse:
    """强制措施复议: applications addressed to the actor's court, undecided first (民诉法解释 第185条:
    decided within 5 days of receipt). For those who decide them or record applications (403 for
    other staff)."""
    bound = bound or {}
    actor, today = request.user, _today()
    services.require_reconsideration_viewer(actor)
    rows = []
    for r in selectors.reconsiderations_for(actor=actor)[: LIST_LIMIT + 1]:
        form = None
        if not r.outcome and services.may_decide_reconsideration(actor, r):
            form = bound.get(f"decide-{r.pk}") or _decide_form(r.measure, initial={"on": today})
            form.auto_id = f"id_decide{r.pk}_%s"
        due = None if r.outcome else _decision_due(r)
        rows.append(
            {
                "r": r,
                "m": r.measure,
                "form": form,
                "due": due,
                "late": due is not None and due < today,
            }
        )
    return render(
        request,
        "measures/coercive_reconsiderations.html",
        {"rows": rows[:LIST_LIMIT], "more": len(rows) > LIST_LIMIT, "rules": rules},
        status=422 if bound else 200,
    )


def _decision_due(recon: CoerciveReconsideration) -> date:
    """民诉法解释 第185条: decided within 5 days of the upper court's receipt, counted here from the
    recorded application (the receipt itself is not recorded)."""
    return (
        legal_calendar().period_end(recon.applied_on, days=rules.RECONSIDERATION_DECISION_DAYS).due
    )


def _decide_form(measure: CoerciveMeasure, data: Any = None, **kw: Any) -> DecideForm:
    """Only the field a change of this measure sets: the amount of a fine, the days of detention."""
    form = DecideForm(data, prefix="decide", **kw)
    if measure.measure == rules.Measure.FINE.value:
        del form.fields["days"]
        limit = (
            "单位为人民币五万元以上一百万元以下"
            if measure.subject == rules.Subject.UNIT.value
            else "个人为人民币十万元以下"
        )
        form.fields["amount"].help_text = f"选择“变更”时填写；{limit}（民事诉讼法 第118条）"
    else:
        del form.fields["amount"]
        form.fields["days"].help_text = "选择“变更”时填写；十五日以下（民事诉讼法 第118条）"
    return form


@login_required
@require_POST
@shows_errors
def coercive_reconsideration_decide(request: HttpRequest, rpk: int) -> HttpResponse:
    recon = selectors.reconsideration_get(actor=request.user, pk=rpk)
    form = _decide_form(recon.measure, request.POST)

    def decide() -> str:
        data = form.cleaned_data
        row = services.reconsideration_decide(
            actor=request.user,
            reconsideration=recon,
            outcome=data["outcome"],
            amount=data.get("amount"),
            days=data.get("days"),
            note=data["note"],
            on=data["on"],
        )
        return f"已作出复议决定 {row.document_number}：{row.get_outcome_display()}"

    listing = reverse("coercive-reconsiderations")
    outcome = perform_action(
        request, form, decide, done_url=listing, unplaced_url=listing, unplaced_message=_said
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    return coercive_reconsiderations(request, bound={f"decide-{recon.pk}": form})


urlpatterns = [
    path("cases/<int:pk>/coercive/", case_coercive, name="case-coercive"),
    path(
        "cases/<int:pk>/coercive/<str:action>/",
        case_coercive_action,
        name="case-coercive-action",
    ),
    path("coercive/pending/", coercive_pending, name="coercive-pending"),
    path("coercive/reconsiderations/", coercive_reconsiderations, name="coercive-reconsiderations"),
    path(
        "coercive/reconsiderations/<int:rpk>/decide/",
        coercive_reconsideration_decide,
        name="coercive-reconsideration-decide",
    ),
    path("coercive/<int:mpk>/document/", coercive_document, name="coercive-document"),
    path("coercive/<int:mpk>/<str:action>/", coercive_decide, name="coercive-decide"),
]
