"""Every read of courts and staff, already restricted to what the actor may see."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from zhixing.core.errors import NotFound
from zhixing.core.permissions import EVERYTHING, NOBODY, Scope
from zhixing.core.rules.roles import Role

from . import rules
from .models import Court, CourtStaffing, Staff, StaffRole


def staff_of(user: Any) -> Staff | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff
    except Staff.DoesNotExist:
        return None


def scope_of(user: Any) -> Scope:
    """Own court for a basic court; the subtree of an upper court; everything for the SPC.

    Cached on the user object for the rest of the request.
    """
    cached = getattr(user, "_zhixing_scope", None)
    if cached is not None:
        return cached
    staff = staff_of(user)
    if getattr(user, "is_superuser", False):
        scope = EVERYTHING
    elif staff is None or not staff.is_active or not user.is_active:
        scope = NOBODY
    elif staff.court.level == rules.CourtLevel.SUPREME:
        scope = Scope(court_ids=None, home_court_id=staff.court_id)
    else:
        ids = Court.objects.filter(path__startswith=staff.court.path).values_list("id", flat=True)
        scope = Scope(court_ids=frozenset(ids), home_court_id=staff.court_id)
    if getattr(user, "is_authenticated", False):
        user._zhixing_scope = scope
    return scope


def roles_of(user: Any) -> frozenset[Role]:
    cached = getattr(user, "_zhixing_roles", None)
    if cached is not None:
        return cached
    staff = staff_of(user)
    roles = (
        frozenset(Role(r) for r in staff.roles.values_list("role", flat=True))
        if staff
        else frozenset()
    )
    if getattr(user, "is_authenticated", False):
        user._zhixing_roles = roles
    return roles


def court_list(*, actor: Any) -> QuerySet[Court]:
    """Courts in scope, in tree order."""
    return scope_of(actor).restrict(Court.objects.all(), "self").order_by("path")


def court_get(*, actor: Any, code: str) -> Court:
    court = Court.objects.select_related("parent", "bureau").filter(code=code).first()
    if court is None or not scope_of(actor).covers(court.id):
        raise NotFound("未找到该法院，或您无权查看")
    return court


@dataclass(frozen=True)
class CourtNode:
    court: Court
    children: list[CourtNode]


def court_tree(*, actor: Any) -> list[CourtNode]:
    """Courts in scope as a forest (roots are the highest courts the actor sees). One query."""
    courts = list(court_list(actor=actor))
    by_parent: dict[int | None, list[Court]] = defaultdict(list)
    ids = {c.id for c in courts}
    for court in courts:
        by_parent[court.parent_id if court.parent_id in ids else None].append(court)

    def build(court: Court) -> CourtNode:
        children = sorted(
            by_parent.get(court.id, []), key=lambda c: (c.level == rules.CourtLevel.SPECIAL, c.code)
        )
        return CourtNode(court, [build(child) for child in children])

    return [build(root) for root in by_parent[None]]


def staff_list(
    *, actor: Any, court: Court | None = None, role: Role | None = None
) -> QuerySet[Staff]:
    qs = scope_of(actor).restrict(Staff.objects.all(), "court")
    if court is not None:
        qs = qs.filter(court=court)
    if role is not None:
        qs = qs.filter(roles__role=role.value)
    return (
        qs.select_related("court", "unit", "command_center", "user")
        .prefetch_related(Prefetch("roles", queryset=StaffRole.objects.order_by("role")))
        .order_by("court__path", "unit__kind", "name")
    )


def staff_get(*, actor: Any, pk: int) -> Staff:
    staff = (
        Staff.objects.select_related("court", "unit", "command_center", "user")
        .prefetch_related("roles", "trainings")
        .filter(pk=pk)
        .first()
    )
    if staff is None or not scope_of(actor).covers(staff.court_id):
        raise NotFound("未找到该人员，或您无权查看")
    return staff


@dataclass(frozen=True)
class CourtTeamFigures:
    court: Court
    figures: rules.TeamFigures


def _enforcement_education(court_ids: list[int]) -> dict[int, Counter[rules.Education]]:
    """Active enforcement staff per court and education, counted by the database.

    The filter is rules.is_enforcement_staff in query form (a unit or the command center, or the
    bureau chief's role); tests/organization/test_selectors.py keeps the two in step.
    """
    rows = (
        Staff.objects.filter(court_id__in=court_ids, is_active=True)
        .filter(
            Q(unit__isnull=False)
            | Q(command_center__isnull=False)
            | Q(roles__role=Role.BUREAU_CHIEF.value)
        )
        .values("court_id", "education")
        .annotate(n=Count("id", distinct=True))
    )
    counts: dict[int, Counter[rules.Education]] = defaultdict(Counter)
    for row in rows:
        counts[row["court_id"]][rules.Education(row["education"])] += row["n"]
    return counts


def _figures(
    court: Court, counts: Counter[rules.Education], report: CourtStaffing | None
) -> rules.TeamFigures:
    return rules.team_figures(
        enforcement_staff=sum(counts.values()),
        enforcement_education=counts,
        authorized_headcount=report.authorized_headcount if report else None,
        court_education=report.education_counts() if report else {},
    )


def team_figures_list(*, actor: Any, only_short: bool = False) -> list[CourtTeamFigures]:
    """Team figures of every court in scope (seed 五), in three queries whatever the scope's size."""
    courts = list(court_list(actor=actor))
    ids = [c.id for c in courts]
    staffing = {s.court_id: s for s in CourtStaffing.objects.filter(court_id__in=ids)}
    enforcement = _enforcement_education(ids)
    result = []
    for court in courts:
        figures = _figures(court, enforcement.get(court.id, Counter()), staffing.get(court.id))
        if not only_short or not figures.meets_standard:
            result.append(CourtTeamFigures(court, figures))
    return result


def team_figures_for(*, actor: Any, court: Court) -> rules.TeamFigures:
    scope_of(actor).require(court.id)
    counts = _enforcement_education([court.id]).get(court.id, Counter())
    return _figures(court, counts, CourtStaffing.objects.filter(court=court).first())
