"""Reads of the dishonest-debtor list within the actor's scope (rows outside it are 404): a case's
respondents with their listing state, the court's listings by status with their due dates, one
listing, and the actor's worklist items (requests to decide, decisions to publish)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from zhixing.cases.hooks import WorklistItem
from zhixing.cases.models import EnforcementCase, Party
from zhixing.cases.rules.filing import PartyRole
from zhixing.core.errors import NotFound
from zhixing.organization.selectors import scope_of, staff_of

from ..models import OPEN_LISTING, ConsumptionRestriction, DishonestDebtorListing
from ..rules.listing import SOURCE_DECISION, SOURCE_PUBLICATION, SOURCE_REMOVAL

S = DishonestDebtorListing.Status
# Closing modes without a removal ground of 第10条 that still end the case: a listing left in force
# goes to the officer's worklist for review (销案, 驳回申请).
REVIEW_ON_CLOSING = ("withdrawn_filing", "application_rejected")


def case_in_scope(*, actor: Any, pk: int) -> EnforcementCase:
    case = EnforcementCase.objects.select_related("court", "officer", "basis").filter(pk=pk).first()
    if case is None or not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    return case


def listing_get(*, actor: Any, pk: int) -> DishonestDebtorListing:
    row = (
        DishonestDebtorListing.objects.select_related("case", "court", "party", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if row is None or not scope_of(actor).covers(row.court_id):
        raise NotFound("未找到该失信名单记录，或您无权查看")
    return row


def overdue(row: DishonestDebtorListing, today: date) -> bool:
    """A request past its decision date, a decision past its publication date."""
    if row.status == S.REQUESTED:
        return row.decision_due_on is not None and today > row.decision_due_on
    if row.status == S.DECIDED:
        return row.publish_due_on is not None and today > row.publish_due_on
    return False


@dataclass
class RespondentState:
    party: Party
    current: DishonestDebtorListing | None  # the open listing, if any
    history: list[DishonestDebtorListing]  # every listing of the party in this case, newest first
    restricted: bool  # under an issued 限制消费令


def case_respondents(*, actor: Any, case: EnforcementCase) -> list[RespondentState]:
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    parties = list(case.parties.filter(role=PartyRole.RESPONDENT.value).order_by("pk"))
    listings = list(DishonestDebtorListing.objects.filter(case=case).order_by("-pk"))
    restricted = set(
        ConsumptionRestriction.objects.filter(
            party__in=parties, status=ConsumptionRestriction.Status.ISSUED
        ).values_list("party_id", flat=True)
    )
    states = []
    for party in parties:
        mine = [row for row in listings if row.party_id == party.pk]
        current = next((row for row in mine if row.status in OPEN_LISTING), None)
        states.append(RespondentState(party, current, mine, party.pk in restricted))
    return states


# /credit/listings/ and GET /api/v1/credit/listings page alike: newest first by primary key,
# LIST_PAGE rows a page, the next page read with `before` (page) / `before_id` (API) = the last pk
# shown (keyset: no OFFSET over millions of rows). The page counts at most COUNT_CAP rows.
LIST_PAGE = 200
COUNT_CAP = 10_000


def listings(
    *,
    actor: Any,
    status: str | None = None,
    court_id: int | None = None,
    overdue_only: bool = False,
    today: date | None = None,
) -> QuerySet[DishonestDebtorListing]:
    """The listings of the courts in scope (an upper court: its subtree), newest first."""
    qs = scope_of(actor).restrict(
        DishonestDebtorListing.objects.select_related("case", "court"), "court"
    )
    if status:
        qs = qs.filter(status=status)
    if court_id:
        qs = qs.filter(court_id=court_id)
    if overdue_only and today is not None:
        qs = qs.filter(
            Q(status=S.REQUESTED, decision_due_on__lt=today)
            | Q(status=S.DECIDED, publish_due_on__lt=today)
        )
    return qs.order_by("-pk")


def _closed_to_review(case: EnforcementCase) -> bool:
    return case.status == EnforcementCase.Status.CLOSED and case.closure_mode in REVIEW_ON_CLOSING


def worklist_items(actor: Any, today: date) -> list[WorklistItem]:
    """The actor's own cases: requests awaiting a decision (15 days, 第5条), decided listings not
    yet published (3 working days), and listings still in force on a case closed by 销案 or 驳回申请
    (no removal ground of 第10条 of its own: the officer reviews whether to remove)."""
    staff = staff_of(actor)
    if staff is None:
        return []
    closed_to_review = Q(
        case__status=EnforcementCase.Status.CLOSED, case__closure_mode__in=REVIEW_ON_CLOSING
    )
    rows = DishonestDebtorListing.objects.filter(
        Q(status__in=[S.REQUESTED, S.DECIDED]) | Q(closed_to_review, status=S.PUBLISHED),
        case__officer=staff,
    ).select_related("case")
    items = []
    for row in rows.order_by("pk")[:200]:
        url = reverse("case-credit", args=[row.case_id]) + f"#party-{row.party_id}"
        if row.status != S.REQUESTED and _closed_to_review(row.case):
            items.append(
                WorklistItem(
                    on=row.case.closed_on,
                    case=row.case,
                    text=f"案件已结案但失信信息仍在发布：请审查是否删除（{row.name}）",
                    source=SOURCE_REMOVAL,
                    url=url,
                    action="审查",
                    urgent=False,
                )
            )
        elif row.status == S.REQUESTED:
            items.append(
                WorklistItem(
                    on=row.decision_due_on,
                    case=row.case,
                    text=f"申请将{row.name}纳入失信名单，待决定（应于{row.decision_due_on:%Y-%m-%d}前）",
                    source=SOURCE_DECISION,
                    url=url,
                    action="决定",
                    urgent=overdue(row, today),
                )
            )
        else:
            items.append(
                WorklistItem(
                    on=row.publish_due_on,
                    case=row.case,
                    text=f"已决定将{row.name}纳入失信名单，待发布（应于{row.publish_due_on:%Y-%m-%d}前）",
                    source=SOURCE_PUBLICATION,
                    url=url,
                    action="发布",
                    urgent=overdue(row, today),
                )
            )
    return items
