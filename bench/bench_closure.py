"""Closure and review (issue 5): statistics, the after-终本 duty, resumptions and /reviews/ at 1 million
cases.

Set-up, in a throwaway PostgreSQL database named `zhixing_bench_closure` (not the suite's test_test,
nor another bench's database): Beijing's courts and demo staff (`seed-demo --no-cases`), then
`seed-bulk`'s loader (COPY) for the cases, then the rows below written here with COPY, then VACUUM
ANALYZE. One random.Random(SEED): the same data every run.

What is added to the bulk cases (seed-bulk closes about 37% of them, all `fully_performed`, over the
last 330 days):
  * closures: of the closed cases, 30% become `round_terminated` (终本) with `closed_on` spread
    evenly over the last 5 years (received_on and filed_on moved by the same number of days, so
    the case still makes sense; year and number unchanged), 5% `terminated` (终结执行) with their
    own date; the rest stay `fully_performed`.
  * `closure_reinquiry`: for each 终本 case its 10 rounds, due every 6 months from closed_on
    (`rules.after.re_inquiry_dues`, 法〔2016〕373号 第9条). A round due before today was sent within 2
    days of its due date and answered 3–20 days later (4% found property, the applicant told) —
    except the rounds of the last 3 days (90% not yet sent: the duty has not run) and 0.3% of the
    older ones (left unsent: refused, tried again each run); that makes a few thousand due and
    unsent. Sent in the last 20 days: some answers still outstanding (the duty's "in flight").
    Rounds after a resumption are `cancelled`. No linked outbox messages (the M2M stays empty).
  * `closure_resumptionflag`: 8% of 终本 cases were flagged once (found by a round 60%, a new lead
    25%, the applicant 15%); of those about 35% still open (raised mostly in the last 60 days, a
    tail up to a year: the worklist's "none left waiting"), 45% resumed (their later rounds
    cancelled; no 执恢 case is created, `resumed_case` stays empty), 20% dismissed.
  * `review_reviewcase`: ~2% of the docketed and closed cases get one review matter: act objection
    50%, third-party objection 25%, reconsideration 10%, court change 8%, supervision 5%,
    coordination 2%; heard by the case's court or the next-higher court (`rules.review.KINDS`);
    received over the last year; filed (审查中) when received in the last 30 days (90%) and 4% of the
    older ones (overdue), withdrawn 7%, decided otherwise; numbers from 1 per court, 类型代字 and
    year (unique); the hearing court's demo judge presides and is the panel (one M2M row); each
    matter with a ruling period gets its `cases_casedeadline` row (instance = node_seq, due from
    the legal calendar, met on the decision), which is where the list's `due_on` comes from. No
    node events are written for the reviews.

Measured, each `--repeat` times over different actors, median and p99 in ms, beside the raw SQL of
the same SELECT in the same run (alternating which runs first), rows asserted equal:
  (a) `selectors.closing.closure_statistics` over the last 12 months (what /closures/statistics/
      computes): a basic court's officer, an intermediate court's chief (its 6–7 courts);
  (b) the `closure.after_round_termination` duty's reads: `services.after.re_inquiries_due(today)`
      evaluated to a list (the duty takes every row: there is no limit) and
      `re_inquiries_in_flight()` (its safety net) — nothing is sent;
  (c) `selectors.after.worklist_items` (the officer's 待恢复执行 worklist section, 50 rows) and the
      /resumptions/ page's rows (`open_flags(actor)` to a list plus the view's two `_may` checks
      per row; the page has no limit) for a basic court's officer;
  (d) /reviews/ first page: `review.selectors.cases.review_list(actor, today)[:301]` to a list
      (prefetching the panel) for an intermediate court's chief; and for a basic court's officer.
Then EXPLAIN (ANALYZE, BUFFERS) of the ORM's own queries (`QuerySet.explain`).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_closure.py
     [--cases 1000000] [--repeat 200] [--keep | --reuse]
`--keep` leaves the database for queries by hand, `--reuse` measures again on it; drop it yourself
afterwards (DROP DATABASE zhixing_bench_closure). The raw SQL mirrors the selectors as of
2026-11-27: keep them in step. PostgreSQL only (its loader and queries use PostgreSQL's SQL).
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _setup import add_database_options, bench_actors, median_p99_ms, on_bench_database  # noqa: E402

BENCH_DATABASE = "zhixing_bench_closure"  # never drop another engineer's run
SEED = 373
YEARS_BACK = 5 * 365
REVIEW_PAGE = 301  # review.views.cases.LIST_LIMIT + 1
NODE_SEQ = 100  # the review's filing node on the case's timeline (after every bulk event)
BATCH_CASES = 20_000

REVIEW_KINDS = (  # kind, weight
    ("act_objection", 0.50),
    ("third_party_objection", 0.25),
    ("reconsideration", 0.10),
    ("court_change", 0.08),
    ("supervision", 0.05),
    ("coordination", 0.02),
)
DEADLINE_OF = {
    "act_objection": "objection_ruling",
    "third_party_objection": "third_party_ruling",
    "reconsideration": "reconsideration_decision",
}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_options(parser)
    return parser.parse_args()


def main() -> None:
    on_bench_database(
        BENCH_DATABASE, "bench_closure.py", _arguments(), _run, _remeasure, sqlite=False
    )


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
        f"[{connection.vendor}] courts and demo staff in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    report = bulk_load(cases=cases, progress=lambda line: print("  " + line, flush=True))
    print(
        f"[{connection.vendor}] seed-bulk: {report.cases:,} cases, {report.total_rows:,} rows "
        f"({', '.join(f'{k} {v:,}' for k, v in report.rows.items())}) in {report.seconds:.0f} s"
        f" = {report.cases / report.seconds:,.0f} cases/s",
        flush=True,
    )
    load_closure()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in (
            "cases_enforcementcase",
            "cases_casedeadline",
            "closure_reinquiry",
            "closure_resumptionflag",
            "review_reviewcase",
            "review_reviewcase_panel",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}" if postgres else f"ANALYZE {table}")
    print(f"[{connection.vendor}] VACUUM ANALYZE: {time.perf_counter() - started:.0f} s")
    _distribution(connection)
    _measure(connection, args.repeat)


# ---------------------------------------------------------------------------------------------
# Loading


def _reserve(table: str, count: int, postgres: bool) -> int:
    """The id just before `count` fresh ids of `table` (PostgreSQL: the sequence moved on)."""
    from django.db import connection

    if count == 0:
        return 0
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


def load_closure(*, today: date | None = None) -> Counter[str]:
    """Closure modes, the 终本 cases' rounds and flags, and the review matters (see the module
    docstring); COPY on PostgreSQL, bulk_create on SQLite."""
    from django.db import connection, transaction
    from django.utils import timezone

    from zhixing.demo.management.commands.seed_bulk import _write_postgresql, _write_sqlite

    today = today or timezone.localdate()
    postgres = connection.vendor == "postgresql"
    write = _write_postgresql if postgres else _write_sqlite
    rng = random.Random(SEED)
    written: Counter[str] = Counter()
    started = time.perf_counter()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, court_id, closed_on FROM cases_enforcementcase "
            "WHERE status = 'closed' ORDER BY id"
        )
        closed = cursor.fetchall()
    round_terminated: list[tuple[int, int, date]] = []
    changes: list[tuple[int, str, date, int]] = []  # id, mode, closed_on, days moved
    for case_id, court_id, old in closed:
        roll = rng.random()
        if roll < 0.30:
            new = today - timedelta(days=rng.randrange(1, YEARS_BACK))
            changes.append((case_id, "round_terminated", new, (new - old).days))
            round_terminated.append((case_id, court_id, new))
        elif roll < 0.35:
            changes.append((case_id, "terminated", old, 0))
    with transaction.atomic(), connection.cursor() as cursor:
        for first in range(0, len(changes), 5_000):
            chunk = changes[first : first + 5_000]
            values = ", ".join(["(%s, %s, %s::date, %s)"] * len(chunk))
            cursor.execute(
                f"""UPDATE cases_enforcementcase AS c
                    SET closure_mode = t.mode, closed_on = t.closed_on,
                        received_on = c.received_on + t.moved,
                        filed_on = c.filed_on + t.moved
                    FROM (VALUES {values}) AS t(id, mode, closed_on, moved)
                    WHERE c.id = t.id""",
                [v for row in chunk for v in row],
            )
    written["cases re-closed"] = len(changes)
    written["终本 cases"] = len(round_terminated)
    print(
        f"  结案方式：{len(round_terminated):,} 件改为终本，"
        f"{len(changes) - len(round_terminated):,} 件改为终结执行（{time.perf_counter() - started:.0f} 秒）",
        flush=True,
    )
    _load_after(round_terminated, today, rng, write, postgres, written)
    _load_reviews(today, rng, write, postgres, written)
    seconds = time.perf_counter() - started
    print(
        f"[{connection.vendor}] closure and review rows: "
        + ", ".join(f"{k} {v:,}" for k, v in written.items())
        + f" in {seconds:.0f} s",
        flush=True,
    )
    return written


def _load_after(round_terminated, today, rng, write, postgres, written) -> None:
    from django.db import transaction

    from zhixing.closure.models import ReInquiry, ResumptionFlag
    from zhixing.closure.rules.after import re_inquiry_dues

    re_columns = (
        "id", "case_id", "court_id", "round", "due_on", "sent_on", "answered_on", "found",
        "result", "told_on", "cancelled",
    )  # fmt: skip
    flag_columns = (
        "case_id", "court_id", "source", "raised_on", "detail", "re_inquiry_id", "lead_id",
        "status", "handled_on", "handling_note",
    )  # fmt: skip
    recent = today - timedelta(days=3)
    for first in range(0, len(round_terminated), BATCH_CASES):
        chunk = round_terminated[first : first + BATCH_CASES]
        rounds: list[list[Any]] = []
        flags: list[tuple] = []
        for case_id, court_id, closed_on in chunk:
            dues = re_inquiry_dues(closed_on)
            flag = None
            if rng.random() < 0.08:  # flagged once after 终本
                status_roll = rng.random()
                status = (
                    "open"
                    if status_roll < 0.35
                    else "resumed"
                    if status_roll < 0.80
                    else "dismissed"
                )
                if status == "open":
                    back = rng.randrange(60) if rng.random() < 0.85 else rng.randrange(60, 365)
                else:
                    back = rng.randrange(30, YEARS_BACK)
                raised = max(today - timedelta(days=back), closed_on + timedelta(days=1))
                raised = min(raised, today)
                roll = rng.random()
                source = "re_inquiry" if roll < 0.60 else "lead" if roll < 0.85 else "applicant"
                flag = [source, raised, status]
            flag_round = None
            for n, due in enumerate(dues, start=1):
                cancelled = flag is not None and flag[2] == "resumed" and due > flag[1]
                sent = answered = told = None
                found, result = False, ""
                if due <= today and not cancelled:
                    unsent = rng.random() < (0.9 if due >= recent else 0.003)
                    if not unsent:
                        sent = min(due + timedelta(days=rng.randint(0, 2)), today)
                        answer = sent + timedelta(days=rng.randint(3, 20))
                        if answer <= today:
                            answered = answer
                            found = rng.random() < 0.04
                            result = "发现被执行人名下银行存款" if found else "未发现可供执行的财产"
                            told = min(answered + timedelta(days=rng.randint(1, 5)), today)
                if (
                    flag is not None
                    and flag[0] == "re_inquiry"
                    and flag_round is None
                    and answered is not None
                    and answered <= flag[1]
                    and (n == len(dues) or dues[n] > flag[1])
                ):
                    flag_round = len(rounds)
                rounds.append(
                    [0, case_id, court_id, n, due, sent, answered, found, result, told, cancelled]
                )
            if flag is not None:
                source, raised, status = flag
                handled = None if status == "open" else min(raised + timedelta(days=20), today)
                detail = {
                    "re_inquiry": "终本后定期查询发现被执行人名下银行存款",
                    "lead": "申请执行人提供新的财产线索：被执行人名下车辆",
                    "applicant": "申请执行人申请恢复执行，称发现被执行人新的财产",
                }[source]
                note = {"open": "", "resumed": "已立执恢案件", "dismissed": "经核查财产已处置"}
                flags.append(
                    (
                        case_id,
                        court_id,
                        source,
                        raised,
                        detail,
                        flag_round,
                        None,
                        status,
                        handled,
                        note[status],
                    )  # fmt: skip
                )
        with transaction.atomic():
            base = _reserve(ReInquiry._meta.db_table, len(rounds), postgres)
            for i, row in enumerate(rounds, start=1):
                row[0] = base + i
            write(ReInquiry, re_columns, rounds)
            flag_rows = [
                (*f[:5], rounds[f[5]][0] if f[5] is not None else None, *f[6:]) for f in flags
            ]
            write(ResumptionFlag, flag_columns, flag_rows)
        written["re-inquiries"] += len(rounds)
        written["resumption flags"] += len(flags)


def _load_reviews(today, rng, write, postgres, written) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from zhixing.cases.models import CaseDeadline
    from zhixing.core.calendar import legal_calendar
    from zhixing.core.rules.case_number import format_case_number
    from zhixing.organization.models import Court, Staff
    from zhixing.review.models import ReviewCase
    from zhixing.review.rules.review import KINDS, Hearing, Kind
    from zhixing.review.services.cases import type_code_of

    calendar = legal_calendar()
    dues: dict[tuple[date, int], date] = {}
    courts = {c.pk: c for c in Court.objects.all()}
    judges = {
        s.court_id: s.pk
        for s in Staff.objects.filter(user__username__regex=r"^[a-z0-9]+_judge$").order_by("-pk")
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT court_id, type_code, year, max(serial) FROM review_reviewcase GROUP BY 1, 2, 3"
        )
        serials: Counter[tuple[int, str, int]] = Counter(
            {(c, t, y): s for c, t, y, s in cursor.fetchall()}
        )
        cursor.execute(
            "SELECT c.id, c.court_id, p.name FROM cases_enforcementcase c "
            "JOIN cases_party p ON p.case_id = c.id AND p.role = 'respondent' "
            "WHERE c.status IN ('docketed', 'closed') ORDER BY c.id"
        )
        candidates = cursor.fetchall()
        cursor.execute("SELECT count(*) FROM cases_enforcementcase")
        share = min(1.0, 0.02 * cursor.fetchone()[0] / max(len(candidates), 1))  # 2% of all cases
    chosen = [c for c in candidates if rng.random() < share]
    kinds, weights = zip(*REVIEW_KINDS, strict=True)
    now = timezone.now()
    reviews: list[list[Any]] = []
    deadlines: list[tuple] = []
    for case_id, court_id, respondent in chosen:
        kind = Kind(rng.choices(kinds, weights)[0])
        rule = KINDS[kind]
        hearing = court_id if rule.hearing is Hearing.OWN else courts[court_id].parent_id
        received = today - timedelta(days=rng.randrange(365))
        roll = rng.random()
        if (today - received).days < 30:
            status = "filed" if roll < 0.90 else "decided"
        else:
            status = "filed" if roll < 0.04 else "withdrawn" if roll < 0.11 else "decided"
        decided = served = None
        outcome = ""
        if status != "filed":
            decided = min(received + timedelta(days=rng.randint(3, rule.ruling_days or 60)), today)
        if status == "decided":
            outcome = rng.choice(rule.outcomes).value
            served = decided + timedelta(days=3) if decided + timedelta(days=3) <= today else None
        type_code = type_code_of(kind)
        key = (hearing, type_code, received.year)
        serials[key] += 1
        number = format_case_number(
            year=received.year,
            court_code=courts[hearing].code,
            type_code=type_code,
            serial=serials[key],
        )
        applicant = respondent if kind is not Kind.THIRD_PARTY_OBJECTION else "案外人王某"
        judge = judges.get(hearing)
        reviews.append(
            [
                0,
                hearing,
                kind.value,
                type_code,
                received.year,
                serials[key],
                number,
                case_id,
                court_id,
                applicant,
                f"请求撤销（{rule.label}）所涉执行行为",
                "被执行人名下车辆" if kind is Kind.THIRD_PARTY_OBJECTION else "",
                received,
                NODE_SEQ,
                judge,
                status,
                decided,
                outcome,
                "",
                served,
                now,
            ]  # fmt: skip
        )
        code = DEADLINE_OF.get(kind.value)
        if code is not None and rule.ruling_days:
            due_key = (received, rule.ruling_days)
            due = dues.get(due_key)
            if due is None:
                due = dues[due_key] = calendar.period_end(received, days=rule.ruling_days).due
            deadlines.append(
                (
                    case_id,
                    court_id,
                    code,
                    NODE_SEQ,
                    received,
                    due,
                    decided,
                    False,
                    0,
                    None,
                    False,
                    status == "withdrawn",
                    judge,
                )  # fmt: skip
            )
    review_columns = (
        "id", "court_id", "kind", "type_code", "year", "serial", "case_number", "case_id",
        "case_court_id", "applicant", "subject", "item", "received_on", "node_seq", "judge_id", "status", "decided_on",
        "outcome", "reasoning", "served_on", "created_at",
    )  # fmt: skip
    deadline_columns = (
        "case_id", "court_id", "code", "instance", "started_on", "due_on", "met_on", "paused",
        "extended_months", "moved_from", "provisional", "ended", "responsible_id",
    )  # fmt: skip
    Panel = ReviewCase.panel.through
    with transaction.atomic():
        base = _reserve(ReviewCase._meta.db_table, len(reviews), postgres)
        for i, row in enumerate(reviews, start=1):
            row[0] = base + i
        write(ReviewCase, review_columns, reviews)
        panel = [(row[0], row[13]) for row in reviews if row[13] is not None]
        write(Panel, ("reviewcase_id", "staff_id"), panel)
        write(CaseDeadline, deadline_columns, deadlines)
    written["reviews"] += len(reviews)
    written["review panel rows"] += len(panel)
    written["review deadlines"] += len(deadlines)


def _distribution(connection) -> None:
    """The mix written, and what each list has to look through per court."""
    from django.utils import timezone

    today = timezone.localdate()
    year_ago = today - timedelta(days=365)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, closure_mode, count(*), count(*) FILTER (WHERE closed_on >= %s) "
            "FROM cases_enforcementcase GROUP BY 1, 2 ORDER BY 3 DESC",
            [year_ago],
        )
        print(
            "  cases: "
            + ", ".join(
                f"{s}/{m or '-'} {n:,} (last 12 months {y:,})" for s, m, n, y in cursor.fetchall()
            )
        )
        cursor.execute(
            """SELECT count(*),
                      count(*) FILTER (WHERE due_on <= %s),
                      count(*) FILTER (WHERE sent_on IS NOT NULL),
                      count(*) FILTER (WHERE due_on <= %s AND sent_on IS NULL AND NOT cancelled),
                      count(*) FILTER (WHERE sent_on IS NOT NULL AND answered_on IS NULL
                                       AND NOT cancelled),
                      count(*) FILTER (WHERE cancelled)
               FROM closure_reinquiry""",
            [today, today],
        )
        n, due, sent, unsent, flight, cancelled = cursor.fetchone()
        print(
            f"  re-inquiries: {n:,}; due by today {due:,}, sent {sent:,}, due and unsent "
            f"{unsent:,}, sent and unanswered {flight:,}, cancelled {cancelled:,}"
        )
        cursor.execute("SELECT status, count(*) FROM closure_resumptionflag GROUP BY 1 ORDER BY 1")
        flags = ", ".join(f"{s} {k:,}" for s, k in cursor.fetchall())
        cursor.execute(
            "SELECT min(k), max(k) FROM (SELECT count(*) k FROM closure_resumptionflag "
            "WHERE status = 'open' GROUP BY court_id) x"
        )
        lo, hi = cursor.fetchone()
        print(f"  resumption flags: {flags}; open per basic court {lo}–{hi}")
        cursor.execute("SELECT status, count(*) FROM review_reviewcase GROUP BY 1 ORDER BY 1")
        reviews = ", ".join(f"{s} {k:,}" for s, k in cursor.fetchall())
        cursor.execute(
            """SELECT ct.slug, count(*) FROM review_reviewcase r
               JOIN cases_enforcementcase c ON c.id = r.case_id
               JOIN organization_court ct ON ct.id = c.court_id
               GROUP BY ct.parent_id, ct.slug ORDER BY 2 DESC LIMIT 3"""
        )
        top = ", ".join(f"{s} {k:,}" for s, k in cursor.fetchall())
    print(f"  reviews: {reviews}; most per enforcing court: {top}")


# ---------------------------------------------------------------------------------------------
# Measuring

STATISTICS_SQL = """
SELECT c.court_id, c.closure_mode, count(*) AS n FROM cases_enforcementcase c
WHERE c.status = 'closed' AND c.closed_on >= %s AND c.closed_on <= %s AND c.court_id IN ({ids})
GROUP BY c.court_id, c.closure_mode"""
COURT_NAMES_SQL = "SELECT id, name FROM organization_court WHERE id IN ({ids})"
DUE_SQL = """
SELECT r.* FROM closure_reinquiry r JOIN cases_enforcementcase c ON c.id = r.case_id
WHERE r.sent_on IS NULL AND NOT r.cancelled AND r.due_on <= %s
  AND c.status = 'closed' AND c.closure_mode = 'round_terminated'
