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

    from .models import LISTED, DishonestDebtorListing
    from .rules.listing import EMPTY_INQUIRIES_REQUIRED, RemovalGround
    from .services.listing import listing_remove_by_system

    listed = DishonestDebtorListing.objects.filter(status__in=LISTED)
    expired = 0
    for row in _batches(listed.filter(term_ends_on__lt=today)):
        assert row.term_ends_on is not None
        if listing_remove_by_system(
            listing=row, ground=RemovalGround.TERM_EXPIRED, on=today, arose_on=row.term_ends_on
        ):
            expired += 1
    # The 终本 part: the eligible cases are computed once per run (not once per batch), and the
    # GROUP BY over the re-inquiries only reads the cases that can qualify — those of an open
    # listing without a fixed term in a case closed by 终本 (a subquery on the listings), not
    # every ReInquiry row. The listings are then read BATCH cases at a time.
    open_terminated = listed.filter(
        term_ends_on__isnull=True,
        case__status="closed",
        case__closure_mode=Mode.ROUND_TERMINATED.value,
    )
    empty = Count(
        "pk",
        filter=Q(answered_on__isnull=False, found=False, cancelled=False),
    )
    eligible_cases = sorted(
        ReInquiry.objects.filter(case_id__in=open_terminated.values("case_id"))
        .values("case_id")
        .annotate(n=empty)
        .filter(n__gte=EMPTY_INQUIRIES_REQUIRED)
        .values_list("case_id", flat=True)
    )
    no_property = 0
    for start in range(0, len(eligible_cases), BATCH):
        chunk = eligible_cases[start : start + BATCH]
        candidates = (
            open_terminated.filter(case_id__in=chunk)
            .exclude(case_id__in=ResumptionFlag.objects.filter(status="open").values("case_id"))
            .exclude(
                case_id__in=ReInquiry.objects.filter(case_id__in=chunk, found=True).values(
                    "case_id"
                )
            )
            .order_by("pk")
        )
        for row in candidates:
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
