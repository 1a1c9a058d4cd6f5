"""Coercive measures against obstruction (对妨害民事诉讼的强制措施) as they apply in enforcement.

民事诉讼法（2023）第118条: a fine on an individual is at most RMB 100,000; on a unit RMB 50,000 to
1,000,000; detention is at most 15 days. 第119条: 拘传, 罚款 and 拘留 need the president's (院长)
approval; 拘传 uses a 拘传票, 罚款 and 拘留 a 决定书; the person may apply once (复议一次) to the
next-higher court, and the measure is not stayed during that review. Verified against the 2023 text
(LawRefBook/Laws, 民事诉讼法(2023-09-01)).

Plain Python; the models and services that use it come with the rest of issue 4.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from zhixing.core.rules.roles import Role

SOURCE_LIMITS = "民事诉讼法 第118条"
SOURCE_APPROVAL = "民事诉讼法 第119条"

INDIVIDUAL_FINE_MAX = Decimal("100000.00")
UNIT_FINE_MIN = Decimal("50000.00")
UNIT_FINE_MAX = Decimal("1000000.00")
DETENTION_MAX_DAYS = 15
APPROVERS = frozenset({Role.PRESIDENT})


class Measure(StrEnum):
    SUMMONS = "summons"  # 拘传
    FINE = "fine"  # 罚款
    DETENTION = "detention"  # 拘留


MEASURE_LABELS = {Measure.SUMMONS: "拘传", Measure.FINE: "罚款", Measure.DETENTION: "拘留"}
# 第119条: the document each measure is issued with.
DOCUMENTS = {Measure.SUMMONS: "拘传票", Measure.FINE: "罚款决定书", Measure.DETENTION: "拘留决定书"}


class Subject(StrEnum):
    INDIVIDUAL = "individual"
    UNIT = "unit"


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    source: str
    field: str = ""


def check_measure(
    *,
    measure: Measure,
    subject: Subject,
    amount: Decimal | None = None,
    days: int | None = None,
    approver_roles: frozenset[Role] = frozenset(),
) -> list[Refusal]:
    """Every reason the measure cannot be decided as proposed (empty list = lawful)."""
    refusals: list[Refusal] = []
    if measure is Measure.FINE:
        if amount is None or amount <= 0:
            refusals.append(Refusal("fine.amount", "请填写罚款金额", SOURCE_LIMITS, "amount"))
        elif subject is Subject.INDIVIDUAL and amount > INDIVIDUAL_FINE_MAX:
            refusals.append(
                Refusal(
                    "fine.individual_max",
                    "对个人的罚款金额为人民币十万元以下",
                    SOURCE_LIMITS,
                    "amount",
                )
            )
        elif subject is Subject.UNIT and not UNIT_FINE_MIN <= amount <= UNIT_FINE_MAX:
            refusals.append(
                Refusal(
                    "fine.unit_range",
                    "对单位的罚款金额为人民币五万元以上一百万元以下",
                    SOURCE_LIMITS,
                    "amount",
                )
            )
    if measure is Measure.DETENTION:
        if subject is Subject.UNIT:
            refusals.append(
                Refusal(
                    "detention.unit",
                    "拘留只能对个人（单位的主要负责人或直接责任人员）适用",
                    SOURCE_LIMITS,
                    "subject",
                )
            )
        if days is None or days < 1:
            refusals.append(Refusal("detention.days", "请填写拘留天数", SOURCE_LIMITS, "days"))
        elif days > DETENTION_MAX_DAYS:
            refusals.append(
                Refusal("detention.max", "拘留的期限为十五日以下", SOURCE_LIMITS, "days")
            )
    if measure is Measure.SUMMONS and subject is Subject.UNIT:
        refusals.append(Refusal("summons.unit", "拘传只能对个人适用", SOURCE_APPROVAL, "subject"))
    if not approver_roles & APPROVERS:
        refusals.append(
            Refusal(
                "coercive.approval",
                f"{MEASURE_LABELS[measure]}必须经院长批准",
                SOURCE_APPROVAL,
                "approver",
            )
        )
    return refusals


def check_reconsideration(*, previous_applications: int, measure: Measure) -> list[Refusal]:
    """第119条: one reconsideration, to the next-higher court; the measure is not stayed meanwhile.
    拘传 is not listed among the decisions open to reconsideration (only 罚款、拘留 决定)."""
    if measure is Measure.SUMMONS:
        return [Refusal("reconsideration.summons", "拘传不属于可以申请复议的决定", SOURCE_APPROVAL)]
    if previous_applications >= 1:
        return [
            Refusal(
                "reconsideration.once",
                "对罚款、拘留决定只能向上一级人民法院申请复议一次",
                SOURCE_APPROVAL,
            )
        ]
    return []
