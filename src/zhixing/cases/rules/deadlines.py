"""Deadline recipes and their computation (节点期限). design.md decision 1, style.md pattern 3.

A deadline is a recipe — start node, stop nodes, length, calendar days / working days / months,
source — turned into a due date by the legal calendar. Suspension and deferral stop every clock
(法发〔2006〕35号 第13条; 执行程序解释 第13条 for the six months of 民事诉讼法 第237条); an approved
extension lengthens the closure period (法发〔2006〕35号 第1条).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from zhixing.core.rules.calendar import LegalCalendar

from .nodes import NODE_TABLE, NodeCode, Refusal, Stage

N = NodeCode


class Unit(StrEnum):
    DAYS = "days"  # calendar days, 民事诉讼法 第85条
    WORKDAYS = "workdays"
    MONTHS = "months"


UNIT_LABELS = {Unit.DAYS: "日", Unit.WORKDAYS: "个工作日", Unit.MONTHS: "个月"}


class DeadlineCode(StrEnum):
    DOCKET_DECISION = "docket_decision"
    ENFORCEMENT_NOTICE = "enforcement_notice"
    OFFICER_ASSIGNMENT = "officer_assignment"
    NOTICE_AFTER_ASSIGNMENT = "notice_after_assignment"
    LEADS_REQUEST = "leads_request"
    LEAD_VERIFICATION = "lead_verification"
    INVESTIGATION_START = "investigation_start"
    INVESTIGATION_COMPLETION = "investigation_completion"
    APPRAISER_SELECTION = "appraiser_selection"
    ENTRUSTMENT_START = "entrustment_start"  # 受托法院十五日内开始执行
    ENTRUSTMENT_REPORT = "entrustment_report"  # 三十日内未执行完毕的，函告执行情况
    CLOSURE = "closure"
    # Review matters (review app): each its own clock, answered by its presiding judge
    OBJECTION_RULING = "objection_ruling"
    THIRD_PARTY_RULING = "third_party_ruling"
    RECONSIDERATION_DECISION = "reconsideration_decision"


@dataclass(frozen=True)
class Recipe:
    label: str
    start: NodeCode
    stops: frozenset[NodeCode]
    length: int
    unit: Unit
    stage: Stage  # whose holder answers for it on the worklist
    source: str
    repeat: bool = False  # one instance per start node, each paired with its stop (see _instances)
    extendable: bool = False
    non_litigation_length: int | None = None  # 非诉执行 cases (法发〔2006〕35号 第1条)
    # A review matter docketed as a case of its own (执异, 执复): the enforcement case's suspension,
    # deferral and closure neither pause nor end its clock.
    own_clock: bool = False

    def length_for(self, non_litigation: bool) -> int:
        return (
            self.non_litigation_length
            if non_litigation and self.non_litigation_length
            else self.length
        )


D = DeadlineCode
RECIPES: dict[DeadlineCode, Recipe] = {
    D.DOCKET_DECISION: Recipe(
        "立案或裁定不予受理",
        N.RECEIVED,
        frozenset({N.DOCKETED, N.REFUSED}),
        7,
        Unit.DAYS,
        Stage.FILING,
        "执行工作规定 第16条",
    ),
    D.ENFORCEMENT_NOTICE: Recipe(
        "发出执行通知书",
        N.RECEIVED,
        frozenset({N.NOTICE_ISSUED}),
        10,
        Unit.DAYS,
        Stage.NOTICE,
        "民诉法解释 第480条",
    ),
    D.OFFICER_ASSIGNMENT: Recipe(
        "确定承办人",
        N.DOCKETED,
        frozenset({N.OFFICER_ASSIGNED}),
        7,
        Unit.DAYS,
        Stage.FILING,
        "法发〔2006〕35号 第2条",
    ),
    D.NOTICE_AFTER_ASSIGNMENT: Recipe(
        "承办人收案后发出执行通知书",
        N.OFFICER_ASSIGNED,
        frozenset({N.NOTICE_ISSUED}),
        3,
        Unit.DAYS,
        Stage.NOTICE,
        "法发〔2006〕35号 第4条",
    ),
    D.LEADS_REQUEST: Recipe(
        "通知申请执行人提供财产线索",
        N.OFFICER_ASSIGNED,
        frozenset({N.LEADS_REQUESTED}),
        3,
        Unit.DAYS,
        Stage.NOTICE,
        "法发〔2006〕35号 第5条",
    ),
    D.LEAD_VERIFICATION: Recipe(
        "核查财产线索",
        N.LEAD_RECEIVED,
        frozenset({N.LEAD_VERIFIED}),
        5,
        Unit.DAYS,
        Stage.INQUIRY_CONTROL,
        "法发〔2006〕35号 第6条",
        repeat=True,
    ),
    D.INVESTIGATION_START: Recipe(
        "依申请启动调查",
        N.INVESTIGATION_REQUESTED,
        frozenset({N.INVESTIGATION_STARTED}),
        10,
        Unit.DAYS,
        Stage.INQUIRY_CONTROL,
        "法发〔2006〕35号 第6条",
    ),
    D.INVESTIGATION_COMPLETION: Recipe(
        "完成财产调查",
        N.INVESTIGATION_STARTED,
        frozenset({N.INVESTIGATION_COMPLETED}),
        1,
        Unit.MONTHS,
        Stage.FIELD,
        "法发〔2006〕35号 第6条",
    ),
    D.APPRAISER_SELECTION: Recipe(
        "确定评估、拍卖机构",
        N.APPRAISAL_ORDERED,
        frozenset({N.APPRAISER_SELECTED}),
        10,
        Unit.DAYS,
        Stage.DISPOSAL,
        "法发〔2006〕35号 第7条",
        repeat=True,
    ),
    # 委托执行 (民事诉讼法 第240条): on the entrusted court's new case, from receipt of the letter.
    # Whether 请示 periods stop the clocks (法发〔2006〕35号 第13条) is UNVERIFIED: no pause added.
    D.ENTRUSTMENT_START: Recipe(
        "受托法院开始执行",
        N.ENTRUSTMENT_RECEIVED,
        frozenset({N.ENTRUSTMENT_STARTED}),
        15,
        Unit.DAYS,
        Stage.NOTICE,
        "民事诉讼法 第240条",
    ),
    D.ENTRUSTMENT_REPORT: Recipe(
        "受托法院函告执行情况（三十日内未执行完毕的）",
        N.ENTRUSTMENT_RECEIVED,
        frozenset({N.ENTRUSTMENT_REPORTED, N.CLOSED}),
        30,
        Unit.DAYS,
        Stage.CLOSURE,
        "民事诉讼法 第240条",
    ),
    D.CLOSURE: Recipe(
        "执结（执行期限）",
        N.DOCKETED,
        frozenset({N.CLOSED}),
        6,
        Unit.MONTHS,
        Stage.CLOSURE,
        "法发〔2006〕35号 第1条",
        extendable=True,
        non_litigation_length=3,
    ),
    # Review matters (review app); REVIEW_DECIDED names its filing with for_seq.
    D.OBJECTION_RULING: Recipe(
        "执行行为异议审查（作出异议裁定）",
        N.OBJECTION_FILED,
        frozenset({N.REVIEW_DECIDED}),
        15,
        Unit.DAYS,
        Stage.CLOSURE,
        "民事诉讼法 第236条；执行程序解释 第5条",
        repeat=True,
        own_clock=True,
    ),
    D.THIRD_PARTY_RULING: Recipe(
        "案外人异议审查（作出异议裁定）",
        N.THIRD_PARTY_OBJECTION_FILED,
        frozenset({N.REVIEW_DECIDED}),
        15,
        Unit.DAYS,
        Stage.CLOSURE,
        "民事诉讼法 第238条",
        repeat=True,
        own_clock=True,
    ),
    D.RECONSIDERATION_DECISION: Recipe(
        "执行复议审查（上一级法院作出复议裁定）",
        N.RECONSIDERATION_FILED,
        frozenset({N.REVIEW_DECIDED}),
        30,  # review.rules.review.RECONSIDERATION_DECISION_DAYS
        Unit.DAYS,
        Stage.CLOSURE,
        "执行程序解释 第8条",
        repeat=True,
        own_clock=True,
    ),
}

# A deadline whose start node is recorded again (a second officer assignment) keeps the first start.
PAUSES: dict[NodeCode, NodeCode] = {N.SUSPENDED: N.RESUMED, N.DEFERRED: N.DEFERRAL_ENDED}


# The key in a stop event's data naming the start event it answers (its seq): the verification of
# one lead names the receipt of that lead, the agency chosen for one property names that
# property's decision to appraise.
FOR_SEQ = "for_seq"


@dataclass(frozen=True)
class Event:
    code: NodeCode
    on: date
    seq: int
    months: int = 0  # approved extension length, on EXTENSION_APPROVED
    answers: int | None = None  # a stop of a repeating recipe: the seq of the start it answers


def answered_seq(data: object) -> int | None:
    """The start a stop event names in its data (`FOR_SEQ`), None when it names none (old data)."""
    if not isinstance(data, dict):
        return None
    value = data.get(FOR_SEQ)
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        return int(value)
    except ValueError:
        return None


class Status(StrEnum):
    MET = "met"  # 按期完成
    MET_LATE = "met_late"  # 超期完成
    ENDED = "ended"  # 案件结案或不予受理，期限随之终止
    PAUSED = "paused"  # 中止/暂缓中，计时停止
    OVERDUE = "overdue"  # 已超期
    DUE_SOON = "due_soon"  # 即将到期
    OPEN = "open"  # 进行中


STATUS_LABELS = {
    Status.MET: "按期完成",
    Status.MET_LATE: "超期完成",
    Status.ENDED: "随案件终结",
    Status.PAUSED: "计时中止",
    Status.OVERDUE: "已超期",
    Status.DUE_SOON: "即将到期",
    Status.OPEN: "进行中",
}


@dataclass(frozen=True)
class DeadlineState:
    code: DeadlineCode
    instance: int  # seq of the starting event
    started_on: date
    due_on: date | None  # None while a pause is open
    met_on: date | None
    paused_days: int
    paused_now: bool
    extended_months: int
    moved_from: date | None
    provisional: bool
    ended: bool = False  # closed by the case's end (结案/不予受理), not by its own stop node

    @property
    def recipe(self) -> Recipe:
        return RECIPES[self.code]

    def status(self, today: date, warn_days: int = 3) -> Status:
        return status_of(
            due_on=self.due_on,
            met_on=self.met_on,
            paused=self.paused_now,
            ended=self.ended,
            today=today,
            warn_days=warn_days,
        )


def status_of(
    *,
    due_on: date | None,
    met_on: date | None,
    paused: bool,
    ended: bool,
    today: date,
    warn_days: int,
) -> Status:
    """One rule for computed states and stored rows alike."""
    if ended:
        return Status.ENDED
    if met_on is not None:
        return Status.MET if due_on is None or met_on <= due_on else Status.MET_LATE
    if paused or due_on is None:
        return Status.PAUSED
    if today > due_on:
        return Status.OVERDUE
    if (due_on - today).days <= warn_days:
        return Status.DUE_SOON
    return Status.OPEN


def pause_intervals(events: list[Event]) -> list[tuple[date, date | None]]:
    """Suspension and deferral periods, [start, end) — end None while still open."""
    intervals: list[tuple[date, date | None]] = []
    open_since: dict[NodeCode, date] = {}
    for event in sorted(events, key=lambda e: e.seq):
        if event.code in PAUSES:
            open_since.setdefault(event.code, event.on)
        for pause, end in PAUSES.items():
            if event.code is end and pause in open_since:
                intervals.append((open_since.pop(pause), event.on))
    intervals.extend((since, None) for since in open_since.values())
    return sorted(intervals, key=lambda i: i[0])


def _instances(recipe: Recipe, events: list[Event]) -> list[tuple[Event, Event | None]]:
    """Each start of the recipe with the stop that meets it (None while open).

    A repeating recipe (one clock per lead, per property to appraise) pairs a stop that names its
    start (`Event.answers`) with exactly that start, whatever the order in which they were done;
    a stop that names a start that is no start of this recipe, or one already answered, meets
    nothing. Stops that name no start (recorded before stops named theirs) meet the earliest
    unanswered start before them, first in first out."""
    ordered = sorted(events, key=lambda e: e.seq)
    starts = [e for e in ordered if e.code is recipe.start]
    if not starts:
        return []
    if not recipe.repeat:
        first = starts[0]
        stop = next((e for e in ordered if e.code in recipe.stops and e.seq > first.seq), None)
        return [(first, stop)]
    stops = [e for e in ordered if e.code in recipe.stops]
    by_seq = {start.seq: start for start in starts}
    met: dict[int, Event] = {}
    unnamed: list[Event] = []
    for stop in stops:
        if stop.answers is None:
            unnamed.append(stop)
            continue
        start = by_seq.get(stop.answers)
        if start is not None and start.seq < stop.seq and start.seq not in met:
            met[start.seq] = stop
    used: set[int] = set()
    for start in starts:
        if start.seq in met:
            continue
        stop = next((e for e in unnamed if e.seq > start.seq and e.seq not in used), None)
        if stop is not None:
            used.add(stop.seq)
            met[start.seq] = stop
    return [(start, met.get(start.seq)) for start in starts]


def compute_deadlines(
    events: list[Event], calendar: LegalCalendar, *, non_litigation: bool = False
) -> list[DeadlineState]:
    """Every deadline instance of a case, from its node events (pure; the database keeps a copy)."""
    pauses = pause_intervals(events)
    terminal = next(
        (e for e in sorted(events, key=lambda e: e.seq) if NODE_TABLE[e.code].terminal), None
    )
    states: list[DeadlineState] = []
    for code, recipe in RECIPES.items():
        for start, stop in _instances(recipe, events):
            # a case that ends (结案, 不予受理) ends the clocks its own nodes did not stop
            ended = (
                stop is None
                and terminal is not None
                and terminal.seq > start.seq
                and not recipe.own_clock
            )
            met_on = stop.on if stop else (terminal.on if ended and terminal else None)
            horizon = met_on or date.max
            paused_days, paused_now = 0, False
            for begin, end in [] if recipe.own_clock else pauses:
                if begin >= horizon or (end is not None and end <= start.on):
                    continue
                if end is None:
                    paused_now = met_on is None
                    continue
                paused_days += (min(end, horizon) - max(begin, start.on)).days
            extended = 0
            if recipe.extendable:
                extended = sum(
                    e.months
                    for e in events
                    if e.code is N.EXTENSION_APPROVED and e.seq > start.seq and e.on <= horizon
                )
            due_on = moved_from = None
            provisional = False
            if not paused_now or met_on is not None:
                shifted = start.on + timedelta(days=paused_days)
                length = recipe.length_for(non_litigation)
                if recipe.unit is Unit.WORKDAYS:
                    result = calendar.add_workdays(shifted, length)
                elif recipe.unit is Unit.MONTHS:
                    result = calendar.period_end(shifted, months=length + extended)
                else:
                    result = calendar.period_end(shifted, days=length)
                due_on, moved_from, provisional = result.due, result.moved_from, result.provisional
            states.append(
                DeadlineState(
                    code,
                    start.seq,
                    start.on,
                    due_on,
                    met_on,
                    paused_days,
                    paused_now and met_on is None,
                    extended,
                    moved_from,
                    provisional,
                    ended,
                )
            )
    return states


EXTENSION_SOURCE = "法发〔2006〕35号 第1条"
EXTENSION_WINDOW_DAYS = 5


def check_extension_request(
    *, due_on: date | None, requested_on: date, pending: bool
) -> list[Refusal]:
    """法发〔2006〕35号 第1条: the request is made within the 5 days before the period expires."""
    if due_on is None:
        return [Refusal("extension.paused", "执行期限计时中止期间无需申请延长", EXTENSION_SOURCE)]
    if pending:
        return [Refusal("extension.pending", "已有延长申请尚待审批", EXTENSION_SOURCE)]
    if requested_on < due_on - timedelta(days=EXTENSION_WINDOW_DAYS):
        return [
            Refusal(
                "extension.too_early",
                f"延长申请应在期限届满前{EXTENSION_WINDOW_DAYS}日内提出（届满日 {due_on:%Y年%m月%d日}，"
                f"最早可于 {due_on - timedelta(days=EXTENSION_WINDOW_DAYS):%Y年%m月%d日} 申请）",
                EXTENSION_SOURCE,
                "occurred_on",
            )
        ]
    if requested_on > due_on:
        return [
            Refusal(
                "extension.too_late",
                f"执行期限已于 {due_on:%Y年%m月%d日} 届满，不能再申请延长",
                EXTENSION_SOURCE,
                "occurred_on",
            )
        ]
    return []


def check_extension_approval(*, months: int, max_months: int) -> list[Refusal]:
    """The approved length: a whole number of months up to the configured maximum (关于严格执行案件
    审理期限制度的若干规定（2000）第5条 gives 3 months for the president's approval; configurable,
    secondary source)."""
    if months < 1 or months > max_months:
        return [
            Refusal(
                "extension.length",
                f"批准延长的期限应为 1 至 {max_months} 个月",
                EXTENSION_SOURCE,
                "months",
            )
        ]
    return []
