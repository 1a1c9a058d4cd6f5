"""Upper-court supervision and entrustment (上级法院监督与委托执行) as plain Python.

Who may decide which action, which court may receive a case, and the clocks of an entrustment and
of a 督促执行令. Every refusal carries its article:

- 民事诉讼法（2023）第237条: the next-higher court may order the court to enforce within a time
  limit, take the case itself (提级执行) or have another court enforce it (指定执行). VERIFIED.
- 执行程序解释（2020）第11条: the order is a 督促执行令 and the applicant is told in writing; taking
  or assigning the case is done by ruling (裁定), to "本辖区其他人民法院" — another court within the
  upper court's own district. 第12条: the time limit passed without good reason → the upper court
  **shall** take the case or assign it. VERIFIED (LawRefBook/Laws, 执行程序解释 2020-12-29).
- 法〔2021〕322号 第28条: an upper court uses the 第237条 mechanism for passive or complex cases;
  "assigning another court" must not be used to delay. VERIFIED (domain-rules section 15).
- 交叉执行: carried out "通过法律规定的指定、提级执行" (最高人民法院关于交叉执行工作的指导意见, 2024-06;
  secondary P:m.163.com, P:chinacourt.org 2024/08 id 8073922) — legally a designation to a peer
  court, so it has a designation's effect (new case at the peer court, original closed by 终结执行,
  ground 指定执行). The seed names it in 法发〔2009〕43号 三(三) (article text not read).
- 民事诉讼法（2023）第240条: the entrusted court starts within 15 days of receiving the letter;
  if not finished within 30 days it reports progress by letter; if it does nothing for 15 days the
  entrusting court may ask the entrusted court's superior to order it to act. VERIFIED.
- 法释〔2011〕11号 第1条: entrustment goes to a court of the **same level** (同级) elsewhere; 第2条:
  the entrusted court dockets the case and the entrusting court closes its own case (委托结案) on
  receiving the docketing notice. VERIFIED (secondary copies P:qindiao.lawyer.lawtime.cn/art/698213,
  P:laodongfa01.com/384.html). 第1条 makes entrustment mandatory where the property lies in another
  province; 民事诉讼法 第240条 permits it for any court "外地", so the province is not checked here.
- 法发〔2014〕26号 第17条第10—12项: 提级执行, 指定执行 and 委托执行 close the original case by
  终结执行 with no ruling. VERIFIED (domain-rules section 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from zhixing.core.rules.calendar import LegalCalendar
from zhixing.core.rules.roles import Role

CPL_237 = "民事诉讼法 第237条"
ORDER_SOURCE = "民事诉讼法 第237条；执行程序解释 第11条"
LAPSE_SOURCE = "执行程序解释 第12条"
DESIGNATION_SOURCE = "民事诉讼法 第237条；执行程序解释 第11条"
CROSS_SOURCE = (
    "民事诉讼法 第237条；最高人民法院关于交叉执行工作的指导意见（2024）；法发〔2009〕43号 三(三)"
)
ENTRUSTMENT_SOURCE = "民事诉讼法 第240条"
SAME_LEVEL_SOURCE = "法释〔2011〕11号 第1条"
ENTRUSTMENT_CLOSE_SOURCE = "法释〔2011〕11号 第2条；法发〔2014〕26号 第17条"
CLOSE_SOURCE = "法发〔2014〕26号 第17条"

START_DAYS = 15  # 民事诉讼法 第240条: 十五日内开始执行
REPORT_DAYS = 30  # 三十日内未执行完毕的，函告执行情况
SILENCE_DAYS = 15  # 十五日内不执行的，可请求其上级法院指令执行


class Kind(StrEnum):
    ENFORCE_ORDER = "enforce_order"
    ESCALATION = "escalation"
    DESIGNATION = "designation"
    CROSS_ASSIGNMENT = "cross_assignment"
    ENTRUSTMENT = "entrustment"


KIND_LABELS: dict[Kind, str] = {
    Kind.ENFORCE_ORDER: "督促执行令（限期执行）",
    Kind.ESCALATION: "提级执行",
    Kind.DESIGNATION: "指定执行",
    Kind.CROSS_ASSIGNMENT: "交叉执行",
    Kind.ENTRUSTMENT: "委托执行",
}

KIND_SOURCES: dict[Kind, str] = {
    Kind.ENFORCE_ORDER: ORDER_SOURCE,
    Kind.ESCALATION: f"{CPL_237}；执行程序解释 第11条；{CLOSE_SOURCE}",
    Kind.DESIGNATION: f"{DESIGNATION_SOURCE}；{CLOSE_SOURCE}",
    Kind.CROSS_ASSIGNMENT: CROSS_SOURCE,
    Kind.ENTRUSTMENT: f"{ENTRUSTMENT_SOURCE}；法释〔2011〕11号 第1条、第2条",
}

# Actions an upper court takes on a lower court's case; an entrustment is the case's own court's.
UPPER_KINDS = frozenset(
    {Kind.ENFORCE_ORDER, Kind.ESCALATION, Kind.DESIGNATION, Kind.CROSS_ASSIGNMENT}
)
# Actions that move the case: a new case elsewhere, the original closed by 终结执行.
MOVING_KINDS = frozenset({Kind.ESCALATION, Kind.DESIGNATION, Kind.CROSS_ASSIGNMENT})

# Who records each action. A 督促执行令 is the upper court's supervision (judge, bureau chief,
# president or vice-president). Taking or assigning a case is a ruling (执行程序解释 第11条) that in
# the same act dockets the new case (立案 roles) and closes the original (结案: 执行员、法官), so
# only a judge of the upper court records it; a president who approved it asks a judge to record it.
# An entrustment is the enforcing court's officer's or judge's act (the 委托执行 node's roles).
SUPERVISION_ROLES = frozenset({Role.JUDGE, Role.BUREAU_CHIEF, Role.VICE_PRESIDENT, Role.PRESIDENT})
RULING_ROLES = frozenset({Role.OFFICER, Role.JUDGE})
DECIDER_ROLES: dict[Kind, frozenset[Role]] = {
    Kind.ENFORCE_ORDER: SUPERVISION_ROLES,
    Kind.ESCALATION: frozenset({Role.JUDGE}),
    Kind.DESIGNATION: frozenset({Role.JUDGE}),
    Kind.CROSS_ASSIGNMENT: frozenset({Role.JUDGE}),
    Kind.ENTRUSTMENT: RULING_ROLES,
}
RECEIVE_ROLES = frozenset({Role.CLERK, Role.ASSISTANT, Role.OFFICER, Role.JUDGE})  # 立案
PROGRESS_ROLES = frozenset({Role.OFFICER, Role.ASSISTANT, Role.CLERK, Role.JUDGE})  # 开始、函告
ASK_ROLES = RULING_ROLES | frozenset({Role.BUREAU_CHIEF})

# Courts that run enforcement cases: a designated or cross-assigned case goes to one of these
# (a high court designates within its district to an intermediate or basic court). Special courts
# (知识产权、铁路运输、互联网) are left out: their enforcement jurisdiction is their own judgments.
ENFORCING_LEVELS = frozenset({"basic", "intermediate"})
LEVEL_LABELS = {
    "supreme": "最高人民法院",
    "high": "高级人民法院",
    "intermediate": "中级人民法院",
    "basic": "基层人民法院",
    "special": "专门人民法院",
}


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    source: str = ""
    field: str = ""


@dataclass(frozen=True)
class CourtRef:
    """A court as the rules see it: `path` is the materialised chain of ancestor ids ("/1/2/7/")."""

    id: int
    name: str
    level: str
    path: str


def is_above(upper: CourtRef, lower: CourtRef) -> bool:
    """Whether `upper` is an ancestor of `lower` (strictly: a court is not above itself)."""
    return upper.id != lower.id and lower.path.startswith(upper.path)


def within(district: CourtRef, court: CourtRef) -> bool:
    """Whether `court` lies in `district`'s subtree, the district itself included."""
    return court.path.startswith(district.path)


