"""Audit log: cost of appending a hash-chained record, and of verifying a chain.

Baselines, same run, same database: a plain INSERT of an equal row in its own transaction; a plain
SELECT of the same rows in seq order. Run: `make bench` or `.venv/bin/python bench/bench_audit.py`
(DATABASE_URL=postgres://… for PostgreSQL).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import test_database, timed  # noqa: E402

APPENDS = 2000
VERIFY_ROWS = 50_000


def main() -> None:
    with test_database() as connection:
        from django.db import transaction
        from django.utils import timezone

        from zhixing.core.audit import audit_record, audit_verify
        from zhixing.core.models import AuditRecord

        counter = iter(range(10**9))

        def service_appends() -> None:
            for _ in range(APPENDS):
                i = next(counter)
                with transaction.atomic():
                    audit_record(
                        actor=None,
                        action="bench.act",
                        court_id=1,
                        object_type="bench",
                        object_id=i,
                        summary="基准",
                        after={"i": i, "amount": "100.00"},
                    )

        def raw_inserts() -> None:
            table = AuditRecord._meta.db_table
            for _ in range(APPENDS):
                i = next(counter)
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(
                        f"INSERT INTO {table} (chain, seq, at, actor_name, action, object_type, object_id, summary, "
                        "after, request_id, prev_hash, hash) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                        [
                            2,
                            i,
                            timezone.now(),
                            "系统",
                            "bench.act",
                            "bench",
                            str(i),
                            "基准",
                            json.dumps({"i": i, "amount": "100.00"}),
                            "",
                            "",
                            "x" * 64,
                        ],
                    )

        service = timed(service_appends)
        baseline = timed(raw_inserts)
        print(
            f"[{connection.vendor}] audit_record append: {service / APPENDS * 1e6:8.1f} µs/record  "
            f"(baseline raw INSERT: {baseline / APPENDS * 1e6:8.1f} µs/record, ×{service / baseline:.1f})"
        )

        # Grow chain 1 to VERIFY_ROWS through the service, then verify it against a plain read.
        missing = VERIFY_ROWS - AuditRecord.objects.filter(chain=1).count()
        for _ in range(missing // 500 + 1):
            with transaction.atomic():
                for _ in range(500):
                    i = next(counter)
                    audit_record(
                        actor=None,
                        action="bench.act",
                        court_id=1,
                        object_type="bench",
                        object_id=i,
                        after={"i": i},
                    )
        rows = AuditRecord.objects.filter(chain=1).count()

        def verify() -> None:
            assert audit_verify(1) == []

        def raw_read() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT * FROM {AuditRecord._meta.db_table} WHERE chain = 1 ORDER BY seq"
                )
                while cursor.fetchmany(2000):
                    pass

        verifying = timed(verify, repeat=1)
        reading = timed(raw_read, repeat=1)
        print(
            f"[{connection.vendor}] audit verify: {rows / verifying:10.0f} records/s over {rows} records  "
            f"(baseline raw SELECT: {rows / reading:10.0f} records/s, ×{verifying / reading:.1f} slower)"
        )


if __name__ == "__main__":
    main()
