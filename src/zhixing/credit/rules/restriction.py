"""Consumption restrictions (限制消费令): who is covered, what is restricted, issue and lifting.

Source: 最高人民法院关于限制被执行人高消费及有关消费的若干规定 (2010, revised 2015, in force
2015-07-22; "限高规定"), read against /work/shared/domain-rules.md section 6:

- 第1条 a respondent on the 失信 list must be restricted — VERIFIED (domain-rules).
- 第3条第1款 the nine restricted behaviours and 第3条第2款 the persons covered for a unit —
  VERIFIED (secondary) P:75law.com/question/30282.html (full text of 第3条, 2015 G-train wording)
  and domain-rules section 6.
- 第4条 application by the creditor in writing, ex officio when necessary; 第5条 the order is signed
  by the 院长 and states period, items and consequences — VERIFIED LRB:XG2010 arts. 4–5 (2015 text
  secondary). The brief for this module said "signed by the president (第4条)"; the text puts the
  signature in 第5条, which is what is cited here.
- 第9条 lifting: security or the creditor's consent → may lift; full performance → shall lift
  promptly — VERIFIED (domain-rules section 6).

The document number 法释〔2015〕17号 is UNVERIFIED (domain-rules section 6).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from zhixing.core.rules.roles import Role
from zhixing.credit.rules.listing import RespondentKind

SOURCE_TRIGGER = "限高规定 第1条"
SOURCE_BEHAVIOURS = "限高规定 第3条第1款"
SOURCE_UNIT = "限高规定 第3条第2款"
SOURCE_APPLICATION = "限高规定 第4条"
SOURCE_ORDER = "限高规定 第5条"
SOURCE_LIFTING = "限高规定 第9条"

SIGNERS = frozenset({Role.PRESIDENT})  # 第5条: 限制消费令由人民法院院长签发


class Behaviour(StrEnum):
    """限高规定 第3条第1款: what a restricted respondent may not pay for with its own property."""

    TRAVEL_CLASS = "travel_class"  # （一）
    LUXURY_VENUES = "luxury_venues"  # （二）
    REAL_ESTATE = "real_estate"  # （三）
    HIGH_END_OFFICE = "high_end_office"  # （四）
    VEHICLES = "vehicles"  # （五）
    TRAVEL_HOLIDAY = "travel_holiday"  # （六）
    PRIVATE_SCHOOL = "private_school"  # （七）
    INSURANCE = "insurance"  # （八）
    HIGH_SPEED_RAIL = "high_speed_rail"  # （九）


BEHAVIOUR_LABELS = {
    Behaviour.TRAVEL_CLASS: "乘坐交通工具时，选择飞机、列车软卧、轮船二等以上舱位",
    Behaviour.LUXURY_VENUES: "在星级以上宾馆、酒店、夜总会、高尔夫球场等场所进行高消费",
    Behaviour.REAL_ESTATE: "购买不动产或者新建、扩建、高档装修房屋",
    Behaviour.HIGH_END_OFFICE: "租赁高档写字楼、宾馆、公寓等场所办公",
    Behaviour.VEHICLES: "购买非经营必需车辆",
    Behaviour.TRAVEL_HOLIDAY: "旅游、度假",
    Behaviour.PRIVATE_SCHOOL: "子女就读高收费私立学校",
    Behaviour.INSURANCE: "支付高额保费购买保险理财产品",
    Behaviour.HIGH_SPEED_RAIL: (
        "乘坐G字头动车组列车全部座位、其他动车组列车一等以上座位等其他非生活和工作必需的消费行为"
    ),
}
ALL_BEHAVIOURS = frozenset(Behaviour)


class CoveredRole(StrEnum):
    """Who an order binds (第3条): the respondent itself, and for a unit also these persons."""

    RESPONDENT = "respondent"
    LEGAL_REPRESENTATIVE = "legal_representative"
    PRINCIPAL_MANAGER = "principal_manager"
    DIRECTLY_RESPONSIBLE = "directly_responsible"
    ACTUAL_CONTROLLER = "actual_controller"


COVERED_ROLE_LABELS = {
    CoveredRole.RESPONDENT: "被执行人",
    CoveredRole.LEGAL_REPRESENTATIVE: "法定代表人",
    CoveredRole.PRINCIPAL_MANAGER: "主要负责人",
    CoveredRole.DIRECTLY_RESPONSIBLE: "影响债务履行的直接责任人员",
    CoveredRole.ACTUAL_CONTROLLER: "实际控制人",
}
UNIT_COVERED = frozenset(CoveredRole)


def covered_roles(kind: RespondentKind) -> frozenset[CoveredRole]:
    """第3条: a person's order binds the person; a unit's also binds its legal representative,
    principal managers, directly responsible persons and actual controller."""
    if kind is RespondentKind.ORGANISATION:
        return UNIT_COVERED
    return frozenset({CoveredRole.RESPONDENT})


class Initiative(StrEnum):
    """第4条: how the restriction starts."""

    APPLICATION = "application"  # 申请执行人书面申请
    EX_OFFICIO = "ex_officio"  # 人民法院依职权（必要时）


class LiftingGround(StrEnum):
    """第9条: grounds for lifting the order."""

    SECURITY = "security"  # 提供确实有效的担保
    APPLICANT_CONSENT = "applicant_consent"  # 申请执行人同意
    FULL_PERFORMANCE = "full_performance"  # 全部履行了生效法律文书确定的义务


LIFTING_GROUND_LABELS = {
    LiftingGround.SECURITY: "被执行人提供确实有效的担保",
    LiftingGround.APPLICANT_CONSENT: "申请执行人同意解除",
    LiftingGround.FULL_PERFORMANCE: "被执行人全部履行了生效法律文书确定的义务",
}
# 第9条: security or consent → the court MAY lift (a decision); full performance → it SHALL lift
# promptly, by notice or publication within the scope the order was published in.
MANDATORY_LIFTING = frozenset({LiftingGround.FULL_PERFORMANCE})


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    source: str
    field: str = ""


def check_listed_has_restriction(*, listed: bool, restricted: bool) -> list[Refusal]:
    """第1条: a respondent on the 失信 list must also be under a consumption restriction."""
    if listed and not restricted:
        return [
            Refusal(
                "restriction.required",
                "被执行人已纳入失信被执行人名单，应当同时对其采取限制消费措施",
                SOURCE_TRIGGER,
                "restriction",
            )
        ]
    return []


def check_order(
    *,
    respondent_kind: RespondentKind,
    initiative: Initiative,
    ex_officio_reason: str = "",
    signer_roles: frozenset[Role] = frozenset(),
    behaviours: frozenset[Behaviour] = ALL_BEHAVIOURS,
    covered: frozenset[CoveredRole] = frozenset(),
    states_period: bool = True,
    states_consequences: bool = True,
) -> list[Refusal]:
    """Every reason the 限制消费令 cannot be issued as drafted (empty list = lawful)."""
    refusals: list[Refusal] = []
    if initiative is Initiative.EX_OFFICIO and not ex_officio_reason.strip():
        refusals.append(
            Refusal(
                "restriction.ex_officio_reason",
                "依职权决定限制消费的，请写明必要性理由",
                SOURCE_APPLICATION,
                "ex_officio_reason",
            )
        )
    if not signer_roles & SIGNERS:
        refusals.append(
            Refusal("restriction.signer", "限制消费令须由院长签发", SOURCE_ORDER, "signer")
        )
    if not behaviours:
        refusals.append(
            Refusal(
                "restriction.behaviours",
                "限制消费令应当载明限制的项目",
                SOURCE_ORDER,
                "behaviours",
            )
        )
    missing = covered_roles(respondent_kind) - covered
    if missing:
        names = "、".join(COVERED_ROLE_LABELS[role] for role in CoveredRole if role in missing)
        refusals.append(
            Refusal(
                "restriction.covered",
                f"限制消费令未涵盖：{names}",
                SOURCE_UNIT
                if respondent_kind is RespondentKind.ORGANISATION
                else SOURCE_BEHAVIOURS,
                "covered",
            )
        )
    if not states_period:
        refusals.append(
            Refusal("restriction.period", "限制消费令应当载明限制期间", SOURCE_ORDER, "period")
        )
    if not states_consequences:
        refusals.append(
            Refusal(
                "restriction.consequences",
                "限制消费令应当载明违反限制消费令的法律后果",
                SOURCE_ORDER,
                "consequences",
            )
        )
    return refusals


def check_lifting(
    *, ground: LiftingGround, security_recorded: bool = False, consent_recorded: bool = False
) -> list[Refusal]:
    """第9条: security and consent must be on the file before the court may lift; full performance
    needs no further fact (the caller records it)."""
    refusals: list[Refusal] = []
    if ground is LiftingGround.SECURITY and not security_recorded:
        refusals.append(
            Refusal(
                "lifting.security",
                "请先登记被执行人提供的确实有效的担保",
                SOURCE_LIFTING,
                "security_recorded",
            )
        )
    if ground is LiftingGround.APPLICANT_CONSENT and not consent_recorded:
        refusals.append(
            Refusal(
                "lifting.consent",
                "请先登记申请执行人同意解除的书面意见",
                SOURCE_LIFTING,
                "consent_recorded",
            )
        )
    return refusals


def lifting_is_mandatory(ground: LiftingGround) -> bool:
    """第9条: only full performance obliges the court to lift (promptly); otherwise it may."""
    return ground in MANDATORY_LIFTING
