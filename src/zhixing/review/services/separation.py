"""Separation of review from implementation (审执分离), read from what the case's record shows.

执行异议复议规定 第11条第3款: people who handled the implementation case may not take part in
reviewing its objections and reconsiderations. Who "handled" it is what the record shows:
- recorded an implementation node on the case (every node but filing, review matters and the
  upper court's own supervision acts) — the person named in the refusal with the date and act;
- held one of its stages (分段集约: alone or as a member of the team given the stage), ended or not;
- is or was its 承办人 (the current officer and every officer named by an assignment);
- was recused from this review matter (回避, 民事诉讼法 第47条、第49条).

A refusal is an AccessDenied with code `review.separation`, and the refusal itself goes to the
audit log in a transaction of its own (the service's transaction rolls back with the refusal).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.db import transaction

from zhixing.cases.models import EnforcementCase, NodeEvent, StageAssignment
from zhixing.cases.rules.nodes import NODE_TABLE, STAGE_LABELS, NodeCode, Stage
from zhixing.core.audit import audit_record
from zhixing.core.errors import AccessDenied
from zhixing.organization.models import Staff

from ..models import Recusal, ReviewCase
from ..rules.review import (
    SEPARATION_SOURCE,
    Conflict,
    ConflictReason,
    conflict_message,
    conflicts_of,
)

__all__ = [
    "NOT_IMPLEMENTATION",
    "SeparationRefused",
    "audits_refusals",
    "case_conflicts",
    "refuse",
    "separation_error",
]

N = NodeCode
# Nodes that are not implementation acts: filing (立案庭), the review matters themselves and the
# upper court's supervision of the case.
NOT_IMPLEMENTATION: frozenset[NodeCode] = frozenset(
    {
        N.RECEIVED,
        N.DOCKETED,
        N.REFUSED,
        N.OBJECTION_FILED,
        N.THIRD_PARTY_OBJECTION_FILED,
        N.RECONSIDERATION_FILED,
        N.COURT_CHANGE_APPLIED,
        N.SUPERVISION_FILED,
        N.COORDINATION_FILED,
        N.REVIEW_DECIDED,
        N.ITEM_SUSPENDED,
        N.ENFORCE_ORDERED,
        N.ESCALATED,
        N.DESIGNATED,
        N.CROSS_ASSIGNED,
        N.INSTRUCTION_ANSWERED,
    }
)


def case_conflicts(case: EnforcementCase, review: ReviewCase | None = None) -> list[Conflict]:
    """Every recorded reason someone may not sit on the case's review matters (and, with `review`,
    the recusals decided in that matter). Four queries."""
    conflicts: list[Conflict] = []
    events = list(
        NodeEvent.objects.filter(case=case, actor__isnull=False)
        .exclude(code__in=[c.value for c in NOT_IMPLEMENTATION])
        .values_list("actor_id", "code", "occurred_on", "data")
    )
    officers = {
        int(data["officer"]): on
        for _actor, code, on, data in events
        if code == N.OFFICER_ASSIGNED.value and isinstance(data, dict) and data.get("officer")
    }
    staff = {
        s.user_id: s
        for s in Staff.objects.filter(user_id__in={e[0] for e in events}).only(
            "id", "name", "user_id"
        )
    }
    for actor_id, code, on, _data in events:
        member = staff.get(actor_id)
        if member is not None and code != N.OFFICER_ASSIGNED.value:
            conflicts.append(
                Conflict(
                    member.pk,
                    member.name,
                    ConflictReason.IMPLEMENTATION_ACT,
                    on,
                    NODE_TABLE[NodeCode(code)].label,
                )
            )
    for assignment in StageAssignment.objects.filter(case=case).select_related("staff", "team"):
        holders = (
            [assignment.staff]
            if assignment.staff is not None
            else list(assignment.team.members.all())
            if assignment.team is not None
            else []
        )
        label = STAGE_LABELS.get(Stage(assignment.stage), assignment.stage)
        conflicts.extend(
            Conflict(h.pk, h.name, ConflictReason.STAGE_HOLDER, assignment.assigned_on, label)
            for h in holders
        )
    if case.officer_id is not None:
        officers.setdefault(case.officer_id, None)
    names = dict(Staff.objects.filter(pk__in=officers).values_list("pk", "name"))
    conflicts.extend(
        Conflict(pk, names.get(pk, ""), ConflictReason.CASE_OFFICER, on)
        for pk, on in officers.items()
    )
    if review is not None and review.pk:
        conflicts.extend(
            Conflict(r.staff_id, r.staff.name, ConflictReason.RECUSED, r.decided_on, r.reason)
            for r in Recusal.objects.filter(review=review, granted=True).select_related("staff")
        )
    return conflicts


def separation_error(message: str) -> AccessDenied:
    error = AccessDenied(message, code="review.separation")
    error.source = SEPARATION_SOURCE
    return error


class SeparationRefused(Exception):
    """Raised inside a service's transaction; `audits_refusals` writes the audit record after the
    rollback and raises the AccessDenied."""

    def __init__(self, error: AccessDenied, audit: dict[str, Any]) -> None:
        super().__init__(error.message)
        self.error = error
        self.audit = audit


def refuse(
    *,
    actor: Any,
    review: ReviewCase,
    conflicts: Iterable[Conflict],
    staff_ids: Iterable[int],
    action: str,
    field: str | None = None,
) -> None:
    """Raises SeparationRefused naming every conflicted person among `staff_ids` (one reason each),
    or returns when there is none."""
    found = conflicts_of(conflicts, staff_ids)
    if not found:
        return
    message = "；".join(conflict_message(c) for c in found.values())
    error = separation_error(message)
    error.field = field
    raise SeparationRefused(
        error,
        {
            "actor": actor,
            "action": "review.separation_refused",
            "court_id": review.court_id,
            "obj": review if review.pk else None,
            "object_type": "" if review.pk else "review.reviewcase",
            "summary": f"{review.case_number or '执行审查'} {action}被拒绝：{message}"[:300],
            "after": {
                "attempted": action,
                "staff": sorted(found),
                "reasons": [c.reason.value for c in found.values()],
                "source": SEPARATION_SOURCE,
            },
        },
    )


P = ParamSpec("P")
R = TypeVar("R")


def audits_refusals(service: Callable[P, R]) -> Callable[P, R]:
    """The service's refusal for separation is written to the audit log in its own transaction
    (the service's own transaction has rolled back by then), then raised as AccessDenied."""

    @wraps(service)
    def wrapped(*args: P.args, **kw: P.kwargs) -> R:
        try:
            return service(*args, **kw)
        except SeparationRefused as refused:
            with transaction.atomic():
                audit_record(**refused.audit)
            raise refused.error from None

    return wrapped
