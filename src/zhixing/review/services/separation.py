"""Separation of review from implementation (审执分离), read from what the case's record shows.

执行异议复议规定 第11条第3款: people who handled the implementation case may not take part in
reviewing its objections and reconsiderations. Who "handled" it is what the record shows:
- recorded an implementation node on the case (every node but filing, review matters and the
  upper court's own supervision acts) — the person named in the refusal with the date and act;
- held one of its stages (分段集约: alone or as a member of the team given the stage), ended or not;
- is or was its 承办人 (the current officer and every officer named by an assignment);
- decided, approved or carried out one of its measures, whether or not a node names them (the
  ruling to seal or deduct, a renewal, a fine or detention proposed or approved, a disposal opened,
  an auction announced, a distribution plan made — `MEASURE_DECISIONS`);
- sat on one of its collegial decisions (合议庭评议 or 主审法官联席会议 on the enforcement plan, an
  auction, the 终本 review …), presiding or as a member;
- was recused from this review matter (回避, 民事诉讼法 第47条、第49条).

A refusal is an AccessDenied with code `review.separation`, and the refusal itself goes to the
audit log in a transaction of its own (the service's transaction rolls back with the refusal).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.db import transaction

from zhixing.cases.models import CollegialDecision, EnforcementCase, NodeEvent, StageAssignment
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


# Who decided a measure, read from the measures' own rows (they name a user, not always a node):
# (model, the user field, the date field, the path to the case, what the person did).
MEASURE_DECISIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("ControlMeasure", "decided_by", "started_on", "case", "决定查封、扣押、冻结或扣划"),
    ("ControlRenewal", "decided_by", "renewed_on", "measure__case", "决定续行查控"),
    ("CoerciveMeasure", "proposed_by", "proposed_on", "case", "提请强制措施"),
    ("CoerciveMeasure", "decided_by", "decided_on", "case", "审批强制措施"),
    ("DisposalFile", "opened_by", "opened_on", "case", "启动财产处置"),
    ("AuctionRound", "announced_by", "announced_on", "file__case", "发布拍卖公告"),
    ("DistributionPlan", "made_by", "served_on", "distribution__case", "制作分配方案"),
)


def _measure_deciders(case: EnforcementCase) -> list[tuple[int, Any, str]]:
    """(user id, date, what) for everyone a measures row names as deciding for the case."""
    from zhixing.measures import models as measures

    found: list[tuple[int, Any, str]] = []
    for model, user_field, on_field, case_path, what in MEASURE_DECISIONS:
        rows = getattr(measures, model).objects.filter(
            **{case_path: case, f"{user_field}__isnull": False}
        )
        found.extend(
            (user_id, on, what)
            for user_id, on in rows.values_list(f"{user_field}_id", on_field).distinct()
        )
    return found


def case_conflicts(case: EnforcementCase, review: ReviewCase | None = None) -> list[Conflict]:
    """Every recorded reason someone may not sit on the case's review matters (and, with `review`,
    the recusals decided in that matter)."""
    conflicts: list[Conflict] = []
    deciders = _measure_deciders(case)
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
        for s in Staff.objects.filter(
            user_id__in={e[0] for e in events} | {d[0] for d in deciders}
        ).only("id", "name", "user_id")
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
    for user_id, on, what in deciders:
        member = staff.get(user_id)
        if member is not None:
            conflicts.append(
                Conflict(member.pk, member.name, ConflictReason.MEASURE_DECIDED, on, what)
            )
    panels = CollegialDecision.objects.filter(case=case).select_related("presiding")
    for decision in panels.prefetch_related("members"):
        detail = f"{decision.get_kind_display()}：{decision.subject}"
        sitting = {decision.presiding.pk: decision.presiding.name}
        sitting.update((m.pk, m.name) for m in decision.members.all())
        conflicts.extend(
            Conflict(pk, name, ConflictReason.COLLEGIAL_PANEL, decision.decided_on, detail)
            for pk, name in sitting.items()
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
