"""Party notifications (十个必须 第9条: key-node information pushed to the parties in real time).

A message is an outbox row written in the node's own transaction, so it exists exactly when the
node does; it is sent after commit and retried with back-off until delivered (`python -m zhixing
send-notifications` picks up what is due). Channels are adapters: console (default), e-mail, or
any class named in ZHIXING_NOTIFICATION_CHANNEL with a `send(address, message)` method (an SMS
gateway); a channel raising an exception leaves the row for the next attempt.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .rules.filing import PARTY_ROLE_LABELS, PartyRole
from .rules.nodes import NODE_TABLE, NodeCode

log = logging.getLogger("zhixing.notifications")


class Channel(Protocol):
    name: str

    def address_of(self, party: Any) -> str: ...

    def send(self, address: str, message: str) -> None: ...


class ConsoleChannel:
    """Writes messages to the log: the default until a court connects its SMS gateway."""

    name = "console"

    def address_of(self, party: Any) -> str:
        return party.phone or party.email or party.name

    def send(self, address: str, message: str) -> None:
        log.info("通知 %s：%s", address, message)


class EmailChannel:
    name = "email"

    def address_of(self, party: Any) -> str:
        return party.email

    def send(self, address: str, message: str) -> None:
        send_mail("执行案件进展通知", message, None, [address], fail_silently=False)


CHANNELS = {"console": ConsoleChannel, "email": EmailChannel}


def channel() -> Channel:
    name = settings.ZHIXING_NOTIFICATION_CHANNEL
    return CHANNELS[name]() if name in CHANNELS else import_string(name)()


def compose(case: Any, event: Any, party: Any) -> str:
    node = NODE_TABLE[NodeCode(event.code)]
    label = node.label
    role = PARTY_ROLE_LABELS[PartyRole(party.role)]
    number = case.case_number or "（待立案）"
    # what the court found is told to the applicant (终本后定期查询 终本规定 第9条), not to every party
    result = (event.data or {}).get("result") if node.applicant_only else None
    told = f"：{result}" if result else ""
    return (
        f"{party.name}（{role}）：您的执行案件 {number} 于 {event.occurred_on:%Y年%m月%d日} {label}{told}。"
        f"可凭查询码 {case.query_code} 查询案件进展；监督举报电话 {settings.ZHIXING_HOTLINE}。"
    )


def queue_for_event(case: Any, event: Any) -> int:
    """Writes one outbox row per party with an address; sending is scheduled after commit."""
    from .models import Notification

    chosen = channel()
    now = timezone.now()
    rows = []
    parties = case.parties.all()
    if NODE_TABLE[NodeCode(event.code)].applicant_only:
        parties = parties.filter(role=PartyRole.APPLICANT)
    for party in parties:
        address = chosen.address_of(party)
        if not address:
            continue
        rows.append(
            Notification(
                case=case,
                party=party,
                event=event,
                channel=chosen.name,
                address=address,
                message=compose(case, event, party),
                next_attempt_at=now,
            )
        )
    Notification.objects.bulk_create(rows)
    if rows:
        transaction.on_commit(send_due)
    return len(rows)


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 24 * 60))


def send_due(limit: int = 200) -> tuple[int, int]:
    """Sends what is due; returns (sent, failed). Each row is claimed under a row lock, so two
    workers never send the same message twice."""
    from .models import Notification

    sent = failed = 0
    chosen = channel()
    ids = list(
        Notification.objects.filter(
            status__in=[Notification.Status.PENDING, Notification.Status.FAILED],
            next_attempt_at__lte=timezone.now(),
            attempts__lt=settings.ZHIXING_NOTIFICATION_MAX_ATTEMPTS,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        with transaction.atomic():
            row = Notification.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if row is None or row.status == Notification.Status.SENT:
                continue
            row.attempts += 1
            try:
                chosen.send(row.address, row.message)
            except Exception as error:  # a partner failure of any kind: keep the row, retry later
                row.status = Notification.Status.FAILED
                row.last_error = str(error)[:300]
                row.next_attempt_at = timezone.now() + _backoff(row.attempts)
                failed += 1
            else:
                row.status = Notification.Status.SENT
                row.sent_at = timezone.now()
                sent += 1
            row.save(
                update_fields=["attempts", "status", "last_error", "next_attempt_at", "sent_at"]
            )
    return sent, failed
