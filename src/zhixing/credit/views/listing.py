"""Pages of the listing area: /cases/<pk>/credit/ (every respondent of the case with its listing
state and the forms the actor may use: record a request, decide, reject, publish, extend, hide,
remove, download the 决定书) and /credit/listings/ (the listings of the courts in scope by status,
with their due dates, overdue ones highlighted). Forms post, then redirect (PRG); a refusal is
shown beside its field with its article."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from zhixing.cases.forms import DATE
from zhixing.cases.models import EnforcementCase, Party
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import DomainError, NotFound
from zhixing.core.views import (
    docx_response,
    int_param,
    not_future,
    perform_action,
    shows_errors,
    sourced,
    today,
)

from ..api._common import respondent_of
from ..documents import decision_docx, decision_filename
from ..models import DishonestDebtorListing, Initiative
from ..rules import listing as rules
from ..selectors import listing as selectors
from ..selectors.feed import may_follow_feed
from ..services import listing as services

TEXT = forms.Textarea(attrs={"rows": 2})
S = DishonestDebtorListing.Status

GROUND_CHOICES = [
    (g.value, f"第1条第{rules.GROUND_ITEMS[g]}项 {rules.GROUND_LABELS[g]}") for g in rules.Ground
]
EXTENSION_CHOICES = [("", "不延长")] + [
    (r.value, label) for r, label in rules.EXTENSION_REASON_LABELS.items()
]
REMOVAL_CHOICES = [
    (g.value, f"{label}（{rules.REMOVAL_GROUND_SOURCES[g]}）")
    for g, label in rules.REMOVAL_GROUND_LABELS.items()
]


class _DatedForm(forms.Form):
    date_field = "on"
    date_label = "日期"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        not_future(self, self.date_field, self.date_label)
        return data


class RequestForm(_DatedForm):
    date_field, date_label = "requested_on", "申请日期"
    ground = forms.ChoiceField(label="申请纳入的情形", choices=GROUND_CHOICES)
    conduct = forms.CharField(label="失信行为具体情形", max_length=300, widget=TEXT)
    requested_on = forms.DateField(label="收到书面申请日期", widget=DATE)


class DecideForm(_DatedForm):
    date_label = "决定日期"
    ground = forms.ChoiceField(
        label="纳入情形", choices=GROUND_CHOICES, help_text=rules.SOURCE_GROUNDS
    )
    conduct = forms.CharField(
        label="失信行为具体情形",
        max_length=300,
        widget=TEXT,
        help_text="如：被执行人收到报告财产令后拒不申报财产",
    )
    initiative = forms.ChoiceField(label="启动方式", choices=Initiative.choices)
    on = forms.DateField(label="决定日期", widget=DATE)
    security_given = forms.BooleanField(
        label="被执行人已提供充分有效担保",
        required=False,
        help_text="第（一）项的排除情形（失信规定 第3条第1项）",
    )
    later_in_order = forms.BooleanField(
        label="被执行人履行顺位在后",
        required=False,
        help_text="第（一）项的排除情形（失信规定 第3条第3项）；已控制财产是否足以清偿由系统按查封冻结记录计算",
    )
    extension_years = forms.TypedChoiceField(
        label="延长期限（年）",
        choices=[(0, "不延长"), (1, "1年"), (2, "2年"), (3, "3年")],
        coerce=int,
        required=False,
        help_text="第（二）至（六）项纳入期限为2年，可延长1—3年（失信规定 第2条）",
    )
    extension_reason = forms.ChoiceField(
        label="延长理由", choices=EXTENSION_CHOICES, required=False
    )
    extension_note = forms.CharField(label="延长的具体事实", max_length=300, required=False)
    publish = forms.BooleanField(
        label="同时发布",
        required=False,
        initial=True,
        help_text="不同时发布的，应在3个工作日内发布",
    )


class RejectForm(_DatedForm):
    date_label = "决定日期"
    on = forms.DateField(label="决定日期", widget=DATE)
    reason = forms.CharField(label="不予纳入的理由", max_length=300, widget=TEXT)


class PublishForm(_DatedForm):
    date_label = "发布日期"
    on = forms.DateField(label="发布日期", widget=DATE)


class ExtendForm(_DatedForm):
    date_label = "决定日期"
    years = forms.TypedChoiceField(
        label="延长（年）", choices=[(1, "1年"), (2, "2年"), (3, "3年")], coerce=int
    )
    reason = forms.ChoiceField(
        label="延长理由", choices=EXTENSION_CHOICES, required=False, help_text=rules.SOURCE_TERM
    )
    note = forms.CharField(label="延长的具体事实", max_length=300, required=False)
    on = forms.DateField(label="决定日期", widget=DATE)


class HideForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=300, widget=TEXT)


class RemoveForm(_DatedForm):
    date_label = "删除日期"
    ground = forms.ChoiceField(label="删除情形", choices=REMOVAL_CHOICES)
    on = forms.DateField(label="删除日期", widget=DATE)
    arose_on = forms.DateField(
        label="删除情形发生日期（可不填）",
        widget=DATE,
        required=False,
        help_text="默认为删除日期；删除应在情形发生之日起3个工作日内办理（失信规定 第10条）",
    )
    applicant_request_approved = forms.BooleanField(
        label="申请执行人的书面删除申请已经审查同意", required=False
    )
    note = forms.CharField(label="说明（可不填）", max_length=300, required=False)


FORMS: dict[str, type[forms.Form]] = {
    "request": RequestForm,
    "decide": DecideForm,
    "reject": RejectForm,
    "publish": PublishForm,
    "extend": ExtendForm,
    "hide": HideForm,
    "unhide": HideForm,
    "remove": RemoveForm,
}
# service field names that differ from the forms' own
FIELDS = {"reason_note": "note", "party": None, "controlled_value": None, "respondent": None}


def _show(form: forms.Form, error: DomainError) -> None:
    """The refusal beside its field, with its article (at the top when it names no field)."""
    field = FIELDS.get(error.field or "", error.field)
    if field == "note" and "extension_note" in form.fields:
        field = "extension_note"
    if field == "reason" and "extension_reason" in form.fields:
        field = "extension_reason"
    if field == "years" and "extension_years" in form.fields:
        field = "extension_years"
    form.add_error(field if field in form.fields else None, sourced(error.message, error.source))


def _actions(
    actor: Any, case: EnforcementCase, current: DishonestDebtorListing | None
) -> list[str]:
    """The forms the actor may use on one respondent (the services check again)."""
    court = case.court_id
    ruling = services._area.may(actor, court, services.DECIDE_ROLES)
    actions: list[str] = []
    if case.status == EnforcementCase.Status.DOCKETED:
        if current is None:
            if services._area.may(actor, court, services.REQUEST_ROLES):
                actions.append("request")
            if ruling:
                actions.append("decide")
        elif current.status == S.REQUESTED and ruling:
            actions += ["decide", "reject"]
    if current is not None and current.status in (S.DECIDED, S.PUBLISHED):
        if current.status == S.DECIDED and ruling:
            actions.append("publish")
        if ruling and current.term_ends_on is not None:
            actions.append("extend")
        if services._area.may(actor, court, services.HIDE_ROLES):
            actions.append("unhide" if current.hidden else "hide")
        if services._area.may(actor, court, services.REMOVE_ROLES):
            actions.append("remove")
    return actions


def _initial(action: str, current: DishonestDebtorListing | None) -> dict[str, Any]:
    initial: dict[str, Any] = {"on": today(), "requested_on": today()}
    if action == "decide":
        initial["publish"] = True
        initial["initiative"] = Initiative.EX_OFFICIO
        if current is not None and current.status == S.REQUESTED:
            initial.update(
                ground=current.ground, conduct=current.conduct, initiative=Initiative.APPLICATION
            )
    return initial


def _late_removal(row: DishonestDebtorListing) -> str:
    """删除情形发生于…，应于…前删除（第10条）: shown when the removal came after its 3 working days."""
    if row.removal_arose_on is None or row.removed_on is None:
        return ""
    due = rules.removal_due(row.removal_arose_on, legal_calendar()).due
    if row.removed_on <= due:
        return ""
    return (
        f"删除情形发生于{row.removal_arose_on:%Y-%m-%d}，应于{due:%Y-%m-%d}前删除"
        f"（{rules.SOURCE_REMOVAL}）"
    )


def _page(
    request: HttpRequest,
    case: EnforcementCase,
    bound: dict[tuple[int, str], forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    day = today()
    rows = []
    for state in selectors.case_respondents(actor=request.user, case=case):
        for past in state.history:
            past.late_removal = _late_removal(past)  # type: ignore[attr-defined]
        row_forms = {}
        for action in _actions(request.user, case, state.current):
            form = bound.get((state.party.pk, action)) or FORMS[action](
                initial=_initial(action, state.current), prefix=action
            )
            form.auto_id = f"id_{action}{state.party.pk}_%s"
            row_forms[action] = form
        rows.append(
            {
                "state": state,
                "forms": row_forms,
                "overdue": state.current is not None and selectors.overdue(state.current, day),
            }
        )
    context = {
        "case": case,
        "rows": rows,
        "sources": {
            "grounds": rules.SOURCE_GROUNDS,
            "minor": rules.SOURCE_MINOR,
            "decision": rules.SOURCE_DECISION,
            "removal": rules.SOURCE_REMOVAL,
        },
    }
    return render(request, "credit/listing_case.html", context, status=status)


@login_required
@shows_errors
def case_credit(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_in_scope(actor=request.user, pk=pk)
    return _page(request, case)


@dataclass(frozen=True)
class _Act:
    """One posted action on one respondent: who acts, on what."""

    actor: Any
    case: EnforcementCase
    party: Party
    current: DishonestDebtorListing | None

    def listing(self) -> DishonestDebtorListing:
        if self.current is None:
            raise DomainError("listing.none", "该被执行人没有待办理的失信名单记录")
        return self.current


def _do_request(act: _Act, d: dict[str, Any]) -> str:
    services.listing_request(
        actor=act.actor,
        case=act.case,
        party=act.party,
        ground=d["ground"],
        conduct=d["conduct"],
        requested_on=d["requested_on"],
    )
    return f"已登记申请，应在15日内作出决定（{rules.SOURCE_DECISION}）"


def _do_decide(act: _Act, d: dict[str, Any]) -> str:
    current = act.current
    row = services.listing_decide(
        actor=act.actor,
        case=act.case,
        party=act.party,
        ground=d["ground"],
        conduct=d["conduct"],
        on=d["on"],
        initiative=d["initiative"],
        request=current if current is not None and current.status == S.REQUESTED else None,
        extension_years=d.get("extension_years") or 0,
        extension_reason=d.get("extension_reason") or None,
        extension_note=d.get("extension_note") or "",
        security_given=d["security_given"],
        later_in_order=d["later_in_order"],
        publish=d["publish"],
    )
    if row.status == S.PUBLISHED:
        return f"已决定将{act.party.name}纳入失信被执行人名单并发布（{row.decision_number}）"
    return f"已决定将{act.party.name}纳入失信被执行人名单，应于{row.publish_due_on:%Y-%m-%d}前发布"


def _do_reject(act: _Act, d: dict[str, Any]) -> str:
    services.listing_reject(actor=act.actor, listing=act.listing(), on=d["on"], reason=d["reason"])
    return f"已决定不将{act.party.name}纳入失信名单"


def _do_publish(act: _Act, d: dict[str, Any]) -> str:
    services.listing_publish(actor=act.actor, listing=act.listing(), on=d["on"])
    return f"已发布：{act.party.name}"


def _do_extend(act: _Act, d: dict[str, Any]) -> str:
    row = services.listing_extend(
        actor=act.actor,
        listing=act.listing(),
        years=d["years"],
        reason=d["reason"] or None,
        note=d["note"],
        on=d["on"],
    )
    return f"纳入期限已延长，至{row.term_ends_on:%Y-%m-%d}届满"


def _do_hide(act: _Act, d: dict[str, Any]) -> str:
    services.listing_hide(actor=act.actor, listing=act.listing(), reason=d["reason"])
    return "已屏蔽，公开查询不再显示"


def _do_unhide(act: _Act, d: dict[str, Any]) -> str:
    services.listing_unhide(actor=act.actor, listing=act.listing(), reason=d["reason"])
    return "已解除屏蔽"


def _do_remove(act: _Act, d: dict[str, Any]) -> str:
    services.listing_remove(
        actor=act.actor,
        listing=act.listing(),
        ground=d["ground"],
        on=d["on"],
        note=d["note"],
        applicant_request_approved=d["applicant_request_approved"],
        arose_on=d.get("arose_on"),
    )
    return f"已删除{act.party.name}的失信信息"


ACTIONS: dict[str, Callable[[_Act, dict[str, Any]], str]] = {
    "request": _do_request,
    "decide": _do_decide,
    "reject": _do_reject,
    "publish": _do_publish,
    "extend": _do_extend,
    "hide": _do_hide,
    "unhide": _do_unhide,
    "remove": _do_remove,
}


@login_required
@require_POST
@shows_errors
def case_credit_action(request: HttpRequest, pk: int, party_pk: int, action: str) -> HttpResponse:
    if action not in FORMS:
        raise NotFound("没有这项办理功能")
    case = selectors.case_in_scope(actor=request.user, pk=pk)
    party = respondent_of(case, party_pk)
    current = next(
        (
            s.current
            for s in selectors.case_respondents(actor=request.user, case=case)
            if s.party.pk == party.pk
        ),
        None,
    )
    form = FORMS[action](request.POST, prefix=action)
    done_url = reverse("case-credit", args=[case.pk]) + f"#party-{party.pk}"
    act = _Act(actor=request.user, case=case, party=party, current=current)

    def perform() -> str:
        return ACTIONS[action](act, form.cleaned_data)

    outcome = perform_action(
        request, form, perform, done_url=done_url, show=_show, not_found_page=True
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    return _page(request, case, {(party.pk, action): form}, status=outcome)


@login_required
@shows_errors
def decision_document(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.listing_get(actor=request.user, pk=pk)
    return docx_response(decision_docx(row), decision_filename(row))


# --- /credit/listings/ ----------------------------------------------------------------------------


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部")] + list(S.choices), required=False
    )
    overdue = forms.BooleanField(label="只看超期", required=False)


def _without_before(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("before", None)
    return query.urlencode()


@login_required
@shows_errors
def court_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    status, overdue_only = "", False
    if form.is_valid():
        status, overdue_only = form.cleaned_data["status"], form.cleaned_data["overdue"]
    day = today()
    qs = selectors.listings(
        actor=request.user, status=status or None, overdue_only=overdue_only, today=day
    )
    # Never COUNT(*) the whole list (8 million rows at the SPC): count up to the cap, and page by
    # keyset on -pk like the API's before_id.
    counted = qs[: selectors.COUNT_CAP + 1].count()
    total = f"{selectors.COUNT_CAP}+" if counted > selectors.COUNT_CAP else str(counted)
    before = int_param(request.GET.get("before"))
    page = qs.filter(pk__lt=before) if before is not None else qs
    found = list(page[: selectors.LIST_PAGE + 1])
    more = len(found) > selectors.LIST_PAGE
    found = found[: selectors.LIST_PAGE]
    rows = [{"l": row, "overdue": selectors.overdue(row, day)} for row in found]
    older_url = ""
    if more:
        query = request.GET.copy()
        query["before"] = str(found[-1].pk)
        older_url = f"?{query.urlencode()}"
    return render(
        request,
        "credit/court_list.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "partial": more or before is not None,
            "older_url": older_url,
            "page_size": selectors.LIST_PAGE,
            "may_follow_feed": may_follow_feed(request.user),
            "newest_url": "?" + _without_before(request),
            "sources": {
                "decision": rules.SOURCE_DECISION,
                "publication": rules.SOURCE_PUBLICATION,
            },
        },
    )


urlpatterns = [
    path("cases/<int:pk>/credit/", case_credit, name="case-credit"),
    path(
        "cases/<int:pk>/credit/<int:party_pk>/<str:action>/",
        case_credit_action,
        name="case-credit-action",
    ),
    path("credit/listings/", court_list, name="credit-listings"),
    path("credit/listings/<int:pk>/decision.docx", decision_document, name="credit-listing-docx"),
]
