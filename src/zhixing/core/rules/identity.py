"""公民身份号码、统一社会信用代码的校验与脱敏（纯规则，不依赖 Django）。

GB 11643-1999《公民身份号码》；GB 32100-2015《法人和其他组织统一社会信用代码编码规则》。
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "CREDIT_CODE_CHARSET",
    "PROVINCE_PREFIXES",
    "CreditCodeError",
    "IdNumber",
    "IdNumberError",
    "Sex",
    "credit_check_char",
    "id_check_digit",
    "mask_credit_code",
    "mask_id_number",
    "mask_name",
    "parse_credit_code",
    "parse_id_number",
]

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB/T 2260 省级行政区划代码前两位；81/82/83 为港澳台居民居住证号码使用的地址码。
PROVINCE_PREFIXES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)

_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_DIGITS17 = re.compile(r"[0-9]{17}")
_EARLIEST_BIRTH = date(1900, 1, 1)
ADULT_AGE = 18


class IdNumberError(ValueError):
    """身份证号码不合法；code 为英文点分代码，message 为中文说明。"""

    def __init__(self, code: str, message: str, field: str = "id_number") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class CreditCodeError(ValueError):
    """统一社会信用代码不合法；code 为英文点分代码，message 为中文说明。"""

    def __init__(self, code: str, message: str, field: str = "credit_code") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


def _anniversary(birth: date, year: int) -> date:
    """某年的周岁生日。2 月 29 日出生者在平年以 2 月 28 日为对应日：民法典第二百零二条
    （按照年、月计算期间的，没有对应日的，月末日为期间的最后一日）。"""
    if birth.month == 2 and birth.day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return birth.replace(year=year)


@dataclass(frozen=True)
class IdNumber:
    value: str
    region_code: str
    birth_date: date
    sex: Sex

    def age_on(self, day: date) -> int:
        """周岁：生日当天即增长一岁（民法典第十七条、第一千二百五十九条“以上”含本数）。"""
        if day < self.birth_date:
            raise IdNumberError("id_number.before_birth", "计算日期早于身份证号码记载的出生日期")
        age = day.year - self.birth_date.year
        if day < _anniversary(self.birth_date, day.year):
            age -= 1
        return age

    def is_minor_on(self, day: date) -> bool:
        """民法典第十七条：十八周岁以上的自然人为成年人。不满十八周岁的自然人为未成年人。"""
        return self.age_on(day) < ADULT_AGE


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 第 4.2 条：ISO 7064 MOD 11-2 校验码。"""
    if len(first17) != 17:
        raise IdNumberError("id_number.length", "身份证号码本体码应为17位")
    if not _DIGITS17.fullmatch(first17):
        raise IdNumberError("id_number.format", "身份证号码本体码须为17位数字")
    total = sum(int(char) * weight for char, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def parse_id_number(raw: str, *, today: date | None = None) -> IdNumber:
    """GB 11643-1999：18 位公民身份号码 = 6 位地址码 + 8 位出生日期码 + 3 位顺序码 + 1 位校验码；
    顺序码奇数为男性、偶数为女性。去除空格，接受小写 x。"""
    value = "".join(raw.split()).upper()
    if len(value) != 18:
        raise IdNumberError("id_number.length", "身份证号码应为18位")
    if not _ID_SHAPE.fullmatch(value):
        raise IdNumberError("id_number.format", "身份证号码前17位须为数字，末位为数字或X")
    if value[:2] not in PROVINCE_PREFIXES:
        raise IdNumberError("id_number.region", "身份证号码的地址码不是有效的省级行政区划代码")
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise IdNumberError("id_number.birth_date", "身份证号码中的出生日期无效") from None
    if birth < _EARLIEST_BIRTH or (today is not None and birth > today):
        raise IdNumberError("id_number.birth_date", "身份证号码中的出生日期超出合理范围")
    if id_check_digit(value[:17]) != value[17]:
        raise IdNumberError("id_number.check_digit", "身份证号码校验位不正确，请核对")
    sex = Sex.MALE if int(value[16]) % 2 == 1 else Sex.FEMALE
    return IdNumber(value=value, region_code=value[:6], birth_date=birth, sex=sex)


def credit_check_char(first17: str) -> str:
    """GB 32100-2015 第 5 条、附录 B：统一社会信用代码校验码，C18 = 31 - MOD(Σ Ci×Wi, 31)。"""
    if len(first17) != 17:
        raise CreditCodeError("credit_code.length", "统一社会信用代码本体码应为17位")
    if any(char not in CREDIT_CODE_CHARSET for char in first17):
        raise CreditCodeError("credit_code.charset", "统一社会信用代码含有不允许的字符")
    total = sum(
        CREDIT_CODE_CHARSET.index(char) * weight
        for char, weight in zip(first17, CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def parse_credit_code(raw: str) -> str:
    """GB 32100-2015：18 位，由阿拉伯数字或大写英文字母（不使用 I、O、Z、S、V）组成，第 18 位为
    校验码。去除空格、转为大写后返回规范形式。"""
    value = "".join(raw.split()).upper()
    if len(value) != 18:
        raise CreditCodeError("credit_code.length", "统一社会信用代码应为18位")
    if any(char not in CREDIT_CODE_CHARSET for char in value):
        raise CreditCodeError(
            "credit_code.charset", "统一社会信用代码只能包含数字和大写字母（不含I、O、Z、S、V）"
        )
    if credit_check_char(value[:17]) != value[17]:
        raise CreditCodeError("credit_code.check_char", "统一社会信用代码校验位不正确，请核对")
    return value


def _mask(value: str, keep_head: int, keep_tail: int) -> str:
    hidden = len(value) - keep_head - keep_tail
    if hidden <= 0:
        return "*" * len(value)
    return value[:keep_head] + "*" * hidden + value[len(value) - keep_tail :]


def mask_id_number(value: str) -> str:
    """公开展示用脱敏：18 位号码保留前 6 位与后 4 位（110105********1234）；其他长度保留前 3 位与
    后 2 位。最高人民法院关于公布失信被执行人名单信息的若干规定（法释〔2017〕7号）第六条列明公布
    自然人的身份证号码，中国执行信息公开网的公开名单对中间的出生日期等位作隐去处理；个人信息保护法
    第二十八条、第五十一条（敏感个人信息、去标识化）。"""
    text = "".join(value.split()).upper()
    if len(text) == 18:
        return _mask(text, 6, 4)
    return _mask(text, 3, 2)


def mask_credit_code(value: str) -> str:
    """原样返回：法释〔2017〕7号第六条规定，被执行人为法人或其他组织的，公布其名称、统一社会信用
    代码（或组织机构代码）及法定代表人或负责人姓名；单位代码本身属公开登记信息，无需脱敏。"""
    return value


def mask_name(name: str) -> str:
    """非公开场合的姓名脱敏：保留首字，其余以 * 代替（“张三”→“张*”，“欧阳娜娜”→“欧***”）。
    个人信息保护法第五十一条（采取去标识化等安全技术措施）。"""
    text = name.strip()
    if len(text) <= 1:
        return "*" * len(text)
    return text[0] + "*" * (len(text) - 1)
