"""The outbox worker: hands due messages to their department's adapter (design.md decision 5).

`python -m zhixing outbox-send` runs it (every minute in production); an action that writes
messages also schedules it after its commit. Each message is claimed under a row lock
(skip_locked), so two workers never send the same message; a message whose adapter raises
stays in the outbox with the error and is retried with back-off. If the process dies after the
partner took a message but before the commit, the message is sent again with the same
idempotency key, which the partner uses to drop the repeat.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from . import partners
from .models import OutboxMessage
from .rules.outbox import MAX_ATTEMPTS, backoff

log = logging.getLogger("zhixing.linkage")
S = OutboxMessage.Status
RETRYABLE = (S.PENDING, S.FAILED)


def due_messages(now: datetime):
    return OutboxMessage.objects.filter(
        status__in=RETRYABLE, next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS
    )


def send_due(limit: int = 500) -> tuple[int, int]:
    """Sends what is due; returns (sent, failed)."""
    sent = failed = 0
    ids = list(
        due_messages(timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        with transaction.atomic():
            row = (
                OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("department")
                .filter(pk=pk)
                .first()
            )
            now = timezone.now()
            if row is None or row.status not in RETRYABLE or row.next_attempt_at > now:
                continue  # another worker holds it, sent it, or rescheduled it
            row.attempts += 1
            try:
                partners.adapter_for(row.department.code).send(row)
            except Exception as error:  # any partner failure: keep the row, retry later
                row.status = S.FAILED
                row.last_error = (str(error) or type(error).__name__)[:300]
                row.next_attempt_at = now + backoff(row.attempts)
                failed += 1
                log.warning("联动请求 %s 发送失败：%s", row.idempotency_key, error)
            else:
                row.status = S.SENT
                row.sent_at = now
                row.last_error = ""
                sent += 1
            row.save(
                update_fields=["attempts", "status", "last_error", "next_attempt_at", "sent_at"]
            )
    return sent, failed
