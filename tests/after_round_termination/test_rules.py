"""The rounds owed after 终本 (法〔2016〕373号 第9条): ten, six months apart, within five years."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.closure.rules.after import ROUNDS, re_inquiry_dues
from zhixing.core.rules.calendar import add_months


@pytest.mark.parametrize(
    "closed_on, first, second, last",
    [
        (date(2025, 10, 10), date(2026, 4, 10), date(2026, 10, 10), date(2030, 10, 10)),
        (date(2025, 8, 31), date(2026, 2, 28), date(2026, 8, 31), date(2030, 8, 31)),
        (date(2023, 8, 31), date(2024, 2, 29), date(2024, 8, 31), date(2028, 8, 31)),  # leap year
        (date(2026, 1, 1), date(2026, 7, 1), date(2027, 1, 1), date(2031, 1, 1)),
    ],
)
def test_due_dates(closed_on, first, second, last):
    dues = re_inquiry_dues(closed_on)
    assert (len(dues), dues[0], dues[1], dues[-1]) == (10, first, second, last)


@given(st.dates(min_value=date(2016, 12, 1), max_value=date(2090, 12, 31)))
def test_ten_rounds_six_months_apart_within_five_years(closed_on):
    dues = re_inquiry_dues(closed_on)
    assert len(dues) == ROUNDS == 10
    assert dues == sorted(set(dues)) and dues[0] > closed_on
    assert dues[-1] == add_months(closed_on, 60)
    for n, due in enumerate(dues, start=1):
        assert due == add_months(closed_on, 6 * n)
