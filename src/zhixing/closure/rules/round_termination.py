"""The 终本 gate: every condition a case must meet before it is closed by 终结本次执行程序.

Sources (domain-rules section 4):
- 法〔2016〕373号 最高人民法院关于严格规范终结本次执行程序的规定（试行）第1条 (five preconditions,
  VERIFIED), 第2条 (责令报告财产 = order issued, report checked, refusals sanctioned, VERIFIED),
  第3条 (穷尽财产调查: leads checked, 网络执行查控, on-site investigation where the network cannot
  reach — the article's full text is UNVERIFIED; the on-site clause is VERIFIED only from a secondary
  quotation, P:ezdbc.com/365bettytzw/967.html), 第4条 (property that cannot be disposed of, VERIFIED
  secondary), 第5条 (the applicant interviewed and the record kept; requirement VERIFIED via the
  SPC's description, wording UNVERIFIED);
- 民诉法解释 第517条: the applicant's signed confirmation, or a collegial-panel review approved by the
  court president (VERIFIED).

Pure: the service (`closure.services.round_termination.gate_facts`) reads the database into `Facts`; this
module decides. `checklist` always returns every condition, met or not, so a page can show the whole
list with what is missing and where it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from zhixing.cases.rules.nodes import NodeCode
from zhixing.core.rules.calendar import add_months, cn_date

N = NodeCode
RULES = "法〔2016〕373号"
MIN_MONTHS = 3  # 第1条第4项: 自执行案件立案之日起已超过三个月


class Where(StrEnum):
    """Where on the platform a missing condition is fulfilled (the page turns it into a link)."""

    FILING = "filing"  # the case page (立案)
    NODE = "node"  # the case page's 记录节点 form
    INQUIRY = "inquiry"  # 网络查控
    LEADS = "leads"  # 财产线索
    CONTROLS = "controls"  # 查控措施
    DISPOSAL = "disposal"  # 财产处置
    COERCIVE = "coercive"  # 强制措施
    REVIEW = "review"  # this app's 合议庭终本审查 / 院长批准 forms


@dataclass(frozen=True)
class HeldProperty:
    """A piece of the respondent's property the court knows of: found by a network inquiry (and not
    controlled), or under a control measure still held (查封、扣押、冻结)."""

    description: str
    property_kind: str  # measures: deposit/movable/real_estate/other_rights; linkage: vehicle …
    control: str = ""  # "" = found, never controlled; seal / seize / freeze
    remaining: Decimal | None = None  # money still held on it (a freeze not yet deducted)
    outcome: str = ""  # the disposal outcome: auction / sale / in_kind / released
    failed_rounds: int = 0  # online auction rounds that failed (流拍)
    physically_seized: bool = False  # a registered movable also seized (扣押) on site
    awaiting_answer: bool = False  # the control request still waits for the department's answer


@dataclass(frozen=True)
class Review:
    """A collegial panel's review of 终本 (民诉法解释 第517条: 合议庭审查 — a panel, not a 主审法官
    联席会议) and the dates the president approved that review (the approval names its review)."""

    decision_id: int
    decided_on: date
    approved_on: tuple[date, ...] = ()


def latest_review(reviews: tuple[Review, ...]) -> Review | None:
    """The panel's latest review (by date, then by the order recorded): the one an approval counts
    for — an approval of an earlier review does not carry over to a later one."""
    return max(reviews, key=lambda r: (r.decided_on, r.decision_id), default=None)


@dataclass(frozen=True)
class Facts:
    """What the gate reads, as plain values. `nodes` maps each node code recorded on the case to the
    dates it was recorded on (the interview only when its record is named)."""

    filed_on: date | None
    today: date
    nodes: Mapping[NodeCode, tuple[date, ...]] = field(default_factory=dict)
    inquiry_rounds: int = 0  # 网络查控 rounds started
    inquiries_unanswered: int = 0  # their messages still without a department's answer
    unverified_leads: int = 0
    held: tuple[HeldProperty, ...] = ()
    report_sanctions: tuple[date, ...] = ()  # approved fines/detentions for refusing to report
    coercive_on: tuple[date, ...] = ()  # approved fines/detentions (any conduct): decision dates
    round_termination_reviews: tuple[Review, ...] = ()  # collegial panels' reviews of 终本


@dataclass(frozen=True)
class Condition:
    code: str
    label: str  # the condition, as the rule states it
    met: bool
    missing: str  # what to do (empty when met)
    source: str
    where: Where
    applies: bool = True  # False: a conditional item that does not arise in this case (met)
    detail: str = ""  # what was found (met or not), e.g. the dates or the property concerned


def _has(facts: Facts, *codes: NodeCode) -> bool:
    return any(facts.nodes.get(code) for code in codes)


def _last(dates: tuple[date, ...] | None) -> date | None:
    return max(dates) if dates else None


PRICED = frozenset({"auction", "sale", "in_kind"})
REGISTERED_MOVABLES = frozenset({"movable", "vehicle"})


def property_state(item: HeldProperty) -> tuple[bool, str]:
    """(no obstacle to 终本, why) for one piece of property (第1条第3项, 第4条).

    No obstacle: disposed of (sold, sold off or taken in kind); not sold after the statutory rounds
    and released from disposal (第4条第1项: recorded through 解除处置, which the disposal rules allow
    only when no round is open and the applicant did not take it in kind — 民诉法解释 第490条);
    a vehicle or other registered movable sealed at the registry but never seized (第4条第2项); a
    frozen account with nothing left in it. Everything else is property still to be enforced."""
    if item.outcome in PRICED:
        return True, "已处置"
    if item.outcome == "released":
        return True, "依法拍卖、变卖未成交，申请执行人未接受以物抵债，已解除处置（第4条第1项）"
    if item.awaiting_answer:
        return False, "控制请求尚待协助单位答复"
    if item.control == "freeze" and item.remaining is not None and item.remaining <= 0:
        return True, "冻结账户内已无余额（已扣划完毕或无存款）"
    if (
        item.control == "seal"
        and item.property_kind in REGISTERED_MOVABLES
        and not item.physically_seized
    ):
        return True, "仅在登记机关查封，未能实际扣押（第4条第2项）"
    if not item.control:
        if item.remaining is not None and item.remaining <= 0:
            return True, "查询结果余额为零"
        return False, "网络查控发现，尚未采取查封、扣押、冻结措施"
    if item.control == "freeze":
        return False, "冻结款项尚未扣划"
    if item.failed_rounds >= 2:
        return False, "两次拍卖流拍，尚未登记变卖、以物抵债或解除处置"
    return False, "已控制，尚未处置完毕"


def _three_months(facts: Facts) -> Condition:
    label = "自立案之日起已超过三个月"
    source = f"{RULES} 第1条第4项"
    if facts.filed_on is None:
        return Condition(
            "round_termination.three_months", label, False, "案件尚未立案", source, Where.FILING
        )
    # Plain add_months: 终本规定 第1条第4项 counts calendar months from filing; it is not a
    # litigation period of 民事诉讼法 第85条, so no roll-forward past rest days.
    ends = add_months(facts.filed_on, MIN_MONTHS)
    met = facts.today > ends
    detail = f"立案日期 {cn_date(facts.filed_on)}，三个月至 {cn_date(ends)} 届满"
    missing = "" if met else f"须在 {cn_date(ends)} 之后才能终结本次执行程序"
    return Condition(
        "round_termination.three_months", label, met, missing, source, Where.FILING, detail=detail
    )


def _notice(facts: Facts) -> Condition:
    todo = []
    if not _has(facts, N.NOTICE_ISSUED):
        todo.append("记录“发出执行通知书、报告财产令”")
    if not _has(facts, N.NOTICE_SERVED):
        todo.append("记录“执行通知书送达”")
    return Condition(
        "round_termination.notice",
        "已向被执行人发出执行通知书、报告财产令并已送达",
        not todo,
        "；".join(todo),
        f"{RULES} 第1条第1项、第2条第1项；民事诉讼法 第251条、第252条",
        Where.NODE,
    )


def _report(facts: Facts) -> Condition:
    met = _has(facts, N.PROPERTY_REPORT_CHECKED) or bool(facts.report_sanctions)
    return Condition(
        "round_termination.report_checked",
        "已核查被执行人报告的财产情况，逾期、拒绝或虚假报告的已予罚款、拘留",
        met,
        ""
        if met
        else "记录“核查被执行人财产报告”；拒不报告或虚假报告的，提请罚款、拘留并经院长批准",
        f"{RULES} 第2条第2项、第3项",
        Where.NODE,
    )


def _restriction(facts: Facts) -> Condition:
    met = _has(facts, N.CONSUMPTION_RESTRICTED)
    return Condition(
        "round_termination.consumption_restricted",
        "已向被执行人发出限制消费令",
        met,
        "" if met else "由院长签发限制消费令后，记录“发出限制消费令”（院长记录）",
        f"{RULES} 第1条第2项；法释〔2015〕17号 第1条、第5条",
        Where.NODE,
    )


def _dishonest(facts: Facts) -> Condition:
    met = _has(facts, N.DISHONEST_LISTED, N.DISHONEST_NOT_QUALIFIED)
    return Condition(
        "round_termination.dishonest",
        "已将符合条件的被执行人纳入失信被执行人名单，或已记明其不符合条件的理由",
        met,
        ""
        if met
        else "记录“决定纳入失信被执行人名单”，或记录“被执行人不符合纳入失信名单条件”并写明理由",
        f"{RULES} 第1条第2项；法释〔2017〕7号 第1条、第3条",
        Where.NODE,
    )


def _inquiry(facts: Facts) -> Condition:
    if facts.inquiry_rounds == 0:
        missing = "发起网络查控，查询被执行人的存款、不动产、车辆、证券、股权等财产"
    elif facts.inquiries_unanswered:
        missing = f"网络查控尚有 {facts.inquiries_unanswered} 项查询未获联动单位答复，请待全部答复"
    else:
        missing = ""
    detail = f"已发起 {facts.inquiry_rounds} 轮" if facts.inquiry_rounds else ""
    return Condition(
        "round_termination.network_inquiry",
        "已通过网络执行查控系统查询被执行人财产，各联动单位均已答复",
        not missing,
        missing,
        f"{RULES} 第3条",
        Where.INQUIRY,
        detail=detail,
    )


def _field(facts: Facts) -> Condition:
    met = _has(facts, N.FIELD_INVESTIGATED)
    return Condition(
        "round_termination.field_investigation",
        "网络查控不能覆盖的财产，已在被执行人住所地或财产所在地实地调查",
        met,
        ""
        if met
        else "记录“实地调查”并写明结果；网络查控已覆盖全部财产的，在登记内容中写明无需实地调查的理由",
        f"{RULES} 第3条（该条全文尚待核对）",
        Where.NODE,
    )


def _leads(facts: Facts) -> Condition:
    n = facts.unverified_leads
    return Condition(
        "round_termination.leads_verified",
        "申请执行人或他人提供的财产线索均已核查",
        n == 0,
        f"尚有 {n} 条财产线索未核查，请核查并登记结果" if n else "",
        f"{RULES} 第3条；法发〔2006〕35号 第6条",
        Where.LEADS,
    )


def _property(facts: Facts) -> Condition:
    open_items: list[str] = []
    settled: list[str] = []
    for item in facts.held:
        ok, why = property_state(item)
        (settled if ok else open_items).append(f"{item.description}：{why}")
    missing = ""
    if open_items:
        missing = (
            "下列财产尚待处置（依法处置，或经两次拍卖、变卖未成交且申请执行人不接受抵债后"
            "解除处置）：" + "；".join(open_items)
        )
    detail = "；".join(settled) if settled else ("未发现财产" if not facts.held else "")
    # Uncontrolled finds and undeducted freezes are done on the controls page, the rest by disposal.
    pending = [item for item in facts.held if not property_state(item)[0]]
    to_dispose = bool(pending) and all(item.control in ("seal", "seize") for item in pending)
    where = Where.DISPOSAL if to_dispose else Where.CONTROLS
    return Condition(
        "round_termination.property",
        "未发现可供执行的财产，或发现的财产已处置完毕、依法不能处置",
        not open_items,
        missing,
        f"{RULES} 第1条第3项、第4条",
        where,
        detail=detail,
    )


def _missing_respondent(facts: Facts) -> Condition:
    label = "被执行人下落不明的，已依法查找"
    source = f"{RULES} 第1条第5项"
    missing_on = _last(facts.nodes.get(N.RESPONDENT_MISSING))
    if missing_on is None:
        return Condition(
            "round_termination.respondent_searched",
            label,
            True,
            "",
            source,
            Where.NODE,
            applies=False,
            detail="本案未记录被执行人下落不明",
        )
    searched = _last(facts.nodes.get(N.RESPONDENT_SEARCHED))
    met = searched is not None and searched >= missing_on
    return Condition(
        "round_termination.respondent_searched",
        label,
        met,
        ""
        if met
        else f"被执行人于 {cn_date(missing_on)} 记录下落不明，请依法查找并记录“依法查找被执行人”",
        source,
        Where.NODE,
    )


def _obstruction(facts: Facts) -> Condition:
    label = "被执行人或他人妨害执行的，已依法采取罚款、拘留等强制措施"
    source = f"{RULES} 第1条第5项；民事诉讼法 第114条、第118条"
    found_on = _last(facts.nodes.get(N.OBSTRUCTION_FOUND))
    if found_on is None:
        return Condition(
            "round_termination.obstruction_sanctioned",
            label,
            True,
            "",
            source,
            Where.COERCIVE,
            applies=False,
            detail="本案未记录妨害执行行为",
        )
    decided = _last(facts.coercive_on)
    met = decided is not None and decided >= found_on
    return Condition(
        "round_termination.obstruction_sanctioned",
        label,
        met,
        ""
        if met
        else f"{cn_date(found_on)} 记录了妨害执行行为，请提请罚款或拘留并经院长批准"
        "（构成犯罪的，依法移送追究刑事责任）",
        source,
        Where.COERCIVE,
    )


def _interview(facts: Facts) -> Condition:
    met = _has(facts, N.APPLICANT_INTERVIEWED)
    return Condition(
        "round_termination.applicant_interviewed",
        "已约谈申请执行人，告知执行情况及终本的依据和后果，听取意见并记录入卷",
        met,
        "" if met else "约谈申请执行人后记录“约谈申请执行人”，并在登记内容中写明约谈笔录（入卷）",
        f"{RULES} 第5条",
        Where.NODE,
    )


def _consent(facts: Facts) -> Condition:
    label = "申请执行人书面同意终结本次执行程序，或经合议庭审查并经院长批准"
    source = "民诉法解释 第517条"
    if _has(facts, N.APPLICANT_CONFIRMED):
        return Condition(
            "round_termination.consent_or_approval",
            label,
            True,
            "",
            source,
            Where.NODE,
            detail="申请执行人已签字确认",
        )
    review = latest_review(facts.round_termination_reviews)
    approved = _last(review.approved_on) if review is not None else None
    if review is not None and approved is not None and approved >= review.decided_on:
        return Condition(
            "round_termination.consent_or_approval",
            label,
            True,
            "",
            source,
            Where.REVIEW,
            detail=f"经合议庭 {cn_date(review.decided_on)} 审查，院长已于 {cn_date(approved)} 批准",
        )
    if review is not None and any(r.approved_on for r in facts.round_termination_reviews):
        missing = (
            f"院长批准的是此前的合议庭审查意见；合议庭已于 {cn_date(review.decided_on)} 重新审查，"
            "该审查意见待院长批准；或取得申请执行人签字确认"
        )
    elif review is not None:
        missing = "合议庭已审查，待院长批准；或取得申请执行人签字确认"
    else:
        missing = (
            "记录“申请执行人签字确认终结本次执行程序”；申请执行人不同意的，由合议庭审查后报院长批准"
        )
    return Condition(
        "round_termination.consent_or_approval", label, False, missing, source, Where.REVIEW
    )


def checklist(facts: Facts) -> list[Condition]:
    """Every condition of the 终本 gate, in the order of the rules, met or not."""
    return [
        _three_months(facts),
        _notice(facts),
        _report(facts),
        _restriction(facts),
        _dishonest(facts),
        _inquiry(facts),
        _field(facts),
        _leads(facts),
        _property(facts),
        _missing_respondent(facts),
        _obstruction(facts),
        _interview(facts),
        _consent(facts),
    ]


def unmet(facts: Facts) -> list[Condition]:
    return [c for c in checklist(facts) if not c.met]


def passes(facts: Facts) -> bool:
    """The case may be closed by 终结本次执行程序 (every condition met)."""
    return not unmet(facts)
