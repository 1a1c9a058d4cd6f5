"""Pages of 结案: a case's closure page (the modes its type allows, the whole 终本 checklist with what
is missing, its source and where to do it, the close form, the collegial 终本 review and the
president's approval, the 结案通知书 after closing) and the closure statistics (终本 apart).

Forms first; parse, select within scope, call one service, redirect (PRG).
法发〔2014〕26号 第14—23条; 法〔2016〕373号 第1—6条; 民诉法解释 第517条.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from zhixing.cases import selectors as case_selectors
from zhixing.cases import services as case_services
from zhixing.cases.forms import DATE, CollegialForm
from zhixing.cases.models import CollegialDecision, EnforcementCase
from zhixing.cases.rules.filing import CASE_TYPE_LABELS, CaseType
from zhixing.cases.rules.nodes import RULING_ROLES
from zhixing.core.errors import AccessDenied, DomainError, NotFound, add_to_form
from zhixing.core.rules.roles import Role
from zhixing.core.views import docx_response, not_future, perform_action, shows_errors, sourced
from zhixing.core.views import today as _today
from zhixing.organization.models import Staff
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..documents import closure_notice_docx, closure_notice_filename
from ..rules import modes
from ..rules.round_termination import Condition, Where
from ..selectors import closing as selectors
from ..services import closing as services
from ..services import round_termination

PANEL_ROLES = frozenset({Role.JUDGE, Role.OFFICER, Role.BUREAU_CHIEF})  # as the case page
ROUND_TERMINATION_SUBJECT = "终结本次执行程序审查"

# Where each missing condition is fulfilled: (url name, fragment, link text).
WHERE_LINKS: dict[Where, tuple[str, str, str]] = {
    Where.FILING: ("case-detail", "", "案件页面"),
    Where.NODE: ("case-detail", "#node", "记录节点"),
    Where.INQUIRY: ("linkage-inquiry", "", "网络查控"),
    Where.LEADS: ("case-leads", "", "财产线索"),
    Where.CONTROLS: ("case-controls", "", "查控措施"),
    Where.DISPOSAL: ("case-disposal", "", "财产处置"),
    Where.COERCIVE: ("case-coercive", "", "强制措施"),
    Where.REVIEW: ("case-closure", "#review", "合议庭审查、院长批准"),
}


# --- forms ---------------------------------------------------------------------------------


class CloseForm(forms.Form):
    mode = forms.ChoiceField(label="结案方式")
    on = forms.DateField(label="结案日期", widget=DATE)
    note = forms.CharField(label="说明（可不填）", max_length=300, required=False)

    def __init__(self, *args: Any, case_type: str = "", **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["mode"].choices = [("", "请选择")] + [
            (m.value, modes.MODE_LABELS[m]) for m in modes.modes_for(case_type)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "结案日期")
        return data


class ReviewForm(CollegialForm):
    """The collegial panel's 终本 review (民诉法解释 第517条): the case page's panel form, its topic
    fixed to 终结本次执行程序审查 and its form to 合议庭 (a 主审法官联席会议 is not a panel)."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["kind"].choices = [
            (CollegialDecision.Kind.PANEL.value, CollegialDecision.Kind.PANEL.label)
        ]


