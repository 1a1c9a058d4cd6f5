"""Bulk dishonest-debtor listings (and some consumption restrictions) on seed-bulk's cases, for the
public-query benchmark (`seed-bulk --listings N`, `bench/bench_credit.py`).

Straight into the tables like seed-bulk's cases (COPY on PostgreSQL, bulk_create on SQLite): no
services, no audit, no feed entries, no node events. Never on a court's real data.

Who is listed:
  * debtors are generated one after another; a debtor is listed in 1 case (72 %), 2 (17 %), 3 (6 %)
    or 4–6 (5 %), about 1.5 listings per debtor, each on a random docketed case. Every listing
    gets its own new respondent Party row on its case (a co-respondent of the bulk case), so the
    model's "one open listing per party" holds whatever the status mix, and a debtor listed in
    three cases has three Party rows with the same identity, as the services would leave them.
    8 M listings on 250 k cases are ~32 extra respondents per case: the cases are only the
    source of court name, case number, filing date and the basis copied into the listing.
  * persons 80 %: a GB 11643 number unique per debtor (a bijection of the debtor's index over
    775 region codes × birth dates 1950–2000 × sequence 001–999, check digit by
    `core.rules.identity.id_check_digit`; every one is an adult), sex from the sequence's parity,
    birth date from the number, `id_masked` = `mask_id_number`. Names: surname by approximate
    national frequency (王 7.1 %, 李 7.0 %, 张 6.7 %, 刘 5.4 %, 陈 4.6 % … about 100 surnames),
    25 % one-character given names, characters drawn by sex with Zipf weights (exponent 0.8):
    at 8 M listings 王伟 has ~7,600 public rows (0.14 % of the persons), while a name like 欧阳思涵
    is rare or unique.
  * organisations 20 % (legal entities 90 %, other organisations 10 %): a GB 32100 credit code
    unique per debtor (check character by `credit_check_char`), names from 20 cities × 2,025
    trade names × 14 industries × 4 forms (some collide, as real names do across registrations),
    a legal representative's name.
Statuses of a listing: published 84 % (of which 1.5 % hidden), removed 11 %, decided awaiting
publication 2 %, requested 1 %, rejected 1 %, revoked 1 %. Grounds: (一) 60 %, the others share
the rest; terms from `rules.listing.listing_term`/`term_ends_on`, publication due from
`publication_due` (legal calendar, cached per date). `restricted_share` of the listings (default
10 %) also get a ConsumptionRestriction on the same party, issued (or lifted with the removal).
"""

from __future__ import annotations

import json
import random
import time
from bisect import bisect
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from zhixing.cases.models import EnforcementCase, Party
from zhixing.core.calendar import legal_calendar
from zhixing.core.rules.calendar import LegalCalendar
from zhixing.core.rules.identity import (
    CREDIT_CODE_CHARSET,
    credit_check_char,
    id_check_digit,
    mask_id_number,
)
from zhixing.core.rules.roles import Role
from zhixing.credit.models import ConsumptionRestriction, DishonestDebtorListing
from zhixing.credit.rules import listing as rules
from zhixing.credit.rules.restriction import ALL_BEHAVIOURS, UNIT_COVERED, CoveredRole
from zhixing.demo.management.commands.seed_bulk import (
    _reserve_ids,
    _write_postgresql,
    _write_sqlite,
)
from zhixing.organization.models import Court, Staff

SEED = 2017  # 法释〔2017〕7号
PROGRESS_EVERY = 500_000

