"""Pages for control measures (查封、扣押、冻结、扣划): a case's 查控措施 page (property found by
network inquiry, every control with its state, term, legal maximum and priority, and the actions)
and the 查控到期预警 list of the actor's courts. Parse, select within scope, call one service,
redirect (PRG). The forms check what needs no database; the services check everything again.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhixing.cases import selectors as case_selectors
from zhixing.cases.forms import DATE, MoneyField
from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import AccessDenied, DomainError, NotFound, add_to_form
from zhixing.core.rules.numerals import MAX_NUMBER, chinese_number
from zhixing.core.views import int_param
from zhixing.linkage.models import LinkedDepartment, PropertyFound
from zhixing.organization.selectors import scope_of

from ..models import ControlMeasure, ControlRenewal
from ..rules import control as rules
from ..rules.control import ControlKind, PropertyKind
from ..selectors import control as selectors
from ..services import control as services
from ._common import not_future, perform_action, positive, shows_errors, sourced

# --- forms -----------------------------------------------------------------------------------

TAKE_KINDS = [
    (k.value, rules.CONTROL_LABELS[k]) for k in ControlKind if k is not ControlKind.DEDUCT
]
RULING_HELP = "民事诉讼法 第253条：采取措施应当作出裁定，并向协助单位发出协助执行通知书"


class _TermForm(forms.Form):
    kind = forms.ChoiceField(label="措施", choices=TAKE_KINDS)
    amount = MoneyField(label="冻结金额（元）", required=False)
    started_on = forms.DateField(label="起始日", widget=DATE)
    expires_on = forms.DateField(
        label="届满日",
        widget=DATE,
        help_text="最长：存款1年，动产2年，不动产及其他财产权3年（民诉法解释 第485条）",
    )
    ruling = forms.CharField(label="执行裁定书文号", max_length=60, help_text=RULING_HELP)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "started_on", "起始日")
        start, end = data.get("started_on"), data.get("expires_on")
        if start and end and end <= start:
            self.add_error("expires_on", "届满日应晚于起始日")
        if data.get("amount") is not None and data["amount"] < 0:
            self.add_error("amount", "金额不能为负数")
        return data


class TakeForm(_TermForm):
    """A control on property found by network inquiry."""

    found = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, kinds: list[ControlKind] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if kinds:
            self.fields["kind"].choices = [(k.value, rules.CONTROL_LABELS[k]) for k in kinds]


class ManualForm(_TermForm):
    """Property the officer found himself (a lead verified, an on-site visit)."""

    party = forms.TypedChoiceField(label="被执行人", coerce=int)
    property_kind = forms.ChoiceField(
        label="财产类别", choices=[(k.value, label) for k, label in rules.PROPERTY_LABELS.items()]
    )
    description = forms.CharField(label="财产情况", max_length=200)
    identifier = forms.CharField(
        label="账号或登记编号", max_length=60, required=False, help_text="用于比对他案查封顺位"
    )
    department = forms.ChoiceField(
        label="协助执行单位",
        required=False,
        help_text="不选：法院自行办理（张贴封条、现场扣押），即时生效；冻结存款须选开户银行",
    )
    field_order = [
        "party",
        "property_kind",
        "description",
        "identifier",
        "kind",
        "department",
        "amount",
        "started_on",
        "expires_on",
        "ruling",
    ]

    def __init__(
        self,
        *args: Any,
        respondents: list[tuple[int, str]] | None = None,
        departments: list[tuple[str, str]] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["party"].choices = respondents or []
        self.fields["department"].choices = [("", "不经协助单位（现场办理）"), *(departments or [])]
        self.fields["amount"].label = "冻结金额或财产价值（元）"


class DeductForm(forms.Form):
    measure = forms.IntegerField(widget=forms.HiddenInput)
    amount = MoneyField(label="扣划金额（元）")
    on = forms.DateField(label="扣划日期", widget=DATE)
    ruling = forms.CharField(label="执行裁定书文号", max_length=60)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "扣划日期")
        positive(self, what="扣划金额")
        return data


class RenewForm(forms.Form):
    measure = forms.IntegerField(widget=forms.HiddenInput)
    renewed_on = forms.DateField(label="续行日期", widget=DATE)
    new_expiry = forms.DateField(label="续行至", widget=DATE)
    ruling = forms.CharField(label="执行裁定书文号", max_length=60)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "renewed_on", "续行日期")
        return data


class ReleaseForm(forms.Form):
    measure = forms.IntegerField(widget=forms.HiddenInput)
    released_on = forms.DateField(label="解除日期", widget=DATE)
    reason = forms.CharField(
        label="解除理由",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：被执行人已履行完毕；案外人异议成立；申请执行人申请解除；超标的查封",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "released_on", "解除日期")
        return data


# --- pages -----------------------------------------------------------------------------------

ACTIONS = ("take", "manual", "deduct", "renew", "release")
ROLES = {
    "take": services.CONTROL_ROLES,
    "manual": services.CONTROL_ROLES,
    "renew": services.CONTROL_ROLES,
    "deduct": services.DEDUCT_ROLES,
    "release": services.RELEASE_ROLES,
}
ROW_ACTIONS = ("deduct", "renew", "release")
EXPIRING_LIMIT = 300


def _show(form: forms.Form, error: DomainError) -> None:
    """The refusal beside its field, with the article it comes from."""
    if error.source not in error.message:
        error = DomainError(
            error.code, sourced(error.message, error.source), source=error.source, field=error.field
        )
    add_to_form(form, error)


class ControlsPage:
    """The case's 查控措施 page; `bound` holds forms re-shown with their errors."""

    def __init__(self, request: HttpRequest, case: EnforcementCase) -> None:
        self.request, self.case = request, case
        self.today = timezone.localdate()
        self.bound: dict[str, forms.Form] = {}
        actor = request.user
        open_case = case.status == EnforcementCase.Status.DOCKETED
        self.allowed = {
            a: open_case and services.may(actor, case.court_id, roles) for a, roles in ROLES.items()
        }

    @cached_property
    def owed(self) -> Decimal | None:
        return services.owed(self.case)

    @cached_property
    def frozen(self) -> Decimal:
        return services.frozen_total(self.case, self.today)

    @cached_property
    def room(self) -> Decimal | None:
        """How much more may be frozen (第253条); None for a case without a money claim."""
        return None if self.owed is None else max(self.owed - self.frozen, rules.ZERO)

    @cached_property
    def ruling(self) -> str:
        return self.ruling_suggestion()

    def ruling_suggestion(self) -> str:
        """The next ruling number of the case: （2026）京0105执1号之一, 之二 …"""
        n = (
            ControlMeasure.objects.filter(case_id=self.case.pk).count()
            + ControlRenewal.objects.filter(measure__case_id=self.case.pk).count()
            + 1
        )
        return f"{self.case.case_number or ''}之{chinese_number(min(n, MAX_NUMBER))}"

    def respondents(self) -> list[tuple[int, str]]:
        return [(p.pk, p.name) for p in self.case.parties.all() if p.role == "respondent"]

    def form(self, action: str, data: Any = None, row: Any = None) -> forms.Form:
        today = self.today
        if action == "take":
            found: selectors.FoundRow = row
            initial = {
                "found": found.found.pk if found else None,
                "kind": found.default.value if found else None,
                "started_on": today,
                "expires_on": found.latest_expiry if found else None,
                "ruling": self.ruling,
            }
            if found and found.property_kind is PropertyKind.DEPOSIT:
                initial["amount"] = self._deposit_default(found.found)
            form: forms.Form = TakeForm(
                data, initial=initial, kinds=found.allowed if found else None, prefix="take"
            )
            if found and found.property_kind is not PropertyKind.DEPOSIT:
                del form.fields["amount"]
            elif self.owed is not None:
                form.fields["amount"].help_text = (
                    f"尚欠 {self.owed:,.2f} 元，本案已冻结 {self.frozen:,.2f} 元，"
                    f"至多还可冻结 {self.room:,.2f} 元（{rules.SCOPE_SOURCE}）"
                )
            if found and len(found.allowed) == 1:
                form.fields["kind"].widget = forms.HiddenInput()
            return form
        if action == "manual":
            departments = [
                (d.code, d.name)
                for d in LinkedDepartment.objects.filter(active=True, answers_inquiries=True)
            ]
            return ManualForm(
                data,
                initial={
                    "started_on": today,
                    "expires_on": rules.latest_expiry(PropertyKind.MOVABLE, today),
                    "kind": ControlKind.SEIZE.value,
                    "property_kind": PropertyKind.MOVABLE.value,
                    "ruling": self.ruling,
                },
                respondents=self.respondents(),
                departments=departments,
                prefix="manual",
            )
        measure: selectors.ControlRow | None = row
        m = measure.measure if measure else None
        if action == "deduct":
            amount = None
            if m is not None and m.frozen_remaining is not None:
                still = self.owed
                amount = m.frozen_remaining if still is None else min(m.frozen_remaining, still)
            return DeductForm(
                data,
                initial={
                    "measure": m.pk if m else None,
                    "on": today,
                    "amount": amount,
                    "ruling": self.ruling,
                },
                prefix="deduct",
            )
        if action == "renew":
            new_expiry = None
            if m is not None and m.expires_on:
                new_expiry = rules.latest_expiry(PropertyKind(m.property_kind), m.expires_on)
            return RenewForm(
                data,
                initial={
                    "measure": m.pk if m else None,
                    "renewed_on": today,
                    "new_expiry": new_expiry,
                    "ruling": self.ruling,
                },
                prefix="renew",
            )
        return ReleaseForm(
            data, initial={"measure": m.pk if m else None, "released_on": today}, prefix="release"
        )

    def _deposit_default(self, found: PropertyFound) -> Any:
        """The balance found, capped by what is still owed less what is already frozen (第253条)."""
        if found.amount is None or self.room is None:
            return found.amount
        return min(found.amount, self.room)

    def found_row(self, pk: int) -> selectors.FoundRow | None:
        book = selectors.case_controls(actor=self.request.user, case=self.case, today=self.today)
        return next((f for f in book.found if f.found.pk == pk), None)

    def perform(self, action: str, form: forms.Form) -> str:
        actor, case, data = self.request.user, self.case, form.cleaned_data
        if action in ("take", "manual"):
            kw: dict[str, Any] = {}
            if action == "take":
                found = PropertyFound.objects.filter(pk=data["found"], case_id=case.pk).first()
                if found is None:
                    raise NotFound("本案没有该项查控发现的财产")
                kw["found"] = found
            else:
                party = next((p for p in case.parties.all() if p.pk == data["party"]), None)
                department = (
                    LinkedDepartment.objects.filter(code=data["department"]).first()
                    if data["department"]
                    else None
                )
                kw.update(
                    party=party,
                    department=department,
                    property_kind=data["property_kind"],
                    description=data["description"],
                    identifier=data["identifier"],
                )
            measure = services.control_take(
                actor=actor,
                case=case,
                kind=data["kind"],
                started_on=data["started_on"],
                expires_on=data["expires_on"],
                ruling=data["ruling"],
                amount=data.get("amount"),
                **kw,
            )
            if measure.status == ControlMeasure.Status.REQUESTED:
                return f"已发出协助执行通知：{services.describe(measure)}，待{measure.department.name}回复后生效"
            return f"已{measure.get_kind_display()}：{services.describe(measure)}，即时生效"
        measure = selectors.measure_get(actor=actor, pk=data["measure"])
        if measure.case_id != case.pk:
            raise NotFound("本案没有该项查控措施")
        if action == "deduct":
            row = services.deduction_request(
                actor=actor,
                freeze=measure,
                amount=data["amount"],
                on=data["on"],
                ruling=data["ruling"],
            )
            return f"已向{row.department.name}发出协助扣划通知：{row.requested_amount:,.2f} 元，银行回复后计入本案执行款"
        if action == "renew":
            renewal = services.control_renew(
                actor=actor,
                measure=measure,
                renewed_on=data["renewed_on"],
                new_expiry=data["new_expiry"],
                ruling=data["ruling"],
            )
            if renewal.status == ControlRenewal.Status.REQUESTED:
                return f"已发出续行通知（至 {renewal.new_expiry:%Y年%m月%d日}），待协助单位回复"
            return f"已续行至 {renewal.new_expiry:%Y年%m月%d日}"
        row = services.control_release(
            actor=actor, measure=measure, released_on=data["released_on"], reason=data["reason"]
        )
        if row.status == ControlMeasure.Status.RELEASED:
            return f"已解除：{services.describe(row)}"
        return f"已发出解除通知：{services.describe(row)}，待{row.department.name}回复"

    def render(self, status: int = 200) -> HttpResponse:
        book = selectors.case_controls(actor=self.request.user, case=self.case, today=self.today)
        found_rows = []
        for f in book.found:
            form = None
            # Nothing more may be frozen once the deposits frozen reach what is owed (第253条).
            full = (
                f.property_kind is PropertyKind.DEPOSIT and self.room is not None and self.room <= 0
            )
            if self.allowed["take"] and f.measure is None and not full:
                form = self.bound.get(f"take-{f.found.pk}") or self.form("take", row=f)
                form.auto_id = f"id_take{f.found.pk}_%s"
            found_rows.append({"f": f, "form": form, "full": full})
        rows = []
        for r in book.rows:
            forms_of: dict[str, forms.Form | None] = {}
            for action in ROW_ACTIONS:
                may = self.allowed[action] and getattr(r, f"may_{action}")
                form = (
                    (self.bound.get(f"{action}-{r.measure.pk}") or self.form(action, row=r))
                    if may
                    else None
                )
                if form is not None:
                    form.auto_id = f"id_{action}{r.measure.pk}_%s"
                forms_of[action] = form
            rows.append({"r": r, **forms_of})
        manual = None
        if self.allowed["manual"]:
            manual = self.bound.get("manual") or self.form("manual")
        return render(
            self.request,
            "measures/control_case.html",
            {
                "case": self.case,
                "book": book,
                "found_rows": found_rows,
                "rows": rows,
                "manual": manual,
                "allowed": self.allowed,
                "owed": self.owed,
                "warn_days": selectors.warn_days(),
                "source": rules.SOURCE,
                "scope_source": rules.SCOPE_SOURCE,
                "terms": [
                    (label, rules.MAX_MONTHS[k] // 12) for k, label in rules.PROPERTY_LABELS.items()
                ],
                "today": self.today,
            },
            status=status,
        )


@login_required
@shows_errors
def case_controls(request: HttpRequest, pk: int) -> HttpResponse:
    return ControlsPage(request, case_selectors.case_get(actor=request.user, pk=pk)).render()


@login_required
@require_POST
@shows_errors
def case_controls_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise NotFound("没有这项办理功能")
    case = case_selectors.case_get(actor=request.user, pk=pk)
    page = ControlsPage(request, case)
    if not page.allowed[action]:
        raise AccessDenied("您不能在本案办理此事项，或案件当前状态不允许")
    row: Any = None
    row_id = request.POST.get(f"{action}-found" if action == "take" else f"{action}-measure", "")
    found_pk = int_param(row_id) if action == "take" else None
    if found_pk is not None:
        row = page.found_row(found_pk)
        if row is None:
            raise NotFound("本案没有该项查控发现的财产")
    form = page.form(action, request.POST, row=row)
    anchor = "found" if action == "take" else "controls"
    outcome = perform_action(
        request,
        form,
        lambda: page.perform(action, form),
        done_url=reverse("case-controls", args=[case.pk]) + f"#{anchor}",
        show=_show,
        not_found_page=True,
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    key = f"{action}-{row_id}" if action != "manual" and row_id else action
    page.bound[key] = form
    return page.render(status=outcome)


@login_required
def controls_expiring(request: HttpRequest) -> HttpResponse:
    """查控到期预警: in-effect controls of the actor's courts ending within N days, then the ones
    that ended without renewal (第485条)."""
    actor = request.user
    today = timezone.localdate()
    soon = list(selectors.expiring(actor=actor, today=today)[: EXPIRING_LIMIT + 1])
    lapsed = list(selectors.expired(actor=actor, today=today)[: EXPIRING_LIMIT + 1])
    scope = scope_of(actor)
    return render(
        request,
        "measures/control_expiring.html",
        {
            "soon": [(m, _days(m.expires_on, today)) for m in soon[:EXPIRING_LIMIT]],
            "lapsed": [(m, _days(m.expires_on, today)) for m in lapsed[:EXPIRING_LIMIT]],
            "more_soon": len(soon) > EXPIRING_LIMIT,
            "more_lapsed": len(lapsed) > EXPIRING_LIMIT,
            "limit": EXPIRING_LIMIT,
            "warn_days": selectors.warn_days(),
            "today": today,
            "source": rules.SOURCE,
            "many_courts": scope.everything or len(scope.court_ids or ()) > 1,
        },
    )


def _days(expires_on: date | None, today: date) -> int:
    return (expires_on - today).days if expires_on else 0


urlpatterns: list[URLPattern] = [
    path("cases/<int:pk>/controls/", case_controls, name="case-controls"),
    path(
        "cases/<int:pk>/controls/<str:action>/", case_controls_action, name="case-controls-action"
    ),
    path("controls/expiring/", controls_expiring, name="controls-expiring"),
]
