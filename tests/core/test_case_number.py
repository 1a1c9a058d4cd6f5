"""案号（法〔2015〕137号，法〔2018〕335号修改）。"""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from zhixing.core.rules.case_number import (
    ENFORCEMENT_TYPE_CODES,
    PROVINCE_CODES,
    SPECIAL_TRIAL_CODES,
    CaseNumber,
    CaseNumberError,
    CourtCode,
    CourtCodeKind,
    format_case_number,
    parse_case_number,
    parse_court_code,
)


def test_province_codes() -> None:
    assert len(PROVINCE_CODES) == 33  # 31 个省级代字 + 兵 + 军
    assert {"内", "黔", "兵", "军"} <= PROVINCE_CODES
    assert not {"蒙", "贵"} & PROVINCE_CODES


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("最高法", CourtCode("最高法", CourtCodeKind.SUPREME, None, "")),
        ("京", CourtCode("京", CourtCodeKind.HIGH, "京", "")),
        ("内", CourtCode("内", CourtCodeKind.HIGH, "内", "")),
        ("兵", CourtCode("兵", CourtCodeKind.HIGH, "兵", "")),
        ("军", CourtCode("军", CourtCodeKind.HIGH, "军", "")),
        ("京01", CourtCode("京01", CourtCodeKind.INTERMEDIATE, "京", "01")),
        ("沪72", CourtCode("沪72", CourtCodeKind.INTERMEDIATE, "沪", "72")),
        ("京73", CourtCode("京73", CourtCodeKind.INTERMEDIATE, "京", "73")),
        ("黔01", CourtCode("黔01", CourtCodeKind.INTERMEDIATE, "黔", "01")),
        ("京0105", CourtCode("京0105", CourtCodeKind.BASIC, "京", "0105")),
        ("京0491", CourtCode("京0491", CourtCodeKind.BASIC, "京", "0491")),
        (" 内0102 ", CourtCode("内0102", CourtCodeKind.BASIC, "内", "0102")),
    ],
)
def test_parse_court_code(raw: str, expected: CourtCode) -> None:
    assert parse_court_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "court_code.format"),
        ("最高", "court_code.format"),
        ("京1", "court_code.format"),
        ("京001", "court_code.format"),
        ("京00", "court_code.format"),
        ("京0100", "court_code.format"),
        ("京0005", "court_code.format"),
        ("京010501", "court_code.format"),
        ("A01", "court_code.format"),
        ("01", "court_code.format"),
        ("京０１", "court_code.format"),  # 全角数字
        ("蒙01", "court_code.province"),
        ("贵01", "court_code.province"),
        ("朝", "court_code.province"),
    ],
)
def test_parse_court_code_invalid(raw: str, code: str) -> None:
    with pytest.raises(CaseNumberError) as excinfo:
        parse_court_code(raw)
    assert excinfo.value.code == code


def test_unknown_province_message() -> None:
    with pytest.raises(CaseNumberError) as excinfo:
        parse_court_code("贵01")
    assert excinfo.value.message == "未知的省级简称"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("（2026）京0105执1234号", CaseNumber(2026, "京0105", "执", 1234)),
        ("（2024）京01执恢56号", CaseNumber(2024, "京01", "执恢", 56)),
        ("（2024）京执复12号", CaseNumber(2024, "京", "执复", 12)),
        ("（2023）最高法执监12号", CaseNumber(2023, "最高法", "执监", 12)),
        ("(2026)京0105执1234号", CaseNumber(2026, "京0105", "执", 1234)),
        ("  （2025）沪74执保3号 ", CaseNumber(2025, "沪74", "执保", 3)),
        ("（2016）黔01执异1号", CaseNumber(2016, "黔01", "执异", 1)),
        ("（2025）内知执1号", CaseNumber(2025, "内", "执", 1, special_code="知")),
        ("（2025）京73知执恢2号", CaseNumber(2025, "京73", "执恢", 2, special_code="知")),
        ("（2026）兵0101执他10号", CaseNumber(2026, "兵0101", "执他", 10)),
    ],
)
def test_parse_case_number(raw: str, expected: CaseNumber) -> None:
    assert parse_case_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("（2015）朝民初字第41757号", "case_number.old_style"),
        ("(2014)京执字第5号", "case_number.old_style"),
        ("（2015）京0105执1号", "case_number.year"),
        ("（26）京0105执1号", "case_number.year"),
        ("（02026）京0105执1号", "case_number.year"),
        ("（2026）京0105执0号", "case_number.serial"),
        ("（2026）京0105执0123号", "case_number.serial"),
        ("（2026）京0105执号", "case_number.serial"),
        ("（2026）京0105执1234", "case_number.format"),
        ("2026京0105执1234号", "case_number.format"),
        ("【2026】京0105执1234号", "case_number.format"),
        ("（2026）", "case_number.format"),
        ("（2026）京0105民初1234号", "case_number.type_code"),
        ("（2026）京0105执执1号", "case_number.type_code"),
        ("（2026）京0105恢执1号", "case_number.type_code"),  # 不是已知的专门审判代字
        ("（2026）京0105知识执1号", "case_number.type_code"),
        ("（2026）京01051号", "case_number.type_code"),
        ("（2026）京001执1号", "court_code.format"),
        ("（2026）执1234号", "court_code.province"),
        ("（2026）蒙01执1号", "court_code.province"),
        ("（2026）1234号", "court_code.format"),
    ],
)
def test_parse_case_number_invalid(raw: str, code: str) -> None:
    with pytest.raises(CaseNumberError) as excinfo:
        parse_case_number(raw)
    assert excinfo.value.code == code
    assert isinstance(excinfo.value, ValueError)


