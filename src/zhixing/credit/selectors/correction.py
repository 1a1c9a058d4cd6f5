"""Reads of correction requests (失信规定 第11—12条): a court's own requests, and the 复议 addressed
to an upper court; each with the date it is due next, overdue when past it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from zhixing.cases.rules.nodes import REVIEW_ROLES, RULING_ROLES
from zhixing.core.errors import InputError, NotFound
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..models import LISTED, CorrectionRequest, DishonestDebtorListing
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


def receivable_listings(*, actor: Any) -> QuerySet[DishonestDebtorListing]:
    """Listings a request may concern (the receive form): the actor's own court's, or for an
    account without a court, those of its scope. Any of them, not only the most recent: the
    service refuses one no longer on the list, with its reason."""
    staff = staff_of(actor)
    rows = DishonestDebtorListing.objects.select_related("case")
    if staff is not None:
        return rows.filter(court_id=staff.court_id)
    return scope_of(actor).restrict(rows)


def listing_for_request(*, actor: Any, key: str) -> DishonestDebtorListing:
    """The listing named on the receive form: its number (id), its 决定书文号, or its case number
    when one listing of the case is on the list. Outside the actor's court: not found (422 beside
    the field, so a number of another court tells nothing)."""
    key = key.strip()
    rows = receivable_listings(actor=actor)
    if re.fullmatch(r"[0-9]{1,18}", key):
        found = list(rows.filter(pk=int(key))[:1])
    else:
        found = list(rows.filter(decision_number=key)[:2]) if key else []
        if not found and key:
            found = list(
                rows.filter(
                    case_number=key,
                    status__in=LISTED,
                )[:2]
            )
    if len(found) > 1:
        raise InputError(
            "correction.listing_ambiguous",
            f"“{key}”对应多条失信名单信息，请填写决定书文号或名单编号",
            source=SOURCE,
            field="listing",
        )
    if not found:
        raise InputError(
            "correction.listing_unknown",
            f"本院名单中未找到“{key}”：请填写名单编号、决定书文号或执行案号",
            source=SOURCE,
            field="listing",
        )
    return found[0]


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