# ---------------------------------------------------------------- names
# Approximate shares (%) of the commonest surnames (公安部 2019 surname report), then a tail.
TOP_SURNAMES = (
    ("王", 7.1), ("李", 7.0), ("张", 6.7), ("刘", 5.4), ("陈", 4.6), ("杨", 3.1), ("赵", 2.3),
    ("黄", 2.2), ("周", 2.1), ("吴", 2.0), ("徐", 1.3), ("孙", 1.5), ("胡", 1.3), ("朱", 1.2),
    ("高", 1.2), ("林", 1.2), ("何", 1.2), ("郭", 1.2), ("马", 1.1), ("罗", 0.9),
)  # fmt: skip
TAIL_SURNAMES = (
    "梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚"
    "谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
)
MALE_GIVEN = "伟强磊军勇杰涛明超刚斌鹏辉宏海波宇浩凯健俊帆旭宁龙林志国建文博远振德成轩洋平华亮飞"
FEMALE_GIVEN = "芳娜敏静丽艳娟霞桂玉萍红玲芬燕欣佳瑶怡婷雪慧涵桐诺曦秀英梅琳颖倩丹露莉"
SINGLE_GIVEN_SHARE = 0.25
ZIPF = 0.8
CITIES = (
    "北京 上海 广州 深圳 天津 重庆 成都 杭州 武汉 南京 西安 郑州 长沙 沈阳 青岛 苏州 济南 合肥 "
    "福州 昆明"
).split()
TRADE_CHARS = (
    "华信博远中科鑫达恒通汇源京广瑞祥天成宏图金泰润泽洋嘉禾盛世正立德康平长城新航和东方永丰聚隆"
)
INDUSTRIES = (
    "科技", "商贸", "建筑工程", "物业管理", "餐饮管理", "文化传媒", "房地产开发", "汽车销售",
    "医疗器械", "教育咨询", "物流", "装饰工程", "信息技术", "投资管理",
)  # fmt: skip
FORMS = ("有限公司", "有限公司", "有限责任公司", "股份有限公司")

# ---------------------------------------------------------------- identities
# 31 mainland provinces × cities 01–05 × districts 01–05: structurally valid address codes.
PROVINCES = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65"
).split()
REGION_CODES = tuple(
    f"{p}{c:02d}{d:02d}" for p in PROVINCES for c in range(1, 6) for d in range(1, 6)
)
BIRTH_FIRST = date(1950, 1, 1)
BIRTH_DAYS = (date(2000, 12, 31) - BIRTH_FIRST).days + 1
ID_SPACE = len(REGION_CODES) * BIRTH_DAYS * 999
CODE_SPACE = 31**9
MIXER = 2_654_435_761  # a prime not dividing ID_SPACE or CODE_SPACE: i → i·MIXER is a bijection


def person_identity(index: int) -> str:
    """The `index`-th debtor's identity number: distinct for distinct indexes below ID_SPACE,
    spread over regions, birth dates and sequences by the multiplier."""
    value = (index * MIXER + 12_345) % ID_SPACE
    value, seq = divmod(value, 999)
    region, day = divmod(value, BIRTH_DAYS)
    born = BIRTH_FIRST + timedelta(days=day)
    body = f"{REGION_CODES[region]}{born:%Y%m%d}{seq + 1:03d}"
    return body + id_check_digit(body)


def organisation_code(index: int) -> str:
    """The `index`-th organisation's 统一社会信用代码 (91 = enterprise, 93/52 for others is not
    modelled): distinct for distinct indexes."""
    value = (index * MIXER + 777) % CODE_SPACE
    chars = []
    for _ in range(9):
        value, digit = divmod(value, 31)
        chars.append(CREDIT_CODE_CHARSET[digit])
    body = f"91{REGION_CODES[index % len(REGION_CODES)]}{''.join(chars)}"
    return body + credit_check_char(body)


def _zipf(chars: str) -> tuple[str, list[float]]:
    return chars, list(accumulate(1 / (k + 1) ** ZIPF for k in range(len(chars))))


def _surnames() -> tuple[list[str], list[float]]:
    names = [s for s, _ in TOP_SURNAMES] + list(TAIL_SURNAMES) + ["欧阳", "司马", "诸葛"]
    tail = 100 - sum(w for _, w in TOP_SURNAMES) - 0.2
    tail_weights = [0.97**k for k in range(len(TAIL_SURNAMES))]
    scale = tail / sum(tail_weights)
    weights = [w for _, w in TOP_SURNAMES] + [w * scale for w in tail_weights] + [0.1, 0.05, 0.05]
    return names, list(accumulate(weights))


# ---------------------------------------------------------------- statuses and grounds
S = DishonestDebtorListing.Status
STATUSES = ((S.PUBLISHED, 84), (S.REMOVED, 11), (S.DECIDED, 2), (S.REQUESTED, 1),
            (S.REJECTED, 1), (S.REVOKED, 1))  # fmt: skip
