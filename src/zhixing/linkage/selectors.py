"""Every read of the linkage app, restricted to the actor's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from zhixing.cases import selectors as case_selectors
from zhixing.cases.models import EnforcementCase
from zhixing.organization.selectors import scope_of

from .models import LinkedDepartment, OutboxMessage, PropertyFound
from .rules.outbox import MessageKind


def department_list(*, active_only: bool = False) -> QuerySet[LinkedDepartment]:
    """The registry is public to every signed-in member of staff: it names no party."""
    rows = LinkedDepartment.objects.all()
    return rows.filter(active=True) if active_only else rows


def overdue_q(today: date) -> dict[str, Any]:
    """Unanswered past the department's answer deadline (sent or not: both need reconciling).
    Credit pushes (kind `credit`) are not inquiries: the credit app follows them on /credit/feed/."""
    return {
        "answered_at__isnull": True,
        "answer_due_on__lt": today,
        "kind__in": [k.value for k in MessageKind if k is not MessageKind.CREDIT],
    }


def message_list(
    *,
    actor: Any,
    case: EnforcementCase | None = None,
    status: str | None = None,
    overdue_on: date | None = None,
) -> QuerySet[OutboxMessage]:
    rows = scope_of(actor).restrict(OutboxMessage.objects.all())
    if case is not None:
        rows = rows.filter(case=case)
    if status:
        rows = rows.filter(status=status)
    if overdue_on is not None:
        rows = rows.filter(**overdue_q(overdue_on))
    return rows.select_related("department", "party", "case", "court")


def case_messages(*, actor: Any, case_id: int) -> tuple[EnforcementCase, QuerySet[OutboxMessage]]:
    case = case_selectors.case_get(actor=actor, pk=case_id)
    rows = message_list(actor=actor, case=case).order_by(
        "-created_at", "department__kind", "department__code", "party_id"
    )
    return case, rows


def property_found(*, actor: Any, case: EnforcementCase) -> QuerySet[PropertyFound]:
    return (
        scope_of(actor)
        .restrict(PropertyFound.objects.filter(case=case))
        .select_related("department", "party")
        .order_by("party_id", "kind", "pk")
    )
