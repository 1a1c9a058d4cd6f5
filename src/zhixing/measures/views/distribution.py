"""The case's 参与分配 page: claims, the plan with each line's order rule, the objection windows with
their due dates and sources, and the actions. Parse, select within scope, call one service,
redirect (PRG). Forms first, then the page.
"""

from __future__ import annotations

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
from zhixing.core.views import int_param

from ..models import ControlMeasure, Distribution
from ..rules import distribution as rules
from ..selectors import distribution as selectors
from ..services import distribution as services
from ._common import not_future, perform_action, positive, shows_errors, sourced

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DEBTOR = "debtor"  # the objector choice meaning "the debtor objects"


# --- forms ---------------------------------------------------------------------------------


class OpenForm(forms.Form):
    debtor = forms.TypedChoiceField(label="被执行人", coerce=int)
    property_description = forms.CharField(
        label="分配财产", max_length=200, help_text="如：朝阳区某房屋的拍卖价款"
    )
    amount = MoneyField(label="可供分配金额（元）")
    opened_on = forms.DateField(label="启动分配日期", widget=DATE)
    control = forms.TypedChoiceField(
        label="本院查控措施（可不选）",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="选择后核对本院是否首先查封该财产；法人被执行人的普通债权据此按查封先后排序",
    )

    def __init__(self, *args: Any, debtors: Any = (), controls: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["debtor"].choices = list(debtors)
        self.fields["control"].choices = [("", "—（不选）")] + list(controls)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "opened_on", "启动分配日期")
        positive(self)
        return data


class ClaimForm(forms.Form):
    distribution = forms.IntegerField(widget=forms.HiddenInput)
    creditor = forms.CharField(label="债权人", max_length=100)
    kind = forms.ChoiceField(
        label="债权性质",
        choices=[(k.value, label) for k, label in rules.CLAIM_LABELS.items()],
        help_text="执行费用最先受偿；优先受偿债权（抵押权、质权等）可不持执行依据直接申请（第506条第2款）",
    )
    amount = MoneyField(label="申报金额（元）")
    filed_on = forms.DateField(label="申请日期", widget=DATE)
    title_number = forms.CharField(
        label="执行依据文书编号", max_length=60, required=False, help_text="普通债权必填"
    )
    creditor_case_number = forms.CharField(
        label="债权人的执行案件案号（可不填）",
        max_length=40,
        required=False,
        help_text="您有权查看的案件，如（2026）京0105执2号；其他法院的案件不填，直接填写下方的查封（冻结）生效时间",
    )
    created_on = forms.DateField(
        label="优先权设立（登记）日期", widget=DATE, required=False, help_text="优先受偿债权必填"
    )
    controlled_at = forms.DateTimeField(
        label="查封（冻结）生效时间",
        widget=DATETIME,
        required=False,
        help_text="被执行人为法人时，普通债权按此先后受偿；可从债权人案件的查控措施自动取得",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "filed_on", "申请日期")
        positive(self)
        return data


class RefuseForm(forms.Form):
    distribution = forms.IntegerField(widget=forms.HiddenInput)
    claim = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="不予准许的理由", max_length=300)


class ServeForm(forms.Form):
    distribution = forms.IntegerField(widget=forms.HiddenInput)
    served_on = forms.DateField(
        label="送达日期",
        widget=DATE,
        help_text="向各债权人和被执行人送达之日；异议期间自次日起算 15 日（第509条）",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "served_on", "送达日期")
        return data


class ObjectionForm(forms.Form):
    distribution = forms.IntegerField(widget=forms.HiddenInput)
    objector = forms.ChoiceField(label="异议人")
    target = forms.TypedChoiceField(label="异议所涉债权（主张其分配额应减少）", coerce=int)
    disputed = MoneyField(label="争议金额（元）")
    reason = forms.CharField(label="异议理由", max_length=300)
    filed_on = forms.DateField(label="提出异议日期", widget=DATE)
    notified_on = forms.DateField(
        label="通知其他债权人、被执行人日期",
        widget=DATE,
        help_text="反对意见期间自次日起算 15 日（第510条）",
    )

    def __init__(self, *args: Any, lines: Any = (), debtor: str = "", **kw: Any) -> None:
        super().__init__(*args, **kw)
        choices = list(lines)
        self.fields["objector"].choices = choices + [(DEBTOR, f"被执行人{debtor}")]
        self.fields["target"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "filed_on", "提出异议日期")
        positive(self, "disputed")
        return data


