"""What a public query and a public feedback message must be before anything is read or written.

Pure Python. The public query answers exact questions only, so nobody can walk the list
(失信规定 第6条 publishes each listed respondent's own data, not a browsable register; 个人信息保护法
第6条 limits processing to what the purpose needs): a name of at least two characters, a complete
identity number whose check digit is right (GB 11643-1999), or a valid credit code (GB 32100-2015).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from zhixing.core.rules.identity import (
    ADULT_AGE,
    CreditCodeError,
    IdNumberError,
    parse_credit_code,
    parse_id_number,
)

# 周岁 on a day (民法典 第17条、第202条): one reading for the listing rules and the public side
from zhixing.credit.rules.listing import age_on as age_on

SOURCE_QUERY = "失信规定 第6条；个人信息保护法 第6条"
MIN_NAME_LENGTH = 2
MAX_NAME_LENGTH = 100
MAX_RESULTS = 20
WILDCARDS = frozenset("*%_?？＊")
TOO_MANY = "结果较多，请补充身份证号码缩小范围"

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}")


class QueryError(ValueError):
    """A refused public query or feedback: code, Chinese message, the field it concerns."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.source = SOURCE_QUERY


@dataclass(frozen=True)
class Criteria:
    """A validated query: at least one of the three is set; each is in its normal form."""

    name: str = ""
    id_number: str = ""
    credit_code: str = ""


def _name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        return ""
    if any(char in WILDCARDS for char in name):
        raise QueryError("query.wildcard", "不支持模糊查询，请输入完整的姓名或名称", "name")
    if len(name) < MIN_NAME_LENGTH:
        raise QueryError("query.name_short", "姓名或名称至少应为2个字", "name")
    if len(name) > MAX_NAME_LENGTH:
        raise QueryError("query.name_long", "姓名或名称不能超过100个字", "name")
    return name


def query_criteria(
    *, name: str = "", id_number: str = "", credit_code: str = "", today: date | None = None
) -> Criteria:
    """The query as the selectors take it, or a QueryError naming the field."""
    clean_name = _name(name)
    number = "".join(id_number.split()).upper()
    code = "".join(credit_code.split()).upper()
    clean_id = ""
    if number:
        try:
            clean_id = parse_id_number(number, today=today).value
        except IdNumberError as error:
            raise QueryError(error.code, error.message, "id_number") from None
    clean_code = ""
    if code:
        try:
            clean_code = parse_credit_code(code)
        except CreditCodeError as error:
            raise QueryError(error.code, error.message, "credit_code") from None
    if not (clean_name or clean_id or clean_code):
        raise QueryError(
            "query.empty",
            "请输入被执行人姓名或名称（至少2个字），或完整的身份证号码、统一社会信用代码",
            "name",
        )
    return Criteria(name=clean_name, id_number=clean_id, credit_code=clean_code)


def split_identity(raw: str) -> tuple[str, str]:
    """The page's one field takes either number: 18 characters with a letter other than a final X
    are a credit code, anything else is checked as an identity number."""
    value = "".join(raw.split()).upper()
    if len(value) == 18 and not re.fullmatch(r"[0-9]{17}[0-9X]", value):
        return "", value
    return value, ""


def latest_adult_birth(day: date) -> date:
    """The latest birth date of a person who is an adult (18周岁, 民法典 第17条) on `day`, with
    `age_on`'s reading of a 2月29日 birthday: born on or before it, adult; after it, a minor.

    On 2月28日 of a common year whose year − 18 is a leap year, a person born on 2月29日 turns
    18 that day, so the answer is 2月29日; on 2月29日 the year − 18 is a common year and the
    answer is 2月28日."""
    year = day.year - ADULT_AGE
    if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year) and calendar.isleap(year):
        return date(year, 2, 29)
    try:
        return day.replace(year=year)
    except ValueError:  # 2月29日 with a common year − 18
        return date(year, 2, 28)


def phone_number(raw: str) -> str:
    """A mainland mobile number (11 digits) or a landline with its area code, or a QueryError."""
    phone = "".join(raw.split())
    if _MOBILE.fullmatch(phone) or _LANDLINE.fullmatch(phone):
        return phone
    raise QueryError(
        "feedback.phone",
        "请填写有效的联系电话：11位手机号码，或带区号的固定电话（如010-12345678）",
        "phone",
    )
