"""`python -m zhixing seed-bulk --cases N [--court-codes 京0105,…] [--listings M]`: N realistic
enforcement cases with their parties, basis, node events and deadline rows, for benchmarks; and M
dishonest-debtor listings on the docketed cases (`zhixing.demo.bulk_credit`, which says how).

Straight into the tables, not through the services: no audit records and no party notifications,
so never run it on a court's real data. PostgreSQL gets COPY (psycopg 3 `cursor.copy`), SQLite
`bulk_create` in batches. Each case follows one of a handful of node-history templates; its deadline
rows come from `cases.rules.deadlines.compute_deadlines`, computed once per (template, received
date) and reused, so a million cases take minutes. Case numbers take their serials from
CaseNumberSequence under its row lock, batch by batch, so a clerk docketing afterwards gets the
next number.
"""

from __future__ import annotations

import json
import random
import time
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from zhixing.cases.models import (
    CaseDeadline,
    CaseNumberSequence,
    EnforcementBasis,
    EnforcementCase,
    NodeEvent,
    Party,
)
from zhixing.cases.rules import deadlines as dl
from zhixing.cases.rules.filing import ACCEPTANCE_ITEMS, limitation_warning
from zhixing.cases.rules.nodes import NodeCode, Recorded, current_stage
from zhixing.cases.services import QUERY_CODE_ALPHABET
from zhixing.core.calendar import legal_calendar
from zhixing.core.rules.calendar import LegalCalendar
from zhixing.core.rules.case_number import format_case_number
from zhixing.core.rules.roles import Role
from zhixing.demo import cases as people
from zhixing.organization.models import Court, Staff

SEED = 2026
WINDOW_DAYS = 330
PROGRESS_EVERY = 100_000
ACTOR_NAME = "批量生成"

_R = ("received", 0)
_DOCKETED = (_R, ("docketed", 3))
_ASSIGNED = (*_DOCKETED, ("officer_assigned", 5))
_NOTICE = (*_ASSIGNED, ("notice_issued", 7), ("leads_requested", 7), ("notice_served", 12))
_MEASURE = (*_NOTICE, ("measure_taken", 35))
_DISPOSAL = (*_MEASURE, ("disposal_started", 80))


@dataclass(frozen=True)
class Template:
    """A node history: (node code, days after receipt), and how often it occurs among cases."""

    name: str
    weight: int
    nodes: tuple[tuple[str, int], ...]

    @property
    def closed(self) -> bool:
        return self.nodes[-1][0] in ("closed", "refused")


TEMPLATES = (
    Template("received", 3, (_R,)),
    Template("refused", 1, (_R, ("refused", 4))),
    Template("docketed", 3, _DOCKETED),
    Template("assigned", 4, _ASSIGNED),
    Template("notice", 9, _NOTICE),
    Template("lead_open", 4, (*_NOTICE, ("lead_received", 30))),
    Template("leads", 7, (*_NOTICE, ("lead_received", 30), ("lead_verified", 33))),
    Template(
        "investigation",
        3,
        (*_NOTICE, ("investigation_requested", 20), ("investigation_started", 25)),
    ),
    Template("measures", 11, _MEASURE),
    Template("disposal", 7, _DISPOSAL),
    Template("payout", 5, (*_DISPOSAL, ("payout_made", 120))),
    Template("suspended", 2, (*_MEASURE, ("suspended", 50))),
    Template("resumed", 3, (*_MEASURE, ("suspended", 50), ("resumed", 90))),
    Template(
        "closed_paid",
        22,
        (*_NOTICE, ("measure_taken", 30), ("payout_made", 45), ("closed", 50)),
    ),
    Template("closed_disposed", 16, (*_DISPOSAL, ("payout_made", 120), ("closed", 130))),
)
SCALES = (0.6, 1.0, 1.6)  # the same history, faster or slower
EVENT_DATA = {
    "notice_issued": {},
    "lead_received": {"lead": "申请执行人提供：被执行人名下车辆"},
    "lead_verified": {"result": "线索属实"},
    "measure_taken": {"measure": "freeze"},
    "disposal_started": {"property": "不动产（网络司法拍卖）"},
    "suspended": {"reason": "案外人对执行标的提出确有理由的异议"},
    "closed": {"mode": "fully_performed"},
    "refused": {"reason": "不属于本院管辖"},
}
ACCEPTANCE = json.dumps(dict.fromkeys(ACCEPTANCE_ITEMS, True))


