"""What the review-case services (`filing`, `panel`, `decision`) share: who files, assigns, decides
and rules on recusal, the `review.*` error codes bound to the shared service toolkit
(`zhixing.cases.services.toolkit`), the rows they lock and who may see a review matter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from zhixing.cases.models import EnforcementCase
from zhixing.cases.rules.nodes import NodeCode
from zhixing.cases.services.toolkit import Area, locked_case
from zhixing.core.errors import NotFound
from zhixing.core.rules.roles import Role
from zhixing.organization.models import Staff
from zhixing.organization.selectors import scope_of

from ..models import ReviewCase
from ..rules.review import Kind

N = NodeCode
FILED_NODE: dict[Kind, NodeCode] = {
    Kind.ACT_OBJECTION: N.OBJECTION_FILED,
    Kind.THIRD_PARTY_OBJECTION: N.THIRD_PARTY_OBJECTION_FILED,
    Kind.RECONSIDERATION: N.RECONSIDERATION_FILED,
    Kind.COURT_CHANGE: N.COURT_CHANGE_APPLIED,
    Kind.SUPERVISION: N.SUPERVISION_FILED,
    Kind.COORDINATION: N.COORDINATION_FILED,
}
FILERS = frozenset(
    {Role.CLERK, Role.ASSISTANT, Role.JUDGE}
)  # cases.rules.nodes.REVIEW_FILING_ROLES
ASSIGNERS = frozenset({Role.BUREAU_CHIEF, Role.VICE_PRESIDENT, Role.PRESIDENT})  # 分案
DECIDERS = frozenset({Role.JUDGE})  # cases.rules.nodes.REVIEW_ROLES
RECUSAL_DECIDERS = frozenset({Role.PRESIDENT})  # 民事诉讼法 第49条: 审判人员的回避由院长决定
RECUSAL_SOURCE = "民事诉讼法 第47条、第49条"
TEXT_MAX = 2000
RECONSIDERATION_ONCE_SOURCE = "民事诉讼法 第236条"

area = Area("review")  # the review.* error codes


def locked_review(review: ReviewCase) -> ReviewCase:
    return (
        ReviewCase.objects.select_for_update(of=("self",))
        .select_related("court", "case__court", "parent", "judge")
        .get(pk=review.pk)
    )


def locked_case_of(review: ReviewCase) -> EnforcementCase:
    """The review's enforcement case, locked (its deadlines are recomputed)."""
    return locked_case(review.case_id, "court__parent")


def court_staff(actor: Any, court_id: int, what: str) -> Staff:
    """The actor's staff record at `court_id`, whoever they are (a superuser included): for acts
    the law has a named member of the court sign."""
    staff = area.staff_at(actor, [court_id], None, what, no_staff="本院合议庭成员")
    assert staff is not None
    return staff


def in_scope(actor: Any, review: ReviewCase) -> None:
    scope = scope_of(actor)
    if not (scope.covers(review.court_id) or scope.covers(review.case.court_id)):
        raise NotFound("未找到该审查案件，或您无权查看")


def staff_at(
    actor: Any, courts: Sequence[int], allowed: frozenset[Role], what: str
) -> Staff | None:
    """The actor's staff record at one of `courts` holding a role in `allowed` (None: a superuser,
    for maintenance and demo data)."""
    return area.staff_at(actor, courts, allowed, what, superuser_passes=True)
