"""Several outbox workers at once never send the same message twice (PostgreSQL, real threads)."""

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from tests.linkage.conftest import STARTED
from zhixing.linkage import outbox, partners
from zhixing.linkage.models import OutboxMessage
from zhixing.linkage.services import network_inquiry_start

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]

WORKERS = 5


class Slow:
    def __init__(self) -> None:
        self.sent: list[str] = []
        self.lock = threading.Lock()

    def send(self, message) -> None:
        time.sleep(0.01)  # long enough for the workers to collide on the same rows
        with self.lock:
            self.sent.append(message.idempotency_key)


def test_concurrent_workers_send_each_message_once(people, case, file_case):
    adapter = Slow()
    previous = partners.set_default(partners.SimulatedPartner(fail_rate=1.0))
    try:
        for extra in [case] + [file_case(docket_on=case.filed_on) for _ in range(2)]:
            network_inquiry_start(actor=people["officer"].user, case=extra, on=STARTED)
        # the sends after commit failed; make every message due again for the workers
        OutboxMessage.objects.update(
            status="pending", attempts=0, next_attempt_at=timezone.now() - timedelta(seconds=1)
        )
        partners.set_default(adapter)
        start = threading.Barrier(WORKERS)
        errors: list[BaseException] = []

        def work():
            try:
                start.wait()
                outbox.send_due()
            except BaseException as error:  # reported below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        partners.set_default(previous)
    assert errors == []
    assert len(adapter.sent) == 30
    assert Counter(adapter.sent).most_common(1)[0][1] == 1
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert connection.vendor == "postgresql"