HIDDEN_SHARE = 0.015
GROUNDS = (
    (rules.Ground.ABLE_BUT_REFUSES, 60), (rules.Ground.OBSTRUCTS, 5), (rules.Ground.EVADES, 12),
    (rules.Ground.REPORT_DUTY, 15), (rules.Ground.RESTRICTION_BREACHED, 5),
    (rules.Ground.SETTLEMENT_REFUSED, 3),
)  # fmt: skip
CONDUCT = {
    rules.Ground.ABLE_BUT_REFUSES: "有履行能力而拒不履行生效法律文书确定的给付义务",
    rules.Ground.OBSTRUCTS: "以暴力、威胁方法妨碍执行人员查封财产",
    rules.Ground.EVADES: "以转移财产等方法规避执行",
    rules.Ground.REPORT_DUTY: "收到报告财产令后拒不报告财产情况",
    rules.Ground.RESTRICTION_BREACHED: "违反限制消费令乘坐G字头动车组列车",
    rules.Ground.SETTLEMENT_REFUSED: "无正当理由拒不履行执行和解协议",
}
REMOVALS = (
    (rules.RemovalGround.FULL_PERFORMANCE, 55), (rules.RemovalGround.SETTLEMENT_PERFORMED, 15),
    (rules.RemovalGround.APPLICANT_REQUEST, 15),
    (rules.RemovalGround.NO_PROPERTY_AFTER_TERMINATION, 5),
    (rules.RemovalGround.ENFORCEMENT_ENDED, 10),
)  # fmt: skip
LISTINGS_PER_DEBTOR = ((1, 72), (2, 17), (3, 6), (4, 2), (5, 2), (6, 1))
COVERED_FOR_UNIT = sorted(r.value for r in UNIT_COVERED if r is not CoveredRole.RESPONDENT)
BEHAVIOURS = json.dumps(sorted(b.value for b in ALL_BEHAVIOURS))

# ---------------------------------------------------------------- columns
PUBLISHED_COLUMNS = (
    "respondent_kind", "name", "sex", "birth_date", "id_number", "id_masked", "credit_code",
    "legal_representative", "court_name", "case_number", "filed_on", "basis_issuer",
    "basis_number", "obligations", "performance",
)  # fmt: skip
PARTY_COLUMNS = (
    "id", "case_id", "court_id", "role", "kind", "name", "id_number", "credit_code",
    "legal_representative", "minor_at_filing", "phone", "email", "address",
)  # fmt: skip
LISTING_COLUMNS = (
    "id", "case_id", "court_id", "party_id", *PUBLISHED_COLUMNS, "decision_number", "ground",
    "conduct", "initiative", "requested_on", "decision_due_on", "decided_on", "decided_by_id",
    "rejection_reason", "term_years", "extension_years", "extension_reason", "extension_note",
    "term_ends_on", "publish_due_on", "published_on", "hidden", "status", "removal_ground",
    "removal_arose_on", "removed_on", "removed_by_id", "updated_at",
)  # fmt: skip
RESTRICTION_COLUMNS = (
    "id", "case_id", "court_id", "party_id", "listing_id", *PUBLISHED_COLUMNS, "order_number",
    "initiative", "ex_officio_reason", "behaviours", "covered", "signed_by_id", "signed_on",
    "hidden", "status", "lifting_ground", "lifted_on", "lifted_by_id", "updated_at",
)  # fmt: skip
TABLES: tuple[tuple[type[models.Model], tuple[str, ...]], ...] = (
    (Party, PARTY_COLUMNS),
    (DishonestDebtorListing, LISTING_COLUMNS),
    (ConsumptionRestriction, RESTRICTION_COLUMNS),
)


@dataclass
class CreditReport:
    listings: int = 0
    rows: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    debtors: int = 0
    cases: int = 0
    seconds: float = 0.0
    index_seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass(frozen=True)
class SourceCase:
    id: int
    court_id: int
    case_number: str
    filed_on: date
    court_name: str
    basis: tuple[str, str, str]  # issuing body, document number, obligations


_CUMULATIVE: dict[int, tuple[list[float], tuple[Any, ...]]] = {}