@dataclass(frozen=True)
class Shape:
    """One template at one received date, with everything compute_deadlines said about it."""

    events: tuple[tuple[int, str, date], ...]  # seq, code, occurred_on
    deadlines: tuple[
        tuple[Any, ...], ...
    ]  # code, instance, started, due, met, paused, ext, moved, prov
    filed_on: date | None
    status: str
    stage: str
    open_deadlines: int
    overdue_deadlines: int

    @property
    def closure(self) -> tuple[str, date | None]:
        """closure_mode and closed_on, as the 结案 node sets them (the bulk stories are performed)."""
        closed = next((on for _, code, on in self.events if code == "closed"), None)
        return ("fully_performed", closed) if closed else ("", None)


def shape_of(
    nodes: Sequence[tuple[str, int]],
    received_on: date,
    non_litigation: bool,
    calendar: LegalCalendar,
    today: date,
) -> Shape:
    events = tuple(
        (seq, code, received_on + timedelta(days=day))
        for seq, (code, day) in enumerate(nodes, start=1)
    )
    states = dl.compute_deadlines(
        [dl.Event(NodeCode(code), on, seq) for seq, code, on in events],
        calendar,
        non_litigation=non_litigation,
    )
    codes = [code for _, code, _ in events]
    status = (
        "refused"
        if "refused" in codes
        else "closed"
        if "closed" in codes
        else "docketed"
        if "docketed" in codes
        else "received"
    )
    filed = next((on for _, code, on in events if code == "docketed"), None)
    open_ = [s for s in states if s.met_on is None]
    return Shape(
        events,
        tuple(_state_values(s) for s in states),
        filed,
        status,
        current_stage([Recorded(NodeCode(c), on) for _, c, on in events]).value,
        len(open_),
        sum(1 for s in open_ if s.due_on is not None and s.due_on < today),
    )


def _scaled(nodes: tuple[tuple[str, int], ...], scale: float) -> tuple[tuple[str, int], ...]:
    out, last = [], 0
    for code, day in nodes:
        last = max(last, round(day * scale))
        out.append((code, last))
    return tuple(out)


def query_code(case_id: int) -> str:
    """Ten characters like the services' codes; a bijection of the id (odd multiplier modulo
    32^10), so bulk codes never repeat and do not reveal the id's order."""
    value = (case_id * 0x5DEECE66D1) % (32**10)
    chars = []
    for _ in range(10):
        value, digit = divmod(value, 32)
        chars.append(QUERY_CODE_ALPHABET[digit])
    return "".join(chars)


@dataclass
class LoadReport:
    cases: int = 0
    rows: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    open_deadlines: int = 0
    overdue_deadlines: int = 0
    shapes: int = 0  # distinct deadline computations

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass
class Batch:
    tables: tuple[list, ...]  # rows per table, in TABLES order
    docketed: list[tuple[list[Any], int]]  # (case row, index of its docketed event row)
    open_deadlines: int = 0
    overdue_deadlines: int = 0


# Columns written per table, in order (attnames; the COPY uses the db columns).
CASE_COLUMNS = (
    "id", "court_id", "high_court_id", "type_code", "year", "serial", "case_number", "origin",
    "arrival", "received_on", "filed_on", "status", "stage", "claim_amount", "acceptance",
    "limitation_warning", "officer_id", "query_code", "previous_case_id", "created_at",
    "closure_mode", "closed_on",
)  # fmt: skip
BASIS_COLUMNS = (
    "case_id", "issuing_body", "document_number", "effective_on", "performance_deadline",
    "obligations", "amount",
)  # fmt: skip
PARTY_COLUMNS = (
    "case_id", "court_id", "role", "kind", "name", "id_number", "credit_code",
    "legal_representative", "minor_at_filing", "phone", "email", "address",
)  # fmt: skip
EVENT_COLUMNS = (
    "case_id", "court_id", "seq", "code", "occurred_on", "recorded_at", "actor_id", "actor_name",
    "data", "note",
)  # fmt: skip
# A deadline row is its DeadlineState under the model's field names (`paused` is `paused_now`),
# so a field added to both is carried without touching this loader.
STATE_FIELDS = tuple(
    f.attname
    for f in CaseDeadline._meta.concrete_fields
    if f.attname not in ("id", "case_id", "court_id", "responsible_id")
)
DEADLINE_COLUMNS = ("case_id", "court_id", *STATE_FIELDS, "responsible_id")


def _state_values(state: dl.DeadlineState) -> tuple[Any, ...]:
    values = []
    for name in STATE_FIELDS:
        if name == "code":
            values.append(state.code.value)
        elif name == "paused":
            values.append(state.paused_now)
        else:
            values.append(getattr(state, name, CaseDeadline._meta.get_field(name).get_default()))
    return tuple(values)


