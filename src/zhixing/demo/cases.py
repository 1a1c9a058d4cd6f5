"""Demo enforcement cases for `seed-demo`: about 300 cases over Beijing's basic courts.

Every case is written through the case services (case_receive, case_docket, case_refuse,
officer_assign, stage_assign, node_record, extension_request/extension_decide), so its audit
records, deadlines and party notifications are the real thing. Planning is pure and deterministic
(random.Random(2026)) for a given `today`; received dates spread over the 325 days before today.
Most cases go to 朝阳 (京0105) and 海淀 (京0108), where the demo accounts log in.

The party generators (names, valid 身份证号码 and 统一社会信用代码) are shared with `seed-bulk`.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from zhixing.cases import notifications, services
from zhixing.cases.inputs import BasisInput, PartyInput
from zhixing.cases.models import CaseDeadline, EnforcementCase
from zhixing.cases.rules.filing import ACCEPTANCE_ITEMS
from zhixing.closure import services as closure_services
from zhixing.core.rules.calendar import add_months
from zhixing.core.rules.identity import CREDIT_CODE_CHARSET, credit_check_char, id_check_digit
from zhixing.measures import services as funds_services
from zhixing.measures.models import ControlMeasure
from zhixing.measures.services import control as control_services
from zhixing.measures.services import disposal as disposal_services
from zhixing.measures.services import leads as leads_services
from zhixing.organization import demo
from zhixing.organization.models import Court, Staff

SEED = 2026
WINDOW_DAYS = 325  # received dates: 2026-01-05 … 2026-11-26 when today is 2026-11-26
CHECKLIST = dict.fromkeys(ACCEPTANCE_ITEMS, True)

# ---------------------------------------------------------------- parties (shared with seed-bulk)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段欧阳"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华玉萍红玲芬燕彬鹏辉宏海波斌宇浩凯健俊帆旭宁龙林欣佳瑶怡婷雪慧志国建文博思远振德成子涵梓轩雨桐一诺晨曦"
TRADE_NAMES = [
    "华信", "博远", "中科", "鑫达", "恒通", "汇丰源", "京广", "瑞祥", "天成", "宏图", "金泰",
    "润泽", "远洋", "嘉禾", "盛世", "正源", "立德", "康平", "长城", "新航", "和信", "东方",
]  # fmt: skip
INDUSTRIES = [
    "科技", "商贸", "建筑工程", "物业管理", "餐饮管理", "文化传媒", "房地产开发", "汽车销售",
    "医疗器械", "教育咨询", "物流", "装饰工程", "信息技术", "投资管理",
]  # fmt: skip
STREETS = [
    "建国路", "朝阳北路", "望京街", "三里屯路", "中关村大街", "学院路", "海淀南路", "西直门外大街",
    "丰台路", "通惠河北路", "长安街", "金融街", "亦庄经济开发区科创街", "昌平路",
]  # fmt: skip
# 行政区划代码 of the demo parties' household registrations: Beijing districts and a few provinces.
REGIONS = [
    "110105", "110108", "110101", "110102", "110106", "110112", "110114", "110115",
    "130102", "370102", "410105", "510104", "420106", "230103", "320106", "440106",
]  # fmt: skip
CLAIM_KINDS = ["货款", "借款本金及利息", "工程款", "租金", "劳动报酬", "服务费", "违约金", "赔偿款"]


def person_name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES[:-2]) if rng.random() > 0.01 else "欧阳"
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return surname + given


def company_name(rng: random.Random) -> str:
    form = rng.choice(["有限公司", "有限公司", "有限责任公司", "股份有限公司"])
    return f"北京{rng.choice(TRADE_NAMES)}{rng.choice(INDUSTRIES)}{form}"


def id_number(rng: random.Random, region: str | None = None) -> str:
    """A valid GB 11643 number of an adult born 1955–2000 (generated, not a real person's)."""
    born = date(1955, 1, 1) + timedelta(days=rng.randint(0, 16_400))
    body = f"{region or rng.choice(REGIONS)}{born:%Y%m%d}{rng.randint(1, 999):03d}"
    return body + id_check_digit(body)


def credit_code(rng: random.Random, region: str | None = None, prefix: str = "91") -> str:
    """A valid GB 32100 code: 登记管理部门码 + 机构类别码 (91 = 企业), region, organisation code."""
    org = "MA0" + "".join(rng.choice(CREDIT_CODE_CHARSET) for _ in range(6))
    body = f"{prefix}{region or rng.choice(REGIONS[:8])}{org}"
    return body + credit_check_char(body)


def phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"


def address(rng: random.Random, company: bool) -> str:
    district = rng.choice(["朝阳区", "海淀区", "东城区", "西城区", "丰台区", "通州区", "昌平区"])
    if company:
        return f"北京市{district}{rng.choice(STREETS)}{rng.randint(1, 300)}号{rng.randint(1, 28)}层"
    return (
        f"北京市{district}{rng.choice(STREETS)}{rng.randint(1, 200)}号院"
        f"{rng.randint(1, 20)}号楼{rng.randint(1, 6)}单元{rng.randint(101, 2402)}室"
    )


def party(rng: random.Random, role: str, company: bool) -> PartyInput:
    if company:
        return PartyInput(
            role=role,
            kind="legal_entity",
            name=company_name(rng),
            credit_code=credit_code(rng),
            legal_representative=person_name(rng),
            phone=phone(rng),
            address=address(rng, True),
        )
    return PartyInput(
        role=role,
        kind="person",
        name=person_name(rng),
        id_number=id_number(rng),
        phone=phone(rng),
        address=address(rng, False),
    )


def file_docketed(
    *,
    court: Court,
    clerk: Any,
    chief: Any,
    officer: Any,
    respondent: PartyInput,
    received: date,
    rng: random.Random,
    claim: Decimal,
    effective: date,
    owed: str,
) -> EnforcementCase:
    """A 执 case on the court's civil judgment, a company against `respondent` (who owes `owed`),
    received on `received`, docketed the next day and given to `officer` the day after."""
    applicant = company_name(rng)
    case = services.case_receive(
        actor=clerk,
        court=court,
        type_code="执",
        origin="civil_judgment",
        arrival="application",
        received_on=received,
        claim_amount=claim,
        basis=BasisInput(
            issuing_body=court.name,
            document_number=f"（{effective.year}）{court.code}民初{rng.randint(1000, 39999)}号",
            effective_on=effective,
            performance_deadline=effective + timedelta(days=15),
            obligations=f"{respondent.name}向{applicant}支付{owed}{claim}元",
            amount=claim,
        ),
        parties=[
            PartyInput(
                role="applicant",
                kind="legal_entity",
                name=applicant,
                credit_code=credit_code(rng),
                legal_representative=person_name(rng),
                phone=phone(rng),
                address=address(rng, True),
            ),
            respondent,
        ],
    )
    case = services.case_docket(
        actor=clerk, case=case, on=received + timedelta(days=1), checklist=CHECKLIST
    )
    services.officer_assign(
        actor=chief, cases=[case], officer=officer.staff, on=received + timedelta(days=2)
    )
    return case


def claim_amount(rng: random.Random) -> Decimal:
    """Log-uniform from about 3,000 to 5 million yuan: most claims are small, a few large."""
    return Decimal(int(10 ** rng.uniform(3.5, 6.7))).quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------------- planning
@dataclass(frozen=True)
class Step:
    day: int  # days after receipt
    action: str  # docket | refuse | officer | stage | node | extension | funds | control | …
    code: str = ""  # node code or stage
    who: str = "officer"  # officer | disposer | payer (see _holder)
    data: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class CasePlan:
    court_code: str
    story: str
    received_on: date
    type_code: str
    origin: str
    arrival: str
    claim: Decimal
    basis: BasisInput
    parties: list[PartyInput]
    officer: str  # login suffix of the 承办人, e.g. "officer1"
    steps: tuple[Step, ...]


# Stories: how far a case has gone. Weights for the random share; FORCED stories are placed once
# in each of 朝阳 and 海淀 so the demo accounts see them.
WEIGHTS = {
    "received_recent": 3,
    "received_stale": 3,
    "refused": 2,
    "docketed": 4,
    "assigned": 6,
    "notice": 10,
    "leads": 9,
    "investigation": 5,
    "measures": 12,
    "disposal": 7,
    "payout": 6,
    "suspended_resumed": 4,
    "closed_paid": 12,
    "closed_disposed": 8,
}
FORCED = ("suspended", "extension")
CLOSED_STORIES = frozenset({"closed_paid", "closed_disposed", "refused"})
CASES_PER_COURT = {"京0105": 108, "京0108": 88}  # plus FORCED; every other basic court gets 7
OTHER_COURT_CASES = 7
OFFICERS = {"officer1": 5, "officer2": 3, "officer3": 2}
LEADS = [  # (kind, what the applicant says)
    ("vehicle", "被执行人名下车辆一辆（京N·8A2**）"),
    ("deposit", "被执行人在某银行开立的账户"),
    ("receivable", "被执行人对案外人享有到期债权"),
    ("real_estate", "被执行人名下房产一处"),
]
# Controls the court carries out itself (in effect at once): 查封 of real estate, 扣押 of a
# vehicle, 冻结 of a receivable. Bank freezes and deductions go through the departments and their
# answers, so the showcase cases of demo/measures.py carry those.
MEASURES = ["seal", "seize", "freeze"]
SOLD_STORIES = frozenset({"disposal", "extension", "payout", "closed_disposed"})
APPRAISER = "北京华信房地产土地评估有限公司"


class _Script:
    def __init__(self, rng: random.Random) -> None:
        self.rng, self.day, self.steps = rng, 0, []

    def wait(self, low: int, high: int) -> _Script:
        self.day += self.rng.randint(low, high)
        return self

    def do(self, action: str, code: str = "", who: str = "officer", note: str = "", **data: Any):
        self.steps.append(Step(self.day, action, code, who, data, note))


def _script(rng: random.Random, story: str, claim: Decimal) -> _Script:
    s = _Script(rng)
    if story.startswith("received"):
        return s
    if story == "refused":
        s.wait(2, 6).do("refuse", note=rng.choice(["不属于本院管辖", "申请执行的法律文书尚未生效"]))
        return s
    if story == "extension":
        s.wait(2, 2).do("docket")
    else:
        s.wait(8, 10) if rng.random() < 0.08 else s.wait(1, 6)
        s.do("docket")
    if story == "docketed":
        return s
    s.wait(1, 4).do("officer")
    if story == "assigned":
        return s
    s.wait(4, 6) if rng.random() < 0.1 else s.wait(0, 3)
    s.do("node", "notice_issued", note="同时送达报告财产令")
    s.do("node", "leads_requested")
    s.wait(2, 8).do("node", "notice_served")
    if story == "notice":
        return s
    s.do("stage", "inquiry_control")
    if story == "investigation":
        s.wait(3, 20).do("node", "investigation_requested")
        s.wait(1, 8).do("node", "investigation_started")
        if rng.random() < 0.6:
            s.wait(10, 28).do(
                "node", "investigation_completed", result="查明被执行人无可供执行财产"
            )
        return s
    if story == "leads" or rng.random() < 0.5:
        s.wait(7, 30).do("lead", code=rng.choice(LEADS)[0])
        s.wait(6, 9) if rng.random() < 0.1 else s.wait(1, 5)
        s.do("lead_verified")
        if story == "leads" and rng.random() < 0.4:
            s.wait(3, 15).do("lead", code=rng.choice(LEADS)[0])
    if story == "leads":
        return s
    measure = "seal" if story in SOLD_STORIES else rng.choice(MEASURES)
    s.wait(3, 25).do("control", code=measure)
    if story == "suspended":
        s.wait(5, 30).do("node", "suspended", reason="案外人对执行标的提出确有理由的异议")
        return s
    if story == "suspended_resumed":
        s.wait(5, 30).do("node", "suspended", reason="被执行人申请破产，法院已裁定受理")
        s.wait(20, 60).do("node", "resumed", note="中止情形消失")
        return s
    if story == "measures":
        return s
    if story != "closed_paid":  # closed_paid is paid by the respondent; the others sell the house
        s.do("stage", "disposal", who="disposer")
        s.wait(20, 60).do("appraisal", who="disposer")
        s.wait(2, 8).do("appraiser", who="disposer")
    if story == "extension":
        s.do("extension")
    if story in ("disposal", "extension"):
        return s
    s.do("stage", "payout", who="payer")
    paid = claim if story.startswith("closed") else (claim * Decimal(rng.randint(3, 8)) / 10)
    # The money arrives (the respondent pays, or the buyer's price), the payout is
    # scheduled the same day and paid some working days later; in the "payout" story one in three
    # is still waiting, some of them past the 15 working days.
    paid_after = None if story == "payout" and rng.random() < 0.35 else rng.randint(1, 12)
    s.wait(15, 50).do(
        "funds",
        who="payer",
        amount=str(paid.quantize(Decimal("0.01"))),
        payer="respondent" if story == "closed_paid" else "buyer",
        paid_after=paid_after,
    )
    if paid_after is not None:
        s.wait(paid_after, paid_after)
    if story.startswith("closed"):
        s.wait(1, 20).do("close", mode="fully_performed")
    return s


def _received_on(rng: random.Random, story: str, span: int, today: date) -> date:
    start = today - timedelta(days=WINDOW_DAYS)
    latest = today - timedelta(days=span)
    if story == "received_recent":
        return today - timedelta(days=rng.randint(0, 5))
    if story == "received_stale":  # past the 7-day docketing deadline
        return today - timedelta(days=rng.randint(8, 30))
    if story == "extension":  # docketed about six months ago, so the closure period ends now
        return add_months(today, -6) - timedelta(days=rng.randint(5, 8))
    if story in CLOSED_STORIES:
        return start + timedelta(days=rng.randint(0, max((latest - start).days, 0)))
    roll = rng.random()
    idle = rng.randint(0, 3) if roll < 0.62 else rng.randint(5, 40) if roll < 0.85 else 190 + span
    return max(start, latest - timedelta(days=idle))


def _basis_and_type(
    rng: random.Random, court: demo.DemoCourt, received_on: date, claim: Decimal, app: str, res: str
) -> tuple[str, str, str, BasisInput]:
    late = rng.random() < 0.03  # applied after the 2-year period: accepted with a warning
    back = rng.randint(760, 1100) if late else rng.randint(40, 200)
    effective = received_on - timedelta(days=back)
    deadline = effective + timedelta(days=rng.choice([10, 15, 30]))
    kind = rng.choice(CLAIM_KINDS)
    year, no = effective.year, rng.randint(1000, 39999)
    roll = rng.random()
    type_code, arrival = "执", "application"
    if roll < 0.05:
        type_code, origin, body = "执保", "preservation_ruling", court.name
        number = f"（{year}）{court.code}民初{no}号"
        duty = f"冻结被申请人{res}银行存款{claim}元或查封、扣押其等值财产"
        deadline = None
    elif roll < 0.12:
        type_code, origin, body = "执恢", "civil_judgment", court.name
        number, duty = f"（{year}）{court.code}民初{no}号", f"{res}向{app}支付{kind}{claim}元"
    elif roll < 0.15:
        origin, body = "administrative_nonlitigation", court.name
        number, duty = f"（{year}）{court.code}行审{no % 900}号", f"{res}缴纳罚款{claim}元"
    elif roll < 0.27:
        origin, body = "arbitral_award", "北京仲裁委员会"
        number, duty = f"（{year}）京仲裁字第{no % 5000:04d}号", f"{res}向{app}支付{kind}{claim}元"
    elif roll < 0.35:
        origin, body = "notarial_deed", "北京市长安公证处"
        number = f"（{year}）京长安内经证字第{no}号"
        duty = f"{res}向{app}偿还借款本金及利息共计{claim}元"
    else:
        origin = rng.choice(["civil_judgment"] * 3 + ["mediation"] * 2 + ["civil_ruling"])
        body, number = court.name, f"（{year}）{court.code}民初{no}号"
        duty = f"{res}于{deadline:%Y年%m月%d日}前向{app}支付{kind}{claim}元"
        arrival = "transfer" if kind == "劳动报酬" else "application"
    basis = BasisInput(
        issuing_body=body,
        document_number=number,
        effective_on=effective,
        performance_deadline=deadline,
        obligations=duty,
        amount=claim,
    )
    return type_code, origin, arrival, basis


def _plan(rng: random.Random, court: demo.DemoCourt, story: str, today: date) -> CasePlan:
    claim = claim_amount(rng)
    script = _script(rng, story, claim)
    received = _received_on(rng, story, script.day, today)
    applicant = party(rng, "applicant", rng.random() < 0.6)
    respondent = party(rng, "respondent", rng.random() < 0.45)
    type_code, origin, arrival, basis = _basis_and_type(
        rng, court, received, claim, applicant.name, respondent.name
    )
    if origin == "administrative_nonlitigation":
        applicant = PartyInput(
            role="applicant",
            kind="legal_entity",
            name=f"北京市{court.name[3:-4]}市场监督管理局",
            credit_code=credit_code(rng, court.division, prefix="11"),
            legal_representative=person_name(rng),
            phone=phone(rng),
        )
    officer = rng.choices(list(OFFICERS), weights=list(OFFICERS.values()))[0]
    return CasePlan(
        court.code,
        story,
        received,
        type_code,
        origin,
        arrival,
        claim,
        basis,
        [applicant, respondent],
        officer,
        tuple(script.steps),
    )


def _stories(rng: random.Random, count: int, big: bool) -> list[str]:
    if not big:
        return rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()), k=count)
    total = sum(WEIGHTS.values())
    stories = [s for s, w in WEIGHTS.items() for _ in range(max(1, round(w * count / total)))]
    stories = stories[:count] + list(FORCED)
    rng.shuffle(stories)
    return stories


