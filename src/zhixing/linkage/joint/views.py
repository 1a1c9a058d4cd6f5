"""Pages of joint linkage (法发〔2009〕43号 二(一)、一(三)): conferences with their minutes, decisions
and progress; open decisions by department, overdue first; supervision listings (what an upper
court listed, what a lower court must report); a case's listings and special-entity flags; the
special-entity cases in scope. Forms post, then redirect (PRG); a refusal shows beside its field
with its source."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from zhixing.cases import selectors as case_selectors
from zhixing.cases.forms import DATE
from zhixing.cases.rules.filing import PartyRole
from zhixing.core.errors import DomainError, NotFound
from zhixing.core.views import perform_action, shows_errors, sourced, today
from zhixing.organization.selectors import roles_of, staff_of

from ..models import LinkedDepartment, Minutes, SpecialEntityFlag, SupervisionListing
from . import selectors, services
from .rules import SEED_CONFERENCE, SEED_SPECIAL, SEED_SUPERVISION, is_overdue

TEXT = forms.Textarea(attrs={"rows": 3})


def show(form: forms.Form, error: DomainError) -> None:
    """The refusal beside its field, with the article it comes from."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, sourced(error.message, error.source))


# --- forms -------------------------------------------------------------------------------------


class ConferenceForm(forms.Form):
    title = forms.CharField(label="会议名称", max_length=100)
    held_on = forms.DateField(label="召开日期", widget=DATE)
    place = forms.CharField(label="地点", max_length=100, required=False)
    departments = forms.ModelMultipleChoiceField(
        label="参会单位",
        queryset=LinkedDepartment.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
    )


class MinutesForm(forms.Form):
    text = forms.CharField(label="纪要内容", widget=TEXT)
    recorded_on = forms.DateField(label="形成日期", widget=DATE)


class DecisionForm(forms.Form):
    department = forms.ModelChoiceField(label="承办单位", queryset=LinkedDepartment.objects.none())
    task = forms.CharField(label="决定事项", max_length=300, widget=TEXT)
    due_on = forms.DateField(label="办理期限", widget=DATE)

    def __init__(self, *args: Any, conference: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["department"].queryset = conference.departments.all()  # type: ignore[attr-defined]


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label="报告日期", widget=DATE)
    text = forms.CharField(label="办理进展", max_length=500, widget=TEXT)
    completes = forms.BooleanField(label="已办结", required=False)


class ListingForm(forms.Form):
    reason = forms.CharField(label="督办理由", max_length=300, widget=TEXT)
    due_on = forms.DateField(label="督办期限", widget=DATE)


class ReportForm(forms.Form):
    report = forms.CharField(label="办理情况报告", widget=TEXT)
    on = forms.DateField(label="报告日期", widget=DATE)


class ConcludeForm(forms.Form):
    on = forms.DateField(label="销号日期", widget=DATE)


