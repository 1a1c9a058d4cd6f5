"""Reads of closures within the actor's jurisdiction scope: the case's closure state and the closure
statistics, 终本 kept apart from the rest (法〔2016〕373号 第6条, UNVERIFIED wording: statistics must
separate 终本 closures)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count

from zhixing.cases.models import EnforcementCase
from zhixing.organization.models import Court
from zhixing.organization.selectors import scope_of

from ..rules.modes import MODE_LABELS, Mode

__all__ = ["ClosureRow", "closure_statistics"]


@dataclass
class ClosureRow:
    """One court's closures in the period: 终本 apart, 实际执结 = every other mode."""

    court_id: int | None
    court_name: str
    by_mode: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_mode.values())

    @property
    def round_termination(self) -> int:
        return self.by_mode.get(Mode.ROUND_TERMINATED.value, 0)

    @property
    def others(self) -> int:
        return self.total - self.round_termination

    @property
    def round_termination_share(self) -> float | None:
        return self.round_termination / self.total if self.total else None

    def count(self, mode: Mode) -> int:
        return self.by_mode.get(mode.value, 0)


def closure_statistics(
    *, actor: Any, start: date, end: date
) -> tuple[list[ClosureRow], ClosureRow]:
    """Closures dated `start`…`end` (inclusive) by court and mode, and the total row; one grouped
    query, courts in scope only."""
    qs = scope_of(actor).restrict(
        EnforcementCase.objects.filter(
            status=EnforcementCase.Status.CLOSED, closed_on__gte=start, closed_on__lte=end
        ),
        "court",
    )
    counts = qs.values("court_id", "closure_mode").annotate(n=Count("*")).order_by()
    names = {}
    rows: dict[int, ClosureRow] = {}
    for item in counts:
        court_id = item["court_id"]
        row = rows.setdefault(court_id, ClosureRow(court_id, ""))
        mode = item["closure_mode"] or "unknown"
        row.by_mode[mode] = row.by_mode.get(mode, 0) + item["n"]
    if rows:
        names = dict(Court.objects.filter(pk__in=rows).values_list("pk", "name"))
    for court_id, row in rows.items():
        row.court_name = names.get(court_id, "")
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.court_name))
    total = ClosureRow(None, "合计")
    for row in ordered:
        for mode, n in row.by_mode.items():
            total.by_mode[mode] = total.by_mode.get(mode, 0) + n
    return ordered, total


MODE_COLUMNS = [m for m in MODE_LABELS if m is not Mode.ROUND_TERMINATED]
