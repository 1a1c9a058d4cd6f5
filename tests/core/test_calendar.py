"""LegalCalendar：民事诉讼法（2023）第八十五条的期间计算。"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhixing.core.rules.calendar import (
    CIVIL_PROCEDURE_ART_85,
    Basis,
    CalendarError,
    DayKind,
    HolidayOverride,
    LegalCalendar,
    add_months,
)

CAL = LegalCalendar()
D = date.fromisoformat

# 国务院办公厅 2026 年部分节假日安排（按日期逐一写明，不以被测库计算期望值）。
NAMED_2026 = [
    ("2026-01-01", False),  # 元旦
    ("2026-01-03", False),  # 元旦（周六）
    ("2026-01-04", True),  # 周日调休上班
    ("2026-02-13", True),  # 春节前最后一个工作日（周五）
    ("2026-02-14", True),  # 周六调休上班
    ("2026-02-15", False),  # 春节假期首日
    ("2026-02-17", False),  # 春节假期（周二）
    ("2026-02-21", False),
    ("2026-02-23", False),  # 春节假期末日（周一）
    ("2026-02-24", True),
    ("2026-02-28", True),  # 周六调休上班
    ("2026-05-01", False),  # 劳动节
    ("2026-05-05", False),
    ("2026-05-09", True),  # 周六调休上班
    ("2026-09-20", True),  # 周日调休上班
    ("2026-09-25", False),  # 中秋节（周五）
    ("2026-09-28", True),
    ("2026-09-30", True),
    ("2026-10-01", False),  # 国庆节
    ("2026-10-05", False),  # 国庆节（周一）
    ("2026-10-07", False),  # 国庆假期末日（周三）
    ("2026-10-08", True),
    ("2026-10-10", True),  # 周六调休上班
    ("2026-10-11", False),  # 普通周日
    ("2026-10-12", True),  # 普通周一
]


@pytest.mark.parametrize(("day", "workday"), NAMED_2026)
def test_library_data_matches_state_council_notice(day: str, workday: bool) -> None:
    assert chinese_calendar.is_workday(D(day)) is workday


@pytest.mark.parametrize(("day", "workday"), NAMED_2026)
def test_day_info_official_year(day: str, workday: bool) -> None:
    info = CAL.day_info(D(day))
    assert (info.day, info.is_workday, info.basis) == (D(day), workday, Basis.OFFICIAL)
    assert CAL.is_workday(D(day)) is workday


@pytest.mark.parametrize(
    ("start", "kwargs", "due", "moved_from"),
    [
        # 国庆：9 月 25 日起 10 日，届满日 10-05 为节假日，顺延至 10-08。
        ("2026-09-25", {"days": 10}, "2026-10-08", "2026-10-05"),
        # 最高人民法院示例：5 月 28 日立案，3 个月 → 8 月 28 日。
        ("2014-05-28", {"months": 3}, "2014-08-28", None),
        # 月末无对应日取月末日；2026-02-28 是周六但为调休上班日，不顺延。
        ("2026-01-31", {"months": 1}, "2026-02-28", None),
        ("2025-01-31", {"months": 1}, "2025-02-28", None),
        ("2024-01-31", {"months": 1}, "2024-02-29", None),
        # 届满日 2023-04-30 为劳动节假期，顺延至 05-04。
        ("2023-03-31", {"months": 1}, "2023-05-04", "2023-04-30"),
        ("2024-02-29", {"years": 1}, "2025-02-28", None),
        # 期间内的节假日不扣除：春节中届满 → 节后第一日。
        ("2026-02-06", {"days": 15}, "2026-02-24", "2026-02-21"),
        # 届满日为调休上班的周六：不顺延。
        ("2026-09-30", {"days": 10}, "2026-10-10", None),
        # 普通周末顺延。
        ("2026-10-01", {"days": 10}, "2026-10-12", "2026-10-11"),
    ],
)
def test_period_end(start: str, kwargs: dict[str, int], due: str, moved_from: str | None) -> None:
    result = CAL.period_end(D(start), **kwargs)
    assert result.due == D(due)
    assert result.moved_from == (D(moved_from) if moved_from else None)
    assert result.provisional is False
    assert result.bases == frozenset({Basis.OFFICIAL})
    assert result.source == CIVIL_PROCEDURE_ART_85


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # 9-29、9-30 → 国庆休 7 天 → 10-08、10-09、10-10（周六上班）。
        ("2026-09-28", 5, "2026-10-10"),
        ("2026-09-30", 1, "2026-10-08"),
        # 春节：2-14（周六上班）→ 2-15..2-23 休 → 2-24、2-25。
        ("2026-02-13", 3, "2026-02-25"),
        ("2026-10-09", 1, "2026-10-10"),
        ("2026-10-10", 1, "2026-10-12"),
    ],
)
def test_add_workdays(start: str, n: int, due: str) -> None:
    result = CAL.add_workdays(D(start), n)
    assert result.due == D(due)
    assert result.moved_from is None
    assert result.provisional is False
    assert CAL.workdays_between(D(start), D(due)) == n


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("2026-09-30", "2026-10-08", 1),
        ("2026-09-30", "2026-10-07", 0),
        ("2026-09-24", "2026-10-12", 7),  # 9-28/29/30、10-08/09/10、10-12；9-24 本身不计
        ("2026-10-08", "2026-10-08", 0),
        ("2026-10-12", "2026-10-01", 0),
    ],
)
def test_workdays_between(start: str, end: str, count: int) -> None:
    assert CAL.workdays_between(D(start), D(end)) == count


def test_workdays_between_counts_start_exclusive_end_inclusive() -> None:
    # 9-24（周四）本身不计；9-25..9-27 中秋休息。
    assert CAL.workdays_between(D("2026-09-23"), D("2026-09-24")) == 1
    assert CAL.workdays_between(D("2026-09-24"), D("2026-09-27")) == 0


@pytest.mark.parametrize(
    ("due", "today", "remaining"),
    [
        ("2026-10-08", "2026-10-01", 7),
        ("2026-10-08", "2026-10-08", 0),
        ("2026-10-08", "2026-10-11", -3),
    ],
)
def test_days_remaining(due: str, today: str, remaining: int) -> None:
    assert CAL.days_remaining(D(due), D(today)) == remaining


def test_year_without_data_is_provisional_weekends_only() -> None:
    info = CAL.day_info(D("2027-01-01"))
    assert (info.is_workday, info.basis) == (True, Basis.WEEKENDS_ONLY)
    result = CAL.period_end(D("2026-12-22"), days=10)
    assert result.due == D("2027-01-01")
    assert result.provisional is True
    assert result.bases == frozenset({Basis.WEEKENDS_ONLY})
    assert CAL.add_workdays(D("2026-12-31"), 1).provisional is True


def test_admin_table_for_year_without_data() -> None:
    cal = LegalCalendar([HolidayOverride(D("2027-01-01"), DayKind.REST, "元旦")])
    assert cal.day_info(D("2027-01-01")).basis is Basis.ADMIN_TABLE
    assert cal.is_workday(D("2027-01-01")) is False
    # 表中无条目的日子：同年按周末，依据仍为管理员表。
    assert cal.day_info(D("2027-01-02")).basis is Basis.ADMIN_TABLE
    assert cal.is_workday(D("2027-01-02")) is False
    assert cal.is_workday(D("2027-01-04")) is True
    result = cal.period_end(D("2026-12-22"), days=10)
    assert result.due == D("2027-01-04")
    assert result.moved_from == D("2027-01-01")
    assert result.provisional is False
    assert result.bases == frozenset({Basis.ADMIN_TABLE})
    # 其他无表的年份仍为临时。
    assert cal.day_info(D("2028-03-01")).basis is Basis.WEEKENDS_ONLY


def test_admin_override_corrects_official_year() -> None:
    cal = LegalCalendar(
        [
            HolidayOverride(D("2026-10-08"), DayKind.REST, "临时调整"),
            HolidayOverride(D("2026-10-11"), DayKind.WORKDAY, "临时调休"),
        ]
    )
    assert cal.day_info(D("2026-10-08")).basis is Basis.ADMIN_TABLE
    assert cal.is_workday(D("2026-10-08")) is False
    assert cal.is_workday(D("2026-10-11")) is True
    assert cal.day_info(D("2026-10-09")).basis is Basis.OFFICIAL
    result = cal.period_end(D("2026-09-25"), days=10)
    assert result.due == D("2026-10-09")
    assert result.bases == frozenset({Basis.OFFICIAL, Basis.ADMIN_TABLE})


def test_conflicting_overrides_rejected() -> None:
    with pytest.raises(CalendarError) as excinfo:
        LegalCalendar(
            [
                HolidayOverride(D("2027-01-01"), DayKind.REST),
                HolidayOverride(D("2027-01-01"), DayKind.WORKDAY),
            ]
        )
    assert excinfo.value.code == "calendar.override_conflict"


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"days": 1, "months": 1}, {"days": -1}, {"months": 1, "years": 1}, {"years": -2}],
)
def test_period_requires_exactly_one_positive_unit(kwargs: dict[str, int]) -> None:
    with pytest.raises(CalendarError) as excinfo:
        CAL.period_end(D("2026-01-01"), **kwargs)
    assert excinfo.value.code == "calendar.period"
    assert isinstance(excinfo.value, ValueError)


@pytest.mark.parametrize("n", [0, -3])
def test_add_workdays_requires_positive(n: int) -> None:
    with pytest.raises(CalendarError) as excinfo:
        CAL.add_workdays(D("2026-01-01"), n)
    assert excinfo.value.code == "calendar.workdays"


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2026-01-31", 3, "2026-04-30"),
        ("2026-11-30", 3, "2027-02-28"),
        ("2026-12-15", 1, "2027-01-15"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 48, "2028-02-29"),
    ],
)
def test_add_months(start: str, months: int, end: str) -> None:
    assert add_months(D(start), months) == D(end)


# ---- properties -----------------------------------------------------------------------------

dates = st.dates(min_value=date(2003, 6, 1), max_value=date(2028, 6, 30))


def _check_rolled(result_due: date, naive: date, moved_from: date | None) -> None:
    assert result_due >= naive
    assert CAL.is_workday(result_due)
    assert (moved_from is not None) is (not CAL.is_workday(naive))
    if moved_from is not None:
        assert moved_from == naive
    # 顺延到的是“其后第一个”工作日：中间全部为休息日。
    day = naive
    while day < result_due:
        assert not CAL.is_workday(day)
        day += timedelta(days=1)


@given(start=dates, days=st.integers(min_value=1, max_value=400))
def test_property_period_days(start: date, days: int) -> None:
    result = CAL.period_end(start, days=days)
    _check_rolled(result.due, start + timedelta(days=days), result.moved_from)
    assert result.provisional is (Basis.WEEKENDS_ONLY in result.bases)


@given(start=dates, months=st.integers(min_value=1, max_value=36))
def test_property_period_months(start: date, months: int) -> None:
    result = CAL.period_end(start, months=months)
    naive = add_months(start, months)
    assert (naive.year * 12 + naive.month) - (start.year * 12 + start.month) == months
    assert naive.day == start.day or (
        naive.day < start.day and (naive + timedelta(days=1)).day == 1
    )
    _check_rolled(result.due, naive, result.moved_from)


@given(start=dates, n=st.integers(min_value=1, max_value=60))
def test_property_add_workdays(start: date, n: int) -> None:
    result = CAL.add_workdays(start, n)
    assert result.due > start
    assert CAL.is_workday(result.due)
    assert CAL.workdays_between(start, result.due) == n
    assert CAL.workdays_between(start, result.due - timedelta(days=1)) == n - 1


@settings(max_examples=300)
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_property_never_raises_and_basis_by_year(day: date) -> None:
    info = CAL.day_info(day)
    expected = Basis.OFFICIAL if 2004 <= day.year <= 2026 else Basis.WEEKENDS_ONLY
    assert info.basis is expected
    if expected is Basis.WEEKENDS_ONLY:
        assert info.is_workday is (day.weekday() < 5)