ORDER BY r.due_on, r.id LIMIT 500"""
IN_FLIGHT_IDS_SQL = """
SELECT DISTINCT r.case_id FROM closure_reinquiry r
WHERE r.sent_on IS NOT NULL AND r.answered_on IS NULL AND NOT r.cancelled"""
IN_FLIGHT_SQL = "SELECT c.* FROM cases_enforcementcase c WHERE c.id IN ({ids}) ORDER BY c.id"
FLAGS_SQL = """
SELECT f.*, c.*, o.*, ct.* FROM closure_resumptionflag f
JOIN cases_enforcementcase c ON c.id = f.case_id
LEFT JOIN organization_staff o ON o.id = c.officer_id
JOIN organization_court ct ON ct.id = f.court_id
WHERE f.status = 'open' AND f.court_id IN ({ids}) {mine}
ORDER BY f.raised_on, f.id {limit}"""
REVIEWS_SQL = """
SELECT r.*, hc.*, cc.*, j.*, p.*,
       (SELECT d.due_on FROM cases_casedeadline d
        WHERE d.case_id = r.case_id AND d.instance = r.node_seq
          AND d.code IN ('objection_ruling', 'third_party_ruling', 'reconsideration_decision')
        LIMIT 1) AS due_on,
       r.case_id AS case_ref