class CounterForm(forms.Form):
    distribution = forms.IntegerField(widget=forms.HiddenInput)
    objection = forms.IntegerField(widget=forms.HiddenInput)
    by_name = forms.CharField(label="提出反对意见的债权人或被执行人", max_length=100)
    filed_on = forms.DateField(label="提出日期", widget=DATE)
    notified_on = forms.DateField(
        label="通知异议人日期", widget=DATE, help_text="起诉期间自次日起算 15 日（第510条）"
    )


class SuitForm(forms.Form):
    distribution = forms.IntegerField(widget=forms.HiddenInput)
    objection = forms.IntegerField(widget=forms.HiddenInput)
    filed_on = forms.DateField(label="起诉日期", widget=DATE)


class JudgmentForm(forms.Form):
    distribution = forms.IntegerField(widget=forms.HiddenInput)
    objection = forms.IntegerField(widget=forms.HiddenInput)
    awarded = MoneyField(label="判归异议人的金额（元）")
    decided_on = forms.DateField(label="判决生效日期", widget=DATE)


class FinalForm(forms.Form):
    distribution = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label="确定日期", widget=DATE)


FORMS: dict[str, type[forms.Form]] = {
    "open": OpenForm,
    "claim": ClaimForm,
    "refuse": RefuseForm,
    "serve": ServeForm,
    "objection": ObjectionForm,
    "counter": CounterForm,
    "suit": SuitForm,
    "judgment": JudgmentForm,
    "final": FinalForm,
}
ROW_ACTIONS = ("refuse", "counter", "suit", "judgment")  # forms repeated per row of a table
ANCHORS = {
    "open": "distributions",
    "claim": "claims",
    "refuse": "claims",
    "serve": "plan",
    "objection": "objections",
    "counter": "objections",
    "suit": "objections",
    "judgment": "objections",
    "final": "plan",
}


# --- the page ------------------------------------------------------------------------------


