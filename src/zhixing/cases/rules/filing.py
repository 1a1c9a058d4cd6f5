"""Filing (立案): case types, origins, the acceptance checklist, the limitation warning.

Sources: 执行工作规定 第16条 (acceptance conditions; 7 days); 民事诉讼法（2023）第250条 and
民诉法解释 第481条 (2-year application period: accepted, with a warning); 法〔2015〕137号 (type codes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from zhixing.core.rules.calendar import add_months

from .nodes import STAGE_LABELS, Refusal, Stage


class CaseType(StrEnum):
    """Enforcement-implementation case types and their 类型代字 (法〔2015〕137号 配套标准)."""

    FIRST = "执"  # 首次执行
    RESUMED = "执恢"  # 恢复执行
    PRESERVATION = "执保"  # 财产保全执行


CASE_TYPE_LABELS = {
    CaseType.FIRST: "首次执行",
    CaseType.RESUMED: "恢复执行",
    CaseType.PRESERVATION: "财产保全执行",
}


class Origin(StrEnum):
    """执行依据的种类."""

    CIVIL_JUDGMENT = "civil_judgment"
    CIVIL_RULING = "civil_ruling"
    MEDIATION = "mediation"
    ARBITRAL_AWARD = "arbitral_award"
    NOTARIAL_DEED = "notarial_deed"
    ADMINISTRATIVE_NONLITIGATION = "administrative_nonlitigation"
    CRIMINAL_PROPERTY = "criminal_property"
    ADVANCE_EXECUTION = "advance_execution"
    PRESERVATION_RULING = "preservation_ruling"


ORIGIN_LABELS = {
    Origin.CIVIL_JUDGMENT: "民事判决书",
    Origin.CIVIL_RULING: "民事裁定书",
    Origin.MEDIATION: "民事调解书",
    Origin.ARBITRAL_AWARD: "仲裁裁决书",
    Origin.NOTARIAL_DEED: "赋予强制执行效力的公证债权文书",
    Origin.ADMINISTRATIVE_NONLITIGATION: "行政非诉执行裁定（准予执行）",
    Origin.CRIMINAL_PROPERTY: "刑事裁判涉财产部分",
    Origin.ADVANCE_EXECUTION: "先予执行裁定",
    Origin.PRESERVATION_RULING: "财产保全裁定",
}

# Which origins a case type accepts: a preservation case enforces a preservation ruling; the others
# enforce effective documents (法发〔2014〕26号 第1条).
ORIGINS_BY_TYPE = {
    CaseType.FIRST: frozenset(Origin) - {Origin.PRESERVATION_RULING},
    CaseType.RESUMED: frozenset(Origin) - {Origin.PRESERVATION_RULING},
    CaseType.PRESERVATION: frozenset({Origin.PRESERVATION_RULING}),
}


class Arrival(StrEnum):
    """How the case reached the court (法发〔2014〕26号 第1条)."""

    APPLICATION = "application"
    TRANSFER = "transfer"  # 审判庭移送
    ENTRUSTMENT = "entrustment"
    ESCALATION = "escalation"  # 提级
    DESIGNATION = "designation"  # 指定


ARRIVAL_LABELS = {
    Arrival.APPLICATION: "当事人申请",
    Arrival.TRANSFER: "审判部门移送",
    Arrival.ENTRUSTMENT: "委托执行",
    Arrival.ESCALATION: "提级执行",
    Arrival.DESIGNATION: "指定执行",
}


class PartyKind(StrEnum):
    PERSON = "person"
    LEGAL_ENTITY = "legal_entity"
    OTHER_ORG = "other_org"


PARTY_KIND_LABELS = {
    PartyKind.PERSON: "自然人",
    PartyKind.LEGAL_ENTITY: "法人",
    PartyKind.OTHER_ORG: "非法人组织",
}


class PartyRole(StrEnum):
    APPLICANT = "applicant"
    RESPONDENT = "respondent"


PARTY_ROLE_LABELS = {PartyRole.APPLICANT: "申请执行人", PartyRole.RESPONDENT: "被执行人"}

# 执行工作规定 第16条: the conditions for acceptance, shown and recorded one by one.
ACCEPTANCE_ITEMS: dict[str, str] = {
    "effective": "申请或移送执行的法律文书已经生效",
    "entitled": "申请执行人是生效法律文书确定的权利人或其继承人、权利承受人",
    "clear": "申请执行的法律文书有给付内容，且执行标的和被执行人明确",
    "unperformed": "义务人在生效法律文书确定的期限内未履行义务",
    "jurisdiction": "属于受申请的人民法院管辖",
}
ACCEPTANCE_SOURCE = "执行工作规定 第16条"
LIMITATION_SOURCE = "民事诉讼法 第250条；民诉法解释 第481条"
LIMITATION_YEARS = 2


def check_acceptance(checked: dict[str, bool]) -> list[Refusal]:
    """Every unmet acceptance condition; an application that fails one is refused (不予受理)."""
    return [
        Refusal("acceptance." + key, f"受理条件未满足：{label}", ACCEPTANCE_SOURCE, "checklist")
        for key, label in ACCEPTANCE_ITEMS.items()
        if not checked.get(key)
    ]


def limitation_start(*, effective_on: date, performance_deadline: date | None) -> date:
    """民事诉讼法 第250条: the period runs from the last day of the performance period, or from the
    document's effective date when it sets none. (For instalments the caller passes the last one.)"""
    return performance_deadline or effective_on