def test_known_type_codes_parameter() -> None:
    civil = {"民初", "民终", "民申"}
    assert parse_case_number("（2025）内知民终1号", known_type_codes=civil) == CaseNumber(
        2025, "内", "民终", 1, special_code="知"
    )
    with pytest.raises(CaseNumberError) as excinfo:
        parse_case_number("（2025）内知民终1号")
    assert excinfo.value.code == "case_number.type_code"


def test_known_special_codes_parameter() -> None:
    assert SPECIAL_TRIAL_CODES == frozenset({"知"})
    parsed = parse_case_number("（2026）沪72海执3号", known_special_codes={"知", "海"})
    assert (parsed.court_code, parsed.special_code, parsed.type_code) == ("沪72", "海", "执")
    with pytest.raises(CaseNumberError) as excinfo:
        parse_case_number("（2026）沪72海执3号")
    assert excinfo.value.code == "case_number.type_code"


def test_longest_type_code_wins() -> None:
    parsed = parse_case_number("（2024）京01执恢56号")
    assert (parsed.special_code, parsed.type_code) == ("", "执恢")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"year": 2026, "court_code": "京0105", "type_code": "执", "serial": 1234},
            "（2026）京0105执1234号",
        ),
        (
            {"year": 2023, "court_code": "最高法", "type_code": "执监", "serial": 12},
            "（2023）最高法执监12号",
        ),
        (
            {
                "year": 2025,
                "court_code": "内",
                "type_code": "民终",
                "serial": 1,
                "special_code": "知",
            },
            "（2025）内知民终1号",
        ),
        (
            {"year": 2026, "court_code": " 京01 ", "type_code": "执恢", "serial": 7},
            "（2026）京01执恢7号",
        ),
    ],
)
def test_format_case_number(kwargs: dict[str, object], expected: str) -> None:
    assert format_case_number(**kwargs) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"year": 2015}, "case_number.year"),
        ({"year": 10000}, "case_number.year"),
        ({"serial": 0}, "case_number.serial"),
        ({"serial": -1}, "case_number.serial"),
        ({"type_code": "执行监督"}, "case_number.type_code"),  # 第七条：不超过三个汉字
        ({"type_code": ""}, "case_number.type_code"),
        ({"type_code": "Z1"}, "case_number.type_code"),
        ({"special_code": "知识"}, "case_number.format"),
        ({"special_code": "1"}, "case_number.format"),
        ({"court_code": "蒙01"}, "court_code.province"),
        ({"court_code": "京1"}, "court_code.format"),
    ],
)
def test_format_case_number_invalid(kwargs: dict[str, object], code: str) -> None:
    parts: dict[str, object] = {
        "year": 2026,
        "court_code": "京0105",
        "type_code": "执",
        "serial": 1,
    }
    parts.update(kwargs)
    with pytest.raises(CaseNumberError) as excinfo:
        format_case_number(**parts)  # type: ignore[arg-type]
    assert excinfo.value.code == code


def test_case_number_rejects_padded_court_code() -> None:
    with pytest.raises(CaseNumberError) as excinfo:
        CaseNumber(2026, "京01 ", "执", 1)
    assert excinfo.value.code == "court_code.format"


def test_str_is_full_width() -> None:
    assert str(CaseNumber(2026, "京0105", "执", 1234)) == "（2026）京0105执1234号"


# ---- properties -----------------------------------------------------------------------------

pairs = st.integers(min_value=1, max_value=99).map(lambda n: f"{n:02d}")
court_codes = st.one_of(
    st.just("最高法"),
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.tuples(st.sampled_from(sorted(PROVINCE_CODES)), pairs).map("".join),
    st.tuples(st.sampled_from(sorted(PROVINCE_CODES)), pairs, pairs).map("".join),
)
special_codes = st.one_of(
    st.just(""), st.just("知"), st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
)


@given(
    year=st.integers(min_value=2016, max_value=9999),
    court_code=court_codes,
    type_code=st.sampled_from(sorted(ENFORCEMENT_TYPE_CODES)),
    serial=st.integers(min_value=1, max_value=10**9),
    special_code=special_codes,
)
def test_property_round_trip(
    year: int, court_code: str, type_code: str, serial: int, special_code: str
) -> None:
    assume(special_code + type_code not in ENFORCEMENT_TYPE_CODES)
    text = format_case_number(
        year=year,
        court_code=court_code,
        type_code=type_code,
        serial=serial,
        special_code=special_code,
    )
    assert text.startswith("（") and "）" in text and text.endswith("号")
    expected = CaseNumber(year, court_code, type_code, serial, special_code)
    specials = {special_code} if special_code else set()
    assert parse_case_number(text, known_special_codes=specials) == expected
    ascii_text = text.replace("（", "(").replace("）", ")")
    assert parse_case_number(ascii_text, known_special_codes=specials) == expected
    assert parse_case_number(f"  {ascii_text} ", known_special_codes=specials) == expected
    assert str(parse_case_number(ascii_text, known_special_codes=specials)) == text
    if special_code in ("", "知"):
        assert parse_case_number(text) == expected
