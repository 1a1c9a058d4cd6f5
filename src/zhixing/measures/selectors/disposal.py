"""Every read of disposal (财产处置), restricted to the actor's jurisdiction scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from zhixing.cases.models import EnforcementCase
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import NotFound
from zhixing.core.rules.calendar import DueDate, LegalCalendar
from zhixing.organization.selectors import scope_of

from ..models import AuctionRound, ControlMeasure, DisposalFile
from ..rules import disposal as rules
from ..rules.control import PropertyKind
from ..rules.disposal import Facts, PlannedRound, Refusal, RoundLimits, Step
from ..services import disposal as services

__all__ = [
    "PropertyDisposal",
    "case_disposals",
    "measure_get",
    "round_check",
    "round_get",
]


@dataclass
class PropertyDisposal:
    """One controlled property with its disposal file, as the page and the API show it."""

    measure: ControlMeasure
    file: DisposalFile | None
    rounds: list[AuctionRound]
    facts: Facts
    steps: list[Step]
    limits: RoundLimits | None = None  # of the next round, when one may be announced
    appraiser_due: DueDate | None = None
    appraiser_late: bool = False
    sale_floor: Decimal | None = None
    in_kind_price: Decimal | None = None
    refusals: list[Refusal] = field(default_factory=list)  # why no round may be announced
    controlled: bool = True  # the seal is in force today (else every act but the last is refused)

    @property
    def step_labels(self) -> list[str]:
        return [rules.STEP_LABELS[s] for s in self.steps]

    @property
    def open_round(self) -> AuctionRound | None:
        return next((r for r in self.rounds if r.result == rules.RoundResult.PENDING.value), None)

    @property
    def kind(self) -> PropertyKind:
        return PropertyKind(self.measure.property_kind)


def _disposable_measures() -> Q:
    """Property in effect that can be auctioned (not a bank deposit), or already on file."""
    return (
        Q(status=ControlMeasure.Status.IN_EFFECT) & ~Q(property_kind=PropertyKind.DEPOSIT.value)
    ) | Q(disposal__isnull=False)


def _view(
    measure: ControlMeasure,
    file: DisposalFile | None,
    rounds: list[AuctionRound],
    today: date,
    calendar: LegalCalendar | None = None,
) -> PropertyDisposal:
    facts = services.facts_of_rounds(measure, file, rounds)
    view = PropertyDisposal(measure, file, rounds, facts, rules.next_steps(facts))
    view.controlled = services.in_effect(measure)
    if file is not None and file.appraisal_decided_on is not None:
        due = (calendar or legal_calendar()).period_end(
            file.appraisal_decided_on, days=rules.APPRAISER_SELECTION_DAYS
        )
        view.appraiser_due = due
        done = file.agency_selected_on
        view.appraiser_late = (done or today) > due.due
    if Step.ANNOUNCE in view.steps:
        view.limits = rules.round_limits(
            property_kind=facts.property_kind,
            reference_price=facts.reference_price,
            basis=rules.PriceBasis(file.price_basis) if file and file.price_basis else None,
            rounds=facts.rounds,
        )
    view.refusals = rules.check_can_announce(facts.rounds, facts.outcome)
    view.sale_floor = rules.sale_floor(facts.rounds, services.sale_floor_ratio())
    view.in_kind_price = rules.in_kind_price(facts.rounds)
    return view


def case_disposals(
    *, actor: Any, case: EnforcementCase, today: date | None = None
) -> list[PropertyDisposal]:
    """Each controlled property of the case with its file and rounds; at most three queries
    whatever the number of properties (measures with files, rounds, the holiday table)."""
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    today = today or timezone.localdate()
    measures = list(
        ControlMeasure.objects.filter(case_id=case.pk)
        .filter(_disposable_measures())
        .select_related("disposal", "party")
        .order_by("id")
    )
    rounds: dict[int, list[AuctionRound]] = {}
    for row in AuctionRound.objects.filter(file__case_id=case.pk).order_by("id"):
        rounds.setdefault(row.file_id, []).append(row)
    calendar = legal_calendar() if any(hasattr(m, "disposal") for m in measures) else None
    out = []
    for measure in measures:
        file = getattr(measure, "disposal", None)
        out.append(_view(measure, file, rounds.get(file.pk, []) if file else [], today, calendar))
    return out


def disposal_of(*, actor: Any, measure: ControlMeasure) -> PropertyDisposal:
    if not scope_of(actor).covers(measure.court_id):
        raise NotFound("未找到该财产，或您无权查看")
    file = DisposalFile.objects.filter(measure_id=measure.pk).first()
    rounds = list(file.rounds.order_by("id")) if file else []
    return _view(measure, file, rounds, timezone.localdate())


def measure_get(*, actor: Any, case: EnforcementCase, pk: int) -> ControlMeasure:
    """A controlled property of this case, within scope (404 otherwise)."""
    measure = ControlMeasure.objects.select_related("party").filter(pk=pk, case_id=case.pk).first()
    if measure is None or not scope_of(actor).covers(measure.court_id):
        raise NotFound("本案没有该查控财产，或您无权查看", code="disposal.measure_not_found")
    return measure


def round_get(*, actor: Any, measure: ControlMeasure, pk: int) -> AuctionRound:
    row = AuctionRound.objects.filter(pk=pk, file__measure_id=measure.pk).first()
    if row is None or not scope_of(actor).covers(row.court_id):
        raise NotFound("该财产没有这一轮拍卖，或您无权查看", code="disposal.round_not_found")
    return row


def round_check(*, actor: Any, measure: ControlMeasure, plan: PlannedRound) -> list[Refusal]:
    """Every rule the planned round would break, without writing (a dry run of the announcement)."""
    if not scope_of(actor).covers(measure.court_id):
        raise NotFound("未找到该财产，或您无权查看")
    file = DisposalFile.objects.filter(measure_id=measure.pk).first()
    return services.round_refusals(measure, file, plan)
