"""中文小写数字：文书中的条款序号、日数、月日与文号序号（chinese_number），年份逐字（chinese_digits）。"""

from __future__ import annotations

import cn2an  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.rules.numerals import MAX_NUMBER, chinese_digits, chinese_number


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "一"),
        (8, "八"),
        (10, "十"),  # 十, not 一十
        (11, "十一"),
        (15, "十五"),
        (20, "二十"),
        (31, "三十一"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),  # 一十 kept after 百
        (114, "一百一十四"),
        (119, "一百一十九"),
        (252, "二百五十二"),
        (482, "四百八十二"),
        (1000, "一千"),
        (1005, "一千零五"),  # one 零 for two missing places
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (1260, "一千二百六十"),
        (2026, "二千零二十六"),
        (9999, "九千九百九十九"),
    ],
)
def test_chinese_number(number: int, text: str) -> None:
    assert chinese_number(number) == text


@pytest.mark.parametrize("number", [0, -1, MAX_NUMBER + 1])
def test_chinese_number_outside_its_range_is_refused(number: int) -> None:
    with pytest.raises(ValueError):
        chinese_number(number)


@pytest.mark.parametrize(
    ("number", "text"),
    [(2026, "二〇二六"), (2000, "二〇〇〇"), (1999, "一九九九"), (0, "〇")],
)
def test_chinese_digits(number: int, text: str) -> None:
    assert chinese_digits(number) == text


def test_chinese_digits_refuses_a_negative_number() -> None:
    with pytest.raises(ValueError):
        chinese_digits(-1)


@given(st.integers(min_value=1, max_value=MAX_NUMBER))
def test_agrees_with_cn2an(number: int) -> None:
    """cn2an (an independent implementation) writes every number the same way."""
    assert chinese_number(number) == cn2an.an2cn(number)


@given(st.integers(min_value=1, max_value=MAX_NUMBER))
def test_reads_back(number: int) -> None:
    assert cn2an.cn2an(chinese_number(number), "strict") == number
