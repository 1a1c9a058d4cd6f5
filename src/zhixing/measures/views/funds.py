"""Pages for enforcement funds: a case's 执行款 page (account, ledger, receipts, payouts) and the
court's 待发放执行款 list. Parse, select within scope, call one service, redirect (PRG)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhixing.cases import selectors as case_selectors
from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import AccessDenied, NotFound
from zhixing.core.rules.money import format_money
from zhixing.organization.selectors import scope_of

from .. import selectors, services
from ..forms import DelayForm, MatchForm, PayForm, PayoutForm, ReceiptForm
from ..rules import funds
from ._common import perform_action, shows_errors

DUE_LIMIT = 300
ACTIONS = ("receipt", "payout", "pay", "delay", "match")
ROLES = {
    "receipt": services.RECEIPT_ROLES,
    "match": services.RECEIPT_ROLES,
    "payout": services.PAYOUT_ROLES,
    "pay": services.PAYOUT_ROLES,
    "delay": services.DELAY_APPROVERS,
}


class FundsPage:
    """The case's 执行款 page; `bound` holds forms re-shown with their errors."""

    def __init__(self, request: HttpRequest, case: EnforcementCase) -> None:
        self.request, self.case = request, case
        self.today = timezone.localdate()
        self.bound: dict[str, Form] = {}
        actor = request.user
        self.allowed = {a: services.may(actor, case.court_id, roles) for a, roles in ROLES.items()}
        if case.status != EnforcementCase.Status.DOCKETED:
            self.allowed["receipt"] = self.allowed["match"] = False
            self.allowed["payout"] = False

    def applicants(self) -> list[tuple[int, str]]:
        return [(p.pk, p.name) for p in self.case.parties.all() if p.role == "applicant"]

    def form(self, action: str, data: Any = None) -> Form:
        today = {"received_on": self.today, "condition_met_on": self.today, "paid_on": self.today}
        if action == "receipt":
            return ReceiptForm(data, initial=today, prefix="receipt")
        if action == "payout":
            return PayoutForm(data, initial=today, applicants=self.applicants(), prefix="payout")
        if action == "pay":
            return PayForm(data, initial=today, prefix="pay")
        if action == "delay":
            return DelayForm(data, prefix="delay")
        return MatchForm(data, prefix="match")

    def perform(self, action: str, form: Form) -> str:
        actor, case, data = self.request.user, self.case, form.cleaned_data
        if action == "receipt":
            row = services.receipt_record(actor=actor, case=case, **data)
            return f"已登记到账 {format_money(row.amount)} 元（流水号 {row.reference}）"
        if action == "payout":
            party = next(p for p in case.parties.all() if p.pk == data["party"])
            row = services.payout_schedule(
                actor=actor,
                case=case,
                party=party,
                amount=data["amount"],
                condition_met_on=data["condition_met_on"],
            )
            return f"已安排向{party.name}发放 {format_money(row.amount)} 元，应于 {row.due_on:%Y年%m月%d日} 前发放"
        if action == "match":
            suspense = selectors.suspense_get(actor=actor, pk=data["suspense"])
            row = services.suspense_match(actor=actor, suspense=suspense, case=case)
            return f"已将 {format_money(row.amount)} 元（流水号 {row.reference}）认领到本案"
        payout = selectors.payout_get(actor=actor, pk=data["payout"])
        if payout.account.case_id != case.pk:
            raise NotFound("本案没有该笔发放")
        if action == "pay":
            row = services.payout_pay(actor=actor, payout=payout, paid_on=data["paid_on"])
            return f"已向{payout.party.name}发放 {format_money(row.amount)} 元，已记入案件流程节点"
        services.payout_delay_approve(
            actor=actor,
            payout=payout,
            reason=data["reason"],
            delayed_until=data["delayed_until"],
        )
        return "已批准延期发放，理由已记录"

    def render(self, status: int = 200) -> HttpResponse:
        book = selectors.ledger(actor=self.request.user, case=self.case, today=self.today)
        rows = []
        for payout, state in book.payouts:
            pay = self.bound.get(f"pay-{payout.pk}") or PayForm(
                initial={"payout": payout.pk, "paid_on": self.today}, prefix="pay"
            )
            delay = self.bound.get(f"delay-{payout.pk}") or DelayForm(
                initial={"payout": payout.pk}, prefix="delay"
            )
            pay.auto_id = f"id_pay{payout.pk}_%s"
            delay.auto_id = f"id_delay{payout.pk}_%s"
            rows.append(
                {
                    "p": payout,
                    "state": state,
                    "label": funds.PAYOUT_STATUS_LABELS[state],
                    "open": payout.paid_on is None,
                    "pay": pay,
                    "delay": delay,
                }
            )
        suspense = (
            list(selectors.suspense_receipts(actor=self.request.user, court_id=self.case.court_id))
            if self.allowed["match"]
            else []
        )
        forms = {
            name: self.bound.get(name) or self.form(name)
            for name in ("receipt", "payout")
            if self.allowed[name]
        }
        return render(
            self.request,
            "measures/case_funds.html",
            {
                "case": self.case,
                "book": book,
                "payouts": rows,
                "forms": forms,
                "allowed": self.allowed,
                "suspense": suspense,
                "workdays": services.payout_workdays(),
                "today": self.today,
            },
            status=status,
        )