TABLES: tuple[tuple[type[models.Model], tuple[str, ...]], ...] = (
    (EnforcementCase, CASE_COLUMNS),
    (EnforcementBasis, BASIS_COLUMNS),
    (Party, PARTY_COLUMNS),
    (NodeEvent, EVENT_COLUMNS),
    (CaseDeadline, DEADLINE_COLUMNS),
)


class _Generator:
    """Produces the rows of one batch of cases; all randomness from one random.Random(seed)."""

    def __init__(self, courts: list[Court], officers: dict[int, list[Staff]], today: date) -> None:
        self.rng = random.Random(SEED)
        self.today = today
        self.start = today - timedelta(days=WINDOW_DAYS)
        self.courts = courts
        self.officers = {
            court_id: [(s.pk, json.dumps({"officer": s.pk, "officer_name": s.name})) for s in staff]
            for court_id, staff in officers.items()
        }
        self.calendar = legal_calendar()
        self.variants = [(t, _scaled(t.nodes, k)) for t in TEMPLATES for k in SCALES]
        weights = [t.weight for t, _ in self.variants]
        self.cumulative = [sum(weights[: i + 1]) for i in range(len(weights))]
        self.shapes: dict[tuple[int, int, bool], Shape] = {}
        rng = random.Random(SEED + 1)
        self.persons = [self._party(rng, False) for _ in range(20_000)]
        self.companies = [self._party(rng, True) for _ in range(8_000)]
        self.data = {
            code: json.dumps(value, ensure_ascii=False) for code, value in EVENT_DATA.items()
        }

    @staticmethod
    def _party(rng: random.Random, company: bool) -> tuple[str, ...]:
        p = people.party(rng, "", company)
        return (p.kind, p.name, p.id_number, p.credit_code, p.legal_representative, p.phone)

    def _received(self, closed: bool, span: int) -> date:
        rng, latest = self.rng, (self.today - self.start).days - span
        if closed:
            offset = rng.randint(0, max(latest, 0))
        else:
            roll = rng.random()
            idle = (
                rng.randint(0, 6)
                if roll < 0.67
                else rng.randint(7, 40)
                if roll < 0.94
                else rng.randint(41, 330)
            )
            offset = max(latest - idle, 0)
        return self.start + timedelta(days=offset)

    def shape(self, variant: int, received: date, non_litigation: bool) -> Shape:
        key = (variant, received.toordinal(), non_litigation)
        found = self.shapes.get(key)
        if found is None:
            nodes = self.variants[variant][1]
            found = shape_of(nodes, received, non_litigation, self.calendar, self.today)
            self.shapes[key] = found
        return found

    def batch(self, ids: list[int], now: datetime) -> Batch:
        """Rows of every table for len(ids) cases, without touching the database; the case
        numbers are given by `_number` inside the batch's transaction."""
        rng, total = self.rng, self.cumulative[-1]
        cases: list[list[Any]] = []
        bases, parties, deadlines = [], [], []
        events: list[list[Any]] = []
        out = Batch((cases, bases, parties, events, deadlines), [])
        for case_id in ids:
            variant = bisect(self.cumulative, rng.random() * total)
            template, nodes = self.variants[variant]
            court = self.courts[rng.randrange(len(self.courts))]
            received = self._received(template.closed, nodes[-1][1])
            roll = rng.random()
            non_litigation = roll < 0.02
            type_code = "执保" if 0.02 <= roll < 0.07 else "执恢" if 0.07 <= roll < 0.12 else "执"
            shape = self.shape(variant, received, non_litigation)
            assigned = any(code == "officer_assigned" for _, code, _ in shape.events)
            officer_id, officer_data = (
                rng.choice(self.officers[court.pk]) if assigned else (None, "")
            )
            claim = f"{int(10 ** rng.uniform(3.5, 6.7))}.00"
            late = rng.random() < 0.02
            effective = received - timedelta(
                days=rng.randint(760, 1000) if late else rng.randint(30, 200)
            )
            deadline = None if type_code == "执保" else effective + timedelta(days=15)
            warning = (
                limitation_warning(
                    effective_on=effective, performance_deadline=deadline, received_on=received
                )
                if late
                else ""
            )
            origin = (
                "administrative_nonlitigation"
                if non_litigation
                else "preservation_ruling"
                if type_code == "执保"
                else "civil_judgment"
            )
            cases.append(
                [
                    case_id, court.pk, court.high_court_id, type_code, received.year, None, None,
                    origin, "application", received, shape.filed_on, shape.status, shape.stage,
                    claim, ACCEPTANCE if shape.filed_on else "{}", warning, officer_id,
                    query_code(case_id), None, now, *shape.closure,
                ]
            )  # fmt: skip
            bases.append(
                (
                    case_id,
                    court.name,
                    f"（{effective.year}）{court.code}民初{rng.randint(1000, 39999)}号",
                    effective,
                    deadline,
                    f"被执行人向申请执行人支付{rng.choice(people.CLAIM_KINDS)}{claim}元",
                    claim,
                )
            )
            applicant = rng.choice(self.companies if rng.random() < 0.6 else self.persons)
            respondent = rng.choice(self.companies if rng.random() < 0.45 else self.persons)
            for role, p in (("applicant", applicant), ("respondent", respondent)):
                parties.append((case_id, court.pk, role, *p[:5], False, p[5], "", ""))
            for seq, code, on in shape.events:
                data = ""
                if code == "docketed":
                    out.docketed.append((cases[-1], len(events)))  # numbered in the transaction
                elif code == "officer_assigned":
                    data = officer_data
                elif code == "payout_made":
                    data = json.dumps({"amount": claim})
                else:
                    data = self.data.get(code, "{}")
                events.append([case_id, court.pk, seq, code, on, now, None, ACTOR_NAME, data, ""])
            for state in shape.deadlines:
                deadlines.append((case_id, court.pk, *state, officer_id))
            out.open_deadlines += shape.open_deadlines
            out.overdue_deadlines += shape.overdue_deadlines
        return out


