"""Pages of 限制消费令: a case's respondents with their order state, the president's form to sign an
order (behaviours, the persons an organisation's order also binds, how it started), the lifting
form, the order as DOCX.

Forms first; parse, select within scope, call one service, redirect (PRG). Refusals are shown beside
their field with the article. 限高规定 第1条、第3—5条、第9条.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from zhixing.cases import selectors as case_selectors
from zhixing.cases.forms import DATE, TEXT
from zhixing.cases.models import EnforcementCase, Party
from zhixing.cases.rules.filing import PartyKind
from zhixing.core.errors import AccessDenied, DomainError, NotFound
from zhixing.core.views import docx_response, not_future, perform_action, shows_errors, sourced
from zhixing.core.views import today as _today

from ..api._common import respondent_of
from ..documents_restriction import restriction_docx, restriction_filename
from ..models import ConsumptionRestriction
from ..rules import restriction as rules
from ..selectors import restriction as selectors
from ..services import restriction as services

UNIT_ROLES = [r for r in rules.CoveredRole if r is not rules.CoveredRole.RESPONDENT]


# --- forms ---------------------------------------------------------------------------------


class IssueForm(forms.Form):
    on = forms.DateField(label="签发日期", widget=DATE)
    initiative = forms.ChoiceField(
        label="启动方式",
        choices=[
            (rules.Initiative.APPLICATION.value, "申请执行人书面申请"),
            (rules.Initiative.EX_OFFICIO.value, "依职权（必要时）"),
        ],
        widget=forms.RadioSelect,
    )
    ex_officio_reason = forms.CharField(
        label="依职权理由（依职权决定的必填）", max_length=300, required=False, widget=TEXT
    )
    behaviours = forms.MultipleChoiceField(
        label="限制的消费行为（限高规定 第3条第1款）",
        choices=[(b.value, label) for b, label in rules.BEHAVIOUR_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    period_text = forms.CharField(
        label="限制期间（可不填，默认至全部履行或依法解除时止）", max_length=200, required=False
    )

    def __init__(self, *args: Any, party: Party, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.party = party
        self.unit = party.kind != PartyKind.PERSON.value
        if self.unit:
            for role in UNIT_ROLES:
                label = rules.COVERED_ROLE_LABELS[role]
                self.fields[f"{role.value}_name"] = forms.CharField(
                    label=f"{label}姓名", max_length=40, required=False
                )
                self.fields[f"{role.value}_id"] = forms.CharField(
                    label=f"{label}身份证号码", max_length=18, required=False
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "签发日期")
        return data

    def covered(self) -> list[dict[str, str]]:
        d = self.cleaned_data
        return (
            [
                {
                    "role": role.value,
                    "name": d.get(f"{role.value}_name", ""),
                    "id_number": d.get(f"{role.value}_id", ""),
                }
                for role in UNIT_ROLES
            ]
            if self.unit
            else []
        )


class LiftForm(forms.Form):
    ground = forms.ChoiceField(
        label="解除事由（限高规定 第9条）",
        choices=[("", "请选择")]
        + [(g.value, label) for g, label in rules.LIFTING_GROUND_LABELS.items()],
    )
    on = forms.DateField(label="解除日期", widget=DATE)
    security_recorded = forms.BooleanField(
        label="已登记被执行人提供的确实有效的担保", required=False
    )
    consent_recorded = forms.BooleanField(
        label="已收到申请执行人同意解除的书面意见", required=False
    )
    note = forms.CharField(label="说明（可不填）", max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "解除日期")
        return data


def show(form: forms.Form, error: DomainError) -> None:
    """The refusal beside its field, with its article; the persons an organisation's order must
    name beside the first role left blank."""
    field = error.field
    if field == "covered" and isinstance(form, IssueForm) and form.unit:
        blank = [r for r in UNIT_ROLES if not form.cleaned_data.get(f"{r.value}_name")]
        field = f"{(blank or UNIT_ROLES)[0].value}_name"
    form.add_error(field if field in form.fields else None, sourced(error.message, error.source))


# --- the case's page -------------------------------------------------------------------------


class RestrictionPage:
    """The case's 限制消费令 page; `bound` holds a form re-shown with its errors, keyed by
    ("issue", party id) or ("lift", order id)."""

    def __init__(self, request: HttpRequest, case: EnforcementCase) -> None:
        self.request, self.case = request, case
        self.today = _today()
        self.bound: dict[tuple[str, int], forms.Form] = {}
        actor = request.user
        self.may_sign = (
            services.may_sign(actor, case) and case.status == EnforcementCase.Status.DOCKETED
        )
        self.may_lift = services.may_lift(actor, case)

    def issue_form(self, party: Party, data: Any = None) -> IssueForm:
        initial: dict[str, Any] = {
            "on": self.today,
            "initiative": rules.Initiative.APPLICATION.value,
            "behaviours": [b.value for b in rules.Behaviour],
        }
        for person in services.covered_prefill(party):
            initial[f"{person['role']}_name"] = person["name"]
        return IssueForm(data, party=party, prefix=f"issue-{party.pk}", initial=initial)

    def lift_form(self, row: ConsumptionRestriction, data: Any = None) -> LiftForm:
        return LiftForm(data, prefix=f"lift-{row.pk}", initial={"on": self.today})

    def render(self, status: int = 200) -> HttpResponse:
        states = selectors.respondent_states(actor=self.request.user, case=self.case)
        rows = []
        for state in states:
            row: dict[str, Any] = {"s": state, "form": None, "lift": None}
            if state.issued is None and self.may_sign:
                row["form"] = self.bound.get(("issue", state.party.pk)) or self.issue_form(
                    state.party
                )
            if state.issued is not None:
                row["behaviours"] = [
                    rules.BEHAVIOUR_LABELS[b]
                    for b in rules.Behaviour
                    if b.value in set(state.issued.behaviours)
                ]
                row["covered"] = [
                    (
                        rules.COVERED_ROLE_LABELS.get(rules.CoveredRole(p["role"]), p["role"]),
                        p["name"],
                    )
                    for p in state.issued.covered
                ]
                if self.may_lift and not state.listed:
                    row["lift"] = self.bound.get(("lift", state.issued.pk)) or self.lift_form(
                        state.issued
                    )
            rows.append(row)
        return render(
            self.request,
            "credit/restriction_case.html",
            {
                "case": self.case,
                "rows": rows,
                "may_sign": self.may_sign,
                "may_lift": self.may_lift,
                "open": self.case.status == EnforcementCase.Status.DOCKETED,
                "sources": {
                    "order": rules.SOURCE_ORDER,
                    "unit": rules.SOURCE_UNIT,
                    "trigger": rules.SOURCE_TRIGGER,
                    "lifting": rules.SOURCE_LIFTING,
                },
            },
            status=status,
        )


@login_required
@shows_errors
def case_restriction(request: HttpRequest, pk: int) -> HttpResponse:
    return RestrictionPage(request, case_selectors.case_get(actor=request.user, pk=pk)).render()


@login_required
@require_POST
@shows_errors
def restriction_issue(request: HttpRequest, pk: int, party_id: int) -> HttpResponse:
    case = case_selectors.case_get(actor=request.user, pk=pk)
    party = respondent_of(case, party_id)
    page = RestrictionPage(request, case)
    if not page.may_sign:
        raise AccessDenied(
            sourced("限制消费令须由本院院长签发", rules.SOURCE_ORDER), code="restriction.signer"
        )
    form = page.issue_form(party, request.POST)

    def perform() -> str:
        d = form.cleaned_data
        row = services.restriction_issue(
            actor=request.user,
            case=case,
            party=party,
            on=d["on"],
            initiative=d["initiative"],
            ex_officio_reason=d["ex_officio_reason"],
            behaviours=d["behaviours"],
            covered=form.covered(),
            period_text=d["period_text"],
        )
        return f"已签发限制消费令 {row.order_number}：{row.name}，可下载文书送达"

    here = reverse("case-restriction", args=[case.pk])
    outcome = perform_action(
        request, form, perform, done_url=f"{here}#party-{party.pk}", show=show, not_found_page=True
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    page.bound[("issue", party.pk)] = form
    return page.render(status=outcome)


@login_required
@require_POST
@shows_errors
def restriction_lift(request: HttpRequest, pk: int, restriction_id: int) -> HttpResponse:
    case = case_selectors.case_get(actor=request.user, pk=pk)
    row = selectors.restriction_get(actor=request.user, pk=restriction_id)
    if row.case_id != case.pk:
        raise NotFound("本案没有该限制消费令")
    page = RestrictionPage(request, case)
    form = page.lift_form(row, request.POST)

    def perform() -> str:
        d = form.cleaned_data
        services.restriction_lift(
            actor=request.user,
            restriction=row,
            ground=d["ground"],
            on=d["on"],
            security_recorded=d["security_recorded"],
            consent_recorded=d["consent_recorded"],
            note=d["note"],
        )
        return f"已解除限制消费令 {row.order_number}：{row.name}"

    here = reverse("case-restriction", args=[case.pk])
    outcome = perform_action(
        request,
        form,
        perform,
        done_url=f"{here}#party-{row.party_id}",
        show=show,
        not_found_page=True,
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    page.bound[("lift", row.pk)] = form
    return page.render(status=outcome)


@login_required
@shows_errors
def restriction_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The 限制消费令 (DOCX) of an order in the actor's scope."""
    row = selectors.restriction_get(actor=request.user, pk=pk)
    return docx_response(restriction_docx(row), restriction_filename(row))


urlpatterns = [
    path("cases/<int:pk>/restriction/", case_restriction, name="case-restriction"),
    path(
        "cases/<int:pk>/restriction/issue/<int:party_id>/",
        restriction_issue,
        name="case-restriction-issue",
    ),
    path(
        "cases/<int:pk>/restriction/lift/<int:restriction_id>/",
        restriction_lift,
        name="case-restriction-lift",
    ),
    path("restrictions/<int:pk>/document/", restriction_document, name="restriction-document"),
]