class DistributionPage:
    """The case's 参与分配 page; `bound` holds forms re-shown with their errors, keyed by action
    and distribution (and row, for the forms repeated per row)."""

    def __init__(self, request: HttpRequest, case: EnforcementCase) -> None:
        self.request, self.case = request, case
        self.today = timezone.localdate()
        self.allowed = services.may_distribute(request.user, case.court_id)
        self.docketed = case.status == EnforcementCase.Status.DOCKETED
        self.bound: dict[str, forms.Form] = {}
        self.distributions = selectors.distributions_of(actor=request.user, case=case)

    def _controls(self) -> list[tuple[int, str]]:
        rows = ControlMeasure.objects.filter(
            case=self.case, status__in=services.EFFECTIVE_CONTROLS
        ).order_by("took_effect_at")
        return [(c.pk, f"{c.get_kind_display()} {c.description}") for c in rows]

    def form(self, action: str, data: Any = None, row: Distribution | None = None) -> forms.Form:
        initial: dict[str, Any] = {
            "opened_on": self.today,
            "filed_on": self.today,
            "served_on": self.today,
            "notified_on": self.today,
            "decided_on": self.today,
            "on": self.today,
        }
        if row is not None:
            initial["distribution"] = row.pk
        kw: dict[str, Any] = {"initial": initial, "prefix": action}
        if action == "open":
            debtors = [(p.pk, p.name) for p in self.case.parties.all() if p.role == "respondent"]
            return OpenForm(data, debtors=debtors, controls=self._controls(), **kw)
        if action == "objection":
            lines = []
            debtor = ""
            if row is not None:
                debtor = row.debtor.name
                view = selectors.distribution_view(actor=self.request.user, distribution=row)
                lines = [(str(line.claim_id), line.claim.creditor) for line in view.lines]
            return ObjectionForm(data, lines=lines, debtor=debtor, **kw)
        return FORMS[action](data, **kw)

    def perform(self, action: str, form: forms.Form, row: Distribution | None) -> str:
        actor, data = self.request.user, form.cleaned_data
        if action == "open":
            debtor = next(p for p in self.case.parties.all() if p.pk == data["debtor"])
            control = (
                ControlMeasure.objects.filter(pk=data["control"], case=self.case).first()
                if data.get("control")
                else None
            )
            opened = services.distribution_open(
                actor=actor,
                case=self.case,
                debtor=debtor,
                amount=data["amount"],
                property_description=data["property_description"],
                opened_on=data["opened_on"],
                control=control,
            )
            return f"已启动参与分配：{opened.property_description}，可供分配 {opened.amount} 元"
        assert row is not None
        if action == "claim":
            fields = {k: v for k, v in data.items() if k != "distribution"}
            claim = services.claim_add(actor=actor, distribution=row, **fields)
            note = "；已送达的方案作废，请重新制作送达" if row.status != "drafting" else ""
            return f"已准许{claim.creditor}以{claim.get_kind_display()} {claim.amount} 元参与分配{note}"
        if action == "refuse":
            claim = selectors.claim_get(actor=actor, pk=data["claim"], distribution=row)
            services.claim_refuse(actor=actor, claim=claim, reason=data["reason"])
            return f"{claim.creditor}的债权已不予准许参与分配"
        if action == "serve":
            plan = services.plan_serve(actor=actor, distribution=row, served_on=data["served_on"])
            return f"分配方案第{plan.version}版已制作并送达，已记入案件流程节点"
        if action == "objection":
            target = selectors.line_get(actor=actor, claim_id=data["target"], distribution=row)
            objector = (
                None
                if data["objector"] == DEBTOR
                else selectors.line_get(
                    actor=actor, claim_id=int(data["objector"]), distribution=row
                )
            )
            services.objection_record(
                actor=actor,
                distribution=row,
                target_line=target,
                objector_line=objector,
                disputed=data["disputed"],
                reason=data["reason"],
                filed_on=data["filed_on"],
                notified_on=data["notified_on"],
            )
            return "已登记异议，并已记录通知日期"
        if action == "final":
            done = services.distribution_finalize(actor=actor, distribution=row, on=data["on"])
            held = " ，争议金额已提存" if done.status == Distribution.Status.SUIT_PENDING else ""
            return f"分配方案已确定{held}，已记入案件流程节点"
        objection = selectors.objection_get(actor=actor, pk=data["objection"], distribution=row)
        if action == "counter":
            services.counter_objection_record(
                actor=actor,
                objection=objection,
                by_name=data["by_name"],
                filed_on=data["filed_on"],
                notified_on=data["notified_on"],
            )
            return "已登记反对意见"
        if action == "suit":
            services.suit_record(actor=actor, objection=objection, filed_on=data["filed_on"])
            return "已登记起诉，争议金额将在方案确定时提存"
        services.suit_decide(
            actor=actor, objection=objection, awarded=data["awarded"], decided_on=data["decided_on"]
        )
        return "已登记异议之诉结果，提存金额已按判决分配"

    def _bound(self, action: str, row: Distribution, key: int | None = None) -> forms.Form:
        name = f"{action}-{row.pk}" + (f"-{key}" if key is not None else "")
        form = self.bound.get(name)
        if form is None:
            form = self.form(action, row=row)
            if key is not None:
                form.initial["claim" if action == "refuse" else "objection"] = key
        form.auto_id = f"id_{action}{row.pk}" + (f"_{key}" if key is not None else "") + "_%s"
        return form

    def _windows(self, view: selectors.DistributionView) -> list[dict[str, Any]]:
        """The 15 + 15 + 15 day windows with their due dates, each in the words a clerk needs."""
        items: list[tuple[str, rules.Window, str]] = []
        if view.objection_window is not None:
            filed = len(view.objections)
            items.append(
                (
                    "各债权人、被执行人",
                    view.objection_window,
                    f"已收到 {filed} 件异议" if filed else "",
                )
            )
        for o in view.objections:
            about = f"{o.row.objector_name}对{o.row.target_line.claim.creditor}分配额的异议"
            counter = o.counter
            items.append(
                (
                    about,
                    o.counter_window,
                    f"{counter.by_name}已于 {counter.filed_on:%Y-%m-%d} 提出反对意见"
                    if counter
                    else "",
                )
            )
            if o.suit_window is not None:
                suit = o.row.suit_filed_on
                items.append((about, o.suit_window, f"已于 {suit:%Y-%m-%d} 起诉" if suit else ""))
        out = []
        for who, win, done in items:
            left = (win.due.due - self.today).days
            if left < 0:
                text = done or "已届满，未提出"
            else:
                text = "今天届满" if left == 0 else f"剩余 {left} 天"
                text = f"{done}（期间{text}）" if done else text
            out.append(
                {
                    "who": who,
                    "w": win,
                    "starts_label": rules.WINDOW_STARTS[win.kind],
                    "open": left >= 0 and not done,
                    "text": text,
                }
            )
        return out

    def sections(self) -> list[dict[str, Any]]:
        out = []
        for row in self.distributions:
            view = selectors.distribution_view(
                actor=self.request.user, distribution=row, today=self.today
            )
            open_ = row.status in services.OPEN_STATUSES
            acting = self.allowed and self.docketed
            forms_: dict[str, forms.Form] = {}
            if acting and open_:
                forms_["claim"] = self._bound("claim", row)
                if row.status == Distribution.Status.DRAFTING and view.accepted:
                    forms_["serve"] = self._bound("serve", row)
                if row.status in (Distribution.Status.SERVED, Distribution.Status.OBJECTION):
                    forms_["objection"] = self._bound("objection", row)
                    forms_["final"] = self._bound("final", row)
            claims = [
                {
                    "c": c,
                    "refuse": self._bound("refuse", row, c.pk)
                    if acting and open_ and c.accepted
                    else None,
                }
                for c in view.claims
            ]
            objections = []
            for o in view.objections:
                item: dict[str, Any] = {"o": o}
                if acting and row.status == Distribution.Status.OBJECTION:
                    if o.counter is None and o.counter_window.open_on(self.today):
                        item["counter"] = self._bound("counter", row, o.row.pk)
                    if (
                        o.counter
                        and not o.row.suit_filed_on
                        and o.suit_window
                        and o.suit_window.open_on(self.today)
                    ):
                        item["suit"] = self._bound("suit", row, o.row.pk)
                if (
                    acting
                    and row.status == Distribution.Status.SUIT_PENDING
                    and o.row.resolution == rules.Resolution.SUIT.value
                    and o.row.awarded is None
                ):
                    item["judgment"] = self._bound("judgment", row, o.row.pk)
                objections.append(item)
            out.append(
                {
                    "row": row,
                    "view": view,
                    "ordinary_rule": rules.ORDER_RULE_LABELS[
                        rules.OrderRule.SEIZURE_ORDER
                        if row.debtor_kind == rules.DebtorKind.LEGAL_PERSON.value
                        else rules.OrderRule.PRO_RATA
                    ],
                    "legal_person": row.debtor_kind == rules.DebtorKind.LEGAL_PERSON.value,
                    "windows": self._windows(view),
                    "forms": forms_,
                    "claims": claims,
                    "objections": objections,
                }
            )
        return out

    def render(self, status: int = 200) -> HttpResponse:
        open_form = None
        if self.allowed and self.docketed:
            open_form = self.bound.get("open") or self.form("open")
        return render(
            self.request,
            "measures/distribution_case.html",
            {
                "case": self.case,
                "sections": self.sections(),
                "open_form": open_form,
                "allowed": self.allowed,
                "today": self.today,
                "rules": {
                    "art_506": rules.ART_506,
                    "art_507": rules.ART_507,
                    "art_508": rules.ART_508,
                    "art_509": rules.ART_509,
                    "art_510": rules.ART_510,
                    "art_514": rules.ART_514,
                },
            },
            status=status,
        )


