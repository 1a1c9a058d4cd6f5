"""Periodic duties of the credit app for `python -m zhixing run-duties` (zhixing.core.duties).

`credit.listing_removal` (失信规定 第10条): deletes, as the system actor,
- every listing whose term has run out (第10条第2款: within 3 working days after the term ends —
  the duty deletes it on the first run after the last day), and
- every listing without a fixed term of a case closed by 终本, once two or more after-终本 network
  inquiries were answered with nothing found and no new lead or found property is open
  (第10条第1款第4项).
Rows are read in batches by primary key; each removal re-reads its row under the case lock and
skips a row already removed, so a second or concurrent run removes nothing twice.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db.models import Count, Q

from zhixing.core import duties

log = logging.getLogger("zhixing.credit")

BATCH = 500


def _batches(qs):  # type: ignore[no-untyped-def]
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last).order_by("pk")[:BATCH])
        yield from batch
        if len(batch) < BATCH:
            return
        last = batch[-1].pk


def listing_removal(today: date) -> str:
    from zhixing.closure.models import ReInquiry, ResumptionFlag
    from zhixing.closure.rules.modes import Mode

    from .models import DishonestDebtorListing
    from .rules.listing import EMPTY_INQUIRIES_REQUIRED, RemovalGround
    from .services.listing import listing_remove_by_system

    S = DishonestDebtorListing.Status
    listed = DishonestDebtorListing.objects.filter(status__in=[S.DECIDED, S.PUBLISHED])
    expired = 0
    for row in _batches(listed.filter(term_ends_on__lt=today)):
        assert row.term_ends_on is not None
        if listing_remove_by_system(
            listing=row, ground=RemovalGround.TERM_EXPIRED, on=today, arose_on=row.term_ends_on
        ):
            expired += 1
    empty = Count(
        "pk",
        filter=Q(answered_on__isnull=False, found=False, cancelled=False),
    )
    eligible_cases = (
        ReInquiry.objects.values("case_id")
        .annotate(n=empty)
        .filter(n__gte=EMPTY_INQUIRIES_REQUIRED)
        .values("case_id")
    )
    candidates = (
        listed.filter(
            term_ends_on__isnull=True,
            case__status="closed",
            case__closure_mode=Mode.ROUND_TERMINATED.value,
            case_id__in=eligible_cases,
        )
        .exclude(case_id__in=ResumptionFlag.objects.filter(status="open").values("case_id"))
        .exclude(case_id__in=ReInquiry.objects.filter(found=True).values("case_id"))
    )
    no_property = 0
    for row in _batches(candidates):
        if listing_remove_by_system(
            listing=row,
            ground=RemovalGround.NO_PROPERTY_AFTER_TERMINATION,
            on=today,
            arose_on=today,
        ):
            no_property += 1
    return f"期限届满删除 {expired} 条；终本后两次查询无财产删除 {no_property} 条"


def register_duties() -> None:
    duties.register(30, "credit.listing_removal", "失信名单到期与终本删除", listing_removal)