def limitation_warning(
    *, effective_on: date, performance_deadline: date | None, received_on: date
) -> str:
    """A warning (never a refusal) when the application comes more than 2 years after the start:
    the court must accept it, but a limitation objection by the respondent would succeed
    (民诉法解释 第481条)."""
    start = limitation_start(effective_on=effective_on, performance_deadline=performance_deadline)
    expiry = add_months(start, 12 * LIMITATION_YEARS)
    if received_on > expiry:
        return (
            f"申请执行时间已超过二年申请执行期间（自 {start:%Y年%m月%d日} 起算，{expiry:%Y年%m月%d日} 届满）。"
            "人民法院应予受理；被执行人提出时效异议且成立的，裁定不予执行。"
        )
    return ""


def check_basis(
    *,
    effective_on: date,
    performance_deadline: date | None,
    amount: Decimal | None,
    claim_amount: Decimal | None,
    received_on: date,
) -> list[Refusal]:
    """Input checks on the enforcement basis and claim."""
    refusals = []
    if performance_deadline is not None and performance_deadline < effective_on:
        refusals.append(
            Refusal(
                "basis.deadline_before_effective",
                "履行期限不能早于法律文书生效日期",
                "",
                "performance_deadline",
            )
        )
    if effective_on > received_on:
        refusals.append(
            Refusal(
                "basis.effective_after_receipt",
                "法律文书生效日期不能晚于收案日期",
                ACCEPTANCE_SOURCE,
                "effective_on",
            )
        )
    for value, field, label in (
        (amount, "amount", "执行依据确定的金额"),
        (claim_amount, "claim_amount", "申请执行标的额"),
    ):
        if value is not None and value < 0:
            refusals.append(Refusal("money.negative", f"{label}不能为负数", "", field))
    return refusals


# 分段集约: stages that must be held by different people (法〔2021〕322号 and the separation of
# inquiry-and-control, disposal and payout; domain-rules section 15, UNVERIFIED as a national rule,
# so configurable through ZHIXING_SEPARATED_STAGES).
DEFAULT_SEPARATED_STAGES = ("inquiry_control", "disposal", "payout")


@dataclass(frozen=True)
class Holding:
    stage: str
    people: frozenset[int]  # staff ids (a team counts each member)


def check_separation(holdings: list[Holding], separated: tuple[str, ...]) -> list[Refusal]:
    """Stages in `separated` must not share a person."""
    refusals = []
    relevant = [h for h in holdings if h.stage in separated]
    for i, first in enumerate(relevant):
        for second in relevant[i + 1 :]:
            if first.stage != second.stage and first.people & second.people:
                refusals.append(
                    Refusal(
                        "stage.separation",
                        f"“{STAGE_LABELS[Stage(first.stage)]}”与“{STAGE_LABELS[Stage(second.stage)]}”须由不同人员负责",
                        "法〔2021〕322号",
                        "staff",
                    )
                )
    return refusals
