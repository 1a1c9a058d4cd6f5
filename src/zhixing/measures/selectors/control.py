"""Every read of control measures (查封、扣押、冻结、扣划), restricted to the actor's scope.

A case's controls with their computed state (expired is worked out from `expires_on`, never
stored), days left, the 第485条 maximum and the priority of this case's control among every
court's controls of the same property (首封 / 轮候); the expiry warning list of the actor's courts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import NotFound
from zhixing.linkage import selectors as linkage_selectors
from zhixing.linkage.models import PropertyFound
from zhixing.organization.selectors import scope_of

from ..models import ControlMeasure, ControlRenewal
from ..rules import control as rules
from ..rules.control import ControlKind, ControlState, PropertyKind

M = ControlMeasure.Status


def warn_days() -> int:
    return int(getattr(settings, "ZHIXING_CONTROL_WARN_DAYS", 15))


def state_of(measure: ControlMeasure, today: date) -> ControlState:
    return rules.control_state(
        status=measure.status,
        expiry=measure.expires_on,
        today=today,
        warn_days=warn_days(),
        release_pending=measure.status == M.IN_EFFECT and measure.released_on is not None,
    )


@dataclass(frozen=True)
class Priority:
    rank: int
    total: int
    label: str


@dataclass
class ControlRow:
    """One control of the case as its page and the API show it."""

    measure: ControlMeasure
    state: ControlState
    days_left: int | None
    max_term: str  # 银行存款最长1年
    latest_expiry: date | None  # the furthest end the first term could have had
    source: str
    priority: Priority | None
    renewals: list[ControlRenewal] = field(default_factory=list)
    deductions: list[ControlMeasure] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        if self.state is ControlState.DONE and self.measure.kind == ControlKind.FREEZE:
            return "冻结款项已全部扣划"
        if self.state is ControlState.DONE:
            return "已扣划到账"
        return rules.STATE_LABELS[self.state]

    @property
    def renewal_pending(self) -> bool:
        return any(r.status == ControlRenewal.Status.REQUESTED for r in self.renewals)

    @property
    def in_force(self) -> bool:
        return self.state in (ControlState.IN_EFFECT, ControlState.EXPIRING)

    @property
    def may_deduct(self) -> bool:
        m = self.measure
        return (
            self.in_force
            and m.kind == ControlKind.FREEZE
            and m.property_kind == PropertyKind.DEPOSIT
            and m.department_id is not None
            and (m.frozen_remaining or 0) > 0
        )

    @property
    def may_renew(self) -> bool:
        return self.in_force and not self.renewal_pending

    @property
    def may_release(self) -> bool:
        return self.in_force


@dataclass
class FoundRow:
    """Property found by network inquiry, with the control this case took on it (if any)."""

    found: PropertyFound
    property_kind: PropertyKind
    allowed: list[ControlKind]
    default: ControlKind
    latest_expiry: date
    measure: ControlMeasure | None

    @property
    def max_term(self) -> str:
        return rules.max_term_label(self.property_kind)

    @property
    def action_label(self) -> str:
        """冻结 / 查封 / 查封或扣押: what the button offers."""
        return "或".join(rules.CONTROL_LABELS[k] for k in self.allowed)


@dataclass
class CaseControls:
    case: EnforcementCase
    found: list[FoundRow]
    rows: list[ControlRow]  # freezes, seals, seizures (deductions hang under their freeze)
    deductions: list[ControlMeasure]
    frozen: Decimal  # deposits frozen and not yet transferred
    deducted: Decimal  # transferred to the case account by deductions
    today: date


def priorities(measures: list[ControlMeasure], today: date) -> dict[int, Priority]:
    """Ranks every in-force control of the same property (kind + identifier) by the time it took
    effect, across all courts: one query for the whole case (control_property_idx)."""
    mine = [m for m in measures if m.identifier and m.took_effect_at and m.status == M.IN_EFFECT]
    if not mine:
        return {}
    rivals = (
        ControlMeasure.objects.filter(
            property_kind__in={m.property_kind for m in mine},
            identifier__in={m.identifier for m in mine},
            status=M.IN_EFFECT,
            took_effect_at__isnull=False,
        )
        .exclude(kind=ControlKind.DEDUCT)
        .filter(expires_on__gte=today)
        .order_by("took_effect_at", "pk")
        .values_list("pk", "property_kind", "identifier", "case_id", "took_effect_at")
    )
    groups: dict[tuple[str, str], list[rules.Control]] = defaultdict(list)
    for pk, kind, identifier, case_id, took_effect_at in rivals:
        groups[(kind, identifier)].append(rules.Control(str(case_id), took_effect_at, str(pk)))
    result = {}
    for m in mine:
        group = groups.get((m.property_kind, m.identifier), [])
        rank = rules.priority_rank(group, str(m.pk))
        if rank is not None:
            label = rules.priority_label(ControlKind(m.kind), rank)
            result[m.pk] = Priority(rank, len(group), label)
    return result


def row_of(
    measure: ControlMeasure,
    today: date,
    priority: Priority | None = None,
    renewals: list[ControlRenewal] | None = None,
    deductions: list[ControlMeasure] | None = None,
) -> ControlRow:
    state = state_of(measure, today)
    prop = PropertyKind(measure.property_kind)
    lasting = measure.kind != ControlKind.DEDUCT
    return ControlRow(
        measure=measure,
        state=state,
        days_left=(
            (measure.expires_on - today).days
            if measure.expires_on
            and state in (ControlState.IN_EFFECT, ControlState.EXPIRING, ControlState.RELEASING)
            else None
        ),
        max_term=rules.max_term_label(prop) if lasting else "即时划拨，不设期限",
        latest_expiry=rules.latest_expiry(prop, measure.started_on) if lasting else None,
        source=rules.SOURCE if lasting else rules.SCOPE_SOURCE,
        priority=priority,
        renewals=renewals or [],
        deductions=deductions or [],
    )


def _case_measures(case: EnforcementCase) -> list[ControlMeasure]:
    return list(
        ControlMeasure.objects.filter(case_id=case.pk)
        .select_related("department", "party", "message", "release_message", "decided_by")
        .prefetch_related(
            Prefetch("renewals", queryset=ControlRenewal.objects.order_by("renewed_on", "pk"))
        )
        .order_by("created_at", "pk")
    )


def case_controls(*, actor: Any, case: EnforcementCase, today: date | None = None) -> CaseControls:
    """The 查控 page of a case: what was found, every control with its state and rank."""
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    today = today or timezone.localdate()
    measures = _case_measures(case)
    deductions = [m for m in measures if m.kind == ControlKind.DEDUCT]
    by_freeze: dict[int, list[ControlMeasure]] = defaultdict(list)
    for d in deductions:
        if d.freeze_id is not None:
            by_freeze[d.freeze_id].append(d)
    ranks = priorities(measures, today)
    rows = [
        row_of(m, today, ranks.get(m.pk), list(m.renewals.all()), by_freeze.get(m.pk, []))
        for m in measures
        if m.kind != ControlKind.DEDUCT
    ]
    active = {
        (r.measure.property_kind, r.measure.identifier): r.measure
        for r in rows
        if r.state not in (ControlState.FAILED, ControlState.RELEASED, ControlState.EXPIRED)
        and r.measure.identifier
    }
    by_found = {r.measure.found_id: r.measure for r in rows if r.measure.found_id}
    found_rows = []
    for f in linkage_selectors.property_found(actor=actor, case=case):
        prop = rules.FOUND_KINDS.get(f.kind, PropertyKind.OTHER_RIGHTS)
        allowed = [
            k for k in ControlKind if k in rules.ALLOWED[prop] and k is not ControlKind.DEDUCT
        ]
        found_rows.append(
            FoundRow(
                found=f,
                property_kind=prop,
                allowed=allowed,
                default=rules.DEFAULT_CONTROL[prop],
                latest_expiry=rules.latest_expiry(prop, today),
                measure=active.get((prop.value, f.identifier)) or by_found.get(f.pk),
            )
        )
    frozen = sum(
        (
            r.measure.frozen_remaining or rules.ZERO
            for r in rows
            if r.in_force and r.measure.property_kind == PropertyKind.DEPOSIT
        ),
        rules.ZERO,
    )
    deducted = sum((d.amount or rules.ZERO for d in deductions if d.status == M.DONE), rules.ZERO)
    return CaseControls(case, found_rows, rows, deductions, frozen, deducted, today)


def measure_get(*, actor: Any, pk: int) -> ControlMeasure:
    row = (
        ControlMeasure.objects.select_related("case", "department", "party", "message")
        .filter(pk=pk)
        .first()
    )
    if row is None or not scope_of(actor).covers(row.court_id):
        raise NotFound("未找到该查控措施，或您无权查看", code="control.not_found")
    return row


def _in_effect(actor: Any) -> QuerySet[ControlMeasure]:
    """In-effect controls of the actor's courts, not being released. `status='in_effect'` matches
    the partial index control_expiring_idx (court, expires_on), which serves both lists below."""
    return scope_of(actor).restrict(
        ControlMeasure.objects.filter(status=M.IN_EFFECT, released_on__isnull=True)
    )


def _with_list_relations(rows: QuerySet[ControlMeasure]) -> QuerySet[ControlMeasure]:
    """What the list page and the API read of every row, in two queries whatever the length: the
    relations joined (the API reads the outbox message's key), the renewals still awaiting the
    department's answer prefetched as `pending_renewals`."""
    return rows.select_related("case", "court", "party", "department", "message").prefetch_related(
        Prefetch(
            "renewals",
            queryset=ControlRenewal.objects.filter(status=ControlRenewal.Status.REQUESTED),
            to_attr="pending_renewals",
        )
    )


def expiring(
    *, actor: Any, today: date | None = None, days: int | None = None
) -> QuerySet[ControlMeasure]:
    """预警: in effect and ending within `days` (default ZHIXING_CONTROL_WARN_DAYS), soonest first."""
    today = today or timezone.localdate()
    days = warn_days() if days is None else days
    rows = _in_effect(actor).filter(
        expires_on__gte=today, expires_on__lte=today + timedelta(days=days)
    )
    return _with_list_relations(rows).order_by("expires_on", "pk")


def expired(*, actor: Any, today: date | None = None) -> QuerySet[ControlMeasure]:
    """Ended without renewal (第485条: lapsed), most recently ended first."""
    today = today or timezone.localdate()
    rows = _in_effect(actor).filter(expires_on__lt=today)
    return _with_list_relations(rows).order_by("-expires_on", "-pk")
