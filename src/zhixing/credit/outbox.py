"""Pushing feed entries to subscribed departments through the linkage outbox (design.md
decision 5): one outbox message per department and entry, written in the writer's transaction.

A department whose subscription has `push` gets each entry it would read from the feed (listings
and/or restrictions, the identity number masked unless `full_identity`) as a message of kind
`credit`, sent after commit and retried by the outbox worker. The idempotency key is derived from
(department, seq), so the same entry is never queued twice for one department. The department's
answer (`linkage.services.answer_receive`, or the simulated partner) moves its acknowledged
position forward through `acknowledge_push`, registered with `linkage.hooks` in
`credit.wiring.feed`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhixing.core.calendar import legal_calendar
from zhixing.linkage import outbox as linkage_outbox
from zhixing.linkage.models import OutboxMessage
from zhixing.linkage.rules.outbox import MessageKind

from .models import FeedEntry, FeedSubscription

SOURCE = "失信规定 第8条"


def push_key(department_code: str, seq: int) -> str:
    """The message's idempotency key: stable for (department, seq), 40 hex characters."""
    return hashlib.sha1(f"credit-feed:{department_code}:{seq}".encode()).hexdigest()


def _subscribers(entry: FeedEntry) -> list[FeedSubscription]:
    wanted = Q(listings=True) if entry.listing_id else Q(restrictions=True)
    return list(
        FeedSubscription.objects.select_related("department")
        .filter(wanted, push=True, department__active=True)
        .order_by("department__code")
    )


def push_entry(entry: FeedEntry) -> list[OutboxMessage]:
    """Queues `entry` for every department whose subscription asks for pushes; inside the feed
    writer's transaction, so the messages exist exactly when the entry does."""
    subscriptions = _subscribers(entry)
    if not subscriptions:
        return []
    from .selectors.feed import entry_out  # the same shape the feed API returns

    row = entry.listing if entry.listing_id else entry.restriction
    assert row is not None
    today = timezone.localdate()
    calendar = legal_calendar()
    now = timezone.now()
    messages = [
        OutboxMessage(
            department=sub.department,
            case_id=row.case_id,
            court_id=row.court_id,
            party_id=row.party_id,
            kind=MessageKind.CREDIT.value,
            payload=entry_out(entry, full_identity=sub.full_identity),
            next_attempt_at=now,
            created_at=now,
            answer_due_on=calendar.add_workdays(today, sub.department.answer_days).due,
            idempotency_key=push_key(sub.department.code, entry.seq),
        )
        for sub in subscriptions
    ]
    OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True)
    transaction.on_commit(linkage_outbox.send_due)
    return messages


def acknowledge_push(*, message: OutboxMessage, answer: Any, parsed: Any) -> None:
    """An answer to a pushed entry: the department has it, so its acknowledged position moves up
    to that entry's seq if higher (never back). The seq is the court's own, from the message."""
    if parsed is not None and not parsed.done:
        return
    seq = message.payload.get("seq")
    if not isinstance(seq, int):
        return
    FeedSubscription.objects.filter(
        department_id=message.department_id, acknowledged_seq__lt=seq
    ).update(acknowledged_seq=seq, acknowledged_at=timezone.now())
