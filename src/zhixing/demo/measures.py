"""Demo enforcement measures for `seed-demo`: controls, disposal, distribution, coercive measures
and property leads on a dozen of 朝阳's (京0105) open demo cases, so that those pages are not empty.

Everything is written through the public services of the measures and linkage apps, so the node
events, deadlines, audit records, outbox messages and case accounts are the real thing. The banks
and registries are the simulated partners (`linkage.partners.SimulatedPartner`), installed for the
run and answered at once with `outbox.send_due()` and `deliver_simulated()`.

A node may not be dated before the case's latest node, so most acts are dated today. Two cases
untouched for months get a timeline instead: a lead verified, a house sealed, appraised and put up
for auction over the following weeks; a receivable frozen six months ago for six months, which
now shows on the expiry warning list (民诉法解释 第485条). Where no such case exists the same acts
are dated today.

Idempotent: nothing is written when 京0105 already has a control measure.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zhixing.cases import notifications
from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase, StageAssignment
from zhixing.core.rules.calendar import add_months
from zhixing.demo.cases import OFFICERS, company_name, person_name, seeding
from zhixing.linkage import outbox, partners
from zhixing.linkage import services as linkage_services
from zhixing.linkage.models import LinkedDepartment, PropertyFound
from zhixing.measures import services as funds_services
from zhixing.measures.models import CoerciveMeasure, ControlMeasure
from zhixing.measures.services import coercive, control, disposal, distribution, leads
from zhixing.organization.models import Court

COURT_CODE = "京0105"
SEED = 2026
NUMERALS = "一二三四五六七八九"
CENT, YUAN, THOUSAND = Decimal("0.01"), Decimal("1"), Decimal("1000")
APPRAISER = "北京恒信房地产土地评估有限公司"
MORTGAGEE = "中国建设银行股份有限公司北京朝阳支行"


@dataclass
class MeasuresResult:
    created: bool = False
    counts: Counter[str] = field(default_factory=Counter)
    cases: dict[str, EnforcementCase] = field(default_factory=dict)  # what it shows → case

    @property
    def summary(self) -> str:
        if not self.created:
            return f"演示执行措施：{COURT_CODE} 已有演示执行措施（或没有演示案件），未重复创建。"
        c = self.counts
        return (
            f"演示执行措施（{COURT_CODE}）：网络查控 {c['inquiries']} 件，"
            f"查封扣押冻结 {c['controls']} 项、扣划 {c['deductions']} 笔、待发放执行款 {c['payouts']} 笔；"
            f"财产处置 {c['disposals']} 件（拍卖公告 {c['rounds']} 次）；参与分配 {c['distributions']} 件；"
            f"强制措施 {c['coercive']} 项（待院长审批 {c['coercive_pending']} 项、"
            f"复议中 {c['reconsiderations']} 项）；财产线索 {c['leads']} 条（待核查 {c['leads_open']} 条）。"
        )


# --------------------------------------------------------------------------------- helpers
def _flush() -> None:
    """The outbox's sends and the simulated departments' answers, now (the services only send
    after commit, and the whole seed is one transaction)."""
    while outbox.send_due()[0] or partners.deliver_simulated():
        pass


def _ruling(case: EnforcementCase) -> str:
    """第253条: each measure is decided by a ruling, numbered after the case (…执1号之一, 之二 …)."""
    taken = ControlMeasure.objects.filter(case=case).count()
    return f"{case.case_number}之{NUMERALS[taken % len(NUMERALS)]}"


def _last_on(case: EnforcementCase) -> date:
    return case.events.order_by("-seq").values_list("occurred_on", flat=True).first()


def _codes(case: EnforcementCase) -> list[str]:
    return list(case.events.order_by("seq").values_list("code", flat=True))


def _paused(codes: list[str]) -> bool:
    """Suspended or deferred and not yet resumed: no new measures then."""
    for start, end in (("suspended", "resumed"), ("deferred", "deferral_ended")):
        starts = [i for i, c in enumerate(codes) if c == start]
        ends = [i for i, c in enumerate(codes) if c == end]
        if starts and (not ends or ends[-1] < starts[-1]):
            return True
    return False


def _respondent(case: EnforcementCase) -> Any:
    return case.parties.filter(role="respondent").order_by("pk").first()


def _applicant(case: EnforcementCase) -> Any:
    return case.parties.filter(role="applicant").order_by("pk").first()


def _thousands(value: Decimal) -> Decimal:
    """Rounded to whole thousands of yuan, as prices and claims are usually stated."""
    return ((value / THOUSAND).quantize(YUAN, ROUND_HALF_UP) * THOUSAND).quantize(CENT)


def _moment(on: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(on, time(hour)))


class _Court:
    """朝阳's demo staff, the officers' rotation and the candidate cases."""

    def __init__(self, court: Court) -> None:
        self.court = court
        users = get_user_model().objects.select_related("staff")
        self.user = {
            u.username.removeprefix(f"{court.slug}_"): u
            for u in users.filter(username__startswith=f"{court.slug}_", staff__court=court)
        }

    def officer_of(self, case: EnforcementCase, shift: int = 0) -> Any:
        """The 承办人 (shift 0); the disposal (1) and payout (2) stages go to the next officers, as
        in demo.cases, so the separated stages never share a person."""
        names = list(OFFICERS)
        own = case.officer.user.username.removeprefix(f"{self.court.slug}_")
        return self.user[names[(names.index(own) + shift) % len(names)]]

    def assign(self, case: EnforcementCase, stage: str, on: date, shift: int) -> Any:
        """Gives the stage to its officer unless someone holds it already; returns the holder."""
        held = StageAssignment.objects.filter(case=case, stage=stage, ended_on__isnull=True)
        if held.exists():
            staff = held.first().staff
            return staff.user if staff else self.officer_of(case, shift)
        holder = self.officer_of(case, shift)
        case_services.stage_assign(
            actor=self.user["chief"], cases=[case], stage=stage, on=on, staff=holder.staff
        )
        return holder

    def candidates(self) -> list[EnforcementCase]:
        """Open docketed cases of officer1 (then officer2) whose execution notice was served and
        which are not suspended, oldest first. Not 执保 cases: a preservation only holds property
        until the judgment, nothing is deducted, sold or paid out in it."""
        found = []
        for suffix in ("officer1", "officer2"):
            rows = (
                EnforcementCase.objects.filter(
                    court=self.court,
                    status=EnforcementCase.Status.DOCKETED,
                    officer__user=self.user[suffix],
                )
                .exclude(type_code="执保")
                .order_by("pk")
            )
            for case in rows:
                codes = _codes(case)
                if "notice_served" in codes and not _paused(codes):
                    found.append(case)
        return found


def _fresh(case: EnforcementCase) -> bool:
    """No measure and no disposal recorded yet, so the controls page tells the whole story."""
    return not case.events.filter(code__in=["measure_taken", "disposal_started"]).exists()


def _finds(case: EnforcementCase, departments: list[LinkedDepartment]) -> set[str]:
    """What the simulated departments will report for the respondent (deterministic)."""
    who = _respondent(case)
    key = who.id_number or who.credit_code
    kinds = set()
    for department in departments:
        for item in partners.simulated_items(department.kind, department.code, key):
            if item["kind"] != "deposit" or Decimal(item["amount"]) >= THOUSAND:
                kinds.add(item["kind"])
    return kinds


# ----------------------------------------------------------------------------------- stories
def _inquiry(
    z: _Court, case: EnforcementCase, today: date, result: MeasuresResult, *, deduct: bool
) -> None:
    """网络查控 → the two largest deposits found frozen for a year, together not beyond what is
    still owed (民事诉讼法 第253条) → part of the first deducted into the case account."""
    officer = z.officer_of(case)
    z.assign(case, "inquiry_control", today, 0)
    linkage_services.network_inquiry_start(actor=officer, case=case, on=today)
    _flush()
    result.counts["inquiries"] += 1
    deposits = PropertyFound.objects.filter(case=case, kind="deposit", amount__gt=0)
    freezes = []
    for found in deposits.order_by("-amount", "pk")[:2]:
        room = (control.owed(case) or Decimal(0)) - control.frozen_total(case, today)
        if room <= 0:
            break
        freezes.append(
            control.control_take(
                actor=officer,
                case=case,
                kind="freeze",
                found=found,
                amount=min(room, found.amount),
                started_on=today,
                expires_on=add_months(today, 12) - timedelta(days=1),
                ruling=_ruling(case),
            )
        )
        _flush()
        result.counts["controls"] += 1
    if not (deduct and freezes):
        return
    freeze = freezes[0]
    freeze.refresh_from_db()
    if freeze.status == ControlMeasure.Status.IN_EFFECT and freeze.amount:
        amount = (freeze.amount * Decimal("0.6")).quantize(YUAN, ROUND_DOWN)
        control.deduction_request(
            actor=officer, freeze=freeze, amount=amount, on=today, ruling=_ruling(case)
        )
        _flush()
        result.counts["deductions"] += 1


def _payout(z: _Court, case: EnforcementCase, today: date, result: MeasuresResult) -> None:
    """The deducted money is due to the applicant: scheduled by the payout officer, not yet paid."""
    account = getattr(case, "fund_account", None)
    received = account.received_total if account else Decimal(0)
    if received <= 0:
        return
    payer = z.assign(case, "payout", today, 2)
    funds_services.payout_schedule(
        actor=payer, case=case, party=_applicant(case), amount=received, condition_met_on=today
    )
    result.counts["payouts"] += 1


def _seize_vehicle(z: _Court, cases: list[EnforcementCase], today: date, r: MeasuresResult) -> None:
    """扣押 on site of a vehicle the registry reported (or, if none was, one found on the street)."""
    vehicles = PropertyFound.objects.filter(kind="vehicle").order_by("pk")
    found = next((f for c in cases if (f := vehicles.filter(case=c).first())), None)
    case = next(c for c in cases if c.pk == found.case_id) if found else cases[0]
    extra: dict[str, Any] = {"found": found}
    if found is None:
        rng = random.Random(SEED + case.pk)
        plate = "京" + rng.choice("ACEFGHJKLMNPQ") + "".join(rng.choices("0123456789", k=5))
        extra = dict(
            property_kind="movable",
            description="小型轿车（丰田），停放于被执行人住所地小区地下车库",
            identifier=plate,
            party=_respondent(case),
        )
    control.control_take(
        actor=z.officer_of(case),
        case=case,
        kind="seize",
        started_on=today,
        expires_on=add_months(today, 24) - timedelta(days=1),
        ruling=_ruling(case),
        **extra,
    )
    r.cases["vehicle_seized"] = case
    r.counts["controls"] += 1


def _seal_for_appraisal(
    z: _Court, case: EnforcementCase, today: date, result: MeasuresResult
) -> None:
    """A house the registry reported is sealed through it; the disposal officer then decides to
    have it appraised, which opens the 10-day clock for choosing the agency (法发〔2006〕35号 第7条)."""
    found = PropertyFound.objects.filter(case=case, kind="real_estate").order_by("pk").first()
    extra: dict[str, Any] = {"found": found}
    if found is None:
        extra = _house(case, "party")
        extra.pop("area")
    seal = control.control_take(
        actor=z.officer_of(case),
        case=case,
        kind="seal",
        started_on=today,
        expires_on=add_months(today, 36) - timedelta(days=1),
        ruling=_ruling(case),
        **extra,
    )
    _flush()
    seal.refresh_from_db()
    result.counts["controls"] += 1
    if seal.status != ControlMeasure.Status.IN_EFFECT:
        return
    disposer = z.assign(case, "disposal", today, 1)
    disposal.appraisal_order(actor=disposer, measure=seal, decided_on=today)
    result.counts["disposals"] += 1
    result.cases["appraisal_ordered"] = case


def _house(case: EnforcementCase, party_key: str) -> dict[str, Any]:
    rng = random.Random(SEED * 7 + case.pk)
    area = Decimal(rng.randint(6000, 14000)) / 100
    where = f"北京市朝阳区{rng.choice(['望京街', '朝阳北路', '建国路', '三里屯路'])}{rng.randint(2, 99)}号院"
    return {
        "property_kind": "real_estate",
        "description": f"{where}{rng.randint(1, 12)}号楼{rng.randint(1, 4)}单元"
        f"{rng.randint(2, 24)}0{rng.randint(1, 4)}室住宅，建筑面积{area}平方米",
        "identifier": f"京（{rng.randint(2012, 2022)}）朝阳区不动产权第{rng.randint(1, 99999):07d}号",
        party_key: _respondent(case),
        "area": area,
    }


def _house_to_auction(z: _Court, case: EnforcementCase, today: date, r: MeasuresResult) -> None:
    """The applicant's lead (a house) verified, the court seals it itself (in effect at once), and
    the disposal officer has it appraised; the collegial panel fixes start price and deposit
    (网拍规定 第27条), the parties are told 3 days ahead (第16条), and the first online auction is
    announced: start price 80 % of the appraisal (第10条: at least 70 %), bidding 31 days after the
    announcement (第12条: real estate announced at least 30 days ahead), deposit 10 % (第17条:
    5–20 %)."""
    start = min(max(_last_on(case) + timedelta(days=3), today - timedelta(days=70)), today)

    def on(days: int) -> date:
        return min(start + timedelta(days=days), today)

    clerk, officer = z.user["clerk"], z.officer_of(case)
    z.assign(case, "inquiry_control", start, 0)
    house = _house(case, "party")
    area = house.pop("area")
    lead = leads.lead_register(
        actor=clerk,
        case=case,
        provided_by=_applicant(case),
        received_on=start,
        kind="real_estate",
        description=f"被执行人名下房产一处：{house['description']}（{house['identifier']}）",
        how_to_verify="向北京市不动产登记中心查询登记信息",
    )
    leads.lead_verify(
        actor=officer,
        lead=lead,
        verified_on=on(2),
        result="found",
        note="经查询不动产登记，该房产登记在被执行人名下，无抵押、无在先查封",
    )
    seal = control.control_take(
        actor=officer,
        case=case,
        kind="seal",
        started_on=on(3),
        expires_on=add_months(on(3), 36) - timedelta(days=1),
        ruling=_ruling(case),
        **house,
    )
    disposer = z.assign(case, "disposal", on(10), 1)
    disposal.appraisal_order(actor=disposer, measure=seal, decided_on=on(12))
    disposal.appraiser_select(actor=disposer, measure=seal, agency=APPRAISER, selected_on=on(19))
    price = _thousands(area * random.Random(SEED + case.pk).randint(52, 78) * THOUSAND)
    disposal.appraisal_report(
        actor=disposer, measure=seal, basis="appraisal", price=price, reported_on=on(50)
    )
    announced = max(on(55), today - timedelta(days=5))
    starts = _moment(announced + timedelta(days=31), 10)
    start_price = _thousands(price * Decimal("0.8"))
    deposit = _thousands(start_price / 10)
    # 网拍规定 第27条: the collegial panel fixes the start price and the deposit before the announcement
    panel = [z.user[name].staff for name in ("officer3", "officer1", "officer2")]
    case_services.collegial_decision_record(
        actor=z.user["officer3"],
        case=case,
        kind="panel",
        decided_on=on(51),
        subject=f"{house['description']}网络司法拍卖起拍价、保证金",
        outcome=f"按评估价 {price} 元的80%确定第一次拍卖起拍价 {start_price} 元，"
        f"保证金 {deposit} 元；流拍的，再次拍卖降价20%",
        members=panel,
        presiding=panel[0],
    )
    disposal.auction_announce(
        actor=disposer,
        measure=seal,
        platform="taobao",
        notified_on=announced - timedelta(days=3),  # 第16条: the parties told 3 days before
        announced_on=announced,
        starts_at=starts,
        ends_at=starts + timedelta(days=1),
        start_price=start_price,
        deposit=deposit,
    )
    r.cases["auction_announced"] = case
    r.counts.update(controls=1, disposals=1, rounds=1, leads=1)


def _receivable_expiring(z: _Court, case: EnforcementCase, today: date, r: MeasuresResult) -> None:
    """A receivable the court froze itself for six months (a shorter term than 第485条's three
    years), now ending within ZHIXING_CONTROL_WARN_DAYS; and a new lead from the applicant, still
    to be verified within 5 days (法发〔2006〕35号 第6条)."""
    ends = today + timedelta(days=max(0, min(10, settings.ZHIXING_CONTROL_WARN_DAYS)))
    start = min(max(add_months(ends, -6), _last_on(case), case.filed_on), today)
    rng = random.Random(SEED + case.pk)
    debtor = company_name(rng)
    owed = control.owed(case) or Decimal(50_000)
    officer = z.officer_of(case)
    z.assign(case, "inquiry_control", start, 0)
    control.control_take(
        actor=officer,
        case=case,
        kind="freeze",
        property_kind="other_rights",
        description=f"被执行人对{debtor}享有的到期债权（货款）",
        party=_respondent(case),
        amount=min(owed, Decimal(rng.randint(30, 90)) * THOUSAND),
        started_on=start,
        expires_on=ends,
        ruling=_ruling(case),
    )
    leads.lead_register(
        actor=z.user["clerk"],
        case=case,
        provided_by=_applicant(case),
        received_on=today,
        kind="deposit",
        description="被执行人在中国建设银行开立的结算账户近期仍有资金往来",
        how_to_verify="通过网络查控系统查询该账户余额并冻结",
    )
    r.cases["expiring"] = r.cases["lead_open"] = case
    r.counts.update(controls=1, leads=1, leads_open=1)


def _distribution(z: _Court, case: EnforcementCase, today: date, r: MeasuresResult) -> None:
    """参与分配 of the price of the respondent's (a citizen's) auctioned house: costs first, the
    mortgagee next, the two ordinary creditors pro rata (民诉法解释 第506条、第508条)."""
    rng = random.Random(SEED + case.pk)
    claim = case.claim_amount or Decimal(100_000)
    other = max(_thousands(claim * Decimal("0.8")), Decimal(50_000))
    mortgage = max(_thousands((claim + other) * 3), Decimal(800_000))
    costs = Decimal(rng.randint(18, 36)) * THOUSAND
    amount = costs + mortgage + _thousands((claim + other) * Decimal("0.55"))
    payer = z.assign(case, "payout", today, 2)
    row = distribution.distribution_open(
        actor=payer,
        case=case,
        debtor=_respondent(case),
        amount=amount,
        property_description="被执行人名下住宅一套的网络司法拍卖成交价款",
        opened_on=today,
    )
    basis = case.basis.document_number
    for creditor, kind, value, extra in (
        ("本院（评估费、拍卖辅助费用）", "cost", costs, {}),
        (MORTGAGEE, "priority", mortgage, {"created_on": case.filed_on - timedelta(days=1100)}),
        (_applicant(case).name, "ordinary", claim, {"title_number": basis}),
        (
            person_name(rng),
            "ordinary",
            other,
            {"title_number": f"（{today.year - 1}）京0105民初{rng.randint(1000, 39999)}号"},
        ),
    ):
        distribution.claim_add(
            actor=payer,
            distribution=row,
            creditor=creditor,
            kind=kind,
            amount=value,
            filed_on=today,
            **extra,
        )
    distribution.plan_serve(actor=payer, distribution=row, served_on=today)
    r.cases["distribution"] = case
    r.counts["distributions"] += 1


COERCIVE = {
    "pending": (
        "fine",
        "report_refused",
        "20000",
        None,
        "被执行人{name}于{served}收到执行通知书、报告财产令，无正当理由逾期未报告财产情况，"
        "经本院电话及书面催告后仍拒不报告。",
    ),
    "detention": (
        "detention",
        "judgment_refused",
        None,
        "15",
        "被执行人{name}有履行能力而拒不履行生效法律文书确定的给付义务，经本院多次传唤拒不到庭，"
        "并将收入转入其亲属账户，逃避执行。",
    ),
    "reconsideration": (
        "fine",
        "report_refused",
        "30000",
        None,
        "被执行人{name}于{served}收到报告财产令后报告财产，但隐瞒其在他行开立的存款账户，"
        "虚假报告财产情况。",
    ),
}


def _coercive(z: _Court, what: str, case: EnforcementCase, today: date, r: MeasuresResult) -> None:
    """民事诉讼法 第118条、第119条: the officer proposes, the president approves (a 司惩 number);
    a detention is served and carried out; one fine is taken to 京03 for reconsideration."""
    measure, conduct, amount, days, facts = COERCIVE[what]
    who = _respondent(case)
    served = case.events.filter(code="notice_served").order_by("seq").first().occurred_on
    row = coercive.coercive_propose(
        actor=z.officer_of(case),
        case=case,
        measure=measure,
        subject="individual",
        person_name=who.name,
        id_number=who.id_number,
        facts=facts.format(name=who.name, served=f"{served:%Y年%m月%d日}"),
        conduct=conduct,
        amount=amount,
        days=days,
        proposed_on=today,
    )
    r.cases[f"coercive_{what}"] = case
    r.counts["coercive"] += 1
    if what == "pending":
        r.counts["coercive_pending"] += 1
        return
    coercive.coercive_approve(actor=z.user["president"], measure=row, on=today, note="同意")
    coercive.coercive_execute(actor=z.user["clerk"], measure=row, served_on=today)
    if what == "detention":
        coercive.coercive_execute(actor=z.user["police"], measure=row, executed_on=today)
        return
    coercive.reconsideration_apply(
        actor=z.user["clerk"],
        measure=row,
        applied_on=today,
        reason="申请人称其已按要求报告财产，遗漏的存款账户余额甚少，系疏忽所致，并非故意隐瞒，"
        "请求撤销罚款决定。",
    )
    r.counts["reconsiderations"] += 1


# ------------------------------------------------------------------------------------ driver
def seed_measures(today: date | None = None) -> MeasuresResult:
    """Writes the demo measures in one transaction (see the module docstring)."""
    today = today or timezone.localdate()
    result = MeasuresResult()
    court = Court.objects.filter(code=COURT_CODE).first()
    # The showcase's own mark: demo.cases takes controls too, but never a coercive measure.
    if court is None or CoerciveMeasure.objects.filter(court=court).exists():
        return result
    z = _Court(court)
    pool = z.candidates()
    if not pool or not {"chief", "clerk", "president", "police", *OFFICERS} <= set(z.user):
        return result
    departments = list(LinkedDepartment.objects.filter(active=True, answers_inquiries=True))
    previous = partners.set_default(partners.SimulatedPartner())
    try:
        with seeding(), transaction.atomic():
            _write(z, pool, departments, today, result)
            while notifications.send_due(limit=1000)[0]:
                pass
    finally:
        partners.set_default(previous)
    return result


def _write(
    z: _Court,
    pool: list[EnforcementCase],
    departments: list[LinkedDepartment],
    today: date,
    result: MeasuresResult,
) -> None:
    used: set[int] = set()
    mine = pool[0].officer_id  # officer1's cases first

    def take(cases: list[EnforcementCase]) -> EnforcementCase | None:
        case = next((c for c in cases if c.pk not in used), None)
        if case is not None:
            used.add(case.pk)
        return case

    fresh = [c for c in pool if _fresh(c)]
    # The two timelines need the cases idle longest; then the network inquiries.
    by_age = sorted(fresh, key=lambda c: (c.officer_id != mine, _last_on(c)))
    if case := take(by_age):
        _receivable_expiring(z, case, today, result)
    if case := take(by_age):
        _house_to_auction(z, case, today, result)
    finds = {c.pk: _finds(c, departments) for c in fresh if c.pk not in used}
    deposits = [c for c in fresh if "deposit" in finds.get(c.pk, ())]
    sealed = take([c for c in deposits if "real_estate" in finds[c.pk]] + deposits)
    seized = take([c for c in deposits if "vehicle" in finds[c.pk]] + deposits)
    paid = take(deposits)
    inquired = [c for c in (paid, seized, sealed) if c is not None]
    for case in inquired:
        _inquiry(z, case, today, result, deduct=case is not sealed)
    if paid is not None:
        _payout(z, paid, today, result)
        result.cases["payout_pending"] = paid
    if inquired:
        _seize_vehicle(z, [c for c in (seized, paid, sealed) if c is not None], today, result)
    if sealed is not None:
        _seal_for_appraisal(z, sealed, today, result)
    result.cases.update({f"inquiry_{i}": c for i, c in enumerate(inquired, 1)})

    persons = [c for c in pool if _respondent(c).kind == "person"]
    auctioned = [c for c in persons if "disposal_started" in _codes(c)]
    if case := take(
        sorted(auctioned, key=lambda c: (c.officer_id != mine, -(c.claim_amount or 0)))
    ):
        _distribution(z, case, today, result)
    for what in COERCIVE:
        if case := take(persons):
            _coercive(z, what, case, today, result)
    result.created = True
