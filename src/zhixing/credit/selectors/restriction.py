"""Reads of consumption restrictions (限制消费令) within the actor's jurisdiction scope: a case's
respondents with their order state, one order, the period stated when it was signed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from zhixing.cases.models import EnforcementCase, NodeEvent, Party
from zhixing.cases.rules.filing import PartyRole
from zhixing.cases.rules.nodes import NodeCode
from zhixing.core.errors import NotFound
from zhixing.organization.selectors import scope_of

from ..models import LISTED, ConsumptionRestriction, DishonestDebtorListing

__all__ = [
    "RespondentState",
    "case_restrictions",
    "respondent_states",
    "restriction_get",
    "restriction_period",
]

NOT_FOUND = "未找到该限制消费令，或您无权查看"


@dataclass
class RespondentState:
    """One respondent of the case: its issued order (None when not restricted), its lifted orders,
    and its open listing (a listed respondent must stay restricted, 限高规定 第1条)."""

    party: Party
    issued: ConsumptionRestriction | None = None
    lifted: list[ConsumptionRestriction] = field(default_factory=list)
    listing: DishonestDebtorListing | None = None

    @property
    def listed(self) -> bool:
        return self.listing is not None


def case_restrictions(*, actor: Any, case: EnforcementCase) -> QuerySet[ConsumptionRestriction]:
    """Every order of the case, newest first; none for a case outside the actor's scope."""
    qs = ConsumptionRestriction.objects.filter(case=case).select_related("signed_by__staff")
    return scope_of(actor).restrict(qs, "court").order_by("-signed_on", "-pk")


def respondent_states(*, actor: Any, case: EnforcementCase) -> list[RespondentState]:
    """The case's respondents in filing order, each with its orders and open listing (3 queries)."""
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    states = {
        p.pk: RespondentState(p)
        for p in Party.objects.filter(case=case, role=PartyRole.RESPONDENT.value).order_by("pk")
    }
    for row in case_restrictions(actor=actor, case=case):
        state = states.get(row.party_id)
        if state is None:
            continue
        if row.status == ConsumptionRestriction.Status.ISSUED:
            state.issued = row
        else:
            state.lifted.append(row)
    for listing in DishonestDebtorListing.objects.filter(
        case=case, party_id__in=states, status__in=LISTED
    ):
        states[listing.party_id].listing = listing
    return list(states.values())


def restriction_get(*, actor: Any, pk: int) -> ConsumptionRestriction:
    row = (
        ConsumptionRestriction.objects.select_related("case__court", "court", "party", "signed_by")
        .filter(pk=pk)
        .first()
    )
    if row is None or not scope_of(actor).covers(row.court_id):
        raise NotFound(NOT_FOUND, code="restriction.not_found")
    return row


def restriction_period(row: ConsumptionRestriction) -> str:
    """The period the order states (第5条), as recorded with its node when it was signed."""
    event = (
        NodeEvent.objects.filter(
            case_id=row.case_id,
            code=NodeCode.CONSUMPTION_RESTRICTED.value,
            data__restriction_id=row.pk,
        )
        .order_by("-seq")
        .first()
    )
    return str((event.data or {}).get("period", "")) if event else ""
