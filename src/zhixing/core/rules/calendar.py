"""法定期间与工作日计算（纯规则，不依赖 Django）。

民事诉讼法（2023）第八十五条：期间以时、日、月、年计算。期间开始的时和日，不计算在期间内。
期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期。

法定休假日 = 普通周六、周日及国务院公布的节假日；国务院公布的调休上班日（如 2026-10-10 周六）
是工作日。官方数据取自 chinese_calendar（仅覆盖其内置年份）；其他年份使用管理员维护的节假日表，
无表时仅按周末计算并标记为“临时”（provisional）。
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import chinese_calendar  # type: ignore[import-untyped]

__all__ = [
    "CIVIL_PROCEDURE_ART_85",
    "Basis",
    "CalendarError",
    "DayInfo",
    "DayKind",
    "DueDate",
    "HolidayOverride",
    "LegalCalendar",
    "add_months",
]

CIVIL_PROCEDURE_ART_85 = "民事诉讼法（2023）第八十五条"
WORKDAY_PERIOD_SOURCE = (
    "民事诉讼法（2023）第八十五条第二款（期间开始的日不计算在期间内）；按工作日计算"
)


class CalendarError(ValueError):
    """期间计算参数错误；code 为英文点分代码，message 为中文说明。"""

    def __init__(self, code: str, message: str, field: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class DayKind(StrEnum):
    WORKDAY = "workday"
    REST = "rest"


class Basis(StrEnum):
    OFFICIAL = "official"  # chinese_calendar 内置的国务院放假安排
    ADMIN_TABLE = "admin_table"  # 管理员维护的节假日表
    WEEKENDS_ONLY = "weekends_only"  # 该年无数据：仅按周末推算（临时）


@dataclass(frozen=True)
class HolidayOverride:
    """管理员维护的某一日的休息/上班安排（国务院办公厅当年放假通知）。"""

    day: date
    kind: DayKind
    name: str = ""


@dataclass(frozen=True)
class DayInfo:
    day: date
    is_workday: bool
    basis: Basis


@dataclass(frozen=True)
class DueDate:
    due: date
    provisional: bool
    moved_from: date | None
    bases: frozenset[Basis]
    source: str


def add_months(start: date, months: int) -> date:
    """民事诉讼法（2023）第八十五条；民法典第二百零二条：按照年、月计算期间的，到期月的对应日为
    期间的最后一日；没有对应日的，月末日为期间的最后一日。"""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last = _stdlib_calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last))


def cn_date(day: date) -> str:
    """A date as a Chinese document writes it: 2026年3月5日 — Arabic numerals, the year in full,
    month and day without a leading zero (党政机关公文格式 GB/T 9704—2012 第7.3.5.4条: "月、日不编
    虚位（即1不编为01）"; the form the courts' documents follow)."""
    return f"{day.year}年{day.month}月{day.day}日"


class LegalCalendar:
    """法定工作日历。

    民事诉讼法（2023）第八十五条。``overrides`` 为管理员维护的节假日表：对 chinese_calendar 有数据的
    年份，以官方数据为准，但表中对某一日的更正仍然适用（便于法院更正国务院临时调整）；对无数据的年份，
    表中只要有该年任一条目，即以“该表 + 周末”为准，否则仅按周末推算并标记为临时。
    """

    def __init__(self, overrides: Iterable[HolidayOverride] = ()) -> None:
        table: dict[date, HolidayOverride] = {}
        for item in overrides:
            previous = table.get(item.day)
            if previous is not None and previous.kind != item.kind:
                raise CalendarError(
                    "calendar.override_conflict",
                    f"节假日表中 {item.day.isoformat()} 同时被标记为上班和休息",
                    "overrides",
                )
            table[item.day] = item
        self._table = table
        self._table_years = frozenset(day.year for day in table)
        self._official_years: dict[int, bool] = {}

    def _has_official_data(self, year: int) -> bool:
        known = self._official_years.get(year)
        if known is None:
            try:
                chinese_calendar.is_workday(date(year, 6, 1))
                known = True
            except NotImplementedError:
                known = False
            self._official_years[year] = known
        return known

    def day_info(self, day: date) -> DayInfo:
        override = self._table.get(day)
        if override is not None:
            return DayInfo(day, override.kind is DayKind.WORKDAY, Basis.ADMIN_TABLE)
        if self._has_official_data(day.year):
            return DayInfo(day, bool(chinese_calendar.is_workday(day)), Basis.OFFICIAL)
        weekday = day.weekday() < 5
        if day.year in self._table_years:
            return DayInfo(day, weekday, Basis.ADMIN_TABLE)
        return DayInfo(day, weekday, Basis.WEEKENDS_ONLY)

    def is_workday(self, day: date) -> bool:
        return self.day_info(day).is_workday

    def _roll_forward(self, naive_end: date, source: str) -> DueDate:
        """民事诉讼法（2023）第八十五条第三款：期间届满的最后一日是法定休假日的，以法定休假日后的
        第一日为期间届满的日期。"""
        bases: set[Basis] = set()
        day = naive_end
        while True:
            info = self.day_info(day)
            bases.add(info.basis)
            if info.is_workday:
                break
            day += timedelta(days=1)
        return DueDate(
            due=day,
            provisional=Basis.WEEKENDS_ONLY in bases,
            moved_from=naive_end if day != naive_end else None,
            bases=frozenset(bases),
            source=source,
        )

    def period_end(self, start: date, *, days: int = 0, months: int = 0, years: int = 0) -> DueDate:
        """民事诉讼法（2023）第八十五条：开始的日不计算在期间内；期间内的休息日照算；届满日为休息日的
        顺延至其后第一个工作日。按月、年计算的，到期月的对应日为最后一日，无对应日的为月末日。"""
        units = [value for value in (days, months, years) if value != 0]
        if len(units) != 1 or units[0] < 0:
            raise CalendarError(
                "calendar.period", "期间须且只能以日、月、年之一计算，且为正数", "period"
            )
        if days:
            naive_end = start + timedelta(days=days)
        else:
            naive_end = add_months(start, months + 12 * years)
        return self._roll_forward(naive_end, CIVIL_PROCEDURE_ART_85)

    def add_workdays(self, start: date, n: int) -> DueDate:
        """按工作日计算的期间（如“三个工作日内”）：民事诉讼法（2023）第八十五条第二款，开始的日不计算
        在期间内；返回开始日之后的第 n 个工作日。"""
        if n < 1:
            raise CalendarError("calendar.workdays", "工作日数须为正整数", "n")
        bases: set[Basis] = set()
        day = start
        remaining = n
        while remaining:
            day += timedelta(days=1)
            info = self.day_info(day)
            bases.add(info.basis)
            if info.is_workday:
                remaining -= 1
        return DueDate(
            due=day,
            provisional=Basis.WEEKENDS_ONLY in bases,
            moved_from=None,
            bases=frozenset(bases),
            source=WORKDAY_PERIOD_SOURCE,
        )

    def workdays_between(self, start: date, end: date) -> int:
        """(start, end] 区间内的工作日数（开始日不计入）；end <= start 时为 0。"""
        count = 0
        day = start + timedelta(days=1)
        while day <= end:
            if self.is_workday(day):
                count += 1
            day += timedelta(days=1)
        return count

    @staticmethod
    def days_remaining(due: date, today: date) -> int:
        """距届满日的自然日数；已逾期时为负数。"""
        return (due - today).days
