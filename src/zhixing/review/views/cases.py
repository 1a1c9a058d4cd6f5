"""Pages for review matters (执行审查): the enforcement case's review page (its matters and the
filing form), the list of matters in scope, and one matter's page (panel, recusal, ruling,
service, the windows that follow, a 复议 against a served objection ruling). Forms first; parse,
select within scope, call one service, redirect (PRG).

民事诉讼法 第236—238条; 执行程序解释 第5条、第8条; 执行异议复议规定 第11条."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from zhixing.cases import selectors as case_selectors
from zhixing.cases.forms import DATE
from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import AccessDenied, NotFound
from zhixing.core.views import not_future, perform_action, shows_errors, sourced
from zhixing.core.views import today as _today
from zhixing.organization.models import Court, Staff

from ..models import ReviewCase
from ..rules import review as rules
from ..rules.review import Kind
from ..selectors import cases as selectors
from ..services import cases as services

TEXT = forms.Textarea(attrs={"rows": 3})
LIST_LIMIT = 300
KIND_CHOICES = [(k.value, r.label) for k, r in rules.KINDS.items()]
OUTCOME_LABELS = dict(ReviewCase.Outcome.choices)


# --- forms -----------------------------------------------------------------------------------


class FileForm(forms.Form):
    kind = forms.ChoiceField(label="审查类型", choices=KIND_CHOICES, widget=forms.RadioSelect)
    applicant = forms.CharField(label="申请人（异议人、案外人）", max_length=100)
    subject = forms.CharField(label="异议、复议或申请事项及理由", max_length=2000, widget=TEXT)
    received_on = forms.DateField(
        label="收到书面申请日期",
        widget=DATE,
        help_text="审查期限自收到之日起算（开始之日不计入，民事诉讼法 第85条）",
    )
    item = forms.CharField(
        label="执行标的（案外人异议必填）",
        max_length=200,
        required=False,
        help_text="异议指向的财产，如“朝阳区某路1号房产”",
    )
    control_id = forms.TypedChoiceField(
        label="所涉查控措施（可不选）", coerce=int, required=False, empty_value=None
    )
    parent = forms.TypedChoiceField(
        label="所针对的异议裁定（执行复议必选）", coerce=int, required=False, empty_value=None
    )
    against_closure = forms.BooleanField(
        label="异议针对终结执行的措施本身（执行程序终结后仍可提出，执行异议复议规定 第6条）",
        required=False,
    )

    def __init__(self, *args: Any, controls: Any = (), parents: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["control_id"].choices = [("", "—")] + [
            (c.pk, f"{c.get_kind_display()} {c.description}（{c.get_status_display()}）")
            for c in controls
        ]
        self.fields["parent"].choices = [("", "—")] + [
            (p.pk, f"{p.case_number}（{p.served_on:%Y-%m-%d} 送达）") for p in parents
        ]
        self.fields["applicant"].widget.attrs["list"] = "party-names"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "received_on", "收到申请日期")
        if data.get("kind") == Kind.THIRD_PARTY_OBJECTION.value and not data.get("item"):
            self.add_error("item", "案外人异议须写明异议指向的执行标的")
        if data.get("kind") == Kind.RECONSIDERATION.value and not data.get("parent"):
            self.add_error("parent", "请选择所针对的异议裁定")
        return data


class ReconsiderationForm(forms.Form):
    applicant = forms.CharField(label="复议申请人", max_length=100)
    subject = forms.CharField(label="复议请求与理由", max_length=2000, widget=TEXT)
    received_on = forms.DateField(label="收到复议申请日期", widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "received_on", "收到复议申请日期")
        return data


class AssignForm(forms.Form):
    judge = forms.TypedChoiceField(label="审判长（承办法官）", coerce=int)
    panel = forms.TypedMultipleChoiceField(
        label="合议庭成员", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, candidates: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        free = [(s.pk, s.name) for s, conflict in candidates if conflict is None]
        self.fields["judge"].choices = [("", "请选择"), *free]
        self.fields["panel"].choices = [(s.pk, s.name) for s, _c in candidates]


class RecusalForm(forms.Form):
    staff = forms.TypedChoiceField(label="回避人员", coerce=int)
    reason = forms.CharField(label="回避事由", max_length=300)
    applied_by_party = forms.BooleanField(label="当事人申请回避", required=False)
    granted = forms.TypedChoiceField(
        label="决定",
        choices=[("1", "回避"), ("0", "不予回避")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    on = forms.DateField(label="决定日期", widget=DATE)

    def __init__(self, *args: Any, staff: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["staff"].choices = [("", "请选择"), *[(s.pk, s.name) for s in staff]]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "决定日期")
        return data


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label="处理结果", widget=forms.RadioSelect)
    reasoning = forms.CharField(label="裁定理由", max_length=2000, widget=TEXT)
    on = forms.DateField(label="裁定日期", widget=DATE)
    until = forms.DateField(
        label="限期（责令限期执行时）", widget=DATE, required=False, help_text="督促执行令的期限"
    )
    to_court = forms.TypedChoiceField(
        label="被指定执行的法院（指定执行时）", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, review: ReviewCase, **kw: Any) -> None:
        super().__init__(*args, **kw)
        kind = Kind(review.kind)
        self.fields["outcome"].choices = [
            (o.value, OUTCOME_LABELS[o.value]) for o in rules.KINDS[kind].outcomes
        ]
        if kind is Kind.COURT_CHANGE:
            courts = Court.objects.filter(parent_id=review.court_id).exclude(
                pk=review.case.court_id
            )
            self.fields["to_court"].choices = [("", "—"), *[(c.pk, c.name) for c in courts]]
        else:
            del self.fields["until"]
            del self.fields["to_court"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "on", "裁定日期")
        return data


class ServeForm(forms.Form):
    served_on = forms.DateField(label="送达日期", widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, "served_on", "送达日期")
        return data


# --- helpers ---------------------------------------------------------------------------------


def _said(error: Any) -> str:
    return sourced(error.message, error.source)


def _controls(case: EnforcementCase) -> list[Any]:
    from zhixing.measures.models import ControlMeasure

    return list(ControlMeasure.objects.filter(case=case).order_by("started_on", "id"))


def _served_objections(case: EnforcementCase) -> list[ReviewCase]:
    return list(
        ReviewCase.objects.filter(
            case=case,
            kind=Kind.ACT_OBJECTION.value,
            status=ReviewCase.Status.DECIDED,
            served_on__isnull=False,
        ).order_by("received_on")
    )


# --- the enforcement case's review page -------------------------------------------------------


class CasePage:
    def __init__(self, request: HttpRequest, case: EnforcementCase) -> None:
        self.request, self.case = request, case
        self.may_file = services.may_file(request.user, case)

    def form(self, data: Any = None) -> FileForm:
        return FileForm(
            data,
            initial={"received_on": _today(), "kind": Kind.ACT_OBJECTION.value},
            controls=_controls(self.case),
            parents=_served_objections(self.case),
            prefix="file",
        )

    def render(self, form: FileForm | None = None, status: int = 200) -> HttpResponse:
        today = _today()
        reviews = selectors.case_reviews(actor=self.request.user, case=self.case)
        count = None
        if self.case.status == EnforcementCase.Status.DOCKETED:
            count = services.court_change_facts(self.case, today)
        return render(
            self.request,
            "review/case_review.html",
            {
                "case": self.case,
                "reviews": reviews,
                "form": (form or self.form()) if self.may_file else None,
                "parties": list(self.case.parties.all()),
                "count": count,
                "upper": self.case.court.parent,
                "today": today,
                "rules": rules,
            },
            status=status,
        )


@login_required
@shows_errors
def case_review(request: HttpRequest, pk: int) -> HttpResponse:
    return CasePage(request, case_selectors.case_get(actor=request.user, pk=pk)).render()


@login_required
@require_POST
@shows_errors
def case_review_file(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_get(actor=request.user, pk=pk)
    page = CasePage(request, case)
    if not page.may_file:
        raise AccessDenied("您不能受理本案的执行审查事项")
    form = page.form(request.POST)

    def file() -> str:
        data = form.cleaned_data
        parent = None
        if data.get("parent"):
            parent = selectors.review_get(actor=request.user, pk=data["parent"])
        review = services.review_file(
            actor=request.user,
            case=case,
            kind=data["kind"],
            applicant=data["applicant"],
            subject=data["subject"],
            received_on=data["received_on"],
            item=data.get("item") or "",
            control_id=data.get("control_id"),
            parent=parent,
            against_closure=bool(data.get("against_closure")),
        )
        return f"已受理 {review.case_number}（{review.court.name}）"

    outcome = perform_action(
        request, form, file, done_url=reverse("case-review", args=[case.pk]) + "#reviews"
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    return page.render(form, status=outcome)


# --- the list ---------------------------------------------------------------------------------


@login_required
@shows_errors
def review_list(request: HttpRequest) -> HttpResponse:
    today = _today()
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    overdue = request.GET.get("overdue") == "1"
    mine = request.GET.get("mine") == "1"
    if kind not in rules.KINDS.keys() and kind:
        kind = ""
    if status not in ReviewCase.Status.values and status:
        status = ""
    rows = list(
        selectors.review_list(
            actor=request.user,
            kind=kind,
            status=status,
            overdue=overdue,
            today=today,
            hearing_only=mine,
        )[: LIST_LIMIT + 1]
    )
    return render(
        request,
        "review/review_list.html",
        {
            "rows": rows[:LIST_LIMIT],
            "more": len(rows) > LIST_LIMIT,
            "kinds": KIND_CHOICES,
            "statuses": ReviewCase.Status.choices,
            "kind": kind,
            "status": status,
            "overdue": overdue,
            "mine": mine,
            "today": today,
        },
    )


# --- one matter -------------------------------------------------------------------------------


class DetailPage:
    def __init__(self, request: HttpRequest, review: ReviewCase) -> None:
        self.request, self.review = request, review
        actor = request.user
        self.panel = list(review.panel.all())
        self.allowed = {
            "assign": services.may_assign(actor, review),
            "recuse": services.may_recuse(actor, review),
            "decide": services.may_decide(actor, review, [s.pk for s in self.panel]),
            "serve": services.may_serve(actor, review),
            "reconsider": services.may_file_reconsideration(actor, review),
        }
        self.bound: dict[str, forms.Form] = {}
        self._candidates: list[tuple[Staff, Any]] | None = None

    @property
    def candidates(self) -> list[tuple[Staff, Any]]:
        """The court's judges, each with the sentence saying why they may not sit (None: free)."""
        if self._candidates is None:
            self._candidates = [
                (s, rules.conflict_message(c) if c else None)
                for s, c in services.panel_candidates(self.review)
            ]
        return self._candidates

    def form(self, action: str, data: Any = None) -> forms.Form:
        today = _today()
        if action == "assign":
            return AssignForm(
                data,
                candidates=self.candidates,
                initial={"judge": self.review.judge_id, "panel": [s.pk for s in self.panel]},
                prefix="assign",
            )
        if action == "recuse":
            staff = {s.pk: s for s in [*(s for s, _c in self.candidates), *self.panel]}
            return RecusalForm(data, staff=staff.values(), initial={"on": today}, prefix="recuse")
        if action == "decide":
            return DecideForm(data, review=self.review, initial={"on": today}, prefix="decide")
        if action == "serve":
            return ServeForm(data, initial={"served_on": today}, prefix="serve")
        return ReconsiderationForm(
            data,
            initial={"received_on": today, "applicant": self.review.applicant},
            prefix="reconsider",
        )

    def perform(self, action: str, form: forms.Form) -> str:
        actor, data, review = self.request.user, form.cleaned_data, self.review
        staff = {s.pk: s for s, _c in self.candidates} if action in ("assign", "recuse") else {}
        if action == "assign":
            members = [staff[pk] for pk in data["panel"] if pk in staff]
            judge = staff.get(data["judge"])
            if judge is None:
                raise NotFound("请选择本院法官")
            services.review_assign(actor=actor, review=review, judge=judge, panel=members)
            return f"已指定审判长 {judge.name}" + (
                f"，合议庭 {'、'.join(s.name for s in members)}" if members else ""
            )
        if action == "recuse":
            person = staff.get(data["staff"]) or next(
                (s for s in self.panel if s.pk == data["staff"]), None
            )
            if person is None:
                raise NotFound("请选择本院人员")
            services.recusal_record(
                actor=actor,
                review=review,
                staff=person,
                reason=data["reason"],
                on=data["on"],
                applied_by_party=data["applied_by_party"],
                granted=data["granted"],
            )
            return f"已记录{person.name}的回避决定"
        if action == "decide":
            to_court = None
            if data.get("to_court"):
                to_court = Court.objects.filter(pk=data["to_court"]).first()
            row = services.review_decide(
                actor=actor,
                review=review,
                outcome=data["outcome"],
                reasoning=data["reasoning"],
                on=data["on"],
                until=data.get("until"),
                to_court=to_court,
            )
            return f"已作出裁定：{row.get_outcome_display()}"
        if action == "serve":
            services.review_serve(actor=actor, review=review, served_on=data["served_on"])
            return "已记录裁定送达日期"
        row = services.review_file(
            actor=actor,
            case=review.case,
            kind=Kind.RECONSIDERATION.value,
            applicant=data["applicant"],
            subject=data["subject"],
            received_on=data["received_on"],
            parent=review,
        )
        return f"已受理执行复议 {row.case_number}（{row.court.name}）"

    def render(self, status: int = 200) -> HttpResponse:
        review = self.review
        forms_shown = {
            action: self.bound.get(action) or self.form(action)
            for action, allowed in self.allowed.items()
            if allowed
        }
        me = getattr(self.request.user, "staff", None)
        my_conflict = None
        if me is not None and review.status == ReviewCase.Status.FILED:
            found = rules.conflicts_of(services.case_conflicts(review.case, review), [me.pk])
            my_conflict = rules.conflict_message(found[me.pk]) if me.pk in found else None
        analysis = review.responsibility_analyses.first()
        return render(
            self.request,
            "review/review_detail.html",
            {
                "r": review,
                "rule": rules.KINDS[Kind(review.kind)],
                "panel": self.panel,
                "recusals": list(review.recusals.select_related("staff", "decided_by")),
                "children": list(review.children.select_related("court")),
                "candidates": self.candidates if "assign" in forms_shown else [],
                "forms": forms_shown,
                "window": selectors.windows(review),
                "my_conflict": my_conflict,
                "analysis": analysis,
                "today": _today(),
                "suspended": review.kind == Kind.THIRD_PARTY_OBJECTION.value
                and review.outcome == ReviewCase.Outcome.UPHELD.value,
            },
            status=status,
        )


@login_required
@shows_errors
def review_detail(request: HttpRequest, rid: int) -> HttpResponse:
    return DetailPage(request, selectors.review_get(actor=request.user, pk=rid)).render()


ACTIONS = ("assign", "recuse", "decide", "serve", "reconsider")


@login_required
@require_POST
@shows_errors
def review_action(request: HttpRequest, rid: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise NotFound("没有这项办理功能")
    review = selectors.review_get(actor=request.user, pk=rid)
    page = DetailPage(request, review)
    form = page.form(action, request.POST)
    here = reverse("review-detail", args=[review.pk])
    outcome = perform_action(
        request,
        form,
        lambda: page.perform(action, form),
        done_url=here,
        not_found_page=True,
        unplaced_url=here,
        unplaced_message=_said,
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    page.bound[action] = form
    page.allowed[action] = True
    return page.render(status=outcome)


urlpatterns = [
    path("cases/<int:pk>/review/", case_review, name="case-review"),
    path("cases/<int:pk>/review/file/", case_review_file, name="case-review-file"),
    path("reviews/", review_list, name="review-list"),
    path("reviews/<int:rid>/", review_detail, name="review-detail"),
    path("reviews/<int:rid>/<str:action>/", review_action, name="review-action"),
]