def plan_cases(today: date) -> list[CasePlan]:
    """Every demo case, in the order it is written. Pure: same `today`, same plans."""
    rng = random.Random(SEED)
    plans = []
    for court in demo.COURTS:
        if court.level is not demo.L.BASIC:
            continue
        big = court.code in CASES_PER_COURT
        for story in _stories(rng, CASES_PER_COURT.get(court.code, OTHER_COURT_CASES), big):
            plans.append(_plan(rng, court, story, today))
    return plans


# --------------------------------------------------------------------------------- execution
@dataclass
class SeedResult:
    created: Counter[str] = field(default_factory=Counter)  # court code → cases
    skipped: list[str] = field(default_factory=list)  # courts that already had cases / no staff


@contextmanager
def seeding() -> Iterator[None]:
    """Demo parties are invented but their phone numbers look real, so their messages go to the
    console channel whatever channel is configured: seeding never texts a stranger. The console
    lines are silenced (thousands would bury the printed demo accounts), while the outbox rows are
    real and delivered. DEBUG's query log is off meanwhile: it cost a quarter of the run."""
    log = logging.getLogger("zhixing.notifications")
    before = log.disabled
    log.disabled = True
    try:
        with override_settings(ZHIXING_NOTIFICATION_CHANNEL="console", DEBUG=False):
            yield
    finally:
        log.disabled = before