def check_decider(kind: Kind, *, case_court: CourtRef, deciding_court: CourtRef) -> list[Refusal]:
    """Whether `deciding_court` may take `kind` on a case of `case_court`."""
    if kind is Kind.ENTRUSTMENT:
        if deciding_court.id != case_court.id:
            return [
                Refusal(
                    "supervision.not_own_case",
                    f"委托执行由执行法院（{case_court.name}）决定",
                    ENTRUSTMENT_SOURCE,
                )
            ]
        return []
    if not is_above(deciding_court, case_court):
        return [
            Refusal(
                "supervision.not_upper",
                f"{KIND_LABELS[kind]}只能由{case_court.name}的上级法院决定",
                KIND_SOURCES[kind],
            )
        ]
    return []


def check_target(
    kind: Kind, *, case_court: CourtRef, deciding_court: CourtRef, target: CourtRef | None
) -> list[Refusal]:
    """Which court may receive the case: for 指定/交叉, another enforcing court within the deciding
    court's district (执行程序解释 第11条 "本辖区其他人民法院"), a peer of the original court for
    交叉执行; for 委托, another court of the same level (法释〔2011〕11号 第1条)."""
    if kind in (Kind.ENFORCE_ORDER, Kind.ESCALATION):
        return []
    source = KIND_SOURCES[kind]
    if target is None:
        return [Refusal("supervision.target_required", "请选择接受案件的法院", source, "to_court")]
    if target.id == case_court.id:
        return [
            Refusal(
                "supervision.same_court",
                f"接受案件的法院不能是原执行法院（{case_court.name}）",
                source,
                "to_court",
            )
        ]
    refusals: list[Refusal] = []
    if kind is Kind.ENTRUSTMENT:
        if target.level != case_court.level:
            refusals.append(
                Refusal(
                    "supervision.not_same_level",
                    f"委托执行应当委托同级人民法院（{LEVEL_LABELS.get(case_court.level, '')}），"
                    f"{target.name}不是同级法院",
                    SAME_LEVEL_SOURCE,
                    "to_court",
                )
            )
        return refusals
    if target.id == deciding_court.id:
        refusals.append(
            Refusal(
                "supervision.target_is_decider",
                "由本院执行的，请使用“提级执行”",
                source,
                "to_court",
            )
        )
    elif not within(deciding_court, target):
        refusals.append(
            Refusal(
                "supervision.outside_district",
                f"{target.name}不在{deciding_court.name}辖区内，不能指令其执行",
                source,
                "to_court",
            )
        )
    if target.level not in ENFORCING_LEVELS:
        refusals.append(
            Refusal(
                "supervision.target_level",
                f"{target.name}（{LEVEL_LABELS.get(target.level, target.level)}）不承办执行实施案件",
                source,
                "to_court",
            )
        )
    elif kind is Kind.CROSS_ASSIGNMENT and target.level != case_court.level:
        refusals.append(
            Refusal(
                "supervision.cross_level",
                "交叉执行在同级法院之间进行；改由上级法院执行的，请使用“提级执行”",
                source,
                "to_court",
            )
        )
    return refusals


