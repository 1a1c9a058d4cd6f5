"""The case's 财产处置 page: each controlled property with its appraisal, its auction rounds (the
rules shown beside the inputs), the next allowed step, and refusals beside the field with their
source. Parse, select within scope, call one service, redirect (PRG).

Forms first (they check what needs no database), then the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhixing.cases import selectors as case_selectors
from zhixing.cases.forms import DATE, MoneyField
from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import AccessDenied, DomainError, NotFound
from zhixing.core.rules.money import format_money as m

from ..rules import disposal as rules
from ..rules.control import PROPERTY_LABELS
from ..rules.disposal import PLATFORM_LABELS, PRICE_BASIS_LABELS, Step, ymd
from ..selectors import disposal as selectors
from ..services import disposal as services
from ._common import not_future, perform_action, shows_errors, sourced

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(k.value, v) for k, v in labels.items()]


class DatedForm(forms.Form):
    """A form whose date fields may not lie in the future (each names its label)."""

    past_dates: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in self.past_dates:
            not_future(self, name, str(self.fields[name].label))
        return data


class AppraisalOrderForm(DatedForm):
    past_dates = ("decided_on",)
    decided_on = forms.DateField(label="决定委托评估日期", widget=DATE)


class AppraiserForm(DatedForm):
    past_dates = ("selected_on",)
    agency = forms.CharField(label="评估机构", max_length=100)
    selected_on = forms.DateField(label="确定评估机构日期", widget=DATE)


class ReportForm(DatedForm):
    past_dates = ("reported_on",)
    basis = forms.ChoiceField(
        label="参考价类型", choices=_choices(PRICE_BASIS_LABELS), widget=forms.RadioSelect
    )
    price = MoneyField(label="评估价或市场价（元）")
    reported_on = forms.DateField(label="评估报告日期或询价日期", widget=DATE)


class AnnounceForm(DatedForm):
    past_dates = ("notified_on", "announced_on")
    platform = forms.ChoiceField(label="拍卖平台", choices=_choices(PLATFORM_LABELS))
    notified_on = forms.DateField(label="通知当事人和已知优先购买权人日期", widget=DATE)
    announced_on = forms.DateField(label="公告日期", widget=DATE)
    starts_at = forms.DateTimeField(label="竞价开始时间", widget=DATETIME)
    ends_at = forms.DateTimeField(label="竞价结束时间", widget=DATETIME)
    start_price = MoneyField(label="起拍价（元）")
    deposit = MoneyField(label="保证金（元）")


class ResultForm(DatedForm):
    past_dates = ("on",)
    result = forms.ChoiceField(
        label="拍卖结果",
        choices=[("sold", "成交"), ("failed", "流拍（无人出价）"), ("withdrawn", "撤回拍卖")],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label="登记日期", widget=DATE)
    winning_price = MoneyField(label="成交价（元，成交时填写）", required=False)
    buyer = forms.CharField(label="买受人（成交时填写）", max_length=100, required=False)


class SaleForm(DatedForm):
    past_dates = ("on",)
    price = MoneyField(label="变卖价（元）")
    buyer = forms.CharField(label="买受人", max_length=100)
    on = forms.DateField(label="变卖成交日期", widget=DATE)


class InKindForm(DatedForm):
    """No claim to type: the outstanding claim is the case's claim less what has been realized,
    computed by the service (拍卖变卖规定 第16条)."""

    past_dates = ("on", "consent_on")
    party = forms.TypedChoiceField(label="接受抵债的申请执行人", coerce=int)
    consent_on = forms.DateField(label="申请执行人同意日期", widget=DATE, required=False)
    consent_note = forms.CharField(
        label="同意的记录",
        max_length=200,
        required=False,
        help_text="如：申请执行人书面同意书、笔录",
    )
    on = forms.DateField(label="以物抵债日期", widget=DATE)

    def __init__(self, *args: Any, applicants: list[tuple[int, str]] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["party"].choices = applicants or []


class ReleaseForm(DatedForm):
    past_dates = ("on",)
    reason = forms.CharField(
        label="解除处置理由",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：二次流拍后无法变卖，申请执行人不同意以物抵债（民诉法解释 第490条）",
    )
    on = forms.DateField(label="解除处置日期", widget=DATE)


class HandoverForm(DatedForm):
    past_dates = ("delivered_on",)
    delivered_on = forms.DateField(label="交付日期", widget=DATE)


FORMS: dict[str, type[forms.Form]] = {
    "appraisal_order": AppraisalOrderForm,
    "appraiser": AppraiserForm,
    "report": ReportForm,
    "announce": AnnounceForm,
    "result": ResultForm,
    "sale": SaleForm,
    "in_kind": InKindForm,
    "release": ReleaseForm,
    "handover": HandoverForm,
}
UNCONTROLLED_ACTIONS = ("result", "release", "handover")
TITLES = {
    "appraisal_order": "决定委托评估",
    "appraiser": "确定评估机构",
    "report": "登记参考价",
    "announce": "发布拍卖公告",
    "result": "登记拍卖结果",
    "sale": "变卖",
    "in_kind": "以物抵债",
    "release": "解除处置",
    "handover": "交付财产",
}


# --- the page ------------------------------------------------------------------------------


def add_errors(form: forms.Form, error: DomainError) -> None:
    """Each refusal beside its field (or at the top), with the article it comes from."""
    refusals = getattr(error, "refusals", None) or [error]
    for refusal in refusals:
        name = refusal.field if refusal.field in form.fields else None
        form.add_error(name, sourced(refusal.message, refusal.source, "依据："))


@dataclass
class Item:
    """One property on the page: its disposal and the forms of its next steps."""

    view: selectors.PropertyDisposal
    forms: dict[str, forms.Form] = field(default_factory=dict)

    @property
    def entries(self) -> list[tuple[str, str, forms.Form]]:
        return [(action, TITLES[action], form) for action, form in self.forms.items()]


class DisposalPage:
    def __init__(self, request: HttpRequest, case: EnforcementCase) -> None:
        self.request, self.case = request, case
        self.today = timezone.localdate()
        self.allowed = services.may(request.user, case.court_id) and (
            case.status == EnforcementCase.Status.DOCKETED
        )
        self.bound: dict[tuple[int, str], forms.Form] = {}

    def applicants(self) -> list[tuple[int, str]]:
        return [(p.pk, p.name) for p in self.case.parties.all() if p.role == "applicant"]

    def actions_for(self, view: selectors.PropertyDisposal) -> list[str]:
        out: list[str] = []
        for step in view.steps:
            if step is Step.ORDER_APPRAISAL:
                out.append("appraisal_order")
            elif step is Step.SELECT_AGENCY:
                out.append("appraiser")
            elif step is Step.REPORT:
                out.append("report")
            elif step is Step.ANNOUNCE:
                out.append("announce")
            elif step is Step.RESULT:
                out.append("result")
            elif step is Step.SETTLE:
                if view.sale_floor is not None:
                    out.append("sale")
                if view.in_kind_price is not None:
                    out.append("in_kind")
            elif step is Step.RELEASE:
                out.append("release")
            elif step is Step.HANDOVER:
                out.append("handover")
        if not view.may_dispose:  # a released, lapsed or waiting (轮候) seal: only closing acts,
            # and none before a file is open (releasing would open one)
            out = [a for a in out if a in UNCONTROLLED_ACTIONS and view.file is not None]
        return out

    def form(self, action: str, view: selectors.PropertyDisposal, data: Any = None) -> forms.Form:
        prefix = f"{action}-{view.measure.pk}"
        today = self.today
        initial: dict[str, Any] = {
            name: today
            for name in ("decided_on", "selected_on", "reported_on", "announced_on", "on")
        }
        initial["delivered_on"] = today
        kw: dict[str, Any] = {}
        if action == "in_kind":
            kw["applicants"] = self.applicants()
        if action == "sale" and view.sale_floor is not None:
            initial["price"] = view.sale_floor
        if action == "announce" and view.limits is not None:
            start = view.limits.earliest_start_on(today)
            starts_at = timezone.make_aware(datetime.combine(start, time(10)))
            initial.update(starts_at=starts_at, ends_at=starts_at + timedelta(days=1))
            initial["notified_on"] = rules.latest_notice_on(today)
            if view.limits.platform:
                initial["platform"] = view.limits.platform
        form = FORMS[action](data, initial=initial, prefix=prefix, **kw)
        self._help(form, action, view)
        return form

    def _help(self, form: forms.Form, action: str, view: selectors.PropertyDisposal) -> None:
        """The rule beside each input, computed from this property's file."""
        f = form.fields
        if action == "appraiser" and view.appraiser_due is not None:
            f[
                "selected_on"
            ].help_text = f"应于 {ymd(view.appraiser_due.due)} 前确定（决定之日起10日，{rules.SRC_APPRAISER}）"
        if action == "report":
            f[
                "basis"
            ].help_text = f"起拍价参照评估价确定；未作评估的，参照市价确定并征询当事人意见（{rules.SRC_REFERENCE}）"
        if action == "announce" and view.limits is not None:
            lim = view.limits
            kind = PROPERTY_LABELS[view.kind]
            earliest = lim.earliest_start_on(self.today)
            f["platform"].help_text = (
                f"须与第一次拍卖同一平台（{rules.SRC_REAUCTION}）"
                if lim.platform
                else f"最高人民法院网络司法拍卖平台名单库（{rules.WP} 第5条）"
            )
            f["notified_on"].help_text = (
                f"公告发布三日前以书面等方式通知；今天公告的，最晚 {ymd(rules.latest_notice_on(self.today))} "
                f"通知。无法通知的，在拍卖平台公示，公示满五日之日视为已通知（{rules.SRC_NOTICE}）"
            )
            f["announced_on"].help_text = (
                f"不早于第一次流拍之日（{ymd(lim.failed_on)}）；" if lim.failed_on else ""
            ) + f"公告日须在通知日{rules.NOTICE_DAYS}日以后（{rules.SRC_NOTICE}）"
            when = (
                f"{kind}{'再次' if lim.number == 2 else ''}拍卖应在开拍{lim.announce_days}日前公告："
                f"今天公告的，最早 {ymd(earliest)} 开拍"
            )
            if lim.latest_start_on:
                when += f"；流拍之日起30日内，最晚 {ymd(lim.latest_start_on)} 开拍"
            f["starts_at"].help_text = f"{when}（{lim.announce_source}）"
            f["ends_at"].help_text = f"竞价时间不少于24小时（{rules.SRC_BIDDING}）"
            if lim.min_start_price is not None:
                f[
                    "start_price"
                ].help_text = f"最低 {m(lim.min_start_price)} 元 = {lim.min_start_basis}（{lim.min_start_source}）"
                lo, hi = rules.RoundLimits.deposit_range(lim.min_start_price)
                f[
                    "deposit"
                ].help_text = (
                    f"起拍价的5%—20%（{rules.SRC_DEPOSIT}）；按最低起拍价计为 {m(lo)}—{m(hi)} 元"
                )
            else:
                f["deposit"].help_text = f"起拍价的5%—20%（{rules.SRC_DEPOSIT}）"
        if action == "result" and view.open_round is not None:
            rnd = view.open_round
            f[
                "winning_price"
            ].help_text = f"不低于起拍价 {m(rnd.start_price)} 元（{rules.SRC_SOLD}）"
            f[
                "on"
            ].help_text = (
                f"竞价于 {timezone.localtime(rnd.ends_at):%Y-%m-%d %H:%M} 结束后登记成交或流拍"
            )
        if action == "sale" and view.sale_floor is not None:
            f[
                "price"
            ].help_text = f"不低于第二次拍卖起拍价 {m(view.sale_floor)} 元（{rules.SRC_SALE}）"
        if action == "in_kind" and view.in_kind_price is not None:
            claim, due = view.claim_outstanding, view.in_kind_due
            owed = (
                f"尚未实现的债权 {m(claim)} 元（申请执行标的减已到账执行款），应补交 {m(due)} 元"
                if claim is not None and due is not None
                else "本案没有金钱给付的执行标的"
            )
            f["party"].help_text = (
                f"抵债价为流拍一轮的保留价 {m(view.in_kind_price)} 元；{owed}"
                f"（超过债权的部分由接受人补交，{rules.SRC_IN_KIND}）"
            )
            f["consent_on"].help_text = f"须经申请执行人同意（{rules.SRC_IN_KIND}）"
        if action == "handover":
            f["delivered_on"].help_text = f"交付买受人或接受抵债人（{rules.SRC_HANDOVER}）"

    def perform(self, action: str, view: selectors.PropertyDisposal, form: forms.Form) -> str:
        actor, measure, data = self.request.user, view.measure, form.cleaned_data
        what = measure.description
        if action == "appraisal_order":
            services.appraisal_order(actor=actor, measure=measure, decided_on=data["decided_on"])
            return f"已记录决定委托评估：{what}；应在10日内确定评估机构"
        if action == "appraiser":
            services.appraiser_select(actor=actor, measure=measure, **data)
            return f"已确定评估机构：{data['agency']}"
        if action == "report":
            row = services.appraisal_report(actor=actor, measure=measure, **data)
            return f"已登记{row.get_price_basis_display()} {m(row.reference_price)} 元"
        if action == "announce":
            rnd = services.auction_announce(actor=actor, measure=measure, **data)
            return f"已发布第{rnd.number}次拍卖公告：{what}，起拍价 {m(rnd.start_price)} 元"
        if action == "result":
            rnd = view.open_round
            if rnd is None:
                raise NotFound("该财产没有进行中的拍卖")
            rnd = services.auction_result(actor=actor, auction=rnd, **data)
            return f"已登记第{rnd.number}次拍卖结果：{rnd.get_result_display()}"
        if action == "sale":
            row = services.sale_or_in_kind(actor=actor, measure=measure, mode="sale", **data)
            return f"已登记变卖成交 {m(row.outcome_price)} 元；买受人应将价款缴入法院执行款账户"
        if action == "in_kind":
            party = next((p for p in self.case.parties.all() if p.pk == data["party"]), None)
            row = services.sale_or_in_kind(
                actor=actor,
                measure=measure,
                mode="in_kind",
                on=data["on"],
                party=party,
                consent_on=data["consent_on"],
                consent_note=data["consent_note"],
            )
            return f"已登记以物抵债 {m(row.outcome_price)} 元；接受人应补交 {m(row.amount_due)} 元"
        if action == "release":
            services.disposal_release(actor=actor, measure=measure, **data)
            return "已解除处置；如需解除查封，请在查控措施中办理"
        services.handover(actor=actor, measure=measure, delivered_on=data["delivered_on"])
        return f"已记录交付：{what}"

    def items(self) -> list[Item]:
        out = []
        for view in selectors.case_disposals(
            actor=self.request.user, case=self.case, today=self.today
        ):
            item = Item(view)
            if self.allowed:
                for action in self.actions_for(view):
                    item.forms[action] = self.bound.get((view.measure.pk, action)) or self.form(
                        action, view
                    )
                for (measure_id, action), form in self.bound.items():
                    if measure_id == view.measure.pk and action not in item.forms:
                        item.forms[action] = form  # a refused step stays visible with its error
            out.append(item)
        return out

    def render(self, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "measures/disposal_case.html",
            {
                "case": self.case,
                "items": self.items(),
                "allowed": self.allowed,
                "titles": TITLES,
                "today": self.today,
                "sources": {
                    "wp": rules.WP,
                    "appraiser": rules.SRC_APPRAISER,
                    "in_kind": rules.SRC_IN_KIND,
                    "disposable": "民事诉讼法 第258条；民诉法解释 第485条",
                    "collegial": rules.SRC_COLLEGIAL,
                    "first_control": rules.SRC_FIRST_CONTROL,
                },
            },
            status=status,
        )