PEOPLE = ("clerk", "chief", "president", "assistant", *OFFICERS)


def _people(court: Court, slug: str) -> dict[str, Staff] | None:
    wanted = {f"{slug}_{suffix}": suffix for suffix in PEOPLE}
    found = {
        wanted[s.user.username]: s
        for s in Staff.objects.filter(court=court, user__username__in=wanted).select_related("user")
    }
    return found if len(found) == len(PEOPLE) else None


def _holder(plan: CasePlan, who: str, people: dict[str, Staff]) -> Staff:
    """The 承办人 holds inquiry-and-control; disposal and payout go to the two other officers, so
    the separated stages (ZHIXING_SEPARATED_STAGES) never share a person."""
    if who == "disposer":
        names = list(OFFICERS)
        return people[names[(names.index(plan.officer) + 1) % len(names)]]
    if who == "payer":  # 执行款 is paid by an officer (measures.services.PAYOUT_ROLES)
        names = list(OFFICERS)
        return people[names[(names.index(plan.officer) + 2) % len(names)]]
    return people[plan.officer]


def _run(plan: CasePlan, court: Court, people: dict[str, Staff], today: date) -> None:
    clerk, chief = people["clerk"].user, people["chief"].user
    case = services.case_receive(
        actor=clerk,
        court=court,
        type_code=plan.type_code,
        origin=plan.origin,
        arrival=plan.arrival,
        received_on=plan.received_on,
        basis=plan.basis,
        parties=plan.parties,
        claim_amount=plan.claim,
    )
    for step in plan.steps:
        on = plan.received_on + timedelta(days=step.day)
        holder = _holder(plan, step.who, people)
        if step.action == "docket":
            case = services.case_docket(actor=clerk, case=case, on=on, checklist=CHECKLIST)
        elif step.action == "refuse":
            services.case_refuse(actor=clerk, case=case, on=on, reason=step.note)
        elif step.action == "officer":
            services.officer_assign(actor=chief, cases=[case], officer=holder, on=on)
        elif step.action == "stage":
            services.stage_assign(actor=chief, cases=[case], stage=step.code, on=on, staff=holder)
        elif step.action == "node":
            services.node_record(
                actor=holder.user, case=case, code=step.code, on=on, data=step.data, note=step.note
            )
        elif step.action == "close":  # a preservation case is done as 保全完毕, not 执行完毕
            mode = "preserved" if case.type_code == "执保" else step.data["mode"]
            closure_services.case_close(actor=holder.user, case=case, mode=mode, on=on)
        elif step.action == "extension":
            _extend(case, holder, people["president"], today)
        elif step.action == "funds":
            _pay(case, holder, on, step.data, today)
        elif step.action == "lead":
            leads_services.lead_register(
                actor=clerk,
                case=case,
                provided_by=case.parties.filter(role="applicant").first(),
                received_on=on,
                kind=step.code,
                description=f"申请执行人提供：{dict(LEADS)[step.code]}",
            )
        elif step.action == "lead_verified":
            leads_services.lead_verify(
                actor=holder.user,
                lead=case.leads.filter(verified_on__isnull=True).order_by("pk").first(),
                verified_on=on,
                result="found",
                note="线索属实，已采取控制措施",
            )
        elif step.action == "control":
            _control(case, holder, on, step.code)
        elif step.action == "appraisal":
            disposal_services.appraisal_order(
                actor=holder.user, measure=_sealed(case), decided_on=on
            )
        elif step.action == "appraiser":
            disposal_services.appraiser_select(
                actor=holder.user, measure=_sealed(case), agency=APPRAISER, selected_on=on
            )