class FlagForm(forms.Form):
    party = forms.ChoiceField(label="被执行人")
    kind = forms.ChoiceField(label="主体类别", choices=SpecialEntityFlag.Kind.choices)
    basis = forms.CharField(label="识别依据", max_length=200)

    def __init__(self, *args: Any, parties: list[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["party"].choices = [(p.pk, p.name) for p in parties]


class UnflagForm(forms.Form):
    reason = forms.CharField(label="取消理由", max_length=200)


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int
) -> HttpResponse:
    return render(request, f"linkage/{template}", context, status=status)


def _post(
    request: HttpRequest,
    form: forms.Form,
    perform: Callable[[], str],
    done_url: str,
    page: Callable[[forms.Form, int], HttpResponse],
) -> HttpResponse:
    result = perform_action(request, form, perform, done_url=done_url, show=show)
    if isinstance(result, int):
        return page(form, result)
    return result


def _works_at(request: HttpRequest, court_id: int, roles: frozenset[Any]) -> bool:
    """Whether the user is on the staff of `court_id` with one of `roles` (which forms a list page
    offers, without a query per row; the services check again)."""
    staff = staff_of(request.user)
    return staff is not None and staff.court_id == court_id and bool(roles_of(request.user) & roles)


# --- conferences -------------------------------------------------------------------------------


def _may_convene(request: HttpRequest) -> bool:
    return staff_of(request.user) is not None and bool(
        roles_of(request.user) & services.CONFERENCE_ROLES
    )


@login_required
@shows_errors
def conferences(request: HttpRequest) -> HttpResponse:
    def page(form: forms.Form | None, status: int = 200) -> HttpResponse:
        rows = list(selectors.conference_list(actor=request.user)[:200])
        return _render(
            request,
            "joint_conferences.html",
            {
                "rows": rows,
                "form": form or ConferenceForm(initial={"held_on": today()}),
                "may_convene": _may_convene(request),
                "source": SEED_CONFERENCE,
            },
            status,
        )

    if request.method != "POST":
        return page(None)
    form = ConferenceForm(request.POST)

    def perform() -> str:
        staff = staff_of(request.user)
        if staff is None:
            raise DomainError("conference.no_staff", "召开联席会议须由法院工作人员办理")
        conference = services.conference_convene(
            actor=request.user, court=staff.court, **form.cleaned_data
        )
        return f"已登记联席会议：{conference.title}"

    return _post(request, form, perform, reverse("joint-conferences"), page)


def _conference_page(
    request: HttpRequest, pk: int, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    conference = selectors.conference_get(actor=request.user, pk=pk)
    bound = bound or {}
    now = today()
    may_act = _works_at(request, conference.court_id, services.CONFERENCE_ROLES)
    minutes = Minutes.objects.filter(conference=conference).first()
    decisions = []
    for decision in conference.decisions.all():
        key = f"progress-{decision.pk}"
        decisions.append(
            {
                "row": decision,
                "overdue": is_overdue(decision.due_on, decision.status != "open", now),
                "form": (bound.get(key) or ProgressForm(initial={"reported_on": now}, prefix=key))
                if decision.status == "open"
                and services.may_report_progress(request.user, decision)
                else None,
            }
        )
    return _render(
        request,
        "joint_conference.html",
        {
            "conference": conference,
            "minutes": minutes,
            "decisions": decisions,
            "may_act": may_act,
            "minutes_form": bound.get("minutes")
            or MinutesForm(initial={"recorded_on": now}, prefix="minutes"),
            "decision_form": bound.get("decision")
            or DecisionForm(conference=conference, prefix="decision"),
            "source": SEED_CONFERENCE,
        },
        status,
    )


@login_required
@shows_errors
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_page(request, pk)


@login_required
@require_POST
@shows_errors
def minutes_add(request: HttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_get(actor=request.user, pk=pk)
    form = MinutesForm(request.POST, prefix="minutes")

    def perform() -> str:
        services.minutes_record(actor=request.user, conference=conference, **form.cleaned_data)
        return "已记录会议纪要"

    return _post(
        request,
        form,
        perform,
        reverse("joint-conference", args=[pk]),
        lambda f, s: _conference_page(request, pk, {"minutes": f}, s),
    )


@login_required
@require_POST
@shows_errors
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_get(actor=request.user, pk=pk)
    form = DecisionForm(request.POST, conference=conference, prefix="decision")

    def perform() -> str:
        decision = services.decision_assign(
            actor=request.user, conference=conference, **form.cleaned_data
        )
        return f"已交办{decision.department.name}：{decision.task}"

    return _post(
        request,
        form,
        perform,
        reverse("joint-conference", args=[pk]),
        lambda f, s: _conference_page(request, pk, {"decision": f}, s),
    )


@login_required
@require_POST
@shows_errors
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get(actor=request.user, pk=pk)
    key = f"progress-{decision.pk}"
    form = ProgressForm(request.POST, prefix=key)
    back = reverse("joint-conference", args=[decision.conference_id])

    def perform() -> str:
        services.progress_report(actor=request.user, decision=decision, **form.cleaned_data)
        return "已记录办理进展" + ("，该事项已办结" if form.cleaned_data["completes"] else "")

    return _post(
        request,
        form,
        perform,
        back + f"#decision-{decision.pk}",
        lambda f, s: _conference_page(request, decision.conference_id, {key: f}, s),
    )


@login_required
@shows_errors
def decisions(request: HttpRequest) -> HttpResponse:
    now = today()
    rows = list(selectors.decision_list(actor=request.user, today=now)[:500])
    by_department: dict[str, list[Any]] = {}
    rows.sort(key=lambda d: (d.department.name, d.late, d.due_on, d.pk))
    for name, items in groupby(rows, key=lambda d: d.department.name):
        by_department[name] = list(items)
    groups = sorted(by_department.items(), key=lambda kv: (min(d.late for d in kv[1]), kv[0]))
    return _render(
        request,
        "joint_decisions.html",
        {
            "groups": groups,
            "total": len(rows),
            "overdue": sum(1 for d in rows if d.late == 0),
            "today": now,
            "source": SEED_CONFERENCE,
        },
        200,
    )


# --- supervision listings ----------------------------------------------------------------------


def _pager(request: HttpRequest, next_after: str, after: str) -> dict[str, Any]:
    """Links of a keyset-paginated page: the next page keeps the filters, the first drops `after`."""
    query = request.GET.copy()
    first = request.GET.copy()
    first.pop("after", None)
    if next_after:
        query["after"] = next_after
    return {
        "next_query": query.urlencode() if next_after else "",
        "first_query": first.urlencode() if after else None,
    }


def _listings_page(
    request: HttpRequest, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    now = today()
    staff = staff_of(request.user)
    home = staff.court_id if staff else None
    bound = bound or {}
    status_filter = request.GET.get("status", "active")
    if status_filter not in selectors.LISTING_FILTERS:
        status_filter = "active"
    after = request.GET.get("after", "")
    page = selectors.listing_list(actor=request.user, status=status_filter, after=after)
    listed, to_report, others = [], [], []
    for row in page.rows:
        item = {
            "row": row,
            "overdue": is_overdue(row.due_on, row.status != SupervisionListing.Status.OPEN, now),
            "report_form": None,
            "conclude_form": None,
        }
        if row.status == SupervisionListing.Status.OPEN and _works_at(
            request, row.court_id, services.REPORT_ROLES
        ):
            item["report_form"] = bound.get(f"report-{row.pk}") or ReportForm(
                initial={"on": now}, prefix=f"report-{row.pk}"
            )
        if (
            row.status == SupervisionListing.Status.REPORTED
            and home == row.listed_by_court_id
            and roles_of(request.user) & services.SUPERVISION_ROLES
        ):
            item["conclude_form"] = bound.get(f"conclude-{row.pk}") or ConcludeForm(
                initial={"on": now}, prefix=f"conclude-{row.pk}"
            )
        if row.listed_by_court_id == home:
            listed.append(item)
        elif row.court_id == home:
            to_report.append(item)
        else:
            others.append(item)
    return _render(
        request,
        "joint_listings.html",
        {
            "listed": listed,
            "to_report": to_report,
            "others": others,
            "status_filter": status_filter,
            "filters": [(key, label) for key, (label, _) in selectors.LISTING_FILTERS.items()],
            **_pager(request, page.next_after, after),
            "source": SEED_SUPERVISION,
        },
        status,
    )


@login_required
@shows_errors
def listings(request: HttpRequest) -> HttpResponse:
    return _listings_page(request)


@login_required
@require_POST
@shows_errors
def listing_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("report", "conclude"):
        raise NotFound()
    listing = selectors.listing_get(actor=request.user, pk=pk)
    key = f"{action}-{pk}"
    if action == "report":
        form: forms.Form = ReportForm(request.POST, prefix=key)

        def perform() -> str:
            services.supervision_report(actor=request.user, listing=listing, **form.cleaned_data)
            return f"已报告 {listing.case} 的办理情况，待上级法院审核销号"

    else:
        form = ConcludeForm(request.POST, prefix=key)

        def perform() -> str:
            services.supervision_conclude(actor=request.user, listing=listing, **form.cleaned_data)
            return f"{listing.case} 已销号"

    return _post(
        request,
        form,
        perform,
        reverse("joint-supervision-listings"),
        lambda f, s: _listings_page(request, {key: f}, s),
    )


# --- a case's listings and special-entity flags ------------------------------------------------


def _case_page(
    request: HttpRequest, pk: int, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    case = case_selectors.case_get(actor=request.user, pk=pk)
    bound = bound or {}
    staff = staff_of(request.user)
    listings_ = selectors.case_listings(actor=request.user, case=case)
    flags = selectors.case_flags(actor=request.user, case=case)
    flagged = {f.party_id for f in flags}
    unflagged = [
        p
        for p in case.parties.all()
        if p.role == PartyRole.RESPONDENT and p.kind != "person" and p.pk not in flagged
    ]
    may_list = (
        staff is not None
        and staff.court_id != case.court_id
        and case.court.path.startswith(staff.court.path)
        and bool(roles_of(request.user) & services.SUPERVISION_ROLES)
        and case.status == case.Status.DOCKETED
        and not any(row.status != SupervisionListing.Status.CONCLUDED for row in listings_)
    )
    may_flag = _works_at(request, case.court_id, services.FLAG_ROLES)
    return _render(
        request,
        "joint_case.html",
        {
            "case": case,
            "listings": listings_,
            "flags": flags,
            "may_list": may_list,
            "may_flag": may_flag,
            "listing_form": bound.get("listing") or ListingForm(prefix="listing"),
            "flag_form": (bound.get("flag") or FlagForm(parties=unflagged, prefix="flag"))
            if unflagged
            else None,
            "today": today(),
            "source": SEED_SUPERVISION,
            "special_source": SEED_SPECIAL,
        },
        status,
    )


@login_required
@shows_errors
def case_supervision(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return _case_page(request, pk)
    case = case_selectors.case_get(actor=request.user, pk=pk)
    back = reverse("joint-case-supervision", args=[pk])
    if "flag-party" in request.POST:
        parties = [p for p in case.parties.all() if p.role == PartyRole.RESPONDENT]
        form: forms.Form = FlagForm(request.POST, parties=parties, prefix="flag")

        def perform() -> str:
            party = next(p for p in parties if str(p.pk) == form.cleaned_data["party"])
            services.special_entity_flag(
                actor=request.user,
                case=case,
                party=party,
                kind=form.cleaned_data["kind"],
                basis=form.cleaned_data["basis"],
            )
            return f"已将{party.name}标记为特殊主体"

        return _post(
            request, form, perform, back, lambda f, s: _case_page(request, pk, {"flag": f}, s)
        )
    form = ListingForm(request.POST, prefix="listing")

    def perform_list() -> str:
        services.supervision_list(actor=request.user, case=case, **form.cleaned_data)
        return f"已对 {case} 挂牌督办"

    return _post(
        request, form, perform_list, back, lambda f, s: _case_page(request, pk, {"listing": f}, s)
    )


# --- special-entity cases ----------------------------------------------------------------------


def _special_page(
    request: HttpRequest, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in SpecialEntityFlag.Kind.values:
        kind = ""
    bound = bound or {}
    after = request.GET.get("after", "")
    page = selectors.special_entity_list(actor=request.user, kind=kind, after=after)
    rows = []
    for flag in page.rows:
        may = _works_at(request, flag.court_id, services.FLAG_ROLES)
        rows.append(
            {
                "row": flag,
                "form": (bound.get(f"unflag-{flag.pk}") or UnflagForm(prefix=f"unflag-{flag.pk}"))
                if may
                else None,
            }
        )
    return _render(
        request,
        "joint_special.html",
        {
            "rows": rows,
            "kind": kind,
            "kinds": SpecialEntityFlag.Kind.choices,
            **_pager(request, page.next_after, after),
            "source": SEED_SPECIAL,
        },
        status,
    )


@login_required
@shows_errors
def special_entities(request: HttpRequest) -> HttpResponse:
    return _special_page(request)


@login_required
@require_POST
@shows_errors
def special_entity_unflag(request: HttpRequest, pk: int) -> HttpResponse:
    flag = selectors.special_entity_get(actor=request.user, pk=pk)
    key = f"unflag-{pk}"
    form = UnflagForm(request.POST, prefix=key)

    def perform() -> str:
        services.special_entity_unflag(actor=request.user, flag=flag, **form.cleaned_data)
        return f"已取消{flag.party.name}的特殊主体标记"

    return _post(
        request,
        form,
        perform,
        reverse("joint-special-entities"),
        lambda f, s: _special_page(request, {key: f}, s),
    )


urlpatterns = [
    path("linkage/conferences/", conferences, name="joint-conferences"),
    path("linkage/conferences/<int:pk>/", conference_detail, name="joint-conference"),
    path("linkage/conferences/<int:pk>/minutes/", minutes_add, name="joint-minutes-add"),
    path("linkage/conferences/<int:pk>/decisions/", decision_add, name="joint-decision-add"),
    path("linkage/decisions/", decisions, name="joint-decisions"),
    path("linkage/decisions/<int:pk>/progress/", progress_add, name="joint-progress-add"),
    path("supervision-listings/", listings, name="joint-supervision-listings"),
    path(
        "supervision-listings/<int:pk>/<str:action>/",
        listing_action,
        name="joint-listing-action",
    ),
    path("cases/<int:pk>/supervision-listing/", case_supervision, name="joint-case-supervision"),
    path("special-entities/", special_entities, name="joint-special-entities"),
    path(
        "special-entities/<int:pk>/unflag/",
        special_entity_unflag,
        name="joint-special-unflag",
    ),
]
