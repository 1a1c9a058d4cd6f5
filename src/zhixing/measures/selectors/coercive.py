"""Every read of coercive measures, restricted to the actor's jurisdiction scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import NotFound
from zhixing.organization.selectors import scope_of

from ..models import CoerciveMeasure, CoerciveReconsideration

__all__ = [
    "case_measures",
    "measure_get",
    "pending_approvals",
    "reconsideration_get",
    "reconsideration_of",
    "reconsiderations_for",
]

RELATED = ("case", "court__parent", "proposed_by__staff", "decided_by__staff")


def case_measures(*, actor: Any, case: EnforcementCase) -> list[CoerciveMeasure]:
    """The case's measures, newest first, each with its reconsideration (two queries)."""
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    rows = list(
        CoerciveMeasure.objects.filter(case_id=case.pk)
        .select_related(*RELATED)
        .order_by("-proposed_on", "-id")
    )
    recons = {
        r.measure_id: r
        for r in CoerciveReconsideration.objects.filter(measure__in=rows).select_related(
            "court", "decided_by__staff"
        )
    }
    for row in rows:
        row._state.fields_cache["reconsideration"] = recons.get(row.pk)
    return rows


def measure_get(*, actor: Any, pk: int) -> CoerciveMeasure:
    row = CoerciveMeasure.objects.select_related(*RELATED).filter(pk=pk).first()
    if row is None or not scope_of(actor).covers(row.court_id):
        raise NotFound("未找到该强制措施，或您无权查看")
    return row


def reconsideration_of(row: CoerciveMeasure) -> CoerciveReconsideration | None:
    try:
        return row.reconsideration
    except CoerciveReconsideration.DoesNotExist:
        return None


def pending_approvals(*, actor: Any) -> QuerySet[CoerciveMeasure]:
    """Proposals waiting for the president, oldest first: the actor's own court (only its
    president approves, 第119条); everything in scope for an actor without a home court."""
    scope = scope_of(actor)
    qs = CoerciveMeasure.objects.filter(status=CoerciveMeasure.Status.PROPOSED)
    if scope.home_court_id is not None:
        qs = qs.filter(court_id=scope.home_court_id)
    else:
        qs = scope.restrict(qs, "court")
    return qs.select_related(*RELATED).order_by("proposed_on", "id")


def reconsiderations_for(
    *, actor: Any, open_only: bool = False
) -> QuerySet[CoerciveReconsideration]:
    """Reconsiderations addressed to the actor's court (the next-higher court of the deciding one),
    undecided first; everything in scope for an actor without a home court."""
    scope = scope_of(actor)
    qs = CoerciveReconsideration.objects.all()
    if scope.home_court_id is not None:
        qs = qs.filter(court_id=scope.home_court_id)
    else:
        qs = scope.restrict(qs, "court")
    if open_only:
        qs = qs.filter(outcome="")
    return qs.select_related(
        "court", "measure__case", "measure__court", "decided_by__staff"
    ).order_by("outcome", "applied_on", "id")


def reconsideration_get(*, actor: Any, pk: int) -> CoerciveReconsideration:
    """Seen by whoever sees the measure's court: the deciding court and every court above it."""
    row = (
        CoerciveReconsideration.objects.select_related(
            "court", "measure__case", "measure__court__parent"
        )
        .filter(pk=pk)
        .first()
    )
    if row is None or not scope_of(actor).covers(row.measure.court_id):
        raise NotFound("未找到该复议申请，或您无权查看")
    return row