@login_required
@shows_errors
def case_funds(request: HttpRequest, pk: int) -> HttpResponse:
    return FundsPage(request, case_selectors.case_get(actor=request.user, pk=pk)).render()


@login_required
@require_POST
@shows_errors
def case_funds_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise NotFound("没有这项办理功能")
    case = case_selectors.case_get(actor=request.user, pk=pk)
    page = FundsPage(request, case)
    if not page.allowed[action]:
        raise AccessDenied("您不能在本案办理此事项，或案件当前状态不允许")
    form = page.form(action, request.POST)
    anchor = "payouts" if action in ("pay", "delay", "payout") else "ledger"
    outcome = perform_action(
        request,
        form,
        lambda: page.perform(action, form),
        done_url=reverse("case-funds", args=[case.pk]) + f"#{anchor}",
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    row_id = form.data.get(f"{action}-payout", "") if action in ("pay", "delay") else ""
    page.bound[f"{action}-{row_id}" if row_id else action] = form
    if action == "match":
        messages.error(
            request, "认领未完成：" + "；".join(e for es in form.errors.values() for e in es)
        )
        return redirect(reverse("case-funds", args=[case.pk]) + "#suspense")
    return page.render(status=outcome)


@login_required
def payouts_due(request: HttpRequest) -> HttpResponse:
    """待发放执行款: unpaid payouts of the actor's scope, overdue first (十个必须 第7条)."""
    actor = request.user
    today = timezone.localdate()
    rows = list(selectors.payouts_due(actor=actor)[: DUE_LIMIT + 1])
    more = len(rows) > DUE_LIMIT
    items = []
    counts = {"overdue": 0, "due_soon": 0}
    for payout in rows[:DUE_LIMIT]:
        state = selectors.status_of(payout, today)
        if state.value in counts:
            counts[state.value] += 1
        items.append(
            (payout, state, funds.PAYOUT_STATUS_LABELS[state], _when(payout, state, today))
        )
    scope = scope_of(actor)
    return render(
        request,
        "measures/payouts_due.html",
        {
            "rows": items,
            "more": more,
            "today": today,
            "counts": counts,
            "workdays": services.payout_workdays(),
            "many_courts": scope.everything or len(scope.court_ids or ()) > 1,
        },
    )


def _when(payout: Any, state: funds.PayoutStatus, today: date) -> str:
    """The countdown in words: 已超期 N 天 / 今天到期 / 还有 N 天."""
    if state is funds.PayoutStatus.DELAYED and payout.delayed_until is None:
        return "延期，未定期限"
    end = max(payout.due_on, payout.delayed_until or payout.due_on)
    days = (end - today).days
    if days < 0:
        return f"已超期 {-days} 天"
    return "今天到期" if days == 0 else f"还有 {days} 天"
