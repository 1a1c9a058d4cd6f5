"""Cases: an officer's worklist and a court's overdue list at 1 million cases.

Set-up, in a throwaway PostgreSQL database named `zhixing_bench` (not the suite's test_test):
Beijing's courts and demo staff (`seed-demo --no-cases`), extra officers per basic court through
the organization services, then `seed-bulk`'s loader (COPY) for the cases, then VACUUM ANALYZE.

Measured, each ~200 times over different officers/courts, median and p99 in ms:
  (a) `selectors.worklist(actor=officer)[:50]` evaluated to a list;
  (b) `selectors.overdue(actor=bureau_chief)[:50]` for a basic court, and the overdue COUNT over
      an intermediate court's whole scope;
beside the same SELECT … ORDER BY due_on LIMIT 50 (and COUNT) as raw SQL in the same run.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_cases.py
     [--cases 1000000] [--officers-per-court 40] [--repeat 200]
On SQLite it runs only with an explicit, smaller `--cases`.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _setup import median_p99_ms, test_database  # noqa: E402

BENCH_DATABASE = "zhixing_bench"  # the suite uses test_<name>; never drop another engineer's run


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=None, help="default 1,000,000 (PostgreSQL)")
    parser.add_argument("--officers-per-court", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=200)
    return parser.parse_args()


def _extra_officers(per_court: int) -> int:
    """Basic courts have ~40–100 officers in real life; the demo gives each three."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from zhixing.core.rules.roles import Role
    from zhixing.demo.cases import id_number, person_name
    from zhixing.organization import demo, services
    from zhixing.organization.models import Court, Unit

    rng = random.Random(7)
    admin = get_user_model().objects.get(username=demo.ADMIN_USERNAME)
    hashed = make_password(demo.DEMO_PASSWORD)
    made = 0
    for spec in demo.COURTS:
        if spec.level is not demo.L.BASIC:
            continue
        court = Court.objects.get(code=spec.code)
        unit = Unit.objects.get(court=court, kind="implementation")
        for i in range(per_court):
            services.staff_create(
                actor=admin,
                court=court,
                username=f"{spec.slug}_bench{i:03d}",
                password="",
                password_hash=hashed,
                name=person_name(rng),
                education="bachelor",
                roles=[Role.OFFICER],
                unit=unit,
                id_number=id_number(rng, spec.division),
            )
            made += 1
    return made


def main() -> None:
    args = _arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings.test")
    import django

    django.setup()
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    if not postgres and args.cases is None:
        print(
            "bench_cases.py 需要 PostgreSQL（DATABASE_URL=postgres://…）才能测 100 万件；"
            "在 SQLite 上请用较小的 --cases，例如 --cases 20000。本次跳过。"
        )
        return
    cases = args.cases or 1_000_000
    connection.settings_dict.setdefault("TEST", {})["NAME"] = BENCH_DATABASE

    with test_database() as connection:
        from django.core.management import call_command

        from zhixing.demo.management.commands.seed_bulk import bulk_load

        started = time.perf_counter()
        call_command("seed_demo", no_cases=True, stdout=io.StringIO())
        made = _extra_officers(args.officers_per_court)
        print(
            f"[{connection.vendor}] courts and staff: demo staff + {made} officers "
            f"in {time.perf_counter() - started:.0f} s"
        )
        report = bulk_load(cases=cases, progress=lambda line: print("  " + line, flush=True))
        share = report.overdue_deadlines / max(report.open_deadlines, 1)
        print(
            f"[{connection.vendor}] seed-bulk: {report.cases:,} cases, {report.total_rows:,} rows "
            f"({', '.join(f'{k} {v:,}' for k, v in report.rows.items())}) in {report.seconds:.0f} s"
            f" = {report.total_rows / report.seconds:,.0f} rows/s, "
            f"{report.cases / report.seconds:,.0f} cases/s; open deadlines "
            f"{report.open_deadlines:,}, overdue {report.overdue_deadlines:,} ({share:.0%}); "
            f"{report.shapes:,} deadline computations"
        )
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for table in (
                "cases_enforcementcase",
                "cases_enforcementbasis",
                "cases_party",
                "cases_nodeevent",
                "cases_casedeadline",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}" if postgres else f"ANALYZE {table}")
        print(f"[{connection.vendor}] VACUUM ANALYZE: {time.perf_counter() - started:.0f} s")
        _measure(connection, args.repeat)


def _actors():
    from django.contrib.auth import get_user_model

    from zhixing.cases.models import CaseDeadline
    from zhixing.organization.models import Court
    from zhixing.organization.selectors import scope_of

    users = get_user_model().objects.select_related("staff__court")
    responsible = set(
        CaseDeadline.objects.filter(met_on__isnull=True)
        .values_list("responsible_id", flat=True)
        .distinct()
    )
    officers = [u for u in users.filter(staff__in=responsible).order_by("pk")]
    basic = Court.objects.filter(level="basic").values_list("slug", flat=True)
    chiefs = list(users.filter(username__in=[f"{s}_chief" for s in basic]).order_by("pk"))
    middle = list(
        users.filter(username__in=["bj1zy_chief", "bj2zy_chief", "bj3zy_chief"]).order_by("pk")
    )
    for user in [*officers, *chiefs, *middle]:
        scope_of(user)  # computed once per request in the app; measured in bench_scope.py
    return officers, chiefs, middle


