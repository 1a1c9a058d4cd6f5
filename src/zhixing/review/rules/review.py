"""Review matters (执行审查类案件) as rules: which court hears each kind and under which 类型代字,
the windows a party must keep, the collegial panel, and who may not sit (审执分离). Pure Python.

Sources (read in LawRefBook/Laws, see domain-rules sections 1, 3, 12):
- 民事诉讼法（2023）第236条: act objection ruled within 15 days; 复议 to the next-higher court within
  10 days of service. 第238条: third-party objection ruled within 15 days; upheld → enforcement of
  that item suspended; otherwise a lawsuit within 15 days of service (no 复议). 第237条: more than
  6 months without enforcement → the next-higher court. 第85条: counting periods.
- 执行程序解释（2020）第5条 (15 days from receipt of the written objection), 第8条 (the upper court
  decides a 复议 within 30 days of receipt; the president may extend by up to 30 days), 第10—13条
  (the six months and the periods not counted).
- 执行异议复议规定（法释〔2015〕10号，2020修正）第6条 (an act objection before enforcement ends,
  except one against the termination itself; a third-party objection before enforcement of that
  item ends), 第11条 (a collegial panel reviews objections and 复议; a panel that reviews again
  after remand is formed anew; people who handled the implementation case may not take part),
  第17条 (outcomes of an act objection), 第23条 (outcomes of a 复议).
- 民诉法解释 第462条: a third-party objection before enforcement of that item ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from zhixing.core.rules.calendar import DueDate, LegalCalendar, cn_date

__all__ = [
    "COURT_CHANGE_MONTHS",
    "KINDS",
    "LAWSUIT_DAYS",
    "MIN_PANEL",
    "RECONSIDERATION_DAYS",
    "RECONSIDERATION_DECISION_DAYS",
    "RULING_DAYS",
    "SEPARATION_SOURCE",
    "ChangeCourtCount",
    "Conflict",
    "ConflictReason",
    "Excluded",
    "ExcludedKind",
    "Hearing",
    "ItemEnd",
    "Kind",
    "KindRule",
    "Outcome",
    "Refusal",
    "court_change_count",
    "check_act_objection",
    "check_court_change",
    "check_outcome",
    "check_panel",
    "check_reconsideration",
    "check_third_party_objection",
    "conflict_message",
    "conflicts_of",
    "lawsuit_due",
    "needs_responsibility_analysis",
    "reconsideration_due",
]


class Kind(StrEnum):
    ACT_OBJECTION = "act_objection"  # 执行行为异议
    THIRD_PARTY_OBJECTION = "third_party_objection"  # 案外人异议
    RECONSIDERATION = "reconsideration"  # 执行复议
    COURT_CHANGE = "court_change"  # 申请上一级法院执行（第237条）
    SUPERVISION = "supervision"  # 执行监督
    COORDINATION = "coordination"  # 执行协调


class Outcome(StrEnum):
    UPHELD = "upheld"  # 异议成立：撤销执行行为；案外人异议成立：中止对该标的的执行
    PARTLY_UPHELD = "partly_upheld"  # 异议部分成立：变更执行行为
    REJECTED = "rejected"  # 驳回异议、申请或申诉
    REVOKED = "revoked"  # 撤销原裁定或执行行为
    CHANGED = "changed"  # 变更原裁定或执行行为
    AFFIRMED = "affirmed"  # 驳回复议申请，维持异议裁定
    ORDERED = "ordered"  # 责令限期执行（督促执行令）
    TAKEN = "taken"  # 提级执行
    DESIGNATED = "designated"  # 指定其他法院执行
    COORDINATED = "coordinated"  # 协调处理


class Hearing(StrEnum):
    OWN = "own"  # 执行法院
    NEXT_HIGHER = "next_higher"  # 执行法院的上一级法院


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    source: str = ""
    field: str = ""


@dataclass(frozen=True)
class KindRule:
    """What the law says about one kind of review matter."""

    label: str
    type_code: str  # 法〔2015〕137号 配套标准 (domain-rules section 12)
    hearing: Hearing
    panel_required: bool  # 执行异议复议规定 第11条
    ruling_days: int | None  # the period to decide, None where no text sets one
    outcomes: tuple[Outcome, ...]
    source: str


# 执行程序解释 第8条: 30 days from the upper court's receipt (the president may extend by 30 days).
RECONSIDERATION_DECISION_DAYS = 30
RULING_DAYS = 15  # 民事诉讼法 第236条、第238条；执行程序解释 第5条
RECONSIDERATION_DAYS = 10  # 民事诉讼法 第236条: 复议 within 10 days of service of the ruling
LAWSUIT_DAYS = 15  # 民事诉讼法 第238条: 执行异议之诉 within 15 days of service
COURT_CHANGE_MONTHS = 6  # 民事诉讼法 第237条；执行程序解释 第10条
MIN_PANEL = 3  # 合议庭: three or more, an odd number (人民法院组织法 第30条; 民事诉讼法 第40条)

PANEL_SOURCE = "执行异议复议规定 第11条"
SEPARATION_SOURCE = "执行异议复议规定 第11条第3款（审执分离）"

KINDS: dict[Kind, KindRule] = {
    Kind.ACT_OBJECTION: KindRule(
        "执行行为异议",
        "执异",
        Hearing.OWN,
        True,
        RULING_DAYS,
        (Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.REJECTED),
        "民事诉讼法 第236条；执行程序解释 第5条；执行异议复议规定 第17条",
    ),
    Kind.THIRD_PARTY_OBJECTION: KindRule(
        "案外人异议",
        "执异",
        Hearing.OWN,
        True,
        RULING_DAYS,
        (Outcome.UPHELD, Outcome.REJECTED),
        "民事诉讼法 第238条；民诉法解释 第462条",
    ),
    Kind.RECONSIDERATION: KindRule(
        "执行复议",
        "执复",
        Hearing.NEXT_HIGHER,
        True,
        RECONSIDERATION_DECISION_DAYS,
        (Outcome.AFFIRMED, Outcome.REVOKED, Outcome.CHANGED),
        "民事诉讼法 第236条；执行程序解释 第8条；执行异议复议规定 第23条",
    ),
    # The 类型代字 of a 第237条 application is a setting (ZHIXING_COURT_CHANGE_TYPE_CODE, default
    # 执监): 法发〔2023〕4号 第2条 has it docketed among 申请执行监督 cases; the code itself is
    # UNVERIFIED (no stored text or real case number shows it).
    Kind.COURT_CHANGE: KindRule(
        "申请上一级法院执行（变更执行法院）",
        "执监",
        Hearing.NEXT_HIGHER,
        False,
        None,
        (Outcome.ORDERED, Outcome.TAKEN, Outcome.DESIGNATED, Outcome.REJECTED),
        "民事诉讼法 第237条；执行程序解释 第10—13条；法发〔2023〕4号 第2条",
    ),
    # Supervision of a lower court's 复议 ruling or act (法发〔2023〕4号 第1条); whether a panel is
    # required is UNVERIFIED, so one judge may decide.
    Kind.SUPERVISION: KindRule(
        "执行监督",
        "执监",
        Hearing.NEXT_HIGHER,
        False,
        None,
        (Outcome.REJECTED, Outcome.REVOKED, Outcome.CHANGED),
        "法〔2021〕322号 第28条、第29条；法发〔2023〕4号 第1条",
    ),
    # Disputes between courts are coordinated by their common upper court; here the enforcement
    # court's next-higher court (a dispute with a court under another parent: UNVERIFIED routing).
    Kind.COORDINATION: KindRule(
        "执行协调",
        "执协",
        Hearing.NEXT_HIGHER,
        False,
        None,
        (Outcome.COORDINATED,),
        "法发〔2014〕26号 第1条",
    ),
}


# --- windows a party must keep ----------------------------------------------------------------


def reconsideration_due(served_on: date, calendar: LegalCalendar) -> DueDate:
    """The last day to apply for 复议: 10 days from service of the objection ruling, the day of
    service not counted, a last day on a rest day moved to the next working day (第236条、第85条)."""
    return calendar.period_end(served_on, days=RECONSIDERATION_DAYS)


def lawsuit_due(served_on: date, calendar: LegalCalendar) -> DueDate:
    """The last day to sue (执行异议之诉) after a third-party objection ruling (第238条、第85条)."""
    return calendar.period_end(served_on, days=LAWSUIT_DAYS)


def check_reconsideration(
    *,
    parent_kind: Kind,
    parent_decided: bool,
    served_on: date | None,
    filed_on: date,
    calendar: LegalCalendar,
) -> list[Refusal]:
    """A 复议 lies only against a decided act-objection ruling, within 10 days of its service."""
    source = "民事诉讼法 第236条"
    if parent_kind is Kind.THIRD_PARTY_OBJECTION:
        return [
            Refusal(
                "reconsideration.third_party",
                "对案外人异议裁定不服的，不能申请复议，应自裁定送达之日起十五日内向人民法院"
                "提起执行异议之诉",
                "民事诉讼法 第238条",
            )
        ]
    if parent_kind is not Kind.ACT_OBJECTION:
        return [
            Refusal(
                "reconsideration.not_objection",
                f"只能对执行行为异议裁定申请复议；对{KINDS[parent_kind].label}的处理不服的，"
                "可以申请执行监督",
                source,
            )
        ]
    if not parent_decided:
        return [Refusal("reconsideration.undecided", "异议尚未作出裁定，不能申请复议", source)]
    if served_on is None:
        return [
            Refusal(
                "reconsideration.not_served",
                "异议裁定尚未记录送达，复议期间尚未起算；请先记录送达日期",
                source,
            )
        ]
    if filed_on < served_on:
        return [
            Refusal(
                "reconsideration.before_service",
                f"复议申请日期不能早于异议裁定送达日期（{cn_date(served_on)}）",
                source,
                "received_on",
            )
        ]
    due = reconsideration_due(served_on, calendar)
    if filed_on > due.due:
        moved = (
            f"（届满日 {cn_date(due.moved_from)} 为休息日，顺延至 {cn_date(due.due)}）"
            if due.moved_from
            else ""
        )
        return [
            Refusal(
                "reconsideration.too_late",
                f"复议申请应当自异议裁定送达之日起十日内提出：裁定于 {cn_date(served_on)} 送达，"
                f"申请期间至 {cn_date(due.due)} 届满{moved}，{cn_date(filed_on)} 提出的申请已逾期",
                f"{source}；民事诉讼法 第85条",
                "received_on",
            )
        ]
    return []


# --- objections and what they are about --------------------------------------------------------


class ItemEnd(StrEnum):
    """How enforcement of one item ended (执行标的执行终结)."""

    RELEASED = "released"  # 查封、扣押、冻结已解除
    DEDUCTED = "deducted"  # 已扣划完毕
    DELIVERED = "delivered"  # 已拍卖、变卖或抵债并交付
    CASE_ENDED = "case_ended"  # 执行程序终结（执行完毕、终结执行等）


ITEM_END_LABELS = {
    ItemEnd.RELEASED: "解除查封、扣押、冻结",
    ItemEnd.DEDUCTED: "扣划完毕",
    ItemEnd.DELIVERED: "处置并交付买受人或接受抵债人",
    ItemEnd.CASE_ENDED: "随执行程序终结",
}


def check_third_party_objection(
    *, filed_on: date, item: str, ended: tuple[ItemEnd, date] | None
) -> list[Refusal]:
    """A third-party objection must come before enforcement of that item ends (民诉法解释 第462条;
    执行异议复议规定 第6条第2款). `ended` is how and when it ended, None while it goes on."""
    refusals = []
    if not item.strip():
        refusals.append(
            Refusal(
                "third_party.item_required",
                "案外人异议须写明异议指向的执行标的",
                "民事诉讼法 第238条",
                "item",
            )
        )
    if ended is not None and ended[1] <= filed_on:
        how, on = ended
        refusals.append(
            Refusal(
                "third_party.item_ended",
                f"执行标的“{item}”已于 {cn_date(on)} {ITEM_END_LABELS[how]}，该标的的执行已经终结；"
                "案外人异议应当在执行标的执行终结前提出",
                "民诉法解释 第462条；执行异议复议规定 第6条第2款",
            )
        )
    return refusals


def check_act_objection(*, case_ended_on: date | None, against_closure: bool) -> list[Refusal]:
    """An act objection comes before the enforcement procedure ends, unless it is against the
    termination itself (执行异议复议规定 第6条第1款). `case_ended_on`: the day a closure that ends
    enforcement for good was recorded (终本 does not end it)."""
    if case_ended_on is not None and not against_closure:
        return [
            Refusal(
                "objection.case_ended",
                f"执行程序已于 {cn_date(case_ended_on)} 终结，只能对终结执行的措施本身提出异议",
                "执行异议复议规定 第6条第1款",
            )
        ]
    return []


def check_outcome(kind: Kind, outcome: Outcome) -> list[Refusal]:
    rule = KINDS[kind]
    if outcome not in rule.outcomes:
        return [
            Refusal(
                "review.outcome",
                f"{rule.label}不能作出该处理结果",
                rule.source,
                "outcome",
            )
        ]
    return []


def needs_responsibility_analysis(kind: Kind, outcome: Outcome) -> bool:
    """An upper court revoking or changing a lower court's ruling or act opens a responsibility
    analysis of that case (一案双查, 法〔2021〕322号 第31条)."""
    return kind in (Kind.RECONSIDERATION, Kind.SUPERVISION) and outcome in (
        Outcome.REVOKED,
        Outcome.CHANGED,
    )


# --- 民事诉讼法 第237条: six months without enforcement ----------------------------------------


class ExcludedKind(StrEnum):
    """Periods not counted in the six months (执行程序解释 第13条)."""

    PUBLIC_NOTICE = "public_notice"  # 公告期间
    APPRAISAL = "appraisal"  # 鉴定评估期间
    JURISDICTION = "jurisdiction"  # 管辖争议处理期间
    COORDINATION = "coordination"  # 执行争议协调期间
    DEFERRAL = "deferral"  # 暂缓执行期间
    SUSPENSION = "suspension"  # 中止执行期间


EXCLUDED_LABELS = {
    ExcludedKind.PUBLIC_NOTICE: "公告期间",
    ExcludedKind.APPRAISAL: "鉴定评估期间",
    ExcludedKind.JURISDICTION: "管辖争议处理期间",
    ExcludedKind.COORDINATION: "执行争议协调期间",
    ExcludedKind.DEFERRAL: "暂缓执行期间",
    ExcludedKind.SUSPENSION: "中止执行期间",
}


@dataclass(frozen=True)
class Excluded:
    kind: ExcludedKind
    start: date
    end: date | None  # [start, end); None while it lasts


@dataclass(frozen=True)
class ChangeCourtCount:
    received_on: date
    on: date
    elapsed_days: int  # from receipt to `on`, the day of receipt not counted
    excluded_days: int  # days of the excluded periods inside that span, overlaps counted once
    counted_days: int
    due: date  # the last day of the six months, pushed back by the excluded days
    eligible: bool  # more than six months counted on `on`

    @property
    def source(self) -> str:
        return "民事诉讼法 第237条；执行程序解释 第10条、第13条"


def _merged(spans: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def court_change_count(
    *,
    received_on: date,
    on: date,
    excluded: Sequence[Excluded],
    calendar: LegalCalendar,
) -> ChangeCourtCount:
    """How far the six months of 第237条 have run on `on`: the days since receipt of the application,
    less the excluded periods (merged, clipped to the span, an open one running to `on`); the six
    months end that many days later than they would otherwise (第85条 for the last day)."""
    spans = []
    for period in excluded:
        start = max(period.start, received_on)
        end = min(period.end or on, on)
        if end > start:
            spans.append((start, end))
    excluded_days = sum((end - start).days for start, end in _merged(spans))
    elapsed = max((on - received_on).days, 0)
    due = calendar.period_end(
        received_on + timedelta(days=excluded_days), months=COURT_CHANGE_MONTHS
    ).due
    return ChangeCourtCount(
        received_on=received_on,
        on=on,
        elapsed_days=elapsed,
        excluded_days=excluded_days,
        counted_days=elapsed - excluded_days,
        due=due,
        eligible=on > due,
    )


def check_court_change(count: ChangeCourtCount, *, case_closed: bool) -> list[Refusal]:
    source = count.source
    if case_closed:
        return [
            Refusal(
                "court_change.case_closed",
                "执行案件已经结案，不能再申请上一级法院执行",
                source,
            )
        ]
    if not count.eligible:
        excluded = f"，扣除不计入的期间 {count.excluded_days} 日" if count.excluded_days else ""
        return [
            Refusal(
                "court_change.too_early",
                f"执行法院自 {cn_date(count.received_on)} 收到申请执行书{excluded}，至 {cn_date(count.on)} "
                f"尚未超过六个月（{cn_date(count.due)} 届满），暂不能申请上一级法院执行",
                source,
                "received_on",
            )
        ]
    return []


# --- the collegial panel -----------------------------------------------------------------------


def check_panel(*, required: bool, members: Sequence[int], presiding: int | None) -> list[Refusal]:
    """执行异议复议规定 第11条: objections and 复议 are reviewed by a collegial panel — three or more
    judges, an odd number, the presiding judge among them. Where no panel is required one judge
    decides; a panel given anyway follows the same form."""
    refusals = []
    distinct = set(members)
    if presiding is None:
        refusals.append(
            Refusal("panel.presiding", "请指定审判长（承办法官）", PANEL_SOURCE, "judge")
        )
    if required or distinct:
        if len(distinct) < MIN_PANEL:
            refusals.append(
                Refusal(
                    "panel.size",
                    f"执行异议、复议案件应当组成合议庭审查，合议庭成员不少于{MIN_PANEL}人"
                    f"（现为 {len(distinct)} 人）",
                    PANEL_SOURCE,
                    "panel",
                )
            )
        elif len(distinct) % 2 == 0:
            refusals.append(
                Refusal(
                    "panel.even",
                    f"合议庭成员应为单数（现为 {len(distinct)} 人）",
                    PANEL_SOURCE,
                    "panel",
                )
            )
        if presiding is not None and presiding not in distinct:
            refusals.append(
                Refusal("panel.presiding_member", "审判长应为合议庭成员", PANEL_SOURCE, "judge")
            )
    return refusals


# --- separation of review from implementation (审执分离) ----------------------------------------


class ConflictReason(StrEnum):
    IMPLEMENTATION_ACT = "implementation_act"  # 记录过本案的执行实施行为
    STAGE_HOLDER = "stage_holder"  # 负责过本案的某一办案阶段
    CASE_OFFICER = "case_officer"  # 是或曾是本案承办人
    MEASURE_DECIDED = "measure_decided"  # 决定或批准过本案的执行措施（未必记录节点）
    COLLEGIAL_PANEL = "collegial_panel"  # 参加过本案执行实施的合议（执行方案、终本审查等）
    RECUSED = "recused"  # 已决定回避


@dataclass(frozen=True)
class Conflict:
    """One reason a person may not sit on the review matters of a case."""

    staff_id: int
    name: str
    reason: ConflictReason
    on: date | None = None
    detail: str = ""  # the act, the stage or the recusal ground


def conflict_message(conflict: Conflict) -> str:
    """The refusal as a clerk reads it, e.g. 张三曾在本案记录执行实施行为（2026年3月5日 采取查封、
    扣押、冻结措施），不能参与本案执行审查（审执分离）."""
    when = f"{cn_date(conflict.on)} " if conflict.on else ""
    what = {
        ConflictReason.IMPLEMENTATION_ACT: f"曾在本案记录执行实施行为（{when}{conflict.detail}）",
        ConflictReason.STAGE_HOLDER: f"曾负责本案“{conflict.detail}”阶段（{when}起）",
        ConflictReason.CASE_OFFICER: f"是或曾是本案承办人（{when}确定）",
        ConflictReason.MEASURE_DECIDED: f"曾决定或批准本案执行措施（{when}{conflict.detail}）",
        ConflictReason.COLLEGIAL_PANEL: f"曾参加本案执行实施的合议（{when}{conflict.detail}）",
        ConflictReason.RECUSED: f"已决定回避（{conflict.detail}）",
    }[conflict.reason]
    if conflict.reason is ConflictReason.RECUSED:
        return f"{conflict.name}{what}，不能参与本案审查"
    return f"{conflict.name}{what}，不能参与本案执行审查（审执分离）"


def conflicts_of(conflicts: Iterable[Conflict], staff_ids: Iterable[int]) -> dict[int, Conflict]:
    """The first recorded conflict of each of `staff_ids` that has one (recusal first, then the
    earliest act), so a refusal names one concrete reason per person."""
    order = list(ConflictReason)
    wanted = set(staff_ids)
    found: dict[int, Conflict] = {}
    for conflict in sorted(
        conflicts,
        key=lambda c: (
            order.index(c.reason) if c.reason is not ConflictReason.RECUSED else -1,
            c.on or date.min,
        ),
    ):
        if conflict.staff_id in wanted and conflict.staff_id not in found:
            found[conflict.staff_id] = conflict
    return found
