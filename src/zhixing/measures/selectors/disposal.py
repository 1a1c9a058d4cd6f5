"""Every read of disposal (财产处置), restricted to the actor's jurisdiction scope: each property with
its file, the rules of its next step, whether this court sealed it first (法释〔2016〕6号 第1条),
the collegial decision a round would rest on (网拍规定 第27条) and the claim still outstanding for
an in-kind settlement (拍卖变卖规定 第16条)."""

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
from ..rules.disposal import Facts, PanelDecision, PlannedRound, Refusal, RoundLimits, Step
from ..services import disposal as services
from .control import Priority, priorities

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
    # 法释〔2016〕6号 第1条: another court sealed it first (轮候), so this court may not dispose of it
    not_first: list[Refusal] = field(default_factory=list)
    # 网拍规定 第27条: the collegial decision a round announced today would rest on
    panel: PanelDecision | None = None
    # 拍卖变卖规定 第16条: the applicant's claim still outstanding (claim less realized)
    claim_outstanding: Decimal | None = None

    @property
    def in_kind_due(self) -> Decimal | None:
        """What an in-kind taker would pay in today: the price less the outstanding claim."""
        if self.in_kind_price is None or self.claim_outstanding is None:
            return None
        return rules.in_kind_excess(self.in_kind_price, self.claim_outstanding)

    @property
    def may_dispose(self) -> bool:
        """Whether the disposal acts (all but recording a result, releasing, handing over) are
        open: the seal in force and this court's the first."""
        return self.controlled and not self.not_first

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


@dataclass(frozen=True)
class CaseFacts:
    """What every property of one case shares: read once per page, not once per property."""

    decisions: list[PanelDecision]
    claim_outstanding: Decimal | None


def _case_facts(case: EnforcementCase) -> CaseFacts:
    return CaseFacts(services.panel_decisions(case.pk), services.outstanding_claim(case))


def _view(
    measure: ControlMeasure,
    file: DisposalFile | None,
    rounds: list[AuctionRound],
    today: date,
    shared: CaseFacts,
    calendar: LegalCalendar | None = None,
    rank: Priority | None = None,
) -> PropertyDisposal:
    facts = services.facts_of_rounds(measure, file, rounds)
    view = PropertyDisposal(measure, file, rounds, facts, rules.next_steps(facts))
    view.controlled = services.in_effect(measure)
    view.not_first = services.first_control_refusals(measure, rank)
    if view.not_first and file is None:
        view.steps = []  # another court disposes of it: nothing to do here
    view.panel = rules.panel_basis(shared.decisions, today)
    view.claim_outstanding = shared.claim_outstanding
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
    """Each controlled property of the case with its file and rounds; a fixed number of queries
    whatever the number of properties (measures with files, rounds, the holiday table, the
    priorities of the seals, the case's collegial decisions and account)."""
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
    for row in (
        AuctionRound.objects.filter(file__case_id=case.pk)
        .select_related("collegial_decision")
        .order_by("id")
    ):
        rounds.setdefault(row.file_id, []).append(row)
    calendar = legal_calendar() if any(hasattr(m, "disposal") for m in measures) else None
    shared = _case_facts(case)
    ranks = priorities(measures, today)
    out = []
    for measure in measures:
        file = getattr(measure, "disposal", None)
        out.append(
            _view(
                measure,
                file,
                rounds.get(file.pk, []) if file else [],
                today,
                shared,
                calendar,
                ranks.get(measure.pk),
            )
        )
    return out


def disposal_of(*, actor: Any, measure: ControlMeasure) -> PropertyDisposal:
    if not scope_of(actor).covers(measure.court_id):
        raise NotFound("未找到该财产，或您无权查看")
    file = DisposalFile.objects.filter(measure_id=measure.pk).first()
    rounds = list(file.rounds.select_related("collegial_decision").order_by("id")) if file else []
    today = timezone.localdate()
    return _view(
        measure,
        file,
        rounds,
        today,
        _case_facts(measure.case),
        rank=priorities([measure], today).get(measure.pk),
    )


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
