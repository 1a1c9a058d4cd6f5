"""Every read of enforcement cases, restricted to the actor's jurisdiction scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, F, QuerySet
from django.utils import timezone

from zhixing.core.errors import NotFound
from zhixing.core.rules.case_number import parse_case_number
from zhixing.organization.selectors import scope_of, staff_of

from .models import CaseDeadline, EnforcementCase, Reminder
from .rules.nodes import NodeCode, Recorded


def case_list(
    *, actor: Any, court_id: int | None = None, status: str | None = None, stage: str | None = None
) -> QuerySet[EnforcementCase]:
    qs = scope_of(actor).restrict(EnforcementCase.objects.all(), "court")
    if court_id is not None:
        qs = qs.filter(court_id=court_id)
    if status:
        qs = qs.filter(status=status)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.select_related("court", "officer")


def case_get(*, actor: Any, pk: int) -> EnforcementCase:
    case = (
        EnforcementCase.objects.select_related("court", "officer", "basis", "previous_case")
        .prefetch_related("parties")
        .filter(pk=pk)
        .first()
    )
    if case is None or not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    return case


def case_history(case: EnforcementCase) -> list[Recorded]:
    """The case's nodes in the order recorded, as the node rules read them (`check_node`,
    `open_pause`, `current_stage`). No scope check: for services that have checked it."""
    return [
        Recorded(NodeCode(code), on)
        for code, on in case.events.order_by("seq").values_list("code", "occurred_on")
    ]


def case_by_number(*, actor: Any, number: str) -> EnforcementCase:
    """Accepts ASCII or full-width brackets; answers 404 for a number outside the actor's scope."""
    try:
        parsed = parse_case_number(number)
    except ValueError:
        raise NotFound("案号格式不正确或案件不存在") from None
    case = EnforcementCase.objects.filter(case_number=str(parsed)).only("id", "court_id").first()
    if case is None:
        raise NotFound("未找到该案件，或您无权查看")
    return case_get(actor=actor, pk=case.pk)


def open_deadlines() -> QuerySet[CaseDeadline]:
    return CaseDeadline.objects.filter(met_on__isnull=True)


def worklist(*, actor: Any, today: date | None = None) -> QuerySet[CaseDeadline]:
    """The actor's open deadlines, nearest first (paused ones last): index deadline_worklist_idx."""
    staff = staff_of(actor)
    if staff is None:
        return CaseDeadline.objects.none()
    return (
        open_deadlines()
        .filter(responsible=staff)
        .select_related("case", "case__court")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def worklist_sections(*, actor: Any, today: date | None = None) -> list[tuple[Any, ...]]:
    """The worklist sections apps above `cases` add (待恢复执行, 查控即将到期 …) for the actor:
    (key, label, note, items), see `hooks.register_worklist_section`."""
    from . import hooks

    if staff_of(actor) is None:
        return []
    return list(hooks.worklist_sections(actor, today or timezone.localdate()))


def overdue(
    *, actor: Any, today: date | None = None, court_id: int | None = None
) -> QuerySet[CaseDeadline]:
    """Open deadlines past due in the actor's scope: index deadline_court_open_idx."""
    today = today or timezone.localdate()
    qs = scope_of(actor).restrict(open_deadlines().filter(due_on__lt=today), "court")
    if court_id is not None:
        qs = qs.filter(court_id=court_id)
    return qs.select_related("case", "court", "responsible").order_by("due_on", "id")


def due_soon(*, actor: Any, today: date | None = None) -> QuerySet[CaseDeadline]:
    today = today or timezone.localdate()
    limit = date.fromordinal(today.toordinal() + settings.ZHIXING_DUE_SOON_DAYS)
    return scope_of(actor).restrict(
        open_deadlines().filter(due_on__gte=today, due_on__lte=limit), "court"
    )


@dataclass
class CourtCounts:
    court_id: int
    court_name: str
    court_code: str
    by_stage: dict[str, int] = field(default_factory=dict)
    overdue_deadlines: int = 0

    @property
    def open_cases(self) -> int:
        return sum(self.by_stage.values())


def dashboard(*, actor: Any, today: date | None = None) -> list[CourtCounts]:
    """Open cases by stage and overdue deadlines per court in scope — two grouped queries."""
    today = today or timezone.localdate()
    open_cases = scope_of(actor).restrict(
        EnforcementCase.objects.filter(status=EnforcementCase.Status.DOCKETED), "court"
    )
    late = scope_of(actor).restrict(open_deadlines().filter(due_on__lt=today), "court")
    rows: dict[int, CourtCounts] = {}
    for row in open_cases.values("court_id", "court__name", "court__code", "stage").annotate(
        n=Count("id")
    ):
        entry = rows.setdefault(
            row["court_id"], CourtCounts(row["court_id"], row["court__name"], row["court__code"])
        )
        entry.by_stage[row["stage"]] = row["n"]
    for row in late.values("court_id", "court__name", "court__code").annotate(n=Count("id")):
        entry = rows.setdefault(
            row["court_id"], CourtCounts(row["court_id"], row["court__name"], row["court__code"])
        )
        entry.overdue_deadlines = row["n"]
    return sorted(rows.values(), key=lambda r: (-r.overdue_deadlines, r.court_name))


def reminders_for(*, actor: Any) -> QuerySet[Reminder]:
    staff = staff_of(actor)
    if staff is None:
        return Reminder.objects.none()
    return Reminder.objects.filter(sent_to=staff, read_at__isnull=True).select_related(
        "case", "sent_by", "deadline"
    )


def case_counts_by_status(*, actor: Any) -> dict[str, int]:
    qs = scope_of(actor).restrict(EnforcementCase.objects.all(), "court")
    return dict(qs.values("status").annotate(n=Count("id")).values_list("status", "n"))
