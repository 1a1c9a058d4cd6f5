"""Many clerks docketing at once never get the same case number (PostgreSQL, real threads)."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from tests.cases.conftest import CHECKLIST
from zhixing.cases import services
from zhixing.cases.models import EnforcementCase

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]

CLERKS, EACH = 6, 5


def test_concurrent_docketing_gives_unique_consecutive_numbers(file_case, people):
    received = [file_case() for _ in range(CLERKS * EACH)]
    clerk = people["clerk"].user
    start = threading.Barrier(CLERKS)
    errors: list[BaseException] = []

    def clerk_work(batch):
        try:
            start.wait()
            for case in batch:
                services.case_docket(
                    actor=clerk, case=case, on=date(2026, 9, 22), checklist=CHECKLIST
                )
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=clerk_work, args=(received[i::CLERKS],)) for i in range(CLERKS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    serials = sorted(EnforcementCase.objects.values_list("serial", flat=True))
    assert serials == list(range(1, CLERKS * EACH + 1))
    assert EnforcementCase.objects.values("case_number").distinct().count() == CLERKS * EACH
    assert connection.vendor == "postgresql"