@login_required
@shows_errors
def case_disposal(request: HttpRequest, pk: int) -> HttpResponse:
    return DisposalPage(request, case_selectors.case_get(actor=request.user, pk=pk)).render()


@login_required
@require_POST
@shows_errors
def case_disposal_action(
    request: HttpRequest, pk: int, measure_id: int, action: str
) -> HttpResponse:
    if action not in FORMS:
        raise NotFound("没有这项办理功能")
    case = case_selectors.case_get(actor=request.user, pk=pk)
    measure = selectors.measure_get(actor=request.user, case=case, pk=measure_id)
    view = selectors.disposal_of(actor=request.user, measure=measure)
    page = DisposalPage(request, case)
    if not page.allowed:
        raise AccessDenied("您不能在本案办理财产处置，或案件当前状态不允许")
    form = page.form(action, view, request.POST)
    outcome = perform_action(
        request,
        form,
        lambda: page.perform(action, view, form),
        done_url=reverse("case-disposal", args=[case.pk]) + f"#property-{measure.pk}",
        show=add_errors,
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    page.bound[(measure.pk, action)] = form
    return page.render(status=outcome)


urlpatterns = [
    path("cases/<int:pk>/disposal/", case_disposal, name="case-disposal"),
    path(
        "cases/<int:pk>/disposal/<int:measure_id>/<str:action>/",
        case_disposal_action,
        name="case-disposal-action",
    ),
]