def _show(form: forms.Form, error: DomainError) -> None:
    """The refusal beside its field, with the article it comes from."""
    message = sourced(error.message, error.source, "依据：")
    add_to_form(form, DomainError(error.code, message, field=error.field))


@login_required
@shows_errors
def case_distribution(request: HttpRequest, pk: int) -> HttpResponse:
    return DistributionPage(request, case_selectors.case_get(actor=request.user, pk=pk)).render()


@login_required
@require_POST
@shows_errors
def case_distribution_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in FORMS:
        raise NotFound("没有这项办理功能")
    case = case_selectors.case_get(actor=request.user, pk=pk)
    row = None
    if action != "open":
        raw = int_param(request.POST.get(f"{action}-distribution"))
        if raw is None:
            raise NotFound("未指明分配", code="distribution.not_found")
        row = selectors.distribution_get(actor=request.user, pk=raw, case=case)
    page = DistributionPage(request, case)
    if not (page.allowed and page.docketed):
        raise AccessDenied("您不能在本案办理参与分配，或案件当前状态不允许")
    form = page.form(action, request.POST, row=row)
    anchor = ANCHORS[action] + (f"-{row.pk}" if row is not None else "")
    outcome = perform_action(
        request,
        form,
        lambda: page.perform(action, form, row),
        done_url=reverse("case-distribution", args=[case.pk]) + f"#{anchor}",
        show=_show,
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    if row is None:
        page.bound["open"] = form
    else:
        key = form.data.get(f"{action}-claim" if action == "refuse" else f"{action}-objection", "")
        suffix = f"-{key}" if action in ROW_ACTIONS and int_param(str(key)) is not None else ""
        page.bound[f"{action}-{row.pk}{suffix}"] = form
    return page.render(status=outcome)


urlpatterns: list[URLPattern] = [
    path("cases/<int:pk>/distribution/", case_distribution, name="case-distribution"),
    path(
        "cases/<int:pk>/distribution/<str:action>/",
        case_distribution_action,
        name="case-distribution-action",
    ),
]
