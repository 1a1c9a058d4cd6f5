"""Control measures: the court's expiry warning list at 1 million cases and ~2 million controls.

Set-up, in a throwaway PostgreSQL database named `zhixing_bench_controls` (not the suite's
test_test, nor bench_cases' zhixing_bench): Beijing's courts and demo staff and the linked
departments (`seed-demo --no-cases`), then `seed-bulk`'s loader (COPY) for the cases, then about
two control measures per case written here with COPY, then VACUUM ANALYZE.

The controls (民诉法解释 第485条): bank deposits frozen for at most 1 year, movables sealed or
seized for at most 2, real estate sealed and other property rights frozen for at most 3; started
over the last 3 years; still in effect (renewed as often as needed, each renewal a ControlRenewal
row, a few renewals still awaiting the department's answer), lapsed without renewal (status
`in_effect`, `expires_on` in the past: shown as expired), released, requested, failed, the old
`expired` status, and deductions (扣划, `done`) from deposit freezes.

Measured, each ~200 times over different actors, median and p99 in ms:
  (a) `expiring(actor=officer of a basic court)[:301]` evaluated to a list (the page shows 300
      rows and fetches one more to know there are more);
  (b) the same for the bureau chief of an intermediate court (scope: its subtree of 6–7 courts);
  (c) `expired(...)[:301]` for the same two kinds of actor;
beside the same SELECT … LIMIT 301 plus the same pending-renewal query as raw SQL in the same run;
then, for the intermediate courts, the proposed per-court rewrite (`page_then_rows`, and the same
as raw SQL with LATERAL) beside today's query, all asserted to return the same rows in the same
order; then EXPLAIN (ANALYZE, BUFFERS) of the ORM's own queries (`QuerySet.explain`).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_controls.py
     [--cases 1000000] [--controls-per-case 2.0] [--repeat 200] [--keep | --reuse]
`--keep` leaves the database for queries by hand, `--reuse` measures again on it; drop it
yourself afterwards (DROP DATABASE zhixing_bench_controls). The raw SQL mirrors the selector's
`select_related` as of 2026-11-27 (case, court, party, department, message): keep them in step.
On SQLite it runs only with an explicit, smaller `--cases`.
"""

from __future__ import annotations

import argparse
import io
import itertools
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _setup import add_database_options, bench_actors, median_p99_ms, on_bench_database  # noqa: E402

BENCH_DATABASE = "zhixing_bench_controls"  # never drop another engineer's run
SEED = 485
START_WINDOW_DAYS = 3 * 365  # controls started over the last three years
PAGE = 301  # views.control.EXPIRING_LIMIT + 1: the page fetches one more row to say "more"
BATCH_CASES = 20_000


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_options(parser)
    parser.add_argument(
        "--controls-per-case", type=float, default=2.0, help="average, deductions included"
    )
    return parser.parse_args()


def main() -> None:
    on_bench_database(BENCH_DATABASE, "bench_controls.py", _arguments(), _run, _remeasure)


def _remeasure(connection, args: argparse.Namespace) -> None:
    _distribution(connection)
    _measure(connection, args.repeat)


