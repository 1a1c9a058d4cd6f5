"""Demo data: the courts of Beijing with their real names and codes, staff in every role.

Court codes: `shared/domain-rules.md` section 16 (court-industry code table YB/T 51202—2016 as
updated 2018-07-24, confirmed against real case numbers for 京01, 京03, 京0105, 京0114). Basic-court
codes are derived from the district's administrative-division code (法〔2015〕137号 第5条).
北京金融法院 is left out: its code is not confirmed, and block 74 is reserved for oil-field courts
by 法〔2018〕335号.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from zhixing.core.rules.identity import id_check_digit
from zhixing.core.rules.roles import Role

from . import rules

DEMO_PASSWORD = "zhixing2026"
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoCourt:
    name: str
    short_name: str
    level: rules.CourtLevel
    code: str
    parent: str | None
    slug: str
    division: str = ""  # 行政区划代码 of the district, for basic courts


def basic_court_code(province_abbr: str, division_code: str) -> str:
    """法〔2015〕137号 第5条: a basic court's code is the province abbreviation followed by the
    prefecture and county digits (digits 3–6) of its administrative-division code."""
    if len(division_code) != 6 or not division_code.isdigit():
        raise ValueError(f"行政区划代码应为6位数字：{division_code}")
    return province_abbr + division_code[2:]


_DISTRICTS = [
    # name, slug, administrative-division code, intermediate court hearing its appeals
    ("东城区", "dongcheng", "110101", "京02"),
    ("西城区", "xicheng", "110102", "京02"),
    ("朝阳区", "chaoyang", "110105", "京03"),
    ("丰台区", "fengtai", "110106", "京02"),
    ("石景山区", "shijingshan", "110107", "京01"),
    ("海淀区", "haidian", "110108", "京01"),
    ("门头沟区", "mentougou", "110109", "京01"),
    ("房山区", "fangshan", "110111", "京02"),
    ("通州区", "tongzhou", "110112", "京03"),
    ("顺义区", "shunyi", "110113", "京03"),
    ("昌平区", "changping", "110114", "京01"),
    ("大兴区", "daxing", "110115", "京02"),
    ("怀柔区", "huairou", "110116", "京03"),
    ("平谷区", "pinggu", "110117", "京03"),
    ("密云区", "miyun", "110118", "京03"),
    ("延庆区", "yanqing", "110119", "京01"),
]

L = rules.CourtLevel
COURTS: list[DemoCourt] = [
    DemoCourt("最高人民法院", "最高法院", L.SUPREME, "最高法", None, "spc"),
    DemoCourt("北京市高级人民法院", "北京高院", L.HIGH, "京", "最高法", "bjgy"),
    DemoCourt("北京市第一中级人民法院", "北京一中院", L.INTERMEDIATE, "京01", "京", "bj1zy"),
    DemoCourt("北京市第二中级人民法院", "北京二中院", L.INTERMEDIATE, "京02", "京", "bj2zy"),
    DemoCourt("北京市第三中级人民法院", "北京三中院", L.INTERMEDIATE, "京03", "京", "bj3zy"),
    DemoCourt("北京市第四中级人民法院", "北京四中院", L.INTERMEDIATE, "京04", "京", "bj4zy"),
    DemoCourt("北京知识产权法院", "北京知产法院", L.SPECIAL, "京73", "京", "bjzcfy"),
    DemoCourt("北京互联网法院", "北京互联网法院", L.SPECIAL, "京0491", "京04", "bjhlw"),
    DemoCourt("北京铁路运输法院", "北京铁路法院", L.SPECIAL, "京7101", "京04", "bjtl"),
] + [
    DemoCourt(
        f"北京市{name}人民法院",
        f"{name[:-1]}法院",
        L.BASIC,
        basic_court_code("京", division),
        parent,
        slug,
        division,
    )
    for name, slug, division, parent in _DISTRICTS
]

# Staff set per tier: (login suffix, placement, roles, education)
E = rules.Education
UK = rules.UnitKind
LEAD, CENTER = rules.LEADERSHIP, rules.COMMAND_CENTER
LOWER_TIER_STAFF: list[tuple[str, str, list[Role], rules.Education]] = [
    ("president", LEAD, [Role.PRESIDENT], E.DOCTORATE),
    ("vp", LEAD, [Role.VICE_PRESIDENT], E.MASTER),
    ("chief", LEAD, [Role.BUREAU_CHIEF], E.MASTER),
    ("officer1", UK.IMPLEMENTATION, [Role.OFFICER], E.MASTER),
    ("officer2", UK.IMPLEMENTATION, [Role.OFFICER], E.BACHELOR),
    ("officer3", UK.IMPLEMENTATION, [Role.OFFICER, Role.JUDGE], E.MASTER),
    ("police", UK.IMPLEMENTATION, [Role.JUDICIAL_POLICE], E.BACHELOR),
    ("assistant", UK.IMPLEMENTATION, [Role.ASSISTANT], E.MASTER),
    ("clerk", UK.IMPLEMENTATION, [Role.CLERK], E.BACHELOR),
    ("judge", UK.REVIEW, [Role.JUDGE], E.MASTER),
    ("reviewclerk", UK.REVIEW, [Role.CLERK], E.BACHELOR),
    ("petition", UK.COMPLAINT_REVIEW, [Role.PETITION_OFFICER], E.BACHELOR),
    ("admin", UK.ADMINISTRATION, [Role.ADMINISTRATOR], E.BACHELOR),
    ("evaluator", UK.ADMINISTRATION, [Role.EVALUATOR], E.MASTER),
    ("inspector", UK.ADMINISTRATION, [Role.INTEGRITY_INSPECTOR], E.BACHELOR),
]
HIGH_TIER_STAFF: list[tuple[str, str, list[Role], rules.Education]] = [
    ("president", LEAD, [Role.PRESIDENT], E.DOCTORATE),
    ("vp", LEAD, [Role.VICE_PRESIDENT], E.DOCTORATE),
    ("chief", LEAD, [Role.BUREAU_CHIEF], E.MASTER),
    ("judge", UK.RECONSIDERATION_SUPERVISION, [Role.JUDGE], E.DOCTORATE),
    ("judge2", UK.RECONSIDERATION_SUPERVISION, [Role.JUDGE], E.MASTER),
    ("coordinator", UK.COORDINATION, [Role.OFFICER, Role.JUDGE], E.MASTER),
    ("petition", UK.COMPLAINT_REVIEW, [Role.PETITION_OFFICER], E.MASTER),
    ("admin", UK.ADMINISTRATION, [Role.ADMINISTRATOR], E.MASTER),
    ("evaluator", UK.ADMINISTRATION, [Role.EVALUATOR], E.MASTER),
    ("inspector", UK.ADMINISTRATION, [Role.INTEGRITY_INSPECTOR], E.MASTER),
]
CENTER_STAFF = [
    ("command", CENTER, [Role.COMMAND_STAFF], E.BACHELOR),
    ("command2", CENTER, [Role.COMMAND_STAFF, Role.OFFICER], E.MASTER),
]

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
_GIVEN = [
    "建国",
    "晓明",
    "丽华",
    "志强",
    "海燕",
    "文博",
    "雪梅",
    "立新",
    "思远",
    "静怡",
    "国栋",
    "春华",
    "子涵",
    "振宇",
    "秀英",
    "明轩",
    "佳琪",
    "伟",
    "敏",
    "磊",
    "婷",
    "洋",
    "娜",
    "军",
    "杰",
    "芳",
    "涛",
    "霞",
    "鹏",
    "颖",
]


def demo_names():
    """Deterministic, varied Chinese names."""
    for i in itertools.count():
        yield _SURNAMES[(i * 7) % len(_SURNAMES)] + _GIVEN[(i * 11) % len(_GIVEN)]


def demo_id_number(division: str, serial: int) -> str:
    """A valid GB 11643 number for a demo person (born 1970–1994), never a real person's on purpose."""
    birth = date(1970 + serial % 25, 1 + serial % 12, 1 + serial % 28)
    body = f"{division}{birth:%Y%m%d}{serial % 1000:03d}"
    return body + id_check_digit(body)


# Courts whose demo figures fall short of 法发〔2009〕43号 五, so the shortfall page has content.
SHORT_OF_STAFF = {"京0119"}  # 延庆: enforcement staff under 15 % of the establishment
SHORT_OF_EDUCATION = {"京0109"}  # 门头沟: enforcement staff less educated than the court
