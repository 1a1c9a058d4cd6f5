"""Joint linkage as plain Python: which respondents are special entities (特殊主体), and the
deadlines of conference decisions and supervision listings. No Django.

法发〔2009〕43号 二(一): the joint conference (执行工作联席会议) "对各类重点执行案件实行挂牌督办；对
政府机关、国有企业等特殊主体案件，研究解决办法。重大执行事项经联席会讨论作出决定或形成会议纪要后，交由
相关部门负责落实". 一(三): 上级法院 "挂牌督办 … 逐案登记, 加强督办，分类办结后销号".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from zhixing.core.rules.identity import CreditCodeError, parse_credit_code

SEED_CONFERENCE = "法发〔2009〕43号 二(一)"
SEED_SUPERVISION = "法发〔2009〕43号 二(一)、一(三)"
SEED_SPECIAL = "法发〔2009〕43号 二(一)"
GB_32100 = "GB 32100-2015 法人和其他组织统一社会信用代码编码规则"


class EntityKind(StrEnum):
    """The kinds of special entity (values match SpecialEntityFlag.Kind)."""

    GOVERNMENT = "government"  # 党政机关（含参照管理的群众团体）
    INSTITUTION = "institution"  # 事业单位
    STATE_OWNED = "state_owned"  # 国有企业


ENTITY_KIND_LABELS: dict[EntityKind, str] = {
    EntityKind.GOVERNMENT: "党政机关",
    EntityKind.INSTITUTION: "事业单位",
    EntityKind.STATE_OWNED: "国有企业",
}

# GB 32100-2015 第4.2、4.3条: 第1位登记管理部门代码，第2位机构类别代码. Only the registration
# authority 1 (机构编制) says from the code alone that the holder is a public body:
#   11 机关 → 党政机关; 12 事业单位 → 事业单位;
#   13 中央编办直接管理机构编制的群众团体 (工会、共青团、妇联等人民团体) → 党政机关: their staffing is
#      set by the 编制 authority like an organ's and they are funded as one (参照公务员法管理), so a
#      judgment against them meets the same obstacles the seed names for 政府机关;
#   19 其他 → not flagged (the code says too little; flag by hand).
# Registration authorities 5 (民政: 社会团体、民办非企业、基金会), 9 (工商: 企业、个体、合作社) and
# the others never make a body public by themselves.
CODE_KINDS: dict[str, tuple[EntityKind, str]] = {
    "11": (EntityKind.GOVERNMENT, "机构编制部门登记的机关"),
    "12": (EntityKind.INSTITUTION, "机构编制部门登记的事业单位"),
    "13": (EntityKind.GOVERNMENT, "中央编办直接管理机构编制的群众团体（参照党政机关）"),
}

# Names that are public organs whatever region they name (the whole name ends with one of these).
GOVERNMENT_ENDINGS: tuple[str, ...] = (
    "人民政府",
    "人民政府办公厅",
    "人民政府办公室",
    "街道办事处",
    "人民代表大会常务委员会",
    "管理委员会",  # 开发区、新区、园区管委会: 政府派出机构
)
# Anywhere in the name: a department of a people's government (朝阳区人民政府国有资产监督管理委员会).
GOVERNMENT_INFIXES: tuple[str, ...] = ("人民政府",)
# A name ending in 委员会 / 局 / 厅 is an organ only when it starts with an administrative region
# and is not a self-governing or private body: 村民委员会、居民委员会 are 基层群众性自治组织
# (宪法 第111条), 业主委员会 private; “中建八局”“中铁十二局” are enterprises (their names carry
# 公司 or 工程局).
REGION_MARKS: tuple[str, ...] = (
    "国家",
    "中华人民共和国",
    "省",
    "市",
    "自治区",
    "自治州",
    "区",
    "县",
    "旗",
    "盟",
)
ORGAN_ENDINGS: tuple[str, ...] = ("委员会", "局", "厅")
NOT_ORGAN_WORDS: tuple[str, ...] = (
    "村民",
    "居民",
    "业主",
    "公司",
    "企业",
    "集团",
    "工程局",
    "合作社",
    "协会",
    "商会",
    "学会",
)
# 国有企业 by name: only words that say state ownership. "中国…集团" alone is not enough (private
# groups may be named so). The list is configurable (settings.ZHIXING_STATE_OWNED_KEYWORDS).
DEFAULT_STATE_OWNED_KEYWORDS: tuple[str, ...] = ("国有", "国资")
ENTERPRISE_WORDS: tuple[str, ...] = ("公司", "集团", "企业", "厂", "中心")


def _clean(name: str) -> str:
    return "".join(name.split()).replace("（", "(").replace("）", ")")


def _region_prefixed(name: str, ending: str) -> bool:
    """The part before the ending names an administrative region (北京市朝阳区 / 国家 …)."""
    head = name[: len(name) - len(ending)]
    return any(mark in head for mark in REGION_MARKS) and len(head) >= 2


def _government_by_name(name: str) -> str | None:
    for ending in GOVERNMENT_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            if any(word in name for word in ("村民", "居民", "业主")):
                return None
            return f"名称以“{ending}”结尾"
    if any(word in name for word in NOT_ORGAN_WORDS):
        return None
    for infix in GOVERNMENT_INFIXES:
        if infix in name:
            return f"名称含“{infix}”，为人民政府的工作部门"
    for ending in ORGAN_ENDINGS:
        if name.endswith(ending) and _region_prefixed(name, ending):
            return f"名称为行政区划加“{ending}”，为国家机关"
    return None


def _state_owned_by_name(name: str, keywords: Iterable[str]) -> str | None:
    if not any(word in name for word in ENTERPRISE_WORDS):
        return None
    for word in keywords:
        if word and word in name:
            return f"企业名称含“{word}”"
    return None


def special_entity_kind(
    name: str,
    credit_code: str,
    state_owned_keywords: Iterable[str] = DEFAULT_STATE_OWNED_KEYWORDS,
) -> tuple[EntityKind, str] | None:
    """Whether a respondent is a special entity (法发〔2009〕43号 二(一): 政府机关、国有企业等),
    and the basis in Chinese; None when nothing says so. Conservative: a wrong flag puts a private
    respondent on a list of public bodies, so only clear signs count.

    1. A valid 统一社会信用代码 (GB 32100-2015) registered by 机构编制 (first character 1) decides:
       11 机关 and 13 群众团体 → 党政机关, 12 → 事业单位; 19 (其他) is not flagged.
    2. A valid code of another registration authority rules out 党政机关 and 事业单位 by name (the
       registry says what the body is); an enterprise (9) may still be 国有企业 by name.
    3. Without a valid code, the name: 人民政府 / 管理委员会 / 街道办事处, or a region followed by
       委员会·局·厅 (not 村民/居民/业主委员会, not 公司·工程局) → 党政机关.
    4. An enterprise name with a configured keyword (国有、国资 …) → 国有企业.
    """
    text = _clean(name)
    code: str | None
    try:
        code = parse_credit_code(credit_code) if credit_code.strip() else None
    except CreditCodeError:
        code = None  # a malformed code says nothing
    if code is not None and code[0] == "1":
        found = CODE_KINDS.get(code[:2])
        if found is None:
            return None
        kind, what = found
        return kind, f"统一社会信用代码 {code} 前两位“{code[:2]}”：{what}（{GB_32100}）"
    registry_says_other = code is not None
    if not registry_says_other:
        why = _government_by_name(text)
        if why is not None:
            return EntityKind.GOVERNMENT, f"{why}（{SEED_SPECIAL}：政府机关）"
    if code is None or code[0] == "9":
        why = _state_owned_by_name(text, state_owned_keywords)
        if why is not None:
            return EntityKind.STATE_OWNED, f"{why}（{SEED_SPECIAL}：国有企业）"
    return None


# --- deadlines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    source: str
    field: str = ""


def decision_deadline_refusals(held_on: date, due_on: date) -> list[Refusal]:
    """A decision is carried out after the meeting that made it (法发〔2009〕43号 二(一): 作出决定
    … 交由相关部门负责落实): its deadline lies after the meeting day."""
    if due_on <= held_on:
        return [
            Refusal(
                "decision.due_before_meeting",
                f"办理期限应晚于会议召开日期（{held_on:%Y年%m月%d日}）",
                SEED_CONFERENCE,
                "due_on",
            )
        ]
    return []


def progress_date_refusals(held_on: date, reported_on: date, today: date) -> list[Refusal]:
    """Progress is reported on a day between the meeting and today."""
    if reported_on < held_on:
        return [
            Refusal(
                "progress.before_meeting",
                f"报告日期不能早于会议召开日期（{held_on:%Y年%m月%d日}）",
                SEED_CONFERENCE,
                "reported_on",
            )
        ]
    if reported_on > today:
        return [Refusal("progress.future", "报告日期不能晚于今天", SEED_CONFERENCE, "reported_on")]
    return []


def supervision_deadline_refusals(listed_on: date, due_on: date, today: date) -> list[Refusal]:
    """A listing is made on a day not after today, with a deadline after that day (法发〔2009〕43号
    二(一) 挂牌督办; 一(三) 逐案登记，加强督办，分类办结后销号)."""
    if listed_on > today:
        return [
            Refusal(
                "supervision.listed_future", "挂牌日期不能晚于今天", SEED_SUPERVISION, "listed_on"
            )
        ]
    if due_on <= listed_on:
        return [
            Refusal(
                "supervision.due_before_listing",
                f"督办期限应晚于挂牌日期（{listed_on:%Y年%m月%d日}）",
                SEED_SUPERVISION,
                "due_on",
            )
        ]
    return []


def is_overdue(due_on: date, done: bool, today: date) -> bool:
    """Open and past its deadline (design.md decision 1: overdue is computed, never stored)."""
    return not done and due_on < today
