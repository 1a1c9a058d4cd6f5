"""Reads of review cases. A review matter is seen by whoever sees the court that hears it or the
court whose case it is about: the enforcing court sees the 复议 its ruling went to, the upper
court sees what it hears and everything in its subtree."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from zhixing.cases.models import CaseDeadline, EnforcementCase
from zhixing.cases.rules.deadlines import DeadlineCode
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import NotFound
from zhixing.core.rules.calendar import LegalCalendar
from zhixing.organization.selectors import scope_of

from ..models import ReviewCase
from ..rules import review as rules
from ..rules.review import Kind

__all__ = [
    "REVIEW_DEADLINES",
    "case_reviews",
    "review_get",
    "review_list",
    "windows",
    "with_due",
]

REVIEW_DEADLINES = (
    DeadlineCode.OBJECTION_RULING.value,
    DeadlineCode.THIRD_PARTY_RULING.value,
    DeadlineCode.RECONSIDERATION_DECISION.value,
)
RELATED = ("court", "case__court", "judge", "parent")


def _visible(actor: Any, qs: QuerySet[ReviewCase]) -> QuerySet[ReviewCase]:
    scope = scope_of(actor)
    if scope.everything:
        return qs
    ids = sorted(scope.court_ids or ())
    return qs.filter(Q(court_id__in=ids) | Q(case_court_id__in=ids))


def with_due(qs: QuerySet[ReviewCase]) -> QuerySet[ReviewCase]:
    """Each row with `due_on` (the review's deadline row, None where no text sets a period)."""
    due = CaseDeadline.objects.filter(
        case_id=OuterRef("case_id"), instance=OuterRef("node_seq"), code__in=REVIEW_DEADLINES
    ).values("due_on")[:1]
    return qs.annotate(due_on=Subquery(due))


def review_list(
    *,
    actor: Any,
    kind: str = "",
    status: str = "",
    overdue: bool = False,
    today: date | None = None,
    hearing_only: bool = False,
) -> QuerySet[ReviewCase]:
    """Review matters in scope, open ones first, the earliest due first. `hearing_only`: only those
    the actor's own court hears."""
    qs = _visible(actor, ReviewCase.objects.all())
    scope = scope_of(actor)
    if hearing_only and scope.home_court_id is not None:
        qs = qs.filter(court_id=scope.home_court_id)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    # the enforcement cases come by primary key for the page's rows only: joined, PostgreSQL hashes
    # the whole case table to find them (bench/bench_closure.py)
    qs = with_due(
        qs.select_related("court", "case_court", "judge", "parent").prefetch_related(
            "panel", "case"
        )
    )
    if overdue and today is not None:
        qs = qs.filter(status=ReviewCase.Status.FILED, due_on__lt=today)
    open_first = Case(When(status=ReviewCase.Status.FILED, then=Value(0)), default=Value(1))
    return qs.order_by(open_first, "due_on", "received_on", "id")


def review_get(*, actor: Any, pk: int) -> ReviewCase:
    row = with_due(
        ReviewCase.objects.select_related(*RELATED, "case__officer", "applicant_party")
        .prefetch_related("panel")
        .filter(pk=pk)
    ).first()
    if row is None:
        raise NotFound("未找到该审查案件，或您无权查看")
    scope = scope_of(actor)
    if not (scope.covers(row.court_id) or scope.covers(row.case_court_id)):
        raise NotFound("未找到该审查案件，或您无权查看")
    return row


def case_reviews(*, actor: Any, case: EnforcementCase) -> list[ReviewCase]:
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    return list(
        with_due(ReviewCase.objects.filter(case=case))
        .select_related(*RELATED)
        .prefetch_related("panel")
        .order_by("received_on", "id")
    )


def windows(review: ReviewCase, calendar: LegalCalendar | None = None) -> dict[str, Any]:
    """After service: the 复议 window (act objection) or the lawsuit window (third-party). Lists
    pass one `calendar` so the holiday table is read once."""
    if review.served_on is None:
        return {}
    calendar = calendar or legal_calendar()
    today = timezone.localdate()
    if review.kind == Kind.ACT_OBJECTION.value:
        due = rules.reconsideration_due(review.served_on, calendar)
        return {
            "label": "申请复议",
            "due": due,
            "open": today <= due.due,
            "days": 10,
            "source": "民事诉讼法 第236条",
            "to": review.court.parent,
        }
    if review.kind == Kind.THIRD_PARTY_OBJECTION.value:
        due = rules.lawsuit_due(review.served_on, calendar)
        return {
            "label": "提起执行异议之诉",
            "due": due,
            "open": today <= due.due,
            "days": 15,
            "source": "民事诉讼法 第238条",
            "to": review.court,
        }
    return {}