def _pick(rng: random.Random, table: tuple[tuple[Any, int], ...]) -> Any:
    """A value of `table` by its weight (the cumulative weights computed once per table)."""
    found = _CUMULATIVE.get(id(table))
    if found is None:
        found = _CUMULATIVE[id(table)] = (
            list(accumulate(w for _, w in table)),
            tuple(v for v, _ in table),
        )
    cumulative, values = found
    return values[bisect(cumulative, rng.random() * cumulative[-1])]


class ListingGenerator:
    """Rows of the bulk listings; all randomness from one random.Random(seed). Pure Python: the
    database is read once for the source cases and the presidents, written by `bulk_listings`."""

    def __init__(
        self,
        cases: list[SourceCase],
        presidents: dict[int, int],
        today: date,
        restricted_share: float = 0.10,
        seed: int = SEED,
        calendar: LegalCalendar | None = None,
        first: int = 0,
    ) -> None:
        """`first`: where the debtors' identity indexes start (and the seed moves with it), so a
        second run (`first` = the listings' highest id, never fewer than the debtors already
        generated) lists new debtors instead of the first run's again."""
        if not cases:
            raise CommandError("没有已立案的案件可供生成失信名单；请先用 --cases 生成案件")
        self.rng = random.Random(seed + first)
        self.cases = cases
        self.presidents = presidents
        self.any_president = next(iter(presidents.values()), None)
        self.today = today
        self.restricted_share = restricted_share if self.any_president else 0.0
        self.calendar = calendar or legal_calendar()
        self.surnames, self.surname_cum = _surnames()
        self.given = {"男": _zipf(MALE_GIVEN), "女": _zipf(FEMALE_GIVEN)}
        self.debtors = 0
        self.persons = self.organisations = first
        self._publish_due: dict[date, date] = {}
        self._decision_due: dict[date, date] = {}
        self._pending: list[tuple[Any, ...]] = []  # the current debtor's remaining listings

    # ---- identities
    def _person_name(self, sex: str) -> str:
        rng = self.rng
        surname = self.surnames[bisect(self.surname_cum, rng.random() * self.surname_cum[-1])]
        chars, cum = self.given[sex]
        first = chars[bisect(cum, rng.random() * cum[-1])]
        if rng.random() < SINGLE_GIVEN_SHARE:
            return surname + first
        return surname + first + chars[bisect(cum, rng.random() * cum[-1])]

    def _organisation_name(self) -> str:
        rng = self.rng
        return (
            f"{rng.choice(CITIES)}{rng.choice(TRADE_CHARS)}{rng.choice(TRADE_CHARS)}"
            f"{rng.choice(INDUSTRIES)}{rng.choice(FORMS)}"
        )

    def _debtor(self) -> tuple[Any, ...]:
        """(party kind, respondent kind, name, sex, birth date, id number, masked, credit code,
        legal representative) of a new debtor."""
        rng = self.rng
        self.debtors += 1
        if rng.random() < 0.8:
            number = person_identity(self.persons)
            self.persons += 1
            sex = "男" if int(number[16]) % 2 else "女"
            born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            name = self._person_name(sex)
            return ("person", "person", name, sex, born, number, mask_id_number(number), "", "")
        code = organisation_code(self.organisations)
        self.organisations += 1
        kind = "legal_entity" if rng.random() < 0.9 else "other_org"
        name = self._organisation_name()
        return (kind, "organisation", name, "", None, "", "", code, self._person_name("男"))

    def next_identity(self) -> tuple[Any, ...]:
        if not self._pending:
            debtor = self._debtor()
            self._pending = [debtor] * _pick(self.rng, LISTINGS_PER_DEBTOR)
        return self._pending.pop()

    # ---- dates
    def publish_due(self, day: date) -> date:
        found = self._publish_due.get(day)
        if found is None:
            found = self._publish_due[day] = rules.publication_due(day, self.calendar).due
        return found

    def decision_due(self, day: date) -> date:
        found = self._decision_due.get(day)
        if found is None:
            found = self._decision_due[day] = rules.decision_due(day, self.calendar).due
        return found

    def _between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    # ---- rows
    def rows(
        self, party_id: int, listing_id: int, now: Any
    ) -> tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...] | None]:
        """The Party, listing and (maybe) restriction rows of one listing; the restriction's id is
        left as None for the caller to fill."""
        rng, today = self.rng, self.today
        case = self.cases[rng.randrange(len(self.cases))]
        kind, respondent_kind, name, sex, born, number, masked, code, representative = (
            self.next_identity()
        )
        party = (
            party_id, case.id, case.court_id, "respondent", kind, name, number, code,
            representative, False, "", "", "",
        )  # fmt: skip
        status = _pick(rng, STATUSES)
        ground = _pick(rng, GROUNDS)
        application = rng.random() < 0.7
        earliest = min(case.filed_on + timedelta(days=10), today)
        decided: date | None
        if status == S.REQUESTED:
            requested = self._between(max(earliest, today - timedelta(days=14)), today)
            decided = None
        elif status == S.DECIDED:
            decided = self._between(max(earliest, today - timedelta(days=2)), today)
            requested = decided - timedelta(days=rng.randint(1, 14)) if application else None
        else:
            decided = self._between(earliest, min(case.filed_on + timedelta(days=200), today))
            requested = decided - timedelta(days=rng.randint(1, 14)) if application else None
        if requested is not None and requested < case.filed_on:
            requested = case.filed_on
        decision_due = self.decision_due(requested) if requested else None
        term = extension = None
        term_end = publish_due = published = None
        removal_ground, removal_arose, removed, rejection = "", None, None, ""
        if decided is not None and status != S.REJECTED:
            extension = 0
            if ground is not rules.Ground.ABLE_BUT_REFUSES and rng.random() < 0.03:
                extension = rng.randint(1, 3)
            term = rules.listing_term(ground, extension)
            term_end = rules.term_ends_on(decided, term)
            publish_due = self.publish_due(decided)
            if status != S.DECIDED:
                published = self._between(decided, min(publish_due, today))
        if status == S.REJECTED:
            rejection = "被执行人提供了充分有效的担保（失信规定第3条）"
        if status in (S.REMOVED, S.REVOKED) and published is not None:
            removed = self._between(published + timedelta(days=5), today)
            if status == S.REMOVED:
                removal_ground = _pick(rng, REMOVALS).value
                removal_arose = max(published, removed - timedelta(days=rng.randint(0, 3)))
        hidden = status == S.PUBLISHED and rng.random() < HIDDEN_SHARE
        issuer, basis_number, obligations = case.basis
        copy = (
            respondent_kind, name, sex, born, number, masked, code, representative,
            case.court_name, case.case_number, case.filed_on, issuer, basis_number, obligations,
            "全部未履行" if rng.random() < 0.8 else "部分未履行",
        )  # fmt: skip
        listing = (
            listing_id, case.id, case.court_id, party_id, *copy,
            f"{case.case_number}之一" if decided else "", ground.value, CONDUCT[ground],
            "application" if application else "ex_officio", requested, decision_due, decided,
            None, rejection, term, extension or 0, "multiple_conduct" if extension else "",
            "多次实施失信行为" if extension else "", term_end, publish_due, published, hidden,
            status.value, removal_ground, removal_arose, removed, None, now,
        )  # fmt: skip
        restriction = None
        if published is not None and status != S.REVOKED and rng.random() < self.restricted_share:
            signer = self.presidents.get(case.court_id, self.any_president)
            covered = (
                json.dumps(
                    [
                        {"role": r, "name": representative, "id_number": ""}
                        for r in COVERED_FOR_UNIT
                    ],
                    ensure_ascii=False,
                )
                if respondent_kind == "organisation"
                else "[]"
            )
            lifted = removed if status == S.REMOVED else None
            restriction = (
                None, case.id, case.court_id, party_id, listing_id, *copy,
                f"{case.case_number}之二", "application" if application else "ex_officio",
                "" if application else "被执行人已被纳入失信被执行人名单", BEHAVIOURS, covered,
                signer, decided, hidden, "lifted" if lifted else "issued",
                "full_performance" if lifted else "", lifted, None, now,
            )  # fmt: skip
        return party, listing, restriction