class ApproveForm(forms.Form):
    decision = forms.ModelChoiceField(
        label="合议庭审查意见", queryset=CollegialDecision.objects.none(), empty_label=None
    )
    on = forms.DateField(label="批准日期", widget=DATE)
    note = forms.CharField(label="批准意见（可不填）", max_length=300, required=False)

    def __init__(self, *args: Any, reviews: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if reviews is not None:
            self.fields["decision"].queryset = reviews
        self.fields["decision"].label_from_instance = lambda d: (
            f"{d.decided_on:%Y-%m-%d} {d.subject}：{d.outcome[:40]}"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "批准日期")
        return data


# --- the case's closure page -----------------------------------------------------------------


def _review_state(
    review: CollegialDecision, approved: bool, latest: CollegialDecision | None
) -> tuple[str, bool]:
    """(what the reviews table says of the review, whether it counts for the 终本 gate)."""
    if review.kind != CollegialDecision.Kind.PANEL:
        return "主审法官联席会议意见，不能代替合议庭审查", False
    if latest is not None and review.pk != latest.pk:
        return ("已批准，但已由此后的审查意见取代" if approved else "已由此后的审查意见取代"), False
    return ("已批准" if approved else "待院长批准"), approved


def _link(case: EnforcementCase, where: Where) -> tuple[str, str]:
    name, fragment, text = WHERE_LINKS[where]
    return reverse(name, args=[case.pk]) + fragment, text


class ClosurePage:
    """The case's 结案 page; `bound` holds forms re-shown with their errors, `refused` the unmet
    conditions of a refused 终本 closure."""

    def __init__(self, request: HttpRequest, case: EnforcementCase) -> None:
        self.request, self.case = request, case
        self.today = _today()
        self.bound: dict[str, forms.Form] = {}
        self.refused: list[Condition] = []
        actor = request.user
        me = staff_of(actor)
        roles = roles_of(actor)
        own = getattr(actor, "is_superuser", False) or (
            me is not None and me.court_id == case.court_id
        )
        open_case = case.status == EnforcementCase.Status.DOCKETED
        self.allowed = {
            "close": open_case and own and bool(roles & RULING_ROLES or actor.is_superuser),
            "review": open_case and own and bool(roles & PANEL_ROLES),
            "approve": open_case and round_termination.may_approve(actor, case),
        }

    @property
    def reviews(self) -> Any:
        return CollegialDecision.objects.filter(
            case=self.case, topic=CollegialDecision.Topic.ROUND_TERMINATION
        ).order_by("-decided_on", "-pk")

    @property
    def approvable(self) -> Any:
        """What the president may approve: the panel's latest review (民诉法解释 第517条)."""
        latest = round_termination.latest_panel_review(self.case)
        return CollegialDecision.objects.filter(pk=latest.pk if latest else None)

    def court_staff(self) -> Any:
        return (
            Staff.objects.filter(court_id=self.case.court_id, is_active=True)
            .filter(
                roles__role__in=[r.value for r in (Role.OFFICER, Role.JUDGE, Role.BUREAU_CHIEF)]
            )
            .distinct()
            .order_by("name")
        )

    def form(self, action: str, data: Any = None) -> forms.Form:
        if action == "close":
            return CloseForm(
                data, case_type=self.case.type_code, prefix="close", initial={"on": self.today}
            )
        if action == "review":
            return ReviewForm(
                data,
                prefix="review",
                staff=self.court_staff(),
                initial={
                    "decided_on": self.today,
                    "kind": "panel",
                    "subject": ROUND_TERMINATION_SUBJECT,
                },
            )
        return ApproveForm(
            data, prefix="approve", reviews=self.approvable, initial={"on": self.today}
        )

    def perform(self, action: str, form: forms.Form) -> str:
        actor, case, d = self.request.user, self.case, form.cleaned_data
        if action == "close":
            services.case_close(actor=actor, case=case, mode=d["mode"], on=d["on"], note=d["note"])
            label = modes.MODE_LABELS[modes.Mode(d["mode"])]
            done = f"已结案：{label}，结案通知书可下载"
            if d["mode"] == modes.Mode.ROUND_TERMINATED:
                done += "；已安排终本后五年内每六个月一次的网络查询"
            return done
        if action == "review":
            case_services.collegial_decision_record(
                actor=actor,
                case=case,
                kind=d["kind"],
                decided_on=d["decided_on"],
                subject=d["subject"],
                outcome=d["outcome"],
                members=list(d["members"]),
                presiding=d["presiding"],
                topic=CollegialDecision.Topic.ROUND_TERMINATION,
            )
            return "合议庭终本审查意见已记录，待院长批准"
        round_termination.round_termination_approve(
            actor=actor, case=case, decision=d["decision"], on=d["on"], note=d["note"]
        )
        return "已批准终结本次执行程序"

    def show(self, form: forms.Form, error: DomainError) -> None:
        if isinstance(error, services.RoundTerminationGateRefused):
            self.refused = error.conditions
            form.add_error(
                "mode", f"终结本次执行程序的条件尚缺 {len(error.conditions)} 项，见上方清单"
            )
            return
        add_to_form(form, error)

    def checklist(self) -> list[dict[str, Any]]:
        rows = []
        for c in round_termination.gate_checklist(self.case, self.today):
            url, text = _link(self.case, c.where)
            rows.append({"c": c, "url": url, "link": text})
        return rows

    def render(self, status: int = 200) -> HttpResponse:
        case = self.case
        rows = self.checklist()
        approvals = {
            (e.data or {}).get("decision_id")
            for e in case.events.filter(code="round_termination_approved")
        }
        latest = round_termination.latest_panel_review(case)
        reviews = [
            (r, *_review_state(r, r.pk in approvals, latest))
            for r in self.reviews.select_related("presiding")
        ]
        closed = case.events.filter(code="closed").order_by("-seq").first()
        forms_ = {
            action: self.bound.get(action) or self.form(action)
            for action in ("close", "review", "approve")
            if self.allowed[action]
        }
        if "approve" in forms_ and (latest is None or latest.pk in approvals):
            forms_.pop("approve")
        mode_labels = [
            (m, modes.MODE_LABELS[m], modes.MODE_SOURCES[m])
            for m in modes.modes_for(case.type_code)
        ]
        return render(
            self.request,
            "closure/case_closure.html",
            {
                "case": case,
                "type_label": CASE_TYPE_LABELS.get(CaseType(case.type_code), case.type_code),
                "modes": mode_labels,
                "rows": rows,
                "unmet": sum(1 for r in rows if not r["c"].met),
                "refused": self.refused,
                "forms": forms_,
                "reviews": reviews,
                "closed_event": closed,
                "closed_label": modes.MODE_LABELS.get(modes.Mode(case.closure_mode))
                if case.closure_mode in {m.value for m in modes.Mode}
                else case.closure_mode,
                "is_round_termination_closed": case.closure_mode
                == modes.Mode.ROUND_TERMINATED.value,
                "re_inquiries": list(case.re_inquiries.order_by("round"))
                if case.closure_mode == modes.Mode.ROUND_TERMINATED.value
                else [],
                "today": self.today,
            },
            status=status,
        )


@login_required
@shows_errors
def case_closure(request: HttpRequest, pk: int) -> HttpResponse:
    return ClosurePage(request, case_selectors.case_get(actor=request.user, pk=pk)).render()


@login_required
@require_POST
@shows_errors
def case_closure_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("close", "review", "approve"):
        raise NotFound("没有这项办理功能")
    case = case_selectors.case_get(actor=request.user, pk=pk)
    page = ClosurePage(request, case)
    if not page.allowed[action]:
        raise AccessDenied("您不能在本案办理此项，或案件当前状态不允许")
    form = page.form(action, request.POST)
    here = reverse("case-closure", args=[case.pk])
    outcome = perform_action(
        request,
        form,
        lambda: page.perform(action, form),
        done_url=here + ("#closed" if action == "close" else "#review"),
        show=page.show,
        not_found_page=True,
        unplaced_url=here + "#review" if action != "close" else None,
        unplaced_message=lambda error: sourced(error.message, error.source),
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    page.bound[action] = form
    return page.render(status=outcome)


@login_required
@shows_errors
def closure_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """结案通知书 (DOCX) of a closed case in the actor's scope."""
    case = case_selectors.case_get(actor=request.user, pk=pk)
    return docx_response(closure_notice_docx(case), closure_notice_filename(case))


# --- statistics ------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    start = forms.DateField(label="结案日期自", widget=DATE, required=False)
    end = forms.DateField(label="至", widget=DATE, required=False)


def period(data: Any, today: date) -> tuple[date, date, PeriodForm]:
    """The period asked for; this calendar year up to today by default."""
    form = PeriodForm(data or None)
    start, end = date(today.year, 1, 1), today
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    if start > end:
        start, end = end, start
    if not form.is_bound:
        form = PeriodForm(initial={"start": start, "end": end})
    return start, end, form


@login_required
@shows_errors
def closure_statistics(request: HttpRequest) -> HttpResponse:
    """结案统计: closures by court and mode in the period, 终本 kept apart (终本规定 第6条)."""
    if staff_of(request.user) is None and not request.user.is_superuser:
        raise AccessDenied("只有法院工作人员可以查看结案统计")
    start, end, form = period(request.GET, _today())
    rows, total = selectors.closure_statistics(actor=request.user, start=start, end=end)
    columns = [m for m in modes.Mode if m is not modes.Mode.ROUND_TERMINATED and total.count(m)]
    return render(
        request,
        "closure/statistics.html",
        {
            "rows": [(r, [r.count(m) for m in columns]) for r in rows],
            "total": (total, [total.count(m) for m in columns]),
            "columns": [modes.MODE_LABELS[m] for m in columns],
            "form": form,
            "start": start,
            "end": end,
            "many_courts": scope_of(request.user).court_ids is None
            or len(scope_of(request.user).court_ids or ()) > 1,
        },
    )


urlpatterns = [
    path("cases/<int:pk>/closure/", case_closure, name="case-closure"),
    path("cases/<int:pk>/closure/<str:action>/", case_closure_action, name="case-closure-action"),
    path("cases/<int:pk>/closure-notice/", closure_notice, name="closure-notice"),
    path("closures/statistics/", closure_statistics, name="closure-statistics"),
]
