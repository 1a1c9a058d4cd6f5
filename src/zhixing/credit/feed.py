"""Writing the sharing feed: called by the credit services inside their transaction.

The counter row is bumped first (UPDATE … SET last = last + 1), which holds its row lock until the
writer commits: feed entries therefore commit in sequence order, and a department that reads
"everything after seq N" never misses an entry that commits later with a smaller number.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from .models import ConsumptionRestriction, DishonestDebtorListing, FeedCounter, FeedEntry

PUBLISHED_FIELDS = (
    "respondent_kind",
    "name",
    "sex",
    "birth_date",
    "id_number",
    "credit_code",
    "legal_representative",
    "court_name",
    "case_number",
    "filed_on",
    "basis_issuer",
    "basis_number",
    "obligations",
    "performance",
)


def _next_seq() -> int:
    rows = FeedCounter.objects.filter(pk=1)
    if not rows.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                FeedCounter.objects.create(pk=1, last=1)
            return 1
        except IntegrityError:
            rows.update(last=F("last") + 1)
    return rows.get().last


def _published(row: DishonestDebtorListing | ConsumptionRestriction) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in PUBLISHED_FIELDS:
        value = getattr(row, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def listing_payload(listing: DishonestDebtorListing) -> dict[str, Any]:
    return {
        **_published(listing),
        "listing_id": listing.pk,
        "decision_number": listing.decision_number,
        "ground": listing.ground,
        "conduct": listing.conduct,
        "decided_on": listing.decided_on.isoformat(),
        "term_ends_on": listing.term_ends_on.isoformat() if listing.term_ends_on else None,
        "published_on": listing.published_on.isoformat() if listing.published_on else None,
        "status": listing.status,
        "hidden": listing.hidden,  # 屏蔽: a CHANGED entry tells departments to stop showing it
        "removal_ground": listing.removal_ground,
        "removed_on": listing.removed_on.isoformat() if listing.removed_on else None,
    }


def restriction_payload(restriction: ConsumptionRestriction) -> dict[str, Any]:
    return {
        **_published(restriction),
        "restriction_id": restriction.pk,
        "order_number": restriction.order_number,
        "behaviours": list(restriction.behaviours),
        "covered": [
            {
                "role": person.get("role", ""),
                "name": person.get("name", ""),
                "id_number": person.get("id_number", ""),
            }
            for person in restriction.covered
        ],
        "signed_on": restriction.signed_on.isoformat(),
        "status": restriction.status,
        "hidden": restriction.hidden,  # 屏蔽 with the respondent's listing: stop showing it
        "lifting_ground": restriction.lifting_ground,
        "lifted_on": restriction.lifted_on.isoformat() if restriction.lifted_on else None,
    }


def feed_record(
    change: FeedEntry.Change,
    *,
    listing: DishonestDebtorListing | None = None,
    restriction: ConsumptionRestriction | None = None,
) -> FeedEntry:
    """Appends one entry (inside the caller's transaction). A listing not yet published is not
    shared: the caller records LISTED at publication, not at decision. A hidden (屏蔽) listing or
    restriction is shared like any other, with its `hidden` flag in the payload: the departments
    received it before it was hidden and must hear of its hiding, correction and removal."""
    if not connection.in_atomic_block:
        # The counter's row lock orders commits only inside the writer's transaction, and the
        # entry, its pushes and the change it records must commit together.
        raise RuntimeError("feed_record must run inside the writer's transaction.atomic()")
    row: DishonestDebtorListing | ConsumptionRestriction
    if listing is not None and restriction is None:
        row, payload = listing, listing_payload(listing)
    elif restriction is not None and listing is None:
        row, payload = restriction, restriction_payload(restriction)
    else:
        raise ValueError("feed_record takes a listing or a restriction")
    entry = FeedEntry.objects.create(
        seq=_next_seq(),
        change=change,
        listing=listing,
        restriction=restriction,
        court_id=row.court_id,
        payload=payload,
    )
    from .outbox import push_entry  # the durable push to subscribed departments

    push_entry(entry)
    return entry
