"""`cn_date`: the one Chinese date form of messages and documents (GB/T 9704—2012 第7.3.5.4条)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.core.rules.calendar import cn_date


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 3, 5), "2026年3月5日"),
        (date(2026, 6, 10), "2026年6月10日"),
        (date(2026, 12, 31), "2026年12月31日"),
        (date(2026, 10, 1), "2026年10月1日"),
    ],
)
def test_no_leading_zeros(day, text):
    assert cn_date(day) == text


@given(st.dates(min_value=date(1000, 1, 1)))
def test_reads_back_and_never_pads(day):
    text = cn_date(day)
    year, rest = text.split("年")
    month, rest = rest.split("月")
    assert rest.endswith("日")
    assert date(int(year), int(month), int(rest[:-1])) == day
    assert not month.startswith("0") and not rest.startswith("0")