def _control(case: EnforcementCase, officer: Staff, on: date, kind: str) -> None:
    """A control the court carries out itself, through the control services (so the case's
    查控措施 page, its priority rank and the 措施 node agree)."""
    rng = random.Random(SEED * 3 + case.pk)
    respondent = case.parties.get(role="respondent")
    if kind == "seal":
        where = rng.choice(["望京街", "朝阳北路", "建国路", "学院路", "丰台路"])
        extra = dict(
            property_kind="real_estate",
            description=f"北京市{where}{rng.randint(2, 99)}号院{rng.randint(1, 12)}号楼"
            f"{rng.randint(2, 24)}0{rng.randint(1, 4)}室住宅",
            identifier=f"京（{rng.randint(2012, 2022)}）不动产权第{rng.randint(1, 99999):07d}号",
            months=36,
        )
    elif kind == "seize":
        extra = dict(
            property_kind="movable",
            description=f"小型轿车（{rng.choice(['丰田', '大众', '本田', '别克'])}）",
            identifier="京" + rng.choice("ACEFGHJKLMNPQ") + f"{rng.randint(10000, 99999)}",
            months=24,
        )
    else:
        extra = dict(
            property_kind="other_rights",
            description=f"被执行人对{company_name(rng)}享有的到期债权",
            amount=min(case.claim_amount or Decimal(50_000), Decimal(rng.randint(20, 90) * 1000)),
            months=36,
        )
    months = extra.pop("months")
    control_services.control_take(
        actor=officer.user,
        case=case,
        kind=kind,
        party=respondent,
        started_on=on,
        expires_on=add_months(on, months) - timedelta(days=1),
        ruling=f"{case.case_number}之一",
        **extra,
    )


