"""Reads of correction requests (失信规定 第11—12条): a court's own requests, and the 复议 addressed
to an upper court; each with the date it is due next, overdue when past it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from zhixing.cases.rules.nodes import REVIEW_ROLES, RULING_ROLES
from zhixing.core.errors import NotFound
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..models import CorrectionRequest, DishonestDebtorListing
from ..rules import listing as rules

S = CorrectionRequest.Status
Rc = CorrectionRequest.Reconsideration
SOURCE = rules.SOURCE_CORRECTION
DECIDE_ROLES = RULING_ROLES  # as credit.services.correction: who reviews and corrects
RECONSIDERATION_ROLES = REVIEW_ROLES  # who decides 复议 at the upper court


def requests_in_scope(actor: Any) -> QuerySet[CorrectionRequest]:
    """Requests of the courts in the actor's scope, and 复议 addressed to a court in it."""
    scope = scope_of(actor)
    rows = CorrectionRequest.objects.select_related(
        "listing", "listing__case", "court", "reconsideration_court"
    )
    if scope.court_ids is None:
        return rows
    ids = sorted(scope.court_ids)
    return rows.filter(Q(court_id__in=ids) | Q(reconsideration_court_id__in=ids))


def request_get(*, actor: Any, pk: int) -> CorrectionRequest:
    row = requests_in_scope(actor).filter(pk=pk).first()
    if row is None:
        raise NotFound("未找到该纠正申请，或您无权查看")
    return row


@dataclass(frozen=True)
class Due:
    """What the request waits for next, by when, and who acts."""

    what: str
    on: date
    upper: bool  # the upper court acts (复议)

    def overdue(self, today: date) -> bool:
        return self.on < today


def next_due(row: CorrectionRequest) -> Due | None:
    if row.reconsideration == Rc.PENDING and row.reconsideration_due_on:
        return Due("复议审查", row.reconsideration_due_on, True)
    if row.status == S.RECEIVED:
        return Due("审查", row.review_due_on, False)
    if row.status == S.GRANTED and row.correct_due_on:
        return Due("纠正", row.correct_due_on, False)
    return None


@dataclass(frozen=True)
class RequestRow:
    request: CorrectionRequest
    due: Due | None
    overdue: bool


def request_rows(*, actor: Any, today: date, open_only: bool = False) -> list[RequestRow]:
    """The list page: open requests first (earliest due first), then the closed, newest first."""
    rows = requests_in_scope(actor).order_by("-received_on", "-pk")
    if open_only:
        rows = rows.filter(Q(status__in=[S.RECEIVED, S.GRANTED]) | Q(reconsideration=Rc.PENDING))
    out = []
    for row in rows[:500]:
        due = next_due(row)
        out.append(RequestRow(row, due, bool(due and due.overdue(today))))
    out.sort(key=lambda r: (r.due is None, r.due.on if r.due else date.min))
    return out


def open_listings(*, actor: Any, limit: int = 300) -> QuerySet[DishonestDebtorListing]:
    """Listings in the actor's own court that a request may concern (the receive form)."""
    staff = staff_of(actor)
    rows = DishonestDebtorListing.objects.filter(
        status__in=[DishonestDebtorListing.Status.DECIDED, DishonestDebtorListing.Status.PUBLISHED]
    )
    if staff is not None:
        rows = rows.filter(court_id=staff.court_id)
    else:
        rows = scope_of(actor).restrict(rows)
    return rows.order_by("-decided_on", "-pk")[:limit]


def worklist_rows(actor: Any, today: date, horizon: int | None = None) -> list[RequestRow]:
    """Open requests the actor's court must act on, earliest due first (within `horizon` days,
    or all): review and correction at the listing court for its officers and judges, 复议 at
    the upper court it is addressed to for that court's judges."""
    staff = staff_of(actor)
    if staff is None:
        return []
    court = staff.court_id
    roles = roles_of(actor)
    wanted = Q(pk__in=[])
    if roles & DECIDE_ROLES:
        wanted |= Q(court_id=court, status__in=[S.RECEIVED, S.GRANTED])
    if roles & RECONSIDERATION_ROLES:
        wanted |= Q(reconsideration_court_id=court, reconsideration=Rc.PENDING)
    rows = CorrectionRequest.objects.select_related("listing", "listing__case").filter(wanted)
    out = []
    for row in rows.order_by("received_on", "pk")[:200]:
        due = next_due(row)
        if due is None or (due.upper != (row.reconsideration_court_id == court)):
            continue
        if horizon is None or (due.on - today).days <= horizon:
            out.append(RequestRow(row, due, due.overdue(today)))
    out.sort(key=lambda r: r.due.on if r.due else today)
    return out
