"""Coercive measures against obstruction (对妨害民事诉讼的强制措施) as they apply in enforcement.

民事诉讼法（2023）第118条: a fine on an individual is at most RMB 100,000; on a unit RMB 50,000 to
1,000,000; detention is at most 15 days. 第119条: 拘传, 罚款 and 拘留 need the president's (院长)
approval; 拘传 uses a 拘传票, 罚款 and 拘留 a 决定书; the person may apply once (复议一次) to the
next-higher court, and the measure is not stayed during that review. Verified against the 2023 text
(LawRefBook/Laws, 民事诉讼法(2023-09-01)).

民诉法解释（2022）第185条: the application for reconsideration is made within 3 days of receiving the
决定书, and the upper court decides within 5 days of receiving it; 第186条: the upper court revokes or
changes (撤销或者变更) a measure it finds improper; 第191条: a unit's 主要负责人 or 直接责任人员 may be
fined or detained; 第482条: in enforcement, a respondent (or its legal representative, responsible
person, actual controller) who must be questioned and refuses to come after a lawful summons may be
brought by 拘传. Verified against LawRefBook/Laws, 最高人民法院关于适用《民事诉讼法》的解释(2022-04-01).

Plain Python: the models, services and pages of `measures` use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from zhixing.core.rules.roles import Role

SOURCE_LIMITS = "民事诉讼法 第118条"
SOURCE_APPROVAL = "民事诉讼法 第119条"
SOURCE_PERIOD = "民诉法解释 第185条"
SOURCE_OUTCOME = "民诉法解释 第186条"

INDIVIDUAL_FINE_MAX = Decimal("100000.00")
UNIT_FINE_MIN = Decimal("50000.00")
UNIT_FINE_MAX = Decimal("1000000.00")
DETENTION_MAX_DAYS = 15
APPROVERS = frozenset({Role.PRESIDENT})
RECONSIDERATION_DAYS = 3  # 民诉法解释 第185条: from receipt of the 决定书
RECONSIDERATION_DECISION_DAYS = 5  # 民诉法解释 第185条: from the upper court's receipt

# 人民法院案件类型及其代字标准 (domain-rules section 12, secondary source): 司惩 numbers the decisions on
# fines and detention, 司惩复 their reconsideration by the upper court.
DECISION_TYPE_CODE = "司惩"
RECONSIDERATION_TYPE_CODE = "司惩复"


class Measure(StrEnum):
    SUMMONS = "summons"  # 拘传
    FINE = "fine"  # 罚款
    DETENTION = "detention"  # 拘留


MEASURE_LABELS = {Measure.SUMMONS: "拘传", Measure.FINE: "罚款", Measure.DETENTION: "拘留"}
# 第119条: the document each measure is issued with.
DOCUMENTS = {Measure.SUMMONS: "拘传票", Measure.FINE: "罚款决定书", Measure.DETENTION: "拘留决定书"}
# 第119条: 罚款 and 拘留 are decided by a 决定书 (numbered 司惩); 拘传 is issued with a 拘传票 under the
# enforcement case's own number.
NUMBERED = frozenset({Measure.FINE, Measure.DETENTION})


class Subject(StrEnum):
    INDIVIDUAL = "individual"
    UNIT = "unit"


SUBJECT_LABELS = {Subject.INDIVIDUAL: "个人", Subject.UNIT: "单位"}


@dataclass(frozen=True)
class Conduct:
    """An obstruction a measure answers, with the article it falls under."""

    code: str
    label: str
    article: str
    measures: frozenset[Measure]


_FINE_DETENTION = frozenset({Measure.FINE, Measure.DETENTION})
CONDUCTS: tuple[Conduct, ...] = (
    Conduct(
        "summons_refused",
        "必须接受调查询问，经依法传唤无正当理由拒不到场",
        "民诉法解释 第482条",
        frozenset({Measure.SUMMONS}),
    ),
    Conduct(
        "report_refused",
        "拒绝报告或者虚假报告财产情况",
        "民事诉讼法 第252条",
        _FINE_DETENTION,
    ),
    Conduct(
        "property_hidden",
        "隐藏、转移、变卖、毁损已被查封、扣押的财产，或者转移已被冻结的财产",
        "民事诉讼法 第114条第1款第3项",
        _FINE_DETENTION,
    ),
    Conduct(
        "officers_obstructed",
        "以暴力、威胁或者其他方法阻碍司法工作人员执行职务",
        "民事诉讼法 第114条第1款第5项",
        _FINE_DETENTION,
    ),
    Conduct(
        "judgment_refused",
        "拒不履行人民法院已经发生法律效力的判决、裁定",
        "民事诉讼法 第114条第1款第6项",
        _FINE_DETENTION,
    ),
    Conduct(
        "collusion",
        "与他人恶意串通，通过诉讼、仲裁、调解等方式逃避履行法律文书确定的义务",
        "民事诉讼法 第116条",
        _FINE_DETENTION,
    ),
    Conduct(
        "assistance_refused",
        "作为有义务协助调查、执行的单位，拒不协助",
        "民事诉讼法 第117条",
        _FINE_DETENTION,
    ),
)
CONDUCT_BY_CODE = {c.code: c for c in CONDUCTS}
OTHER_CONDUCT = "other"  # any other obstruction; its article is typed in


class Outcome(StrEnum):
    """民诉法解释 第186条: the upper court upholds, revokes or changes the measure."""

    UPHELD = "upheld"  # 维持
    REVOKED = "revoked"  # 撤销
    CHANGED = "changed"  # 变更（罚款金额或拘留期限）


OUTCOME_LABELS = {Outcome.UPHELD: "维持", Outcome.REVOKED: "撤销", Outcome.CHANGED: "变更"}


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


def check_limits(
    *,
    measure: Measure,
    subject: Subject,
    amount: Decimal | None = None,
    days: int | None = None,
) -> list[Refusal]:
    """第118条's limits alone, as they stand when a measure is proposed (before any approval)."""
    return [
        r
        for r in check_measure(
            measure=measure, subject=subject, amount=amount, days=days, approver_roles=APPROVERS
        )
        if r.code != "coercive.approval"
    ]


