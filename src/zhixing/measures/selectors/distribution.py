"""Every read of participation in distribution (参与分配), restricted to the actor's scope, and the
windows (第509—510条) computed from the stored dates with the legal calendar — never stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from zhixing.cases.models import EnforcementCase
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import NotFound
from zhixing.core.rules.calendar import LegalCalendar
from zhixing.organization.selectors import scope_of

from ..models import (
    CounterObjection,
    Distribution,
    DistributionClaim,
    DistributionObjection,
    DistributionPlan,
    PlanLine,
)
from ..rules import distribution as rules
from ..rules.distribution import WindowKind
from ..services.distribution import rule_objections, rule_plan

__all__ = [
    "ObjectionView",
    "DistributionView",
    "distributions_of",
    "distribution_get",
    "distribution_view",
    "claim_get",
    "line_get",
    "objection_get",
]


def _covered(actor: Any, court_id: int) -> None:
    if not scope_of(actor).covers(court_id):
        raise NotFound("未找到该案件，或您无权查看")


def distributions_of(*, actor: Any, case: EnforcementCase) -> list[Distribution]:
    _covered(actor, case.court_id)
    return list(
        Distribution.objects.filter(case=case).select_related("debtor", "control").order_by("pk")
    )


def distribution_get(*, actor: Any, pk: int, case: EnforcementCase | None = None) -> Distribution:
    row = Distribution.objects.select_related("case", "debtor", "control").filter(pk=pk).first()
    if row is None or not scope_of(actor).covers(row.court_id):
        raise NotFound("未找到该分配，或您无权查看", code="distribution.not_found")
    if case is not None and row.case_id != case.pk:
        raise NotFound("本案没有该分配", code="distribution.not_found")
    return row


def claim_get(*, actor: Any, pk: int, distribution: Distribution) -> DistributionClaim:
    row = DistributionClaim.objects.filter(pk=pk, distribution=distribution).first()
    if row is None:
        raise NotFound("本分配没有该债权", code="distribution.claim_not_found")
    _covered(actor, row.court_id)
    return row


def line_get(*, actor: Any, claim_id: int, distribution: Distribution) -> PlanLine:
    """The line of the plan in force for a claim (claims keep their id across plan versions)."""
    row = (
        PlanLine.objects.select_related("claim", "plan")
        .filter(
            claim_id=claim_id, plan__distribution=distribution, plan__version=distribution.version
        )
        .first()
    )
    if row is None:
        raise NotFound("现行分配方案中没有该债权", code="distribution.line_not_found")
    _covered(actor, distribution.court_id)
    return row


def objection_get(*, actor: Any, pk: int, distribution: Distribution) -> DistributionObjection:
    row = (
        DistributionObjection.objects.select_related("plan__distribution", "target_line__claim")
        .filter(pk=pk, plan__distribution=distribution)
        .first()
    )
    if row is None:
        raise NotFound("本分配没有该异议", code="distribution.objection_not_found")
    _covered(actor, row.court_id)
    return row


@dataclass(frozen=True)
class ObjectionView:
    row: DistributionObjection
    counter: CounterObjection | None
    counter_window: rules.Window
    suit_window: rules.Window | None
    resolution: rules.Resolution

    @property
    def resolution_label(self) -> str:
        return rules.RESOLUTION_LABELS[self.resolution]

    @property
    def awaiting(self) -> bool:
        return self.resolution in (
            rules.Resolution.AWAITING_COUNTER,
            rules.Resolution.AWAITING_SUIT,
        )


@dataclass(frozen=True)
class DistributionView:
    """One distribution as the page and the API show it, as of `today`."""

    row: Distribution
    claims: list[DistributionClaim]
    plan: DistributionPlan | None
    lines: list[PlanLine]
    objection_window: rules.Window | None
    objections: list[ObjectionView]
    settlement: rules.Settlement | None  # what finalising today would give (None: no plan)
    today: date

    @property
    def accepted(self) -> list[DistributionClaim]:
        return [c for c in self.claims if c.accepted]

    @property
    def totals(self) -> dict[str, Any]:
        return {
            "claimed": sum((line.claimed for line in self.lines), rules.ZERO),
            "share": sum((line.share for line in self.lines), rules.ZERO),
            "unpaid": sum((line.unpaid for line in self.lines), rules.ZERO),
            "pay": sum((line.pay or rules.ZERO for line in self.lines), rules.ZERO),
            "held": sum((line.held or rules.ZERO for line in self.lines), rules.ZERO),
        }

    @property
    def surplus(self) -> Any:
        return self.plan.amount - self.totals["share"] if self.plan else None

    @property
    def final(self) -> bool:
        return self.row.status not in (
            Distribution.Status.DRAFTING,
            Distribution.Status.SERVED,
            Distribution.Status.OBJECTION,
        )

    @property
    def may_finalize(self) -> bool:
        return (
            self.row.status in (Distribution.Status.SERVED, Distribution.Status.OBJECTION)
            and self.settlement is not None
            and self.settlement.ready
        )


def distribution_view(
    *,
    actor: Any,
    distribution: Distribution,
    today: date | None = None,
    calendar: LegalCalendar | None = None,
) -> DistributionView:
    _covered(actor, distribution.court_id)
    today = today or timezone.localdate()
    calendar = calendar or legal_calendar()
    claims = list(distribution.claims.select_related("creditor_case").order_by("pk"))
    plan = (
        DistributionPlan.objects.filter(
            distribution=distribution, version=distribution.version
        ).first()
        if distribution.version
        else None
    )
    lines: list[PlanLine] = []
    objections: list[ObjectionView] = []
    first_window = settlement = None
    if plan is not None:
        lines = list(plan.lines.select_related("claim__creditor_case").order_by("position"))
        first_window = rules.window(WindowKind.OBJECTION, plan.served_on, calendar)
        rows = list(
            DistributionObjection.objects.filter(plan=plan)
            .select_related("objector_line__claim", "target_line__claim", "counter")
            .order_by("pk")
        )
        facts = {o.key: o for o in rule_objections(plan)}
        for row in rows:
            counter = getattr(row, "counter", None)
            resolution = (
                rules.Resolution(row.resolution)
                if row.resolution
                else rules.resolve(facts[str(row.pk)], today, calendar)
            )
            objections.append(
                ObjectionView(
                    row=row,
                    counter=counter,
                    counter_window=rules.window(
                        WindowKind.COUNTER_OBJECTION, row.notified_on, calendar
                    ),
                    suit_window=rules.window(WindowKind.SUIT, counter.notified_on, calendar)
                    if counter
                    else None,
                    resolution=resolution,
                )
            )
        if distribution.status in (Distribution.Status.SERVED, Distribution.Status.OBJECTION):
            settlement = rules.settle(
                rule_plan(plan),
                list(facts.values()),
                served_on=plan.served_on,
                today=today,
                calendar=calendar,
            )
    return DistributionView(
        row=distribution,
        claims=claims,
        plan=plan,
        lines=lines,
        objection_window=first_window,
        objections=objections,
        settlement=settlement,
        today=today,
    )