def _sealed(case: EnforcementCase) -> ControlMeasure:
    return ControlMeasure.objects.filter(case=case, kind="seal").order_by("pk").first()


def _pay(case: EnforcementCase, payer: Staff, on: date, data: dict[str, Any], today: date) -> None:
    """Money received for the case and paid to its applicant through the funds services, so the
    case's ledger, realized amount and 发放执行款 node agree."""
    funds_services.receipt_record(
        actor=payer.user,
        case=case,
        amount=data["amount"],
        received_on=on,
        payer=case.parties.get(role="respondent").name
        if data["payer"] == "respondent"
        else "网络司法拍卖买受人",
        channel="transfer",
        reference=f"DEMO-{case.court.code}-{case.pk}",
    )
    payout = funds_services.payout_schedule(
        actor=payer.user,
        case=case,
        party=case.parties.filter(role="applicant").first(),
        amount=data["amount"],
        condition_met_on=on,
    )
    if data["paid_after"] is not None:
        paid_on = min(on + timedelta(days=data["paid_after"]), today)
        funds_services.payout_pay(actor=payer.user, payout=payout, paid_on=paid_on)


def _extend(case: EnforcementCase, officer: Staff, president: Staff, today: date) -> None:
    """Asked three days before the closure period ends (法发〔2006〕35号 第1条: within the last 5
    days), approved by the president the next day."""
    due = CaseDeadline.objects.get(case=case, code="closure").due_on
    asked = min(due - timedelta(days=3), today)
    months = min(3, settings.ZHIXING_MAX_EXTENSION_MONTHS)
    services.extension_request(
        actor=officer.user,
        case=case,
        on=asked,
        months=months,
        reason="涉案不动产网络司法拍卖尚未成交，需延长执行期限",
    )
    services.extension_decide(
        actor=president.user,
        case=case,
        on=min(asked + timedelta(days=1), today),
        approve=True,
        months=months,
        note=f"同意延长{months}个月",
    )


def seed_cases(*, today: date | None = None) -> SeedResult:
    """Writes the planned cases court by court, one transaction per court; a court that already
    has cases is left alone, so running seed-demo twice creates nothing new."""
    today = today or timezone.localdate()
    slugs = {c.code: c.slug for c in demo.COURTS}
    plans = plan_cases(today)
    courts = {c.code: c for c in Court.objects.filter(code__in={p.court_code for p in plans})}
    result = SeedResult()
    by_court: dict[str, list[CasePlan]] = {}
    for plan in plans:
        by_court.setdefault(plan.court_code, []).append(plan)
    with seeding():
        for code, group in by_court.items():
            court = courts.get(code)
            if court is None or EnforcementCase.objects.filter(court=court).exists():
                result.skipped.append(code)
                continue
            people = _people(court, slugs[code])
            if people is None:
                result.skipped.append(code)
                continue
            with transaction.atomic():
                for plan in group:
                    _run(plan, court, people, today)
                # Delivered inside the court's transaction: one commit instead of one per message
                # (the after-commit sends then find nothing left to do).
                while notifications.send_due(limit=1000)[0]:
                    pass
            result.created[code] = len(group)
    return result
