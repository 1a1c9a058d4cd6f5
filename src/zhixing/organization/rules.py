"""Court hierarchy, enforcement units, staff placement and team figures — the law as plain Python.

Sources:
- 法发〔2009〕43号 三(二): the unified internal units of enforcement bureaus per court level;
  high and intermediate courts set up an enforcement command center (一(一)).
- 法发〔2009〕43号 五: enforcement staff at least 15 % of all staff posts (中发〔1999〕11号), and
  their education not below the court's average.
- 法〔2015〕137号 art. 5 (amended 法〔2018〕335号): court codes per level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from zhixing.core.rules.case_number import CourtCodeKind, parse_court_code
from zhixing.core.rules.roles import Role

SEED = "法发〔2009〕43号"


class CourtLevel(StrEnum):
    SUPREME = "supreme"  # 最高人民法院
    HIGH = "high"  # 高级人民法院
    INTERMEDIATE = "intermediate"  # 中级人民法院
    BASIC = "basic"  # 基层人民法院
    SPECIAL = "special"  # 专门人民法院 (知识产权、铁路运输、互联网 …)


COURT_LEVEL_LABELS: dict[CourtLevel, str] = {
    CourtLevel.SUPREME: "最高人民法院",
    CourtLevel.HIGH: "高级人民法院",
    CourtLevel.INTERMEDIATE: "中级人民法院",
    CourtLevel.BASIC: "基层人民法院",
    CourtLevel.SPECIAL: "专门人民法院",
}


class UnitKind(StrEnum):
    IMPLEMENTATION = "implementation"  # 执行实施机构
    REVIEW = "review"  # 执行审查机构
    COMPLAINT_REVIEW = "complaint_review"  # 申诉审查机构
    ADMINISTRATION = "administration"  # 综合管理机构
    RECONSIDERATION_SUPERVISION = "reconsideration_supervision"  # 复议监督机构
    COORDINATION = "coordination"  # 协调指导机构


UNIT_LABELS: dict[UnitKind, str] = {
    UnitKind.IMPLEMENTATION: "执行实施机构",
    UnitKind.REVIEW: "执行审查机构",
    UnitKind.COMPLAINT_REVIEW: "申诉审查机构",
    UnitKind.ADMINISTRATION: "综合管理机构",
    UnitKind.RECONSIDERATION_SUPERVISION: "复议监督机构",
    UnitKind.COORDINATION: "协调指导机构",
}

# 法发〔2009〕43号 三(二): high courts set up 复议监督、协调指导、申诉审查、综合管理;
# intermediate and basic courts set up 执行实施、执行审查、申诉审查、综合管理.
UNITS_BY_TIER: dict[CourtLevel, tuple[UnitKind, ...]] = {
    CourtLevel.SUPREME: (
        UnitKind.RECONSIDERATION_SUPERVISION,
        UnitKind.COORDINATION,
        UnitKind.COMPLAINT_REVIEW,
        UnitKind.ADMINISTRATION,
    ),
    CourtLevel.HIGH: (
        UnitKind.RECONSIDERATION_SUPERVISION,
        UnitKind.COORDINATION,
        UnitKind.COMPLAINT_REVIEW,
        UnitKind.ADMINISTRATION,
    ),
    CourtLevel.INTERMEDIATE: (
        UnitKind.IMPLEMENTATION,
        UnitKind.REVIEW,
        UnitKind.COMPLAINT_REVIEW,
        UnitKind.ADMINISTRATION,
    ),
    CourtLevel.BASIC: (
        UnitKind.IMPLEMENTATION,
        UnitKind.REVIEW,
        UnitKind.COMPLAINT_REVIEW,
        UnitKind.ADMINISTRATION,
    ),
}

# 法发〔2009〕43号 一(一): 高级人民法院和中级人民法院 set up an enforcement command center.
COMMAND_CENTER_TIERS: frozenset[CourtLevel] = frozenset(
    {CourtLevel.SUPREME, CourtLevel.HIGH, CourtLevel.INTERMEDIATE}
)

# Which level a court's parent must have. A special court sits under a high court (intermediate
# tier, e.g. 北京知识产权法院 京73) or under an intermediate court (basic tier, e.g. 北京互联网法院
# 京0491 under 京04).
PARENT_LEVELS: dict[CourtLevel, frozenset[CourtLevel]] = {
    CourtLevel.SUPREME: frozenset(),
    CourtLevel.HIGH: frozenset({CourtLevel.SUPREME}),
    CourtLevel.INTERMEDIATE: frozenset({CourtLevel.HIGH}),
    CourtLevel.BASIC: frozenset({CourtLevel.INTERMEDIATE}),
    CourtLevel.SPECIAL: frozenset({CourtLevel.HIGH, CourtLevel.INTERMEDIATE}),
}

CODE_KIND_BY_LEVEL: dict[CourtLevel, frozenset[CourtCodeKind]] = {
    CourtLevel.SUPREME: frozenset({CourtCodeKind.SUPREME}),
    CourtLevel.HIGH: frozenset({CourtCodeKind.HIGH}),
    CourtLevel.INTERMEDIATE: frozenset({CourtCodeKind.INTERMEDIATE}),
    CourtLevel.BASIC: frozenset({CourtCodeKind.BASIC}),
    CourtLevel.SPECIAL: frozenset({CourtCodeKind.INTERMEDIATE, CourtCodeKind.BASIC}),
}

# 法〔2018〕335号 art. 5(2)(3): blocks 71–99 are reserved for special and cross-region courts.
SPECIAL_INTERMEDIATE_BLOCK = range(71, 100)
CODE_SOURCE = "法〔2015〕137号 第5条（法〔2018〕335号修改）"


@dataclass(frozen=True)
class Refusal:
    """One unmet condition: a code, a Chinese message, the field, and the source."""

    code: str
    message: str
    field: str = ""
    source: str = ""


def tier_of(level: CourtLevel, parent_level: CourtLevel | None) -> CourtLevel:
    """The ordinary level whose units a court must have (a special court takes its parent's child tier)."""
    if level is not CourtLevel.SPECIAL:
        return level
    return CourtLevel.INTERMEDIATE if parent_level is CourtLevel.HIGH else CourtLevel.BASIC


def check_court_placement(
    *, level: CourtLevel, code: str, parent_level: CourtLevel | None, parent_code: str | None
) -> list[Refusal]:
    """Every reason a court with this level and code cannot sit under this parent."""
    refusals: list[Refusal] = []
    allowed_parents = PARENT_LEVELS[level]
    if allowed_parents and parent_level not in allowed_parents:
        wanted = "或".join(COURT_LEVEL_LABELS[p] for p in sorted(allowed_parents))
        refusals.append(
            Refusal(
                "court.parent_level",
                f"{COURT_LEVEL_LABELS[level]}的上级法院应为{wanted}",
                "parent",
                SEED,
            )
        )
    if not allowed_parents and parent_level is not None:
        refusals.append(Refusal("court.parent_level", "最高人民法院没有上级法院", "parent", SEED))
    try:
        parsed = parse_court_code(code)
    except ValueError as error:
        refusals.append(
            Refusal(
                getattr(error, "code", "court_code.format"),
                getattr(error, "message", str(error)),
                "code",
                CODE_SOURCE,
            )
        )
        return refusals
    if parsed.kind not in CODE_KIND_BY_LEVEL[level]:
        refusals.append(
            Refusal(
                "court_code.level",
                f"法院代字“{code}”与法院级别（{COURT_LEVEL_LABELS[level]}）不符",
                "code",
                CODE_SOURCE,
            )
        )
        return refusals
    if level is CourtLevel.INTERMEDIATE and int(parsed.digits) in SPECIAL_INTERMEDIATE_BLOCK:
        refusals.append(
            Refusal(
                "court_code.special_block",
                f"代字“{code}”属于专门法院号段（71–99），普通中级法院不得使用",
                "code",
                CODE_SOURCE,
            )
        )
    if parent_code and parsed.province and parent_code != "最高法":
        parent_province = parse_court_code(parent_code).province
        if parent_province != parsed.province:
            refusals.append(
                Refusal(
                    "court_code.province",
                    f"代字“{code}”的省级简称与上级法院“{parent_code}”不一致",
                    "code",
                    CODE_SOURCE,
                )
            )
    return refusals


# Where a member of staff sits: a unit kind, the command center, or the court/bureau leadership.
COMMAND_CENTER = "command_center"
LEADERSHIP = "leadership"
PLACEMENT_LABELS: dict[str, str] = {
    **{kind.value: label for kind, label in UNIT_LABELS.items()},
    COMMAND_CENTER: "执行指挥中心",
    LEADERSHIP: "院局领导及综合岗位",
}

ALL_UNITS = frozenset(k.value for k in UnitKind)
JUDGING_UNITS = frozenset(
    {
        UnitKind.IMPLEMENTATION.value,
        UnitKind.REVIEW.value,
        UnitKind.COMPLAINT_REVIEW.value,
        UnitKind.RECONSIDERATION_SUPERVISION.value,
        UnitKind.COORDINATION.value,
    }
)

# Which placements may hold a role. Implementation work (officer, judicial police) is not done in
# the review units, so that review stays apart from implementation (法发〔2009〕43号 三(一)).
ROLE_PLACEMENTS: dict[Role, frozenset[str]] = {
    Role.OFFICER: frozenset(
        {UnitKind.IMPLEMENTATION.value, UnitKind.COORDINATION.value, COMMAND_CENTER}
    ),
    Role.JUDGE: JUDGING_UNITS,
    Role.ASSISTANT: JUDGING_UNITS | {COMMAND_CENTER},
    Role.CLERK: ALL_UNITS | {COMMAND_CENTER},
    Role.JUDICIAL_POLICE: frozenset({UnitKind.IMPLEMENTATION.value, COMMAND_CENTER}),
    Role.BUREAU_CHIEF: frozenset({LEADERSHIP}),
    Role.VICE_PRESIDENT: frozenset({LEADERSHIP}),
    Role.PRESIDENT: frozenset({LEADERSHIP}),
    Role.COMMAND_STAFF: frozenset({COMMAND_CENTER}),
    Role.PETITION_OFFICER: frozenset({UnitKind.COMPLAINT_REVIEW.value}),
    Role.EVALUATOR: frozenset({UnitKind.ADMINISTRATION.value}),
    Role.INTEGRITY_INSPECTOR: frozenset({UnitKind.ADMINISTRATION.value, LEADERSHIP}),
    Role.ADMINISTRATOR: frozenset({UnitKind.ADMINISTRATION.value, LEADERSHIP}),
}


def placement_of(unit_kind: str | None, in_command_center: bool) -> str:
    if in_command_center:
        return COMMAND_CENTER
    return unit_kind or LEADERSHIP


def check_roles(roles: Iterable[Role], placement: str) -> list[Refusal]:
    """Roles a member of staff cannot hold where they sit."""
    refusals = []
    for role in roles:
        if placement not in ROLE_PLACEMENTS[role]:
            refusals.append(
                Refusal(
                    "staff.role_placement",
                    f"{PLACEMENT_LABELS[placement]}的人员不能担任“{role.label}”",
                    "roles",
                    SEED + " 三(一)(二)",
                )
            )
    return refusals


def is_enforcement_staff(placement: str, roles: Iterable[Role]) -> bool:
    """执行人员: staff of the bureau's units and command center, and the bureau chief."""
    return placement != LEADERSHIP or Role.BUREAU_CHIEF in set(roles)


class Education(StrEnum):
    DOCTORATE = "doctorate"  # 博士研究生
    MASTER = "master"  # 硕士研究生
    BACHELOR = "bachelor"  # 大学本科
    ASSOCIATE = "associate"  # 大学专科
    SECONDARY = "secondary"  # 高中（中专）及以下


EDUCATION_LABELS: dict[Education, str] = {
    Education.DOCTORATE: "博士研究生",
    Education.MASTER: "硕士研究生",
    Education.BACHELOR: "大学本科",
    Education.ASSOCIATE: "大学专科",
    Education.SECONDARY: "高中（中专）及以下",
}

# Years of schooling per level, the usual way to average education (平均受教育年限).
EDUCATION_YEARS: dict[Education, int] = {
    Education.DOCTORATE: 22,
    Education.MASTER: 19,
    Education.BACHELOR: 16,
    Education.ASSOCIATE: 15,
    Education.SECONDARY: 12,
}

# 法发〔2009〕43号 五: 执行人员比例不少于全体干警现有编制总数15% (中发〔1999〕11号).
MIN_ENFORCEMENT_SHARE = Decimal("0.15")
TEAM_SOURCE = SEED + " 五"


def average_years(counts: Mapping[Education, int]) -> Decimal | None:
    total = sum(counts.values())
    if not total:
        return None
    years = sum(EDUCATION_YEARS[level] * n for level, n in counts.items())
    return (Decimal(years) / Decimal(total)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class TeamFigures:
    enforcement_staff: int
    authorized_headcount: int | None
    share: Decimal | None  # enforcement staff ÷ authorized headcount
    enforcement_education_years: Decimal | None
    court_education_years: Decimal | None
    refusals: tuple[Refusal, ...]

    @property
    def meets_standard(self) -> bool:
        return not self.refusals


def team_figures(
    *,
    enforcement_staff: int,
    enforcement_education: Mapping[Education, int],
    authorized_headcount: int | None,
    court_education: Mapping[Education, int],
) -> TeamFigures:
    """法发〔2009〕43号 五: the staffing share and the education comparison, with every shortfall."""
    refusals: list[Refusal] = []
    share = None
    if not authorized_headcount:
        refusals.append(
            Refusal(
                "team.no_headcount",
                "未填报全院编制总数，无法计算执行人员比例",
                "authorized_headcount",
                TEAM_SOURCE,
            )
        )
    else:
        share = (Decimal(enforcement_staff) / Decimal(authorized_headcount)).quantize(
            Decimal("0.0001"), ROUND_HALF_UP
        )
        if share < MIN_ENFORCEMENT_SHARE:
            refusals.append(
                Refusal(
                    "team.share",
                    f"执行人员占编制总数 {share:.2%}，低于 15%",
                    "enforcement_staff",
                    TEAM_SOURCE,
                )
            )
    enforcement_years = average_years(enforcement_education)
    court_years = average_years(court_education)
    if court_years is None:
        refusals.append(
            Refusal(
                "team.no_court_education",
                "未填报全院人员学历构成，无法比较文化程度",
                "court_education",
                TEAM_SOURCE,
            )
        )
    elif enforcement_years is None:
        refusals.append(
            Refusal(
                "team.no_enforcement_staff", "执行局尚无在册人员", "enforcement_staff", TEAM_SOURCE
            )
        )
    elif enforcement_years < court_years:
        refusals.append(
            Refusal(
                "team.education",
                f"执行人员平均受教育年限 {enforcement_years} 年，低于全院平均 {court_years} 年",
                "education",
                TEAM_SOURCE,
            )
        )
    return TeamFigures(
        enforcement_staff=enforcement_staff,
        authorized_headcount=authorized_headcount,
        share=share,
        enforcement_education_years=enforcement_years,
        court_education_years=court_years,
        refusals=tuple(refusals),
    )