def check_order_until(*, decided_on: date, until: date | None) -> list[Refusal]:
    """A 督促执行令 names a time limit after the day it is issued (执行程序解释 第11条)."""
    if until is None:
        return [
            Refusal("supervision.until_required", "请填写限期执行的期限", ORDER_SOURCE, "until")
        ]
    if until <= decided_on:
        return [
            Refusal(
                "supervision.until_order",
                "限期执行的期限应晚于发出督促执行令的日期",
                ORDER_SOURCE,
                "until",
            )
        ]
    return []


def order_lapsed(*, until: date, today: date, case_open: bool) -> bool:
    """The time limit has passed with the case still open: the upper court must now take the case
    or assign it (执行程序解释 第12条; whether the delay had good reason is the court's finding)."""
    return case_open and today > until


@dataclass(frozen=True)
class EntrustmentClock:
    """民事诉讼法 第240条 clocks of one entrustment, counted from receipt of the letter by 第85条 (the
    day of receipt not counted; a last day on a rest day moves to the next working day)."""

    start_due: date
    report_due: date
    started: bool
    silent: bool  # not started and the 15 days have passed
    report_late: bool  # neither reported nor finished and the 30 days have passed


def entrustment_clock(
    *,
    received_on: date,
    started_on: date | None,
    reported_on: date | None,
    finished_on: date | None,
    today: date,
    calendar: LegalCalendar,
) -> EntrustmentClock:
    start_due = calendar.period_end(received_on, days=START_DAYS).due
    report_due = calendar.period_end(received_on, days=REPORT_DAYS).due
    started = started_on is not None
    silent = not started and finished_on is None and today > start_due
    report_late = reported_on is None and finished_on is None and today > report_due
    return EntrustmentClock(start_due, report_due, started, silent, report_late)