WORKLIST_SQL = """
SELECT d.*, c.*, ct.* FROM cases_casedeadline d
JOIN cases_enforcementcase c ON c.id = d.case_id
JOIN organization_court ct ON ct.id = c.court_id
WHERE d.met_on IS NULL AND d.responsible_id = %s
ORDER BY d.due_on, d.id LIMIT 50"""
OVERDUE_SQL = """
SELECT d.*, c.*, ct.*, s.* FROM cases_casedeadline d
JOIN cases_enforcementcase c ON c.id = d.case_id
JOIN organization_court ct ON ct.id = d.court_id
LEFT JOIN organization_staff s ON s.id = d.responsible_id
WHERE d.met_on IS NULL AND d.due_on < %s AND d.court_id IN ({ids})
ORDER BY d.due_on, d.id LIMIT 50"""
COUNT_SQL = """
SELECT COUNT(*) FROM cases_casedeadline d
WHERE d.met_on IS NULL AND d.due_on < %s AND d.court_id IN ({ids})"""


def _measure(connection, repeat: int) -> None:
    from django.utils import timezone

    from zhixing.cases import selectors

    today = timezone.localdate()
    officers, chiefs, middle = _actors()

    def scope_ids(user) -> list[int]:
        return sorted(user._zhixing_scope.court_ids)

    def raw(sql: str, params: list, ids: list[int] | None = None) -> list:
        text = sql.format(ids=", ".join(["%s"] * len(ids))) if ids is not None else sql
        with connection.cursor() as cursor:
            cursor.execute(text, params + (ids or []))
            return cursor.fetchall()

    work: list[tuple[str, list, Callable[[object], object], Callable[[object], object]]] = [
        (
            "officer worklist [:50]",
            officers,
            lambda u: list(selectors.worklist(actor=u)[:50]),
            lambda u: raw(WORKLIST_SQL, [u.staff.pk]),
        ),
        (
            "basic court overdue [:50]",
            chiefs,
            lambda u: list(selectors.overdue(actor=u)[:50]),
            lambda u: raw(OVERDUE_SQL, [today], scope_ids(u)),
        ),
        (
            "intermediate scope overdue COUNT",
            middle,
            lambda u: selectors.overdue(actor=u).count(),
            lambda u: raw(COUNT_SQL, [today], scope_ids(u))[0][0],
        ),
    ]
    print(f"\n[{connection.vendor}] {repeat} runs each, different actors in turn; ms")
    print(f"{'query':34} {'actors':>6} {'ORM median':>11} {'ORM p99':>8} {'raw median':>11} "
          f"{'raw p99':>8} {'ratio':>6}  rows")  # fmt: skip
    for label, actors, orm, baseline in work:
        for user in actors[:5]:  # warm the cache and the connection
            orm(user), baseline(user)
        orm_times, raw_times = [], []
        rows = []
        for i in range(repeat):
            user = actors[i % len(actors)]
            pair = [(orm, orm_times), (baseline, raw_times)]
            sizes = []
            for fn, times in pair if i % 2 == 0 else reversed(pair):
                start = time.perf_counter()
                result = fn(user)
                times.append(time.perf_counter() - start)
                sizes.append(result if isinstance(result, int) else len(result))
            assert sizes[0] == sizes[1], (label, user, sizes)  # the same work on both sides
            rows.append(sizes[0])
        (om, op), (rm, rp) = median_p99_ms(orm_times), median_p99_ms(raw_times)
        print(
            f"{label:34} {len(actors):>6} {om:>11.2f} {op:>8.2f} {rm:>11.2f} {rp:>8.2f} "
            f"{om / rm:>5.1f}×  {min(rows):,}–{max(rows):,}"
        )
    _explain(connection, officers[0], chiefs[0], middle[0], today, scope_ids)


def _explain(connection, officer, chief, middle, today, scope_ids) -> None:
    postgres = connection.vendor == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)" if postgres else "EXPLAIN QUERY PLAN"
    for label, sql, params, ids in (
        ("worklist", WORKLIST_SQL, [officer.staff.pk], None),
        ("basic court overdue", OVERDUE_SQL, [today], scope_ids(chief)),
        ("intermediate overdue COUNT", COUNT_SQL, [today], scope_ids(middle)),
    ):
        text = sql.format(ids=", ".join(["%s"] * len(ids))) if ids is not None else sql
        with connection.cursor() as cursor:
            cursor.execute(prefix + text, params + (ids or []))
            plan = "\n".join("    " + " | ".join(str(v) for v in row) for row in cursor.fetchall())
        print(f"\n{label}:\n{plan}")


if __name__ == "__main__":
    main()
