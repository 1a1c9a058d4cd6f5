"""The public query's input rules: exact, complete criteria only (anti-enumeration), Chinese
refusals naming the field."""

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.portal.conftest import person_id
from zhixing.core.rules.identity import id_check_digit, parse_id_number
from zhixing.credit.rules import listing as listing_rules
from zhixing.portal import rules

GOOD_ID = person_id()
WRONG_CHECK = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")
GOOD_CODE_17 = "91110105MA0000000"
GOOD_CODE = "91350100M000100Y43"


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({}, "query.empty", "name"),
        ({"name": "   "}, "query.empty", "name"),
        ({"name": "王"}, "query.name_short", "name"),
        ({"name": " 王 "}, "query.name_short", "name"),
        ({"name": "王*"}, "query.wildcard", "name"),
        ({"name": "王%"}, "query.wildcard", "name"),
        ({"name": "王_"}, "query.wildcard", "name"),
        ({"name": "王" * 101}, "query.name_long", "name"),
        ({"id_number": GOOD_ID[:17]}, "id_number.length", "id_number"),
        ({"id_number": GOOD_ID[:14]}, "id_number.length", "id_number"),
        ({"id_number": WRONG_CHECK}, "id_number.check_digit", "id_number"),
        ({"id_number": "11010519801306001X"}, "id_number.birth_date", "id_number"),
        ({"id_number": "99010519800506001X"}, "id_number.region", "id_number"),
        ({"id_number": "1101051980050600AX"}, "id_number.format", "id_number"),
        ({"name": "孙失信", "id_number": WRONG_CHECK}, "id_number.check_digit", "id_number"),
        ({"name": "王", "id_number": GOOD_ID}, "query.name_short", "name"),
        ({"credit_code": "91350100M000100Y44"}, "credit_code.check_char", "credit_code"),
        ({"credit_code": "9135"}, "credit_code.length", "credit_code"),
    ],
)
def test_refused_queries_name_their_field_in_chinese(kwargs, code, field):
    with pytest.raises(rules.QueryError) as caught:
        rules.query_criteria(**kwargs)
    assert caught.value.code == code
    assert caught.value.field == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"name": "孙失信"}, rules.Criteria(name="孙失信")),
        ({"name": "  北京 某公司 "}, rules.Criteria(name="北京 某公司")),
        ({"id_number": GOOD_ID}, rules.Criteria(id_number=GOOD_ID)),
        ({"id_number": f" {GOOD_ID[:9]} {GOOD_ID[9:]} "}, rules.Criteria(id_number=GOOD_ID)),
        ({"credit_code": GOOD_CODE.lower()}, rules.Criteria(credit_code=GOOD_CODE)),
        ({"name": "孙失信", "id_number": GOOD_ID}, rules.Criteria("孙失信", GOOD_ID)),
    ],
)
def test_accepted_queries_are_normalised(kwargs, expected):
    assert rules.query_criteria(**kwargs) == expected


def test_lower_case_x_is_accepted_as_the_check_character():
    first17 = "11010519491231002"
    assert id_check_digit(first17) == "X"
    assert rules.query_criteria(id_number=first17 + "x").id_number == first17 + "X"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (GOOD_ID, (GOOD_ID, "")),
        (GOOD_CODE, ("", GOOD_CODE)),
        (GOOD_CODE.lower(), ("", GOOD_CODE)),
        ("12345", ("12345", "")),  # checked as an identity number: refused as too short
        ("", ("", "")),
    ],
)
def test_the_shared_field_tells_a_credit_code_from_an_identity_number(raw, expected):
    assert rules.split_identity(raw) == expected


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(1980, 5, 6), date(2026, 5, 5), 45),
        (date(1980, 5, 6), date(2026, 5, 6), 46),
        (date(2000, 2, 29), date(2026, 2, 27), 25),
        (date(2000, 2, 29), date(2026, 2, 28), 26),
        (date(2000, 2, 29), date(2028, 2, 29), 28),
    ],
)
def test_age_is_whole_years_on_the_day(birth, day, age):
    assert rules.age_on(birth, day) == age


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("13912345678", True),
        ("139 1234 5678", True),
        ("010-12345678", True),
        ("01012345678", True),
        ("0755-1234567", True),
        ("12912345678", False),
        ("1391234567", False),
        ("abc", False),
        ("", False),
        ("12345678", False),
    ],
)
def test_phone_numbers(raw, ok):
    if ok:
        assert rules.phone_number(raw) == "".join(raw.split())
    else:
        with pytest.raises(rules.QueryError) as caught:
            rules.phone_number(raw)
        assert caught.value.field == "phone"


# --- who is a minor today (失信规定 第4条; 个人信息保护法 第31条) --------------------------------


@pytest.mark.parametrize(
    ("day", "latest"),
    [
        (date(2026, 5, 6), date(2008, 5, 6)),
        (date(2026, 1, 1), date(2008, 1, 1)),
        # born 2008-02-29 turns 18 on 2026-02-28 (no 29th that year, 民法典 第202条)
        (date(2026, 2, 28), date(2008, 2, 29)),
        (date(2026, 3, 1), date(2008, 3, 1)),
        # on 2024-02-29 the year 2006 has no 29th: born 2006-02-28 is the last adult
        (date(2024, 2, 29), date(2006, 2, 28)),
        (date(2024, 2, 28), date(2006, 2, 28)),
    ],
)
def test_latest_adult_birth_on_the_day(day, latest):
    assert rules.latest_adult_birth(day) == latest


@given(
    born=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    day=st.dates(min_value=date(2008, 1, 1), max_value=date(2048, 12, 31)),
)
def test_latest_adult_birth_agrees_with_the_age_of_every_birth_date(born, day):
    """Born on or before the cut-off ⇔ 18 周岁 or more on the day, by the same 2月29日 reading as
    the identity rules and the listing rules (ages before birth are left out)."""
    assume(born <= day)
    adult = born <= rules.latest_adult_birth(day)
    assert adult == (rules.age_on(born, day) >= 18)
    assert adult == (listing_rules.age_on(born, day) >= 18)
    number = person_id(birth=born.strftime("%Y%m%d"))
    assert adult == (not parse_id_number(number, today=max(day, born)).is_minor_on(day))