def _run(connection, cases: int, args: argparse.Namespace) -> None:
    from django.core.management import call_command

    from zhixing.demo.management.commands.seed_bulk import bulk_load

    postgres = connection.vendor == "postgresql"
    started = time.perf_counter()
    call_command("seed_demo", no_cases=True, stdout=io.StringIO())
    print(
        f"[{connection.vendor}] courts, demo staff and linked departments "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    report = bulk_load(cases=cases, progress=lambda line: print("  " + line, flush=True))
    print(
        f"[{connection.vendor}] seed-bulk: {report.cases:,} cases, {report.total_rows:,} rows "
        f"({', '.join(f'{k} {v:,}' for k, v in report.rows.items())}) in {report.seconds:.0f} s"
        f" = {report.cases / report.seconds:,.0f} cases/s",
        flush=True,
    )
    load_controls(per_case=args.controls_per_case)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in (
            "cases_enforcementcase",
            "cases_enforcementbasis",
            "cases_party",
            "cases_nodeevent",
            "cases_casedeadline",
            "measures_controlmeasure",
            "measures_controlrenewal",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}" if postgres else f"ANALYZE {table}")
    print(f"[{connection.vendor}] VACUUM ANALYZE: {time.perf_counter() - started:.0f} s")
    _distribution(connection)
    _measure(connection, args.repeat)


# ---------------------------------------------------------------------------------------------
# Loading the controls


class _Controls:
    """Rows of ControlMeasure and ControlRenewal for a batch of cases; one random.Random(seed)."""

    def __init__(self, today: date, per_case: float, departments: dict[str, int]) -> None:
        from zoneinfo import ZoneInfo

        from zhixing.core.rules.calendar import add_months
        from zhixing.measures.rules.control import MAX_MONTHS, PropertyKind

        self.rng = random.Random(SEED)
        self.today = today
        self.first = today - timedelta(days=START_WINDOW_DAYS)
        self.add_months = add_months
        self.months_cache: dict[tuple[int, int], date] = {}
        self.tz = ZoneInfo("Asia/Shanghai")
        self.dep = departments
        self.banks = [departments[c] for c in ("icbc", "ccb", "boc", "abc")]
        # Lasting controls per case: 0–5, mean ≈ 1.8 × per_case / 2; deductions add ≈ 0.2.
        base = [0.22, 0.25, 0.25, 0.15, 0.08, 0.05]
        self.count_weights = base
        self.count_scale = per_case / 2.0
        P = PropertyKind
        # property kind, weight, control kinds, the 第485条 maximum, a shorter term some courts set
        self.kinds = [
            (P.DEPOSIT.value, 0.45, MAX_MONTHS[P.DEPOSIT], 6),
            (P.MOVABLE.value, 0.13, MAX_MONTHS[P.MOVABLE], 12),
            (P.REAL_ESTATE.value, 0.25, MAX_MONTHS[P.REAL_ESTATE], 24),
            (P.OTHER_RIGHTS.value, 0.17, MAX_MONTHS[P.OTHER_RIGHTS], 12),
        ]
        self.kind_cumulative = []
        total = 0.0
        for k in self.kinds:
            total += k[1]
            self.kind_cumulative.append(total)

    def months(self, start: date, months: int) -> date:
        key = (start.toordinal(), months)
        found = self.months_cache.get(key)
        if found is None:
            found = self.months_cache[key] = self.add_months(start, months)
        return found

    def at(self, day: date, minute: int) -> datetime:
        return datetime(day.year, day.month, day.day, 9 + minute // 60, minute % 60, tzinfo=self.tz)

    def _how_many(self) -> int:
        rng = self.rng
        roll, acc = rng.random(), 0.0
        n = len(self.count_weights) - 1
        for i, w in enumerate(self.count_weights):
            acc += w
            if roll < acc:
                n = i
                break
        if self.count_scale != 1.0:  # stretch the mix for --controls-per-case
            whole = n * self.count_scale
            n = int(whole) + (1 if rng.random() < whole - int(whole) else 0)
        return n

    def case_rows(
        self, next_id: Callable[[], int], case_id: int, court_id: int, party_id: int, user: Any
    ) -> tuple[list[tuple], list[tuple]]:
        rng, today = self.rng, self.today
        measures: list[tuple] = []
        renewals: list[tuple] = []
        for _ in range(self._how_many()):
            roll = rng.random()
            i = 0
            while roll >= self.kind_cumulative[i] and i < 3:
                i += 1
            prop, _, longest, shorter = self.kinds[i]
            term = longest if rng.random() < 0.85 else shorter
            if prop == "deposit":
                kind, department = "freeze", rng.choice(self.banks)
                identifier = f"62{rng.randrange(10**16, 10**17)}"
                description = "银行账户存款"
            elif prop == "movable":
                seize = rng.random() < 0.3
                kind = "seize" if seize else "seal"
                department = None if seize else self.dep["vehicle"]
                identifier = f"京{'ABCEFGHJKLMNPQ'[rng.randrange(14)]}{rng.randrange(10000, 99999)}"
                description = "小型轿车" if not seize else "机器设备"
            elif prop == "real_estate":
                kind, department = "seal", self.dep["real-estate"]
                year = rng.randint(2008, 2024)
                identifier = f"京（{year}）不动产权第{rng.randrange(10**6, 10**7)}号"
                description = "住宅"
            else:
                kind = "freeze"
                department = self.dep["market-regulation" if rng.random() < 0.7 else "csdc"]
                identifier = f"91110{rng.randrange(10**12, 10**13)}X"
                description = "股权" if department == self.dep["market-regulation"] else "证券"
            amount = (
                Decimal(rng.randrange(500_00, 2_000_000_00)) / 100
                if prop in ("deposit", "other_rights")
                else None
            )
            roll = rng.random()
            status = (
                "in_effect"
                if roll < 0.665
                else "lapsed"
                if roll < 0.755
                else "released"
                if roll < 0.945
                else "requested"
                if roll < 0.965
                else "failed"
                if roll < 0.975
                else "expired"
            )
            start = self.first + timedelta(days=rng.randrange(START_WINDOW_DAYS))
            expires = self.months(start, term)
            released_on = None
            took = self.at(start, rng.randrange(480))
            failure = ""
            mid = next_id()
            if status == "in_effect":
                # 续行 as often as needed: each renewal for no longer than the same maximum.
                while expires < today:
                    renewed = expires - timedelta(days=rng.randint(3, 25))
                    new = self.months(expires, term)
                    renewals.append((mid, "in_effect", "", "", renewed, expires, new, user))
                    expires = new
                if expires <= today + timedelta(days=15) and rng.random() < 0.2:
                    renewals.append(
                        (
                            mid,
                            "requested",
                            "",
                            "",
                            today - timedelta(days=rng.randint(0, 5)),
                            expires,
                            self.months(expires, term),
                            user,
                        )
                    )
                if rng.random() < 0.01:
                    released_on = today - timedelta(days=rng.randint(0, 6))  # release pending
            elif status in ("lapsed", "expired"):
                # Not renewed: the term ended in the past. The start stays within three years.
                if expires >= today:
                    term = min(term, shorter)
                    latest = self.months(today, -term) - timedelta(days=1)
                    days = (latest - self.first).days
                    start = self.first + timedelta(days=rng.randrange(max(days, 1)))
                    expires = self.months(start, term)
                    took = self.at(start, rng.randrange(480))
                status = "in_effect" if status == "lapsed" else status
            elif status == "released":
                end = min(expires, today)
                released_on = min(start + timedelta(days=rng.randint(1, 400)), end)
            elif status == "requested":
                start = today - timedelta(days=rng.randint(0, 10))
                expires, took = self.months(start, term), None
            else:  # failed
                expires, took = None, None
                failure = "该账户已销户" if prop == "deposit" else "登记信息不符"
            deducted = Decimal("0.00")
            row = [
                mid, case_id, court_id, party_id, kind, prop, description, identifier, amount,
                amount, deducted, None, f"（{start.year}）京执{rng.randrange(1, 40000)}号之一",
                "", department, status, start, expires, took, released_on,
                "申请执行人申请解除" if status == "released" else "", failure, user,
            ]  # fmt: skip
            measures.append(row)
            # 扣划 from a deposit freeze that took effect: done at once, no term.
            if (
                prop == "deposit"
                and took is not None
                and amount is not None
                and rng.random() < 0.28
            ):
                part = amount if rng.random() < 0.4 else (amount * rng.randint(10, 90) / 100)
                part = part.quantize(Decimal("0.01"))
                end = min(expires or today, today)
                on = start + timedelta(days=rng.randint(0, max((end - start).days, 0)))
                row[10] = part
                if part == amount and status == "in_effect" and released_on is None:
                    row[15] = "done"  # the freeze wholly transferred
                measures.append(
                    [
                        next_id(), case_id, court_id, party_id, "deduct", "deposit",
                        "划拨存款", identifier, part, part, Decimal("0.00"), mid,
                        f"（{on.year}）京执{rng.randrange(1, 40000)}号之二",
                        f"HK{rng.randrange(10**15, 10**16)}", department, "done", on, None,
                        self.at(on, rng.randrange(480)), None, "", "", user,
                    ]
                )  # fmt: skip
        return measures, renewals


MEASURE_COLUMNS = (
    "id", "case_id", "court_id", "party_id", "kind", "property_kind", "description", "identifier",
    "amount", "requested_amount", "deducted_total", "freeze_id", "ruling", "reference",
    "department_id", "status", "started_on", "expires_on", "took_effect_at", "released_on",
    "release_reason", "failure_reason", "decided_by_id",
)  # fmt: skip
RENEWAL_COLUMNS = (
    "measure_id", "status", "ruling", "failure_reason", "renewed_on", "old_expiry", "new_expiry",
    "decided_by_id",
)  # fmt: skip


def load_controls(*, per_case: float = 2.0, today: date | None = None) -> Counter[str]:
    """About `per_case` controls per loaded case, with their renewals: COPY on PostgreSQL,
    bulk_create on SQLite; one transaction per batch of cases."""
    from django.db import connection, transaction
    from django.utils import timezone

    from zhixing.cases.models import EnforcementCase
    from zhixing.demo.management.commands.seed_bulk import _write_postgresql, _write_sqlite
    from zhixing.linkage.models import LinkedDepartment
    from zhixing.measures.models import ControlMeasure, ControlRenewal
    from zhixing.organization.models import Staff

    today = today or timezone.localdate()
    started = time.perf_counter()
    postgres = connection.vendor == "postgresql"
    users = dict(Staff.objects.values_list("pk", "user_id"))
    departments = dict(LinkedDepartment.objects.values_list("code", "pk"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, c.court_id, c.officer_id, p.id FROM cases_enforcementcase c "
            "JOIN cases_party p ON p.case_id = c.id AND p.role = 'respondent' ORDER BY c.id"
        )
        cases = cursor.fetchall()
    generator = _Controls(today, per_case, departments)
    table = ControlMeasure._meta.db_table
    write = _write_postgresql if postgres else _write_sqlite
    now = timezone.now()
    written: Counter[str] = Counter()
    for first in range(0, len(cases), BATCH_CASES):
        chunk = cases[first : first + BATCH_CASES]
        measures: list[list] = []
        renewals: list[tuple] = []
        # Ids are given here (deductions point at their freeze), one per measure row, from 1 in
        # the batch; the sequence is moved past them inside the batch's transaction.
        next_id = itertools.count(1).__next__
        for case_id, court_id, officer_id, party_id in chunk:
            user = users.get(officer_id) if officer_id else None
            m, r = generator.case_rows(next_id, case_id, court_id, party_id, user)
            measures.extend(m)
            renewals.extend(r)
        if not measures:
            continue
        with transaction.atomic():
            base = _reserve(table, len(measures), postgres)
            for row in measures:
                row[0] += base
                if row[11] is not None:
                    row[11] += base
            renewal_rows = [(mid + base, *rest) for mid, *rest in renewals]
            write(ControlMeasure, (*MEASURE_COLUMNS, "created_at"), (r + [now] for r in measures))
            write(
                ControlRenewal, (*RENEWAL_COLUMNS, "created_at"), (r + (now,) for r in renewal_rows)
            )
        written["controls"] += len(measures)
        written["renewals"] += len(renewal_rows)
        done = first + len(chunk)
        if done // 100_000 > first // 100_000:
            elapsed = time.perf_counter() - started
            print(
                f"  查控措施：已处理 {done:,} 件案件，写入 {written['controls']:,} 条措施"
                f"（{elapsed:.0f} 秒）",
                flush=True,
            )
    seconds = time.perf_counter() - started
    total = written["controls"] + written["renewals"]
    print(
        f"[{connection.vendor}] controls: {written['controls']:,} measures "
        f"({written['controls'] / max(len(cases), 1):.2f} per case) and {written['renewals']:,} "
        f"renewals in {seconds:.0f} s = {total / seconds:,.0f} rows/s",
        flush=True,
    )
    assert EnforcementCase.objects.count() == len(cases)
    return written


def _reserve(table: str, count: int, postgres: bool) -> int:
    """The id just before `count` fresh ids of `table` (PostgreSQL: the sequence moved on)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, count],
            )
            return cursor.fetchone()[0] - count
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return cursor.fetchone()[0]


def _distribution(connection) -> None:
    """The mix written, and what the warning list has to look through per basic court."""
    from django.utils import timezone

    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT CASE WHEN kind = 'deduct' THEN 'deduction done'
                           WHEN status = 'in_effect' AND expires_on < %s THEN 'lapsed (in_effect, past expiry)'
                           WHEN status = 'in_effect' AND released_on IS NOT NULL THEN 'release pending'
                           WHEN status = 'in_effect' THEN 'in_effect (current)'
                           WHEN status = 'done' THEN 'freeze wholly deducted'
                           ELSE status END, property_kind, count(*)
               FROM measures_controlmeasure GROUP BY 1, 2""",
            [today],
        )
        mix: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        for label, kind, n in cursor.fetchall():
            mix[label] += n
            kinds[kind] += n
        cursor.execute(
            """SELECT count(*),
                      count(*) FILTER (WHERE m.expires_on BETWEEN %s AND %s),
                      count(*) FILTER (WHERE m.expires_on < %s)
               FROM measures_controlmeasure m
               WHERE m.status = 'in_effect' AND m.released_on IS NULL
               GROUP BY m.court_id ORDER BY 1""",
            [today, today + timedelta(days=15), today],
        )
        rows = cursor.fetchall()
        size = "?"
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_size_pretty(pg_relation_size('control_expiring_idx'))")
            size = cursor.fetchone()[0]
    total = sum(mix.values()) or 1
    print("  statuses: " + ", ".join(f"{k} {v:,} ({v / total:.0%})" for k, v in mix.most_common()))
    print(
        "  property: " + ", ".join(f"{k} {v:,} ({v / total:.0%})" for k, v in kinds.most_common())
    )
    if rows:
        expiring = sorted(r[1] for r in rows)
        lapsed = sorted(r[2] for r in rows)
        print(
            f"  per basic court ({len(rows)}): status in_effect {rows[0][0]:,}–{rows[-1][0]:,}; "
            f"ending within 15 days {expiring[0]:,}–{expiring[-1]:,}; lapsed without renewal "
            f"{lapsed[0]:,}–{lapsed[-1]:,}; control_expiring_idx {size}"
        )


# ---------------------------------------------------------------------------------------------
# Measuring

SELECT = """
SELECT m.*, c.*, ct.*, p.*, dep.*, msg.* FROM measures_controlmeasure m
JOIN cases_enforcementcase c ON c.id = m.case_id
JOIN organization_court ct ON ct.id = m.court_id
JOIN cases_party p ON p.id = m.party_id
LEFT JOIN linkage_linkeddepartment dep ON dep.id = m.department_id
LEFT JOIN linkage_outboxmessage msg ON msg.id = m.message_id
WHERE m.status = 'in_effect' AND m.released_on IS NULL AND m.court_id IN ({ids}) AND {window}
ORDER BY {order} LIMIT %s"""
EXPIRING_SQL = SELECT.replace("{window}", "m.expires_on >= %s AND m.expires_on <= %s").replace(
    "{order}", "m.expires_on, m.id"
)
EXPIRED_SQL = SELECT.replace("{window}", "m.expires_on < %s").replace(
    "{order}", "m.expires_on DESC, m.id DESC"
)
RENEWALS_SQL = """
SELECT * FROM measures_controlrenewal WHERE status = 'requested' AND measure_id IN ({ids})"""

# The rewrite proposed for a scope of several courts: each court's first page from its own range
# of control_expiring_idx (the scan stops after PAGE rows), the pages merged and cut to PAGE, then
# the joins for those rows only. Same rows, same order as the selector (the bench asserts it).
PER_COURT = """
SELECT m.*, c.*, ct.*, p.*, dep.*, msg.* FROM (
    SELECT x.id, x.expires_on FROM unnest(%s::bigint[]) AS s(court_id)
    CROSS JOIN LATERAL (
        SELECT id, expires_on FROM measures_controlmeasure
        WHERE status = 'in_effect' AND released_on IS NULL AND court_id = s.court_id AND {window}
        ORDER BY {order} LIMIT %s
    ) x
    ORDER BY {order} LIMIT %s
) page
JOIN measures_controlmeasure m ON m.id = page.id
JOIN cases_enforcementcase c ON c.id = m.case_id
JOIN organization_court ct ON ct.id = m.court_id
JOIN cases_party p ON p.id = m.party_id
LEFT JOIN linkage_linkeddepartment dep ON dep.id = m.department_id
LEFT JOIN linkage_outboxmessage msg ON msg.id = m.message_id
ORDER BY {outer}"""
EXPIRING_PER_COURT = (
    PER_COURT.replace("{window}", "expires_on >= %s AND expires_on <= %s")
    .replace("{order}", "expires_on, id")
    .replace("{outer}", "m.expires_on, m.id")
)
EXPIRED_PER_COURT = (
    PER_COURT.replace("{window}", "expires_on < %s")
    .replace("{order}", "expires_on DESC, id DESC")
    .replace("{outer}", "m.expires_on DESC, m.id DESC")
)


def _measure(connection, repeat: int) -> None:
    from django.utils import timezone

    from zhixing.measures.selectors import control as selectors

    today = timezone.localdate()
    until = today + timedelta(days=selectors.warn_days())
    officers, chiefs = bench_actors()

    def ids(user) -> list[int]:
        return sorted(user._zhixing_scope.court_ids)

    def raw(sql: str, params: list, user) -> list:
        courts = ids(user)
        text = sql.replace("{ids}", ", ".join(["%s"] * len(courts)))
        with connection.cursor() as cursor:
            cursor.execute(text, courts + params + [PAGE])
            rows = cursor.fetchall()
            if rows:  # the pending renewals of the page, as prefetch_related fetches them
                marks = ", ".join(["%s"] * len(rows))
                cursor.execute(RENEWALS_SQL.replace("{ids}", marks), [r[0] for r in rows])
                cursor.fetchall()
        return rows

    def per_court(sql: str, params: list, user) -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, [ids(user), *params, PAGE, PAGE])
            rows = cursor.fetchall()
            if rows:
                marks = ", ".join(["%s"] * len(rows))
                cursor.execute(RENEWALS_SQL.replace("{ids}", marks), [r[0] for r in rows])
                cursor.fetchall()
        return rows

    work: list[tuple[str, list, Callable[[Any], list], Callable[[Any], list]]] = [
        (
            "(a) expiring, basic court officer",
            officers,
            lambda u: list(selectors.expiring(actor=u, today=today)[:PAGE]),
            lambda u: raw(EXPIRING_SQL, [today, until], u),
        ),
        (
            "(b) expiring, intermediate chief",
            chiefs,
            lambda u: list(selectors.expiring(actor=u, today=today)[:PAGE]),
            lambda u: raw(EXPIRING_SQL, [today, until], u),
        ),
        (
            "(c) expired, basic court officer",
            officers,
            lambda u: list(selectors.expired(actor=u, today=today)[:PAGE]),
            lambda u: raw(EXPIRED_SQL, [today], u),
        ),
        (
            "(c) expired, intermediate chief",
            chiefs,
            lambda u: list(selectors.expired(actor=u, today=today)[:PAGE]),
            lambda u: raw(EXPIRED_SQL, [today], u),
        ),
    ]
    print(f"\n[{connection.vendor}] {repeat} runs each, different actors in turn; ms")
    print(f"{'query [:301] to a list':34} {'actors':>6} {'ORM median':>11} {'ORM p99':>8} "
          f"{'raw median':>11} {'raw p99':>8} {'ratio':>6}  rows")  # fmt: skip
    for label, actors, orm, baseline in work:
        for user in actors[:5]:  # warm the cache and the connection
            orm(user), baseline(user)
        orm_times, raw_times = [], []
        rows = []
        for i in range(repeat):
            user = actors[i % len(actors)]
            pair = [(orm, orm_times), (baseline, raw_times)]
            got = []
            for fn, times in pair if i % 2 == 0 else reversed(pair):
                start = time.perf_counter()
                result = fn(user)
                times.append(time.perf_counter() - start)
                got.append(result)
            orm_ids = [m.pk for m in got[0 if i % 2 == 0 else 1]]
            raw_ids = [r[0] for r in got[1 if i % 2 == 0 else 0]]
            assert orm_ids == raw_ids, (label, user)  # the same rows in the same order
            rows.append(len(orm_ids))
        (om, op), (rm, rp) = median_p99_ms(orm_times), median_p99_ms(raw_times)
        print(
            f"{label:34} {len(actors):>6} {om:>11.2f} {op:>8.2f} {rm:>11.2f} {rp:>8.2f} "
            f"{om / rm:>5.1f}×  {min(rows):,}–{max(rows):,}",
            flush=True,
        )
    if connection.vendor == "postgresql":  # unnest and LATERAL
        _proposed(connection, repeat, chiefs, today, until, per_court, raw)
    _explain(connection, officers[0], chiefs[-1], today)


def page_then_rows(actor: Any, *, today: date, expired: bool, limit: int):
    """The fix proposed for a scope of several courts, in the ORM: each court's first `limit`
    rows from its own range of control_expiring_idx (UNION ALL of per-court slices, so every
    index scan stops early), merged and cut to `limit` in the database; then the rows of that
    page with the selector's relations. Returns what `expiring`/`expired` return, for `[:limit]`."""
    from zhixing.measures.models import ControlMeasure
    from zhixing.measures.selectors import control as selectors
    from zhixing.organization.selectors import scope_of

    rows = ControlMeasure.objects.filter(status="in_effect", released_on__isnull=True)
    if expired:
        rows, order = rows.filter(expires_on__lt=today), ("-expires_on", "-pk")
    else:
        until = today + timedelta(days=selectors.warn_days())
        rows, order = (
            rows.filter(expires_on__gte=today, expires_on__lte=until),
            ("expires_on", "pk"),
        )
    branches = [
        rows.filter(court_id=court).order_by(*order).values_list("pk", "expires_on")[:limit]
        for court in sorted(scope_of(actor).court_ids)
    ]
    page = branches[0].union(*branches[1:], all=True).order_by(*order)[:limit]
    ids = [pk for pk, _ in page]
    return selectors._with_list_relations(ControlMeasure.objects.filter(pk__in=ids)).order_by(
        *order
    )


def _proposed(connection, repeat, chiefs, today, until, per_court, raw) -> None:
    """The per-court rewrite beside today's selector and SELECT, for the intermediate courts."""
    from zhixing.measures.selectors import control as selectors

    print(
        f"\n[{connection.vendor}] proposed for several courts: per-court pages merged, then the "
        f"rows (ORM: page_then_rows; raw: LATERAL), {repeat} runs each; median / p99 ms"
    )
    print(f"{'query [:301] to a list':30} {'ORM today':>15} {'ORM proposed':>15} "
          f"{'raw today':>15} {'raw proposed':>15}")  # fmt: skip
    for label, expired, orm_sql, per_court_sql, params in (
        ("expiring, intermediate chief", False, EXPIRING_SQL, EXPIRING_PER_COURT, [today, until]),
        ("expired, intermediate chief", True, EXPIRED_SQL, EXPIRED_PER_COURT, [today]),
    ):
        select = selectors.expired if expired else selectors.expiring
        variants = [
            lambda u, select=select: list(select(actor=u, today=today)[:PAGE]),
            lambda u, e=expired: list(page_then_rows(u, today=today, expired=e, limit=PAGE)[:PAGE]),
            lambda u, sql=orm_sql, p=params: raw(sql, p, u),
            lambda u, sql=per_court_sql, p=params: per_court(sql, p, u),
        ]
        for user in chiefs:  # the same rows in the same order, four times
            expected = [m.pk for m in variants[0](user)]
            assert [m.pk for m in variants[1](user)] == expected, (label, user)
            assert [r[0] for r in variants[2](user)] == expected, (label, user)
            assert [r[0] for r in variants[3](user)] == expected, (label, user)
        times: list[list[float]] = [[] for _ in variants]
        for i in range(repeat):
            user = chiefs[i % len(chiefs)]
            order = list(range(len(variants)))
            random.Random(i).shuffle(order)
            for k in order:
                start = time.perf_counter()
                variants[k](user)
                times[k].append(time.perf_counter() - start)
        cells = ["{:>6.1f} / {:>6.1f}".format(*median_p99_ms(t)) for t in times]
        print(f"{label:30} " + " ".join(f"{c:>15}" for c in cells))
    chief = chiefs[-1]
    page = (
        "expired, intermediate chief — proposed, first query (the page's ids)",
        _page_query(chief, today),
    )
    print(f"\n{page[0]}:")
    plan = page[1].explain(analyze=True, buffers=True)
    print("\n".join("    " + line for line in plan.splitlines()))


def _page_query(actor, today):
    """page_then_rows' first query, for EXPLAIN."""
    from zhixing.measures.models import ControlMeasure

    rows = ControlMeasure.objects.filter(
        status="in_effect", released_on__isnull=True, expires_on__lt=today
    )
    order = ("-expires_on", "-pk")
    branches = [
        rows.filter(court_id=court).order_by(*order).values_list("pk", "expires_on")[:PAGE]
        for court in sorted(actor._zhixing_scope.court_ids)
    ]
    return branches[0].union(*branches[1:], all=True).order_by(*order)[:PAGE]


def _explain(connection, officer, chief, today) -> None:
    """The ORM's own statements (QuerySet.explain), explained by the database."""
    from zhixing.measures.selectors import control as selectors

    postgres = connection.vendor == "postgresql"
    options = dict(analyze=True, buffers=True) if postgres else {}
    courts = len(chief._zhixing_scope.court_ids)
    for label, qs in (
        ("expiring, basic court officer", selectors.expiring(actor=officer, today=today)),
        (
            f"expiring, intermediate chief ({courts} courts)",
            selectors.expiring(actor=chief, today=today),
        ),
        ("expired, basic court officer", selectors.expired(actor=officer, today=today)),
        (
            f"expired, intermediate chief ({courts} courts)",
            selectors.expired(actor=chief, today=today),
        ),
    ):
        plan = qs[:PAGE].explain(**options)
        print(f"\n{label}:")
        print("\n".join("    " + line for line in plan.splitlines()))
    sql = str(selectors.expiring(actor=officer, today=today)[:PAGE].query)
    print(f"\nORM SQL (expiring):\n    {sql}")


if __name__ == "__main__":
    main()
