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

# Names that are public organs whatever region they name: the whole name ends with one of these.
# 人民政府 counts only at the end (or followed by its 办公室/办公厅): “某某区人民政府招待所” is a unit
# run by the government, not the government itself.
GOVERNMENT_ENDINGS: tuple[str, ...] = (
    "人民政府",
    "人民政府办公厅",
    "人民政府办公室",
    "街道办事处",
    "人民代表大会常务委员会",
)
# 管理委员会 is a 政府派出机构 only for a development zone or park (开发区、园区管委会); a building's,
# a market's or a residential estate's 管理委员会 is a private body.
ZONE_COMMITTEE = "管理委员会"
ZONE_MARKS: tuple[str, ...] = ("经济技术开发区", "高新区", "开发区", "新区", "园区")
# A name ending in 局 / 厅 / 委员会 is an organ only when it names a government department: a known
# organ stem followed by the ending (公安局, 财政厅, 卫生健康委员会, 税务总局, 公安局朝阳分局), after an
# administrative region. 饭局、酒局、棋牌局 are not; 邮政局 is an enterprise (中国邮政集团) and is
# not in the list; 中建八局、中铁十二局 are enterprises (公司、工程局).
ORGAN_STEMS: tuple[str, ...] = (
    "公安",
    "税务",
    "财政",
    "教育",
    "民政",
    "司法",
    "审计",
    "统计",
    "人力资源和社会保障",
    "人力资源社会保障",
    "自然资源",
    "规划和自然资源",
    "规划自然资源",
    "生态环境",
    "住房和城乡建设",
    "住房城乡建设",
    "交通",
    "交通运输",
    "水务",
    "水利",
    "农业农村",
    "商务",
    "文化和旅游",
    "卫生健康",
    "退役军人事务",
    "应急管理",
    "市场监督管理",
    "医疗保障",
    "城市管理",
    "体育",
    "园林绿化",
    "林业",
    "粮食和物资储备",
    "信访",
    "地方金融监督管理",
    "金融监督管理",
    "科学技术",
    "经济和信息化",
    "发展和改革",
    "民族宗教事务",
    "民族事务",
    "知识产权",
    "国有资产监督管理",
    "纪律检查",
    "机构编制",
)
ORGAN_ENDINGS: tuple[str, ...] = ("委员会", "总局", "局", "厅")
ORGAN_WORDS: tuple[str, ...] = tuple(
    stem + ending for stem in ORGAN_STEMS for ending in ORGAN_ENDINGS
)
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
# A name holding one of these is a self-governing, private or commercial body, whatever else it
# says: 村民委员会、居民委员会 are 基层群众性自治组织 (宪法 第111条); 业主委员会、物业、小区、大厦、
# 商场、市场 private or commercial; 工会 a mass organisation (flagged only by its code 13).
NOT_ORGAN_WORDS: tuple[str, ...] = (
    "村民",
    "居民",
    "业主",
    "物业",
    "小区",
    "大厦",
    "商场",
    "市场",
    "工会",
    "公司",
    "企业",
    "集团",
    "工程局",
    "合作社",
    "协会",
    "商会",
    "学会",
    "招待所",
    "饭店",
    "宾馆",
)
# 国有企业 by name: only words that say state ownership. "中国…集团" alone is not enough (private
# groups may be named so). The list is configurable (settings.ZHIXING_STATE_OWNED_KEYWORDS).
DEFAULT_STATE_OWNED_KEYWORDS: tuple[str, ...] = ("国有", "国资")
ENTERPRISE_WORDS: tuple[str, ...] = ("公司", "集团", "企业", "厂", "中心")


def _clean(name: str) -> str:
    return "".join(name.split()).replace("（", "(").replace("）", ")")


def _region_before(name: str, index: int) -> bool:
    """The part before `index` names an administrative region (北京市朝阳区 / 国家 …)."""
    head = name[:index]
    return len(head) >= 2 and any(mark in head for mark in REGION_MARKS)


def _private_words(name: str) -> bool:
    """A non-organ word outside the organ words (市场监督管理局 holds 市场 but is an organ)."""
    rest = name
    for word in sorted(ORGAN_WORDS, key=len, reverse=True):
        rest = rest.replace(word, "")
    return any(word in rest for word in NOT_ORGAN_WORDS)


def _government_by_name(name: str) -> str | None:
    if _private_words(name):
        return None
    for ending in GOVERNMENT_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            return f"名称以“{ending}”结尾"
    if name.endswith(ZONE_COMMITTEE):
        head = name[: -len(ZONE_COMMITTEE)]
        for mark in ZONE_MARKS:
            if head.endswith(mark) and len(head) > len(mark):
                return f"名称为“{mark}{ZONE_COMMITTEE}”，为人民政府的派出机构"
    if not name.endswith(("局", "厅", "委员会")):
        return None
    for word in sorted(ORGAN_WORDS, key=len, reverse=True):
        at = name.find(word)
        if at >= 0 and _region_before(name, at):
            return f"名称为行政区划加“{word}”，为国家机关"
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
    3. Without a valid code, the name → 党政机关: ending in 人民政府 (or its 办公室/办公厅) /
       街道办事处 / 人大常委会, a development zone's or park's 管理委员会, or a region followed by a
       known organ word (公安局, 财政厅, 卫生健康委员会, 税务总局 …). Never when the name holds a
       private or self-governing word (村民, 居民, 业主, 物业, 小区, 大厦, 商场, 市场, 工会, 公司 …).
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