def _number(batch: Batch, court_codes: dict[int, str]) -> None:
    """Gives each docketed case of the batch its serial and case number, in filing order, from
    CaseNumberSequence — its rows locked first (the UPDATE takes PostgreSQL's row locks and
    SQLite's write lock) and moved to the last serial used. Runs inside the batch's transaction."""
    docketed = sorted(batch.docketed, key=lambda item: (item[0][10], item[0][0]))
    keys = {(c[1], c[3], c[4]) for c, _ in docketed}
    if not keys:
        return
    for court_id, type_code, year in keys:
        CaseNumberSequence.objects.get_or_create(court_id=court_id, type_code=type_code, year=year)
    sequences = CaseNumberSequence.objects.filter(
        court_id__in={k[0] for k in keys}, year__in={k[2] for k in keys}
    )
    sequences.update(last=F("last"))
    last = {(s.court_id, s.type_code, s.year): s.last for s in sequences}
    start = dict(last)
    events = batch.tables[3]
    for case, event in docketed:
        key = (case[1], case[3], case[4])
        last[key] += 1
        case[5] = last[key]
        case[6] = format_case_number(
            year=case[4], court_code=court_codes[case[1]], type_code=case[3], serial=case[5]
        )
        events[event][8] = json.dumps({"case_number": case[6]}, ensure_ascii=False)
    for (court_id, type_code, year), value in last.items():
        if value != start[(court_id, type_code, year)]:
            CaseNumberSequence.objects.filter(
                court_id=court_id, type_code=type_code, year=year
            ).update(last=value)