def silence_from(received_on: date, calendar: LegalCalendar) -> date:
    """The first day on which the entrusted court has been silent for the full 15 days."""
    return date.fromordinal(calendar.period_end(received_on, days=SILENCE_DAYS).due.toordinal() + 1)


def check_ask_superior(
    *,
    received_on: date | None,
    started_on: date | None,
    asked_on: date | None,
    on: date,
    calendar: LegalCalendar,
) -> list[Refusal]:
    """The entrusting court may ask the entrusted court's superior only after 15 days of silence."""
    if received_on is None:
        return [
            Refusal(
                "entrustment.not_received",
                "受托法院尚未立案受理，不能请求其上级法院指令执行",
                ENTRUSTMENT_SOURCE,
            )
        ]
    if started_on is not None and started_on <= on:
        return [
            Refusal(
                "entrustment.started",
                f"受托法院已于 {started_on:%Y年%m月%d日} 开始执行",
                ENTRUSTMENT_SOURCE,
            )
        ]
    if asked_on is not None:
        return [
            Refusal(
                "entrustment.already_asked",
                f"已于 {asked_on:%Y年%m月%d日} 请求受托法院的上级法院指令执行",
                ENTRUSTMENT_SOURCE,
            )
        ]
    first = silence_from(received_on, calendar)
    if on < first:
        return [
            Refusal(
                "entrustment.too_early",
                f"受托法院自收到委托函件之日起十五日内不执行的，才可请求其上级法院指令执行"
                f"（最早 {first:%Y年%m月%d日}）",
                ENTRUSTMENT_SOURCE,
                "on",
            )
        ]
    return []


def check_entrustment_step(
    *, step: str, received_on: date | None, started_on: date | None, on: date
) -> list[Refusal]:
    """The entrusted court's steps: start once, after receipt; reports after receipt."""
    if received_on is None:
        return [
            Refusal(
                "entrustment.not_received",
                "受托法院尚未立案受理该委托执行案件",
                ENTRUSTMENT_SOURCE,
            )
        ]
    if on < received_on:
        return [
            Refusal(
                "entrustment.date_order",
                f"日期不能早于收到委托函件的日期（{received_on:%Y年%m月%d日}）",
                ENTRUSTMENT_SOURCE,
                "on",
            )
        ]
    if step == "start" and started_on is not None:
        return [
            Refusal(
                "entrustment.started",
                f"已于 {started_on:%Y年%m月%d日} 记录开始执行",
                ENTRUSTMENT_SOURCE,
            )
        ]
    return []
