"""Pushing feed entries to subscribed departments (失信规定 第8条) through the linkage outbox
(design.md decision 5): one outbox message per department and entry, written in the writer's
transaction.

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
from django.db.models import BigIntegerField, Max, Min, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from zhixing.core.calendar import legal_calendar
from zhixing.linkage import outbox as linkage_outbox
from zhixing.linkage.models import OutboxMessage
from zhixing.linkage.rules.outbox import MessageKind

from .models import FeedEntry, FeedSubscription


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


def _message(entry: FeedEntry, sub: FeedSubscription, today: Any, calendar: Any, now: Any) -> Any:
    from .selectors.feed import entry_out  # the same shape the feed API returns

    row = entry.listing if entry.listing_id else entry.restriction
    assert row is not None
    return OutboxMessage(
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


CATCH_UP_BATCH = 500
CATCH_UP_MAX = 5000


def push_backlog(subscription: FeedSubscription, entries: Any) -> int:
    """Queues, for one department, the covered `entries` (a queryset, e.g. after its acknowledged
    position) in batches of CATCH_UP_BATCH by seq; an entry already queued for it is skipped by
    its idempotency key. Returns how many entries were considered. The caller bounds the count
    (`subscription_change` refuses more than CATCH_UP_MAX)."""
    today = timezone.localdate()
    calendar = legal_calendar()
    now = timezone.now()
    last, total = 0, 0
    while True:
        batch = list(
            entries.filter(seq__gt=last)
            .select_related("listing", "restriction")
            .order_by("seq")[:CATCH_UP_BATCH]
        )
        if not batch:
            break
        OutboxMessage.objects.bulk_create(
            [_message(e, subscription, today, calendar, now) for e in batch],
            ignore_conflicts=True,
        )
        total += len(batch)
        last = batch[-1].seq
        if len(batch) < CATCH_UP_BATCH:
            break
    if total:
        transaction.on_commit(linkage_outbox.send_due)
    return total


def push_entry(entry: FeedEntry) -> list[OutboxMessage]:
    """Queues `entry` for every department whose subscription asks for pushes; inside the feed
    writer's transaction, so the messages exist exactly when the entry does."""
    subscriptions = _subscribers(entry)
    if not subscriptions:
        return []
    today = timezone.localdate()
    calendar = legal_calendar()
    now = timezone.now()
    messages = [_message(entry, sub, today, calendar, now) for sub in subscriptions]
    OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True)
    transaction.on_commit(linkage_outbox.send_due)
    return messages


def acknowledge_push(*, message: OutboxMessage, answer: Any, parsed: Any) -> None:
    """An answer to a pushed entry: the department has it. Answers may arrive out of order
    (retries), so the acknowledged position is not simply this entry's seq: it becomes the seq
    just before the department's lowest still-unanswered credit push, or, when none is
    unanswered, the highest seq pushed to it — and never moves back. (A push answered "failed"
    counts as answered here; the department re-reads through the pull feed.) Answered pushes keep
    their payload: it is the audit trail of what the department was sent. The seq is the court's
    own, from the message."""
    if parsed is not None and not parsed.done:
        return
    seq = message.payload.get("seq")
    if not isinstance(seq, int):
        return
    # Answers for one department are serialised on its subscription row.
    subscription = (
        FeedSubscription.objects.select_for_update()
        .filter(department_id=message.department_id)
        .first()
    )
    if subscription is None:
        return
    pushed = OutboxMessage.objects.filter(
        department_id=message.department_id, kind=MessageKind.CREDIT.value
    ).annotate(pushed_seq=Cast(KeyTextTransform("seq", "payload"), BigIntegerField()))
    lowest = (
        pushed.filter(answered_at__isnull=True)
        .exclude(pk=message.pk)
        .aggregate(lowest=Min("pushed_seq"))["lowest"]
    )
    if lowest is not None:
        position = min(seq, lowest - 1)
    else:  # every push answered: up to the highest one (an earlier answer may be for a later seq)
        position = max(seq, pushed.aggregate(highest=Max("pushed_seq"))["highest"] or 0)
    if position > subscription.acknowledged_seq:
        subscription.acknowledged_seq = position
        subscription.acknowledged_at = timezone.now()
        subscription.save(update_fields=["acknowledged_seq", "acknowledged_at"])