FROM review_reviewcase r
JOIN organization_court hc ON hc.id = r.court_id
JOIN organization_court cc ON cc.id = r.case_court_id
LEFT JOIN organization_staff j ON j.id = r.judge_id
LEFT JOIN review_reviewcase p ON p.id = r.parent_id
WHERE r.court_id IN ({ids}) OR r.case_court_id IN ({ids})
ORDER BY CASE WHEN r.status = 'filed' THEN 0 ELSE 1 END, due_on ASC, r.received_on ASC, r.id ASC
LIMIT %s"""
CASES_BY_ID_SQL = "SELECT c.* FROM cases_enforcementcase c WHERE c.id IN ({ids})"
PANEL_SQL = """
SELECT x.reviewcase_id, s.* FROM organization_staff s
JOIN review_reviewcase_panel x ON x.staff_id = s.id WHERE x.reviewcase_id IN ({ids})"""


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def _measure(connection, repeat: int) -> None:
    from django.utils import timezone

    from zhixing.cases.rules.nodes import FILING_ROLES, IMPLEMENTATION_ROLES
    from zhixing.closure.selectors import after as after_selectors
    from zhixing.closure.selectors import closing
    from zhixing.closure.services import after as after_services
    from zhixing.closure.views.after import FLAG_FORMS, _may
    from zhixing.organization.selectors import staff_of
    from zhixing.review.selectors import cases as review_selectors

    today = timezone.localdate()
    start = today - timedelta(days=365)
    officers, chiefs = bench_actors()
    system = [None]

    def ids(user) -> list[int]:
        return sorted(user._zhixing_scope.court_ids)

    def run(sql: str, params: list) -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    # (a) statistics ------------------------------------------------------------------------
    def stats_orm(user) -> list:
        rows, total = closing.closure_statistics(actor=user, start=start, end=today)
        return sorted((r.court_id, m, n) for r in rows for m, n in r.by_mode.items())

    def stats_raw(user) -> list:
        courts = ids(user)
        counts = run(STATISTICS_SQL.replace("{ids}", _marks(courts)), [start, today, *courts])
        found = sorted({c for c, _, _ in counts})
        if found:
            run(COURT_NAMES_SQL.replace("{ids}", _marks(found)), found)
        merged: Counter[tuple[int, str]] = Counter()
        for court, mode, n in counts:
            merged[(court, mode or "unknown")] += n
        return sorted((c, m, n) for (c, m), n in merged.items())

    # (b) the duty's reads ------------------------------------------------------------------
    def due_orm(_) -> list:  # one batch, as the duty reads them (closure.duties.BATCH)
        return [r.pk for r in list(after_services.re_inquiries_due(today)[:500])]

    def due_raw(_) -> list:
        return [r[0] for r in run(DUE_SQL, [today])]

    def flight_orm(_) -> list:
        return [c.pk for c in list(after_services.re_inquiries_in_flight())]

    def flight_raw(_) -> list:
        case_ids = [r[0] for r in run(IN_FLIGHT_IDS_SQL, [])]
        if not case_ids:
            return []
        return [r[0] for r in run(IN_FLIGHT_SQL.replace("{ids}", _marks(case_ids)), case_ids)]

    # (c) resumptions -----------------------------------------------------------------------
    def worklist_orm(user) -> list:
        items = after_selectors.worklist_items(user, today)
        return [int(i.url.rsplit("-", 1)[1]) for i in items]

    def worklist_raw(user) -> list:
        courts = ids(user)
        sql = (
            FLAGS_SQL.replace("{ids}", _marks(courts))
            .replace("{mine}", "AND c.officer_id = %s")
            .replace("{limit}", "LIMIT 50")
        )
        return [r[0] for r in run(sql, [*courts, staff_of(user).pk])]

    def resumptions_orm(user) -> list:
        rows = []
        for flag in after_selectors.open_flags(actor=user):
            for action in FLAG_FORMS:  # the view's checks per row (forms not built here)
                _may(
                    user,
                    flag.court_id,
                    FILING_ROLES if action == "resume" else IMPLEMENTATION_ROLES,
                )
            rows.append(flag.pk)
        return rows

    def resumptions_raw(user) -> list:
        courts = ids(user)
        sql = (
            FLAGS_SQL.replace("{ids}", _marks(courts)).replace("{mine}", "").replace("{limit}", "")
        )
        return [r[0] for r in run(sql, courts)]

    # (d) reviews ---------------------------------------------------------------------------
    def reviews_orm(user) -> list:
        rows = list(review_selectors.review_list(actor=user, today=today)[:REVIEW_PAGE])
        return [r.pk for r in rows]

    def reviews_raw(user) -> list:
        courts = ids(user)
        sql = REVIEWS_SQL.replace("{ids}", _marks(courts))
        rows = run(sql, [*courts, *courts, REVIEW_PAGE])
        if rows:
            keys = [r[0] for r in rows]
            run(PANEL_SQL.replace("{ids}", _marks(keys)), keys)
            cases = sorted({r[-1] for r in rows})  # case_ref, the last column
            run(CASES_BY_ID_SQL.replace("{ids}", _marks(cases)), cases)
        return [r[0] for r in rows]

    work: list[tuple[str, list, Callable[[Any], list], Callable[[Any], list]]] = [
        ("(a) statistics 12 mo, basic officer", officers, stats_orm, stats_raw),
        ("(a) statistics 12 mo, intermediate", chiefs, stats_orm, stats_raw),
        ("(b) duty: re_inquiries_due (one batch of 500)", system, due_orm, due_raw),
        ("(b) duty: re_inquiries_in_flight", system, flight_orm, flight_raw),
        ("(c) worklist 待恢复执行, officer", officers, worklist_orm, worklist_raw),
        ("(c) /resumptions/ rows, officer", officers, resumptions_orm, resumptions_raw),
        ("(d) /reviews/ [:301], intermediate", chiefs, reviews_orm, reviews_raw),
        ("(d) /reviews/ [:301], basic officer", officers, reviews_orm, reviews_raw),
    ]
    print(f"\n[{connection.vendor}] {repeat} runs each (the duty: {max(repeat // 10, 10)}), "
          f"different actors in turn; ms")  # fmt: skip
    print(f"{'query':38} {'actors':>6} {'ORM median':>11} {'ORM p99':>8} "
          f"{'raw median':>11} {'raw p99':>8} {'ratio':>6}  rows")  # fmt: skip
    for label, actors, orm, baseline in work:
        times = repeat if actors is not system else max(repeat // 10, 10)
        for user in actors[:5]:  # warm the cache and the connection
            orm(user), baseline(user)
        orm_times, raw_times = [], []
        rows = []
        for i in range(times):
            user = actors[i % len(actors)]
            pair = [(orm, orm_times), (baseline, raw_times)]
            got = []
            for fn, samples in pair if i % 2 == 0 else reversed(pair):
                began = time.perf_counter()
                result = fn(user)
                samples.append(time.perf_counter() - began)
                got.append(result)
            if i % 2:
                got.reverse()
            assert got[0] == got[1], (label, user, got[0][:5], got[1][:5])  # same rows, same order
            rows.append(len(got[0]))
        (om, op), (rm, rp) = median_p99_ms(orm_times), median_p99_ms(raw_times)
        print(
            f"{label:38} {len(actors):>6} {om:>11.2f} {op:>8.2f} {rm:>11.2f} {rp:>8.2f} "
            f"{om / rm:>5.1f}×  {min(rows):,}–{max(rows):,}",
            flush=True,
        )
    _explain(connection, officers[0], chiefs[-1], today, start)


def _explain(connection, officer, chief, today, start) -> None:
    """The ORM's own statements (QuerySet.explain), explained by the database."""
    from django.db.models import Count

    from zhixing.cases.models import EnforcementCase
    from zhixing.closure.selectors import after as after_selectors
    from zhixing.closure.services import after as after_services
    from zhixing.organization.selectors import scope_of, staff_of
    from zhixing.review.selectors import cases as review_selectors

    postgres = connection.vendor == "postgresql"
    options = dict(analyze=True, buffers=True) if postgres else {}

    def statistics(actor):  # closing.closure_statistics' grouped query, as it builds it
        qs = scope_of(actor).restrict(
            EnforcementCase.objects.filter(
                status=EnforcementCase.Status.CLOSED, closed_on__gte=start, closed_on__lte=today
            ),
            "court",
        )
        return qs.values("court_id", "closure_mode").annotate(n=Count("id")).order_by()

    courts = len(chief._zhixing_scope.court_ids)
    for label, qs in (
        ("(a) statistics, basic court officer", statistics(officer)),
        (f"(a) statistics, intermediate chief ({courts} courts)", statistics(chief)),
        ("(b) re_inquiries_due", after_services.re_inquiries_due(today)),
        ("(b) re_inquiries_in_flight", after_services.re_inquiries_in_flight()),
        (
            "(c) worklist section, officer",
            after_selectors.open_flags(actor=officer).filter(case__officer=staff_of(officer))[:50],
        ),
        ("(c) /resumptions/, officer", after_selectors.open_flags(actor=officer)),
        (
            f"(d) /reviews/, intermediate chief ({courts} courts)",
            review_selectors.review_list(actor=chief, today=today)[:REVIEW_PAGE],
        ),
        (
            "(d) /reviews/, basic court officer",
            review_selectors.review_list(actor=officer, today=today)[:REVIEW_PAGE],
        ),
    ):
        plan = qs.explain(**options)
        print(f"\n{label}:")
        print("\n".join("    " + line for line in plan.splitlines()))
    sql = str(review_selectors.review_list(actor=chief, today=today)[:REVIEW_PAGE].query)
    print(f"\nORM SQL (/reviews/):\n    {sql}")


if __name__ == "__main__":
    main()