def source_cases() -> list[SourceCase]:
    """The docketed cases (those with a case number) and what a listing copies from them."""
    courts = dict(Court.objects.values_list("pk", "name"))
    rows = (
        EnforcementCase.objects.filter(case_number__isnull=False, filed_on__isnull=False)
        .order_by("pk")
        .values_list(
            "pk",
            "court_id",
            "case_number",
            "filed_on",
            "basis__issuing_body",
            "basis__document_number",
            "basis__obligations",
        )  # fmt: skip
    )
    return [
        SourceCase(pk, court, number, filed, courts[court], (issuer or "", doc or "", duty or ""))
        for pk, court, number, filed, issuer, doc, duty in rows.iterator(chunk_size=20_000)
    ]


def presidents() -> dict[int, int]:
    """court id → the user id of its president (the signer of a 限制消费令, 限高规定 第5条)."""
    found: dict[int, int] = {}
    for court_id, user_id in (
        Staff.objects.filter(is_active=True, roles__role=Role.PRESIDENT.value)
        .order_by("pk")
        .values_list("court_id", "user_id")
    ):
        found.setdefault(court_id, user_id)
    return found


def _secondary_indexes() -> list[tuple[type[models.Model], models.Index]]:
    return [(model, index) for model, _ in TABLES for index in model._meta.indexes]