def check_reconsideration(
    *,
    previous_applications: int,
    measure: Measure,
    applied_on: date | None = None,
    due_on: date | None = None,
) -> list[Refusal]:
    """第119条: one reconsideration, to the next-higher court; the measure is not stayed meanwhile.
    拘传 is not listed among the decisions open to reconsideration (only 罚款、拘留 决定).
    民诉法解释 第185条: within 3 days of receiving the 决定书 (`due_on`, computed by the legal
    calendar from the day of service; None while service is not recorded)."""
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
    if applied_on is not None and due_on is not None and applied_on > due_on:
        return [
            Refusal(
                "reconsideration.late",
                f"复议申请应当自收到决定书之日起{RECONSIDERATION_DAYS}日内提出"
                f"（届满日 {due_on:%Y年%m月%d日}）",
                SOURCE_PERIOD,
                "applied_on",
            )
        ]
    return []


def check_outcome(
    *,
    measure: Measure,
    subject: Subject,
    outcome: Outcome,
    amount: Decimal | None,
    days: int | None,
    original_amount: Decimal | None,
    original_days: int | None,
) -> list[Refusal]:
    """民诉法解释 第186条: a change (变更) sets a new fine or detention period, itself within 第118条's
    limits and different from the original (otherwise the measure is upheld)."""
    if outcome is not Outcome.CHANGED:
        return []
    field = "amount" if measure is Measure.FINE else "days"
    new = amount if measure is Measure.FINE else days
    old = original_amount if measure is Measure.FINE else original_days
    if new is None:
        what = "罚款金额" if measure is Measure.FINE else "拘留天数"
        return [Refusal("outcome.missing", f"变更决定须写明变更后的{what}", SOURCE_OUTCOME, field)]
    limits = check_limits(measure=measure, subject=subject, amount=amount, days=days)
    if limits:
        return limits
    if new == old:
        return [
            Refusal(
                "outcome.unchanged",
                "变更后的内容与原决定相同，应当决定维持",
                SOURCE_OUTCOME,
                field,
            )
        ]
    return []
