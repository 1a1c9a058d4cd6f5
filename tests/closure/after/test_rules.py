"""The rounds owed after 终本 (法〔2016〕373号 第9条): ten, six months apart, within five years."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhixing.closure.rules.after import ROUNDS, re_inquiry_dues


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


def _years_later(day: date, years: int) -> date:
    """The same day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


@given(st.dates(min_value=date(2016, 12, 1), max_value=date(2090, 12, 31)))
def test_ten_rounds_six_months_apart_within_five_years(closed_on):
    dues = re_inquiry_dues(closed_on)
    assert len(dues) == ROUNDS == 10
    assert all(a < b for a, b in zip(dues, dues[1:], strict=False))  # strictly increasing
    assert dues[0] > closed_on and dues[-1] <= _years_later(closed_on, 5)
    for before, due in zip([closed_on, *dues[:-1]], dues, strict=True):
        assert 181 <= (due - before).days <= 184  # six calendar months, whatever their lengths
        # the closure's day of the month, or the last day of a month too short to have it
        assert due.day == closed_on.day or (_month_end(due) and due.day < closed_on.day)
