"""The public query of the dishonest-debtor list (issue 6) at 8 million listings.

Set-up, in a throwaway PostgreSQL database named `zhixing_bench_credit` (not the suite's test_test,
nor another bench's database): Beijing's courts and demo staff (`seed-demo --no-cases`), then
`seed-bulk`'s loaders: `bulk_load` for the cases (default 250,000) and `bulk_listings` for the
listings (default 8,000,000; `zhixing.demo.bulk_credit` says who is listed, with what names,
statuses and restrictions), the same code as `python -m zhixing seed-bulk --cases N --listings M`.
Then VACUUM ANALYZE. Fixed seeds: the same data every run.

Measured, `--repeat` lookups each with a different value in turn, median and p99 in ms, the
selector `portal.selectors.search_listings` (what the public page and API call) beside the same
SELECT without the ORM: the selector's own statement, recorded once per kind of lookup as Django
sends it (placeholders and parameters), replayed through the psycopg connection underneath with the
looked-up value swapped in (alternating which runs first), rows asserted equal. Replaying rather
than a hand-written copy keeps the baseline in step with the selector (still changing as this was
written):
  * by identity number, existing (published listings sampled with TABLESAMPLE) and absent (valid
    numbers the generator never issued);
  * by name, rare (1–3 public rows) and common (the commonest names: the 20-row limit);
  * by credit code, existing and absent;
  * `search_restrictions` by identity number (issued restrictions), for comparison.
Then the sizes of the tables and their indexes (pg_relation_size), and EXPLAIN (ANALYZE, BUFFERS)
of the selector's own statement (captured as sent) for each kind of lookup, checking that the
partial index meant for it is the one used.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhixing_bench_credit \
     .venv/bin/python bench/bench_credit.py [--cases 250000] [--listings 8000000] [--repeat 200]
     [--keep | --reuse]
`--keep` leaves the database for queries by hand, `--reuse` measures again on it; drop it yourself
afterwards (DROP DATABASE zhixing_bench_credit). PostgreSQL only (TABLESAMPLE, EXPLAIN BUFFERS,
relation sizes).
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _setup import add_database_options, median_p99_ms, on_bench_database  # noqa: E402

BENCH_DATABASE = "zhixing_bench_credit"  # never drop another engineer's run
SEED = 67
LIMIT = 20  # the public page's and API's page (search_listings' default)
TABLES = ("credit_dishonestdebtorlisting", "credit_consumptionrestriction", "cases_party")

INDEX_OF = {
    "id_number": "listing_public_id_idx",
    "name": "listing_public_name_idx",
    "credit_code": "listing_public_code_idx",
}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_options(parser)
    parser.set_defaults(cases=250_000)
    parser.add_argument("--listings", type=int, default=8_000_000)
    return parser.parse_args()


def main() -> None:
    on_bench_database(
        BENCH_DATABASE, "bench_credit.py", _arguments(), _run, _remeasure, sqlite=False
    )


def _remeasure(connection, args: argparse.Namespace) -> None:
    _distribution(connection)
    _sizes(connection)
    _measure(connection, args.repeat)


def _run(connection, cases: int, args: argparse.Namespace) -> None:
    from django.core.management import call_command

    from zhixing.demo.bulk_credit import bulk_listings
    from zhixing.demo.management.commands.seed_bulk import bulk_load

    started = time.perf_counter()
    call_command("seed_demo", no_cases=True, stdout=io.StringIO())
    print(f"courts and demo staff in {time.perf_counter() - started:.0f} s", flush=True)
    report = bulk_load(cases=cases, progress=lambda line: print("  " + line, flush=True))
    print(
        f"seed-bulk --cases: {report.cases:,} cases, {report.total_rows:,} rows in "
        f"{report.seconds:.0f} s = {report.cases / report.seconds:,.0f} cases/s",
        flush=True,
    )
    credit = bulk_listings(
        listings=args.listings, progress=lambda line: print("  " + line, flush=True)
    )
    print(
        f"seed-bulk --listings: {credit.listings:,} listings of {credit.debtors:,} debtors on "
        f"{credit.cases:,} docketed cases, {credit.total_rows:,} rows "
        f"({', '.join(f'{k} {v:,}' for k, v in credit.rows.items())}) in {credit.seconds:.0f} s "
        f"(of which rebuilding the indexes {credit.index_seconds:.0f} s) = "
        f"{credit.listings / credit.seconds:,.0f} listings/s, "
        f"{credit.total_rows / credit.seconds:,.0f} rows/s",
        flush=True,
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"VACUUM ANALYZE: {time.perf_counter() - started:.0f} s", flush=True)
    _remeasure(connection, args)


# ---------------------------------------------------------------------------------------------
# What is there


def _distribution(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, hidden, respondent_kind, count(*) FROM credit_dishonestdebtorlisting "
            "GROUP BY 1, 2, 3 ORDER BY 4 DESC"
        )
        rows = cursor.fetchall()
        total = sum(r[3] for r in rows)
        print(f"\nlistings: {total:,}")
        for status, hidden, kind, n in rows:
            print(
                f"  {status:10} {'hidden' if hidden else '':6} {kind:12} {n:>10,} {n / total:6.1%}"
            )
        cursor.execute(
            "SELECT name, count(*) FROM credit_dishonestdebtorlisting "
            "WHERE status = 'published' AND NOT hidden GROUP BY name ORDER BY 2 DESC LIMIT 8"
        )
        print("  commonest public names: " + ", ".join(f"{n} {c:,}" for n, c in cursor.fetchall()))
        cursor.execute(
            "SELECT count(*), count(DISTINCT id_number) FILTER (WHERE id_number <> ''), "
            "count(DISTINCT credit_code) FILTER (WHERE credit_code <> '') "
            "FROM credit_dishonestdebtorlisting"
        )
        n, persons, organisations = cursor.fetchone()
        print(f"  distinct identity numbers {persons:,}, credit codes {organisations:,}")
        cursor.execute("SELECT status, count(*) FROM credit_consumptionrestriction GROUP BY 1")
        print("  restrictions: " + ", ".join(f"{s} {c:,}" for s, c in cursor.fetchall()))


def _sizes(connection) -> None:
    with connection.cursor() as cursor:
        print("\nsizes (pg_relation_size):")
        for table in TABLES:
            cursor.execute(
                "SELECT pg_relation_size(%s::regclass), pg_total_relation_size(%s::regclass), "
                "(SELECT reltuples FROM pg_class WHERE oid = %s::regclass)",
                [table, table, table],
            )
            heap, total, tuples = cursor.fetchone()
            print(
                f"  {table:34} heap {heap / 2**20:>8,.0f} MB   with indexes and TOAST "
                f"{total / 2**20:>8,.0f} MB   ~{tuples:,.0f} rows"
            )
            cursor.execute(
                "SELECT c.relname, pg_relation_size(c.oid), pg_get_indexdef(c.oid) "
                "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = %s::regclass ORDER BY 2 DESC",
                [table],
            )
            for name, size, definition in cursor.fetchall():
                where = definition.split(" WHERE ", 1)[1] if " WHERE " in definition else ""
                print(f"      {name:42} {size / 2**20:>8,.0f} MB  {where[:70]}")


# ---------------------------------------------------------------------------------------------
# Samples


def _samples(connection, repeat: int) -> dict[str, list[str]]:
    """Values to look up, `repeat` of each kind (cycled when fewer exist)."""
    from zhixing.demo.bulk_credit import organisation_code, person_identity

    rng = random.Random(SEED)
    public = "status = 'published' AND NOT hidden"
    with connection.cursor() as cursor:

        def sample(column: str, table: str, where: str, percent: float) -> list[str]:
            cursor.execute(
                f"SELECT {column} FROM {table} TABLESAMPLE SYSTEM (%s) REPEATABLE ({SEED}) "
                f"WHERE {where} AND {column} <> ''",
                [percent],
            )
            values = sorted({r[0] for r in cursor.fetchall()})
            rng.shuffle(values)
            return values

        ids = sample("id_number", "credit_dishonestdebtorlisting", public, 0.1)[:repeat]
        codes = sample("credit_code", "credit_dishonestdebtorlisting", public, 0.5)[:repeat]
        names = sample("name", "credit_dishonestdebtorlisting", public, 0.3)[: repeat * 20]
        cursor.execute(
            "SELECT name, count(*) FROM credit_dishonestdebtorlisting "
            f"WHERE {public} AND name = ANY(%s) GROUP BY name",
            [names],
        )
        counts = dict(cursor.fetchall())
        rare = [n for n in names if counts.get(n, 0) <= 3][:repeat]
        cursor.execute(
            "SELECT name FROM credit_dishonestdebtorlisting "
            f"WHERE {public} GROUP BY name HAVING count(*) >= 1000 ORDER BY count(*) DESC LIMIT 50"
        )
        common = [r[0] for r in cursor.fetchall()]
        restricted = sample(
            "id_number", "credit_consumptionrestriction", "status = 'issued' AND NOT hidden", 1.0
        )[:repeat]
    absent_ids = [person_identity(900_000_000 + i) for i in range(repeat)]
    absent_codes = [organisation_code(900_000_000 + i) for i in range(repeat)]
    return {
        "id_number": ids,
        "absent_id": absent_ids,
        "rare_name": rare,
        "common_name": common,
        "credit_code": codes,
        "absent_code": absent_codes,
        "restricted_id": restricted,
    }


# ---------------------------------------------------------------------------------------------
# Measuring


def _measure(connection, repeat: int) -> None:
    from zhixing.portal.selectors import search_listings, search_restrictions

    samples = _samples(connection, repeat)
    print("\nsamples: " + ", ".join(f"{k} {len(v)}" for k, v in samples.items()))
    connection.ensure_connection()
    raw = connection.connection  # the psycopg connection under Django's, same session

    def orm_of(search: Callable[..., list], column: str) -> Callable[[str], list]:
        def lookup(value: str) -> list:
            return [(r.name, r.case_number) for r in search(**{column: value}, limit=LIMIT)]

        return lookup

    def sql_of(orm: Callable[[str], list], value: str) -> tuple[Callable[[str], list], str]:
        """The selector's own statement, recorded as Django sends it (placeholders and
        parameters), replayed through psycopg with the looked-up value swapped in: the same
        SELECT without the ORM, and in step with the selector whatever it becomes."""
        sent: list[tuple[str, list]] = []

        def record(execute, sql, params, many, context):
            sent.append((sql, list(params or ())))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            orm(value)
        sql, params = next((s, p) for s, p in sent if value in p)  # the search itself
        at = params.index(value)

        def lookup(looked_up: str) -> list:
            with raw.cursor() as cursor:
                cursor.execute(sql, [*params[:at], looked_up, *params[at + 1 :]])
                described = [d.name for d in cursor.description]
                rows = cursor.fetchall()
            i, j = described.index("name"), described.index("case_number")
            return [(r[i], r[j]) for r in rows]

        return lookup, cursor_sql(sql, params)

    work: list[tuple[str, str, str, Callable[..., list]]] = [
        ("listing by id number, existing", "id_number", "id_number", search_listings),
        ("listing by id number, absent", "absent_id", "id_number", search_listings),
        ("listing by name, rare (1-3 rows)", "rare_name", "name", search_listings),
        ("listing by name, common (limit 20)", "common_name", "name", search_listings),
        ("listing by credit code, existing", "credit_code", "credit_code", search_listings),
        ("listing by credit code, absent", "absent_code", "credit_code", search_listings),
        ("restriction by id number, existing", "restricted_id", "id_number", search_restrictions),
    ]
    print(
        f"\n[{connection.vendor}] {repeat} lookups each, a different value each time; ms "
        "(ORM = portal.selectors, raw = its own statement replayed through psycopg)"
    )
    print(
        f"{'lookup':36} {'values':>6} {'ORM median':>11} {'ORM p99':>8} "
        f"{'raw median':>11} {'raw p99':>8} {'ratio':>6}  rows"
    )
    statements: dict[str, tuple[str, str]] = {}
    for label, kind, column, search in work:
        values = samples[kind]
        if not values:
            print(f"{label:36} (no values)")
            continue
        orm = orm_of(search, column)
        baseline, statement = sql_of(orm, values[0])
        statements[label] = (column, statement)
        for value in values[:5]:  # warm the connection and the plan
            orm(value), baseline(value)
        orm_times: list[float] = []
        raw_times: list[float] = []
        rows = []
        for i in range(repeat):
            value = values[i % len(values)]
            pair = [(orm, orm_times), (baseline, raw_times)]
            got: list[Any] = []
            for fn, times in pair if i % 2 == 0 else reversed(pair):
                began = time.perf_counter()
                got.append(fn(value))
                times.append(time.perf_counter() - began)
            if i % 2:
                got.reverse()
            assert got[0] == got[1], (label, value, got[0][:3], got[1][:3])
            rows.append(len(got[0]))
        (om, op), (rm, rp) = median_p99_ms(orm_times), median_p99_ms(raw_times)
        print(
            f"{label:36} {len(values):>6} {om:>11.2f} {op:>8.2f} {rm:>11.2f} {rp:>8.2f} "
            f"{om / rm:>5.1f}×  {min(rows)}–{max(rows)}",
            flush=True,
        )
    _explain(connection, statements)


def cursor_sql(sql: str, params: list) -> str:
    """The statement with its parameters inlined (psycopg's own quoting), for EXPLAIN."""
    from django.db import connection
    from psycopg import sql as psql

    parts = sql.split("%s")
    composed = psql.SQL("").join(
        [psql.SQL(parts[0])]
        + [
            x
            for p, tail in zip(params, parts[1:], strict=True)
            for x in (psql.Literal(p), psql.SQL(tail))
        ]
    )
    return composed.as_string(connection.connection)


def _explain(connection, statements: dict[str, tuple[str, str]]) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the selector's own statement, as it was sent."""
    print("\nORM SQL (listing by id number):\n    " + statements[next(iter(statements))][1])
    with connection.cursor() as cursor:
        for label, (column, sql) in statements.items():
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(r[0] for r in cursor.fetchall())
            index = INDEX_OF[column]
            if label.startswith("restriction"):
                index = index.replace("listing_", "restriction_")
            verdict = "uses " + index if index in plan else f"DOES NOT USE {index}"
            print(f"\n{label}: {verdict}")
            print("\n".join("    " + line for line in plan.splitlines()))


if __name__ == "__main__":
    main()
