"""案号的解析与格式化（纯规则，不依赖 Django）。

最高人民法院《关于人民法院案件案号的若干规定》（法〔2015〕137号，法〔2018〕335号修改）：
第二条 案号的基本要素为收案年度、法院代字、专门审判代字（1 个汉字）、类型代字、案件编号；
第三条 编排规格为“（”+收案年度+“）”+法院代字+专门审判代字+类型代字+案件编号+“号”；
第四条、第五条 法院代字：最高人民法院为“最高法”，高级人民法院为省级行政区划简称（内蒙古为“内”，
        军事法院为“军”，兵团分院为“兵”），中级、基层法院为高院代字加两位、四位数字代码；
第七条 类型代字用 3 个以内汉字表示；第九条、第十条 案件编号以顺位自然数编排。
本规定自 2016 年 1 月 1 日起施行，此前的“……字第 X 号”为旧式案号。
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "ENFORCEMENT_TYPE_CODES",
    "FIRST_NEW_STYLE_YEAR",
    "PROVINCE_CODES",
    "SPECIAL_TRIAL_CODES",
    "CaseNumber",
    "CaseNumberError",
    "CourtCode",
    "CourtCodeKind",
    "format_case_number",
    "parse_case_number",
    "parse_court_code",
]

ENFORCEMENT_TYPE_CODES: Mapping[str, str] = MappingProxyType(
    {
        "执": "首次执行",
        "执恢": "恢复执行",
        "执保": "财产保全执行",
        "执异": "执行异议",
        "执复": "执行复议",
        "执监": "执行监督",
        "执协": "执行协调",
        "执他": "其他执行",
    }
)

# 法〔2015〕137号第四条：高院代字与省级行政区划简称一致，但内蒙古为“内”，军事法院为“军”，新疆
# 高院生产建设兵团分院为“兵”。贵州的代字为“黔”（如“（2024）黔01民终1号”），不是“贵”。
PROVINCE_CODES: frozenset[str] = frozenset(
    "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川黔云藏陕甘青宁新内兵军"
)

# 法〔2018〕335号：专门审判代字由最高人民法院确定，用 1 个汉字表示；专利等知识产权案件为“知”。
SPECIAL_TRIAL_CODES: frozenset[str] = frozenset({"知"})

SUPREME_COURT_CODE = "最高法"
FIRST_NEW_STYLE_YEAR = 2016
MAX_TYPE_CODE_LENGTH = 3

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
_COURT_CODE = re.compile(r"([\u4e00-\u9fff])([0-9]*)")
_OLD_STYLE = re.compile(r"[（(][0-9]{4}[）)].*字第[0-9]+号")
_SHAPE = re.compile(r"[（(]([0-9]+)[）)](.+?)([0-9]*)号")


class CaseNumberError(ValueError):
    """案号或法院代字不合法；code 为英文点分代码，message 为中文说明。"""

    def __init__(self, code: str, message: str, field: str = "case_number") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class CourtCodeKind(StrEnum):
    SUPREME = "supreme"
    HIGH = "high"
    INTERMEDIATE = "intermediate"
    BASIC = "basic"


@dataclass(frozen=True)
class CourtCode:
    value: str
    kind: CourtCodeKind
    province: str | None
    digits: str


def parse_court_code(raw: str) -> CourtCode:
    """法〔2015〕137号第四条、第五条（法〔2018〕335号修改）：最高人民法院“最高法”；高级人民法院
    为省级代字（如“京”）；中级人民法院为省级代字加两位数字（如“京01”；71–99 为铁路、海事、知识
    产权等专门中级法院及跨行政区划中级法院）；基层人民法院为省级代字加四位数字（如“京0105”）。"""
    value = raw.strip()
    if value == SUPREME_COURT_CODE:
        return CourtCode(value, CourtCodeKind.SUPREME, None, "")
    match = _COURT_CODE.fullmatch(value)
    if match is None:
        raise CaseNumberError("court_code.format", "法院代字格式不正确", "court_code")
    province, digits = match.groups()
    if province not in PROVINCE_CODES:
        raise CaseNumberError("court_code.province", "未知的省级简称", "court_code")
    pairs = [digits[i : i + 2] for i in range(0, len(digits), 2)]
    if len(digits) not in (0, 2, 4) or "00" in pairs:
        raise CaseNumberError(
            "court_code.format", "法院代字应为省级简称，或其后加两位或四位数字", "court_code"
        )
    kind = {0: CourtCodeKind.HIGH, 2: CourtCodeKind.INTERMEDIATE, 4: CourtCodeKind.BASIC}[
        len(digits)
    ]
    return CourtCode(value, kind, province, digits)


def _check_type_code(type_code: str) -> None:
    """法〔2015〕137号第七条：类型代字由不超过三个汉字组成。"""
    if not _HAN.fullmatch(type_code) or len(type_code) > MAX_TYPE_CODE_LENGTH:
        raise CaseNumberError("case_number.type_code", "类型代字应为一至三个汉字")


@dataclass(frozen=True)
class CaseNumber:
    """法〔2015〕137号第二条：收案年度 + 法院代字 + 专门审判代字 + 类型代字 + 案件编号 + 号。"""

    year: int
    court_code: str
    type_code: str
    serial: int
    special_code: str = ""

    def __post_init__(self) -> None:
        if self.court_code != self.court_code.strip():
            raise CaseNumberError("court_code.format", "法院代字格式不正确", "court_code")
        if not FIRST_NEW_STYLE_YEAR <= self.year <= 9999:
            raise CaseNumberError(
                "case_number.year", "收案年度应为2016年以后的四位年份（此前为旧式案号）"
            )
        parse_court_code(self.court_code)
        if self.special_code and not _HAN_CHAR.fullmatch(self.special_code):
            raise CaseNumberError("case_number.format", "专门审判代字应为一个汉字")
        _check_type_code(self.type_code)
        if self.serial < 1:
            raise CaseNumberError("case_number.serial", "案件编号应为正整数")

    def __str__(self) -> str:
        return f"（{self.year}）{self.court_code}{self.special_code}{self.type_code}{self.serial}号"


def format_case_number(
    *, year: int, court_code: str, type_code: str, serial: int, special_code: str = ""
) -> str:
    """按法〔2015〕137号第三条组成案号，收案年度用全角括号，如“（2026）京0105执1234号”。"""
    return str(CaseNumber(year, court_code.strip(), type_code, serial, special_code))


def _split_codes(
    body: str, known_type_codes: Collection[str], known_special_codes: Collection[str]
) -> tuple[str, str, str]:
    """把“法院代字 + [专门审判代字] + 类型代字”拆开，返回 (法院代字, 专门审判代字, 类型代字)。"""
    if body.startswith(SUPREME_COURT_CODE):
        court, rest = SUPREME_COURT_CODE, body[len(SUPREME_COURT_CODE) :]
    else:
        match = re.match(r"[^0-9]?[0-9]*", body)
        court = match.group(0) if match else ""
        rest = body[len(court) :]
    parse_court_code(court)
    for special in ("", rest[:1]):
        candidate = rest[len(special) :]
        if candidate in known_type_codes and (not special or special in known_special_codes):
            return court, special, candidate
    raise CaseNumberError("case_number.type_code", "无法识别的类型代字")


def parse_case_number(
    raw: str,
    *,
    known_type_codes: Collection[str] = ENFORCEMENT_TYPE_CODES,
    known_special_codes: Collection[str] = SPECIAL_TRIAL_CODES,
) -> CaseNumber:
    """解析案号（法〔2015〕137号第二条至第五条、第七条、第十条）。接受全角或半角括号，去除首尾空格。

    类型代字须为 ``known_type_codes`` 之一（默认：执行类，取能匹配的最长者）；其前可带一个
    ``known_special_codes`` 中的专门审判代字（默认仅“知”），以免把“恢执”之类的笔误当成代字。
    """
    text = raw.strip()
    if _OLD_STYLE.fullmatch(text):
        raise CaseNumberError(
            "case_number.old_style", "这是2016年以前的旧式案号（“字第…号”），请按现行案号填写"
        )
    match = _SHAPE.fullmatch(text)
    if match is None:
        raise CaseNumberError("case_number.format", "案号格式不正确，应如“（2026）京0105执1234号”")
    year_text, body, serial_text = match.groups()
    if len(year_text) != 4 or int(year_text) < FIRST_NEW_STYLE_YEAR:
        raise CaseNumberError(
            "case_number.year", "收案年度应为2016年以后的四位年份（此前为旧式案号）"
        )
    court, special, type_code = _split_codes(body, known_type_codes, known_special_codes)
    if not serial_text or serial_text.startswith("0"):
        raise CaseNumberError("case_number.serial", "案件编号应为不带前导零的正整数")
    return CaseNumber(int(year_text), court, type_code, int(serial_text), special)