def bulk_listings(
    *,
    listings: int,
    today: date | None = None,
    batch_size: int = 20_000,
    restricted_share: float = 0.10,
    rebuild_indexes: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> CreditReport:
    """Writes `listings` listings (and their Party rows and restrictions) on the docketed cases.
    One transaction per batch. On PostgreSQL with `rebuild_indexes` (default: from a million
    listings on) the Meta.indexes of the three tables are dropped first and built again at the
    end (CREATE INDEX sorts once instead of 8 million random inserts per index); the unique
    constraints and the foreign-key indexes stay throughout."""
    today = today or timezone.localdate()
    postgres = connection.vendor == "postgresql"
    first = DishonestDebtorListing.objects.aggregate(top=Max("pk"))["top"] or 0
    generator = ListingGenerator(source_cases(), presidents(), today, restricted_share, first=first)
    write = _write_postgresql if postgres else _write_sqlite
    batch_size = batch_size if postgres else min(batch_size, 2_000)
    rebuild = postgres and (listings >= 1_000_000 if rebuild_indexes is None else rebuild_indexes)
    report = CreditReport(cases=len(generator.cases))
    started = time.perf_counter()
    if rebuild:
        with connection.schema_editor() as editor:
            for model, index in _secondary_indexes():
                editor.remove_index(model, index)
    try:
        done = 0
        while done < listings:
            size = min(batch_size, listings - done)
            now = timezone.now()
            parties, rows, restrictions = [], [], []
            for party_id, listing_id in zip(
                _reserve_ids(size, Party), _reserve_ids(size, DishonestDebtorListing), strict=True
            ):
                party, listing, restriction = generator.rows(party_id, listing_id, now)
                parties.append(party)
                rows.append(listing)
                report.statuses[listing[LISTING_STATUS]] += 1
                if restriction is not None:
                    restrictions.append(restriction)
            restrictions = [
                (restriction_id, *row[1:])
                for restriction_id, row in zip(
                    _reserve_ids(len(restrictions), ConsumptionRestriction),
                    restrictions,
                    strict=True,
                )
            ]
            with transaction.atomic():
                for (model, columns), batch in zip(
                    TABLES, (parties, rows, restrictions), strict=True
                ):
                    if batch:
                        write(model, columns, batch)
                        report.rows[model._meta.model_name] += len(batch)
            before, done = done, done + size
            if progress and done // PROGRESS_EVERY > before // PROGRESS_EVERY:
                elapsed = time.perf_counter() - started
                progress(
                    f"已写入失信名单 {done:,} 条（{elapsed:.0f} 秒，{done / elapsed:,.0f} 条/秒）"
                )
    finally:
        if rebuild:
            indexed = time.perf_counter()
            with connection.cursor() as cursor:  # one sort in memory, on one core (shared machine)
                cursor.execute("SET maintenance_work_mem = '512MB'")
                cursor.execute("SET max_parallel_maintenance_workers = 0")
            with connection.schema_editor() as editor:
                for model, index in _secondary_indexes():
                    editor.add_index(model, index)
            report.index_seconds = time.perf_counter() - indexed
    report.listings = done
    report.debtors = generator.debtors
    report.seconds = time.perf_counter() - started
    return report


LISTING_STATUS = LISTING_COLUMNS.index("status")
