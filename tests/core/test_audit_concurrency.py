"""Concurrent writers of one court never break its audit chain (PostgreSQL row locks on the head)."""

import threading

import pytest
from django.db import connection, connections, transaction

from zhixing.core.audit import audit_record, audit_verify
from zhixing.core.models import AuditRecord

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL"),
]

WRITERS, EACH = 6, 15


def test_parallel_appends_keep_one_unbroken_chain():
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                with transaction.atomic():
                    audit_record(
                        actor=None,
                        action="test.parallel",
                        court_id=42,
                        object_type="w",
                        object_id=f"{n}-{i}",
                    )
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = list(AuditRecord.objects.filter(chain=42).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, WRITERS * EACH + 1))
    assert audit_verify(42) == []
    assert connection.vendor == "postgresql"
