"""身份证号码（GB 11643-1999）与统一社会信用代码（GB 32100-2015）。"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from zhixing.core.rules.identity import (
    CREDIT_CODE_CHARSET,
    PROVINCE_PREFIXES,
    CreditCodeError,
    IdNumber,
    IdNumberError,
    Sex,
    credit_check_char,
    id_check_digit,
    mask_credit_code,
    mask_id_number,
    mask_name,
    parse_credit_code,
    parse_id_number,
)

# GB 11643-1999 标准文本中的两个示例号码。
STANDARD_EXAMPLE = "11010519491231002X"
STANDARD_EXAMPLE_1880 = "440524188001010014"


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        ("11010519491231002", "X"),
        ("44052418800101001", "4"),
        ("11010520080315001", "0"),
        ("11010520080229002", "X"),
        ("32010219800101123", "8"),
    ],
)
def test_id_check_digit(first17: str, check: str) -> None:
    assert id_check_digit(first17) == check


@pytest.mark.parametrize(
    ("first17", "code"),
    [("1101051949123100", "id_number.length"), ("1101051949123100X", "id_number.format")],
)
def test_id_check_digit_rejects_bad_body(first17: str, code: str) -> None:
    with pytest.raises(IdNumberError) as excinfo:
        id_check_digit(first17)
    assert excinfo.value.code == code


@pytest.mark.parametrize(
    ("raw", "value", "birth", "sex"),
    [
        (STANDARD_EXAMPLE, STANDARD_EXAMPLE, date(1949, 12, 31), Sex.FEMALE),
        ("11010519491231002x", STANDARD_EXAMPLE, date(1949, 12, 31), Sex.FEMALE),
        (" 110105 19491231 002X ", STANDARD_EXAMPLE, date(1949, 12, 31), Sex.FEMALE),
        ("110105200803150010", "110105200803150010", date(2008, 3, 15), Sex.MALE),
        ("11010520080229002X", "11010520080229002X", date(2008, 2, 29), Sex.FEMALE),
        ("320102198001011238", "320102198001011238", date(1980, 1, 1), Sex.MALE),
    ],
)
def test_parse_valid_id(raw: str, value: str, birth: date, sex: Sex) -> None:
    parsed = parse_id_number(raw)
    assert parsed == IdNumber(value=value, region_code=value[:6], birth_date=birth, sex=sex)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "id_number.length"),
        ("110105194912310", "id_number.length"),  # 15 位旧号码不再接受
        ("11010519491231002X1", "id_number.length"),
        ("11010519491231002Y", "id_number.format"),
        ("1101051949123100X2", "id_number.format"),
        ("１１0105194912310 02X", "id_number.format"),  # 全角数字
        ("001051194912310020", "id_number.region"),
        ("110105199902300015", "id_number.birth_date"),  # 1999-02-30，校验位正确
        ("110105194913310025", "id_number.birth_date"),  # 13 月
        (STANDARD_EXAMPLE_1880, "id_number.birth_date"),  # 1900 年以前
        ("110105194912310021", "id_number.check_digit"),
        ("110105194912310020", "id_number.check_digit"),
    ],
)
def test_parse_invalid_id(raw: str, code: str) -> None:
    with pytest.raises(IdNumberError) as excinfo:
        parse_id_number(raw)
    assert excinfo.value.code == code
    assert "身份证号码" in excinfo.value.message
    assert isinstance(excinfo.value, ValueError)


def test_birth_date_in_future_rejected_only_with_today() -> None:
    future = "11010520300101001X"
    assert parse_id_number(future).birth_date == date(2030, 1, 1)
    with pytest.raises(IdNumberError) as excinfo:
        parse_id_number(future, today=date(2026, 6, 1))
    assert excinfo.value.code == "id_number.birth_date"
    assert parse_id_number(future, today=date(2030, 1, 1)).birth_date == date(2030, 1, 1)


@pytest.mark.parametrize(
    ("raw", "day", "age", "minor"),
    [
        ("110105200803150010", date(2026, 3, 14), 17, True),
        ("110105200803150010", date(2026, 3, 15), 18, False),  # 十八周岁生日当天即成年
        ("110105200803150010", date(2008, 3, 15), 0, True),
        # 2 月 29 日出生：平年以 2 月 28 日为周岁生日（民法典第二百零二条）。
        ("11010520080229002X", date(2026, 2, 27), 17, True),
        ("11010520080229002X", date(2026, 2, 28), 18, False),
        ("11010520080229002X", date(2028, 2, 28), 19, False),
        ("11010520080229002X", date(2028, 2, 29), 20, False),
        (STANDARD_EXAMPLE, date(2026, 1, 1), 76, False),
    ],
)
def test_age_and_minor(raw: str, day: date, age: int, minor: bool) -> None:
    parsed = parse_id_number(raw)
    assert parsed.age_on(day) == age
    assert parsed.is_minor_on(day) is minor


def test_age_before_birth_rejected() -> None:
    with pytest.raises(IdNumberError) as excinfo:
        parse_id_number(STANDARD_EXAMPLE).age_on(date(1949, 12, 30))
    assert excinfo.value.code == "id_number.before_birth"


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("91350100M000100Y43", "91350100M000100Y43"),
        ("91350100m000100y43", "91350100M000100Y43"),
        (" 91110000600037341L ", "91110000600037341L"),
    ],
)
def test_parse_valid_credit_code(raw: str, normalized: str) -> None:
    assert parse_credit_code(raw) == normalized


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("91350100M000100Y4", "credit_code.length"),
        ("91350100M000100Y433", "credit_code.length"),
        ("91350100M000100Y44", "credit_code.check_char"),
        ("91350100M000100Y42", "credit_code.check_char"),
        ("91350100M000100I43", "credit_code.charset"),
        ("91350100O000100Y43", "credit_code.charset"),
        ("9135010ZM000100Y43", "credit_code.charset"),
        ("91350100M000100S43", "credit_code.charset"),
        ("91350100M000100V43", "credit_code.charset"),
        ("91350100M000100-43", "credit_code.charset"),
    ],
)
def test_parse_invalid_credit_code(raw: str, code: str) -> None:
    with pytest.raises(CreditCodeError) as excinfo:
        parse_credit_code(raw)
    assert excinfo.value.code == code
    assert "统一社会信用代码" in excinfo.value.message


@pytest.mark.parametrize(
    ("first17", "check"), [("91350100M000100Y4", "3"), ("91110000600037341", "L")]
)
def test_credit_check_char(first17: str, check: str) -> None:
    assert credit_check_char(first17) == check


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("110105194912311234", "110105********1234"),
        ("11010519491231002x", "110105********002X"),
        ("110105491231123", "110**********23"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_mask_id_number(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


def test_mask_credit_code_is_public() -> None:
    assert mask_credit_code("91350100M000100Y43") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("欧阳娜娜", "欧***"),
        ("王小明", "王**"),
        ("李", "*"),
        ("", ""),
        (" 张三 ", "张*"),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


# ---- properties -----------------------------------------------------------------------------

prefixes = st.sampled_from(sorted(PROVINCE_PREFIXES))
births = st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31))
digit_strings = st.text(alphabet="0123456789", min_size=4, max_size=4)
sequences = st.text(alphabet="0123456789", min_size=3, max_size=3)


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    first17 = (
        draw(prefixes) + draw(digit_strings) + draw(births).strftime("%Y%m%d") + draw(sequences)
    )
    return first17 + id_check_digit(first17)


@given(valid_ids())
def test_property_generated_id_parses(value: str) -> None:
    parsed = parse_id_number(value, today=date(2026, 1, 1))
    assert parsed.value == value
    assert parsed.birth_date.strftime("%Y%m%d") == value[6:14]
    assert parsed.sex is (Sex.MALE if int(value[16]) % 2 else Sex.FEMALE)
    assert parse_id_number(value.lower()) == parsed
    assert mask_id_number(value) == value[:6] + "********" + value[14:]


@given(valid_ids(), st.integers(min_value=0, max_value=17), st.sampled_from("0123456789"))
def test_property_single_digit_substitution_detected(value: str, index: int, digit: str) -> None:
    assume(value[index] != digit)
    mutated = value[:index] + digit + value[index + 1 :]
    with pytest.raises(IdNumberError) as excinfo:
        parse_id_number(mutated)
    assert excinfo.value.code in {
        "id_number.region",
        "id_number.birth_date",
        "id_number.check_digit",
    }
    if index >= 14 or (index >= 2 and index < 6):
        # 地址码后四位、顺序码、校验码被改动时只可能由校验码发现。
        assert excinfo.value.code == "id_number.check_digit"


credit_bodies = st.text(alphabet=CREDIT_CODE_CHARSET, min_size=17, max_size=17)


@given(credit_bodies)
def test_property_generated_credit_code_parses(body: str) -> None:
    code = body + credit_check_char(body)
    assert parse_credit_code(code.lower()) == code
    assert mask_credit_code(code) == code


@given(
    credit_bodies,
    st.integers(min_value=0, max_value=17),
    st.sampled_from(CREDIT_CODE_CHARSET),
)
def test_property_credit_single_substitution_detected(body: str, index: int, char: str) -> None:
    code = body + credit_check_char(body)
    assume(code[index] != char)
    mutated = code[:index] + char + code[index + 1 :]
    with pytest.raises(CreditCodeError) as excinfo:
        parse_credit_code(mutated)
    assert excinfo.value.code == "credit_code.check_char"


@given(st.text(min_size=1, max_size=8).filter(lambda s: s.strip() != ""))
def test_property_mask_name_keeps_only_first_char(name: str) -> None:
    masked = mask_name(name)
    text = name.strip()
    assert len(masked) == len(text)
    if len(text) > 1:
        assert masked[0] == text[0]
        assert set(masked[1:]) == {"*"}