def _reserve_ids(count: int, model: type[models.Model] = EnforcementCase) -> list[int]:
    """`count` fresh ids of `model`'s table (PostgreSQL: from its sequence; SQLite: after the
    highest id, one writer at a time)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


def _write_postgresql(model: type[models.Model], columns: tuple[str, ...], rows: Iterable) -> None:
    names = ", ".join(model._meta.get_field(c).column for c in columns)
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _write_sqlite(model: type[models.Model], columns: tuple[str, ...], rows: Iterable) -> None:
    json_columns = [
        i for i, c in enumerate(columns) if isinstance(model._meta.get_field(c), models.JSONField)
    ]
    objects = []
    for row in rows:
        values = list(row)
        for i in json_columns:
            values[i] = json.loads(values[i])
        objects.append(model(**dict(zip(columns, values, strict=True))))
    model.objects.bulk_create(objects, batch_size=500)


def bulk_load(
    *,
    cases: int,
    courts: list[Court] | None = None,
    batch_size: int = 10_000,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> LoadReport:
    """Loads `cases` cases over `courts` (default: every basic court), officers chosen among each
    court's active officers. One transaction per batch: a failure loses that batch only, and the
    case-number sequences are consistent after every commit."""
    today = today or timezone.localdate()
    courts = list(courts) if courts is not None else list(Court.objects.filter(level="basic"))
    officers: dict[int, list[Staff]] = {}
    for staff in Staff.objects.filter(
        court__in=courts, is_active=True, roles__role=Role.OFFICER.value
    ).order_by("pk"):
        officers.setdefault(staff.court_id, []).append(staff)
    courts = sorted((c for c in courts if c.pk in officers), key=lambda c: c.code)
    if not courts:
        raise CommandError("所选法院没有在岗的执行员，无法分配承办人；请先运行 seed-demo")
    generator = _Generator(courts, officers, today)
    codes = {c.pk: c.code for c in courts}
    postgres = connection.vendor == "postgresql"
    write = _write_postgresql if postgres else _write_sqlite
    batch_size = batch_size if postgres else min(batch_size, 2_000)
    sizes = [min(batch_size, cases - done) for done in range(0, cases, batch_size)]
    report = LoadReport()
    started = time.perf_counter()
    for size in sizes:
        batch = generator.batch(_reserve_ids(size), timezone.now())
        with transaction.atomic():
            _number(batch, codes)
            for (model, columns), rows in zip(TABLES, batch.tables, strict=True):
                write(model, columns, rows)
                report.rows[model._meta.model_name] += len(rows)
        before, report.cases = report.cases, report.cases + size
        report.open_deadlines += batch.open_deadlines
        report.overdue_deadlines += batch.overdue_deadlines
        if progress and report.cases // PROGRESS_EVERY > before // PROGRESS_EVERY:
            elapsed = time.perf_counter() - started
            progress(
                f"已写入 {report.cases:,} 件（{elapsed:.0f} 秒，{report.cases / elapsed:,.0f} 件/秒）"
            )
    report.seconds = time.perf_counter() - started
    report.shapes = len(generator.shapes)
    return report


class Command(BaseCommand):
    help = "批量生成执行案件（含当事人、执行依据、节点与期限），供性能基准测试使用；不经过业务服务"

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=0, help="生成的案件数")
        parser.add_argument(
            "--listings",
            type=int,
            default=0,
            help="在已立案案件上生成的失信被执行人名单条数（含约10%%的限制消费令）",
        )
        parser.add_argument(
            "--court-codes", default="", help="法院代字，逗号分隔（默认：全部基层法院）"
        )
        parser.add_argument("--batch-size", type=int, default=10_000)

    def handle(self, *args, **options):
        if options["cases"] < 0 or options["listings"] < 0:
            raise CommandError("--cases 与 --listings 不能为负数")
        if not options["cases"] and not options["listings"]:
            raise CommandError("请指定 --cases 或 --listings（正整数）")
        if options["cases"]:
            self._cases(options)
        if options["listings"]:
            self._listings(options["listings"])

    def _listings(self, count: int) -> None:
        from zhixing.demo.bulk_credit import bulk_listings  # it imports this module's writers

        report = bulk_listings(listings=count, progress=self.stdout.write)
        statuses = "，".join(f"{k} {v:,}" for k, v in report.statuses.most_common())
        self.stdout.write(
            f"[{connection.vendor}] 已生成失信名单 {report.listings:,} 条（{report.debtors:,} 名"
            f"被执行人，分布在 {report.cases:,} 件已立案案件上；{statuses}），共 "
            f"{report.total_rows:,} 行（{', '.join(f'{k} {v:,}' for k, v in report.rows.items())}），"
            f"用时 {report.seconds:.1f} 秒（其中重建索引 {report.index_seconds:.1f} 秒）："
            f"{report.listings / report.seconds:,.0f} 条/秒。"
        )

    def _cases(self, options) -> None:
        courts = None
        if options["court_codes"]:
            codes = [c.strip() for c in options["court_codes"].split(",") if c.strip()]
            courts = list(Court.objects.filter(code__in=codes))
            missing = sorted(set(codes) - {c.code for c in courts})
            if missing:
                raise CommandError(f"未找到法院：{'、'.join(missing)}")
        report = bulk_load(
            cases=options["cases"],
            courts=courts,
            batch_size=options["batch_size"],
            progress=self.stdout.write,
        )
        share = report.overdue_deadlines / report.open_deadlines if report.open_deadlines else 0
        self.stdout.write(
            f"[{connection.vendor}] 已生成 {report.cases:,} 件案件，共 {report.total_rows:,} 行"
            f"（{', '.join(f'{k} {v:,}' for k, v in report.rows.items())}），"
            f"用时 {report.seconds:.1f} 秒：{report.total_rows / report.seconds:,.0f} 行/秒，"
            f"{report.cases / report.seconds:,.0f} 件/秒。未完成期限 {report.open_deadlines:,} 个，"
            f"其中已超期 {report.overdue_deadlines:,} 个（{share:.0%}）；"
            f"期限计算 {report.shapes:,} 次（按模板与日期缓存）。"
        )
