"""Kernel endpoints: the public period calculator (legal calendar), audit verification."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.http import HttpRequest
from ninja import Query, Router, Schema

from zhixing.core.audit import audit_verify
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import AccessDenied, InputError
from zhixing.core.rules.calendar import DueDate, LegalCalendar, add_months
from zhixing.core.schemas import ErrorOut

router = Router(tags=["核心"])


class PeriodOut(Schema):
    start: date
    length: int
    unit: str
    end: date  # the last day of the period, after any move past a rest day
    moved_from: date | None  # the naive last day, when it was a statutory rest day
    provisional: bool  # true when a year without official holiday data was used
    rule: str  # what was applied, in Chinese
    source: str


PERIOD_UNITS = {"day": "日", "workday": "个工作日", "month": "个月"}
MAX_PERIOD_LENGTH = 3650
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EARLIEST_START, _LATEST_START = date(1950, 1, 1), date(2099, 12, 31)


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _period_input(start: str | None, length: str | None, unit: str | None) -> tuple[date, int, str]:
    """Checks the three query parameters, each refusal in Chinese and naming its field."""
    text = (start or "").strip()
    if not text:
        raise InputError("period.start", "请填写起算日期（YYYY-MM-DD）", field="start")
    try:
        if not _ISO_DAY.fullmatch(text):
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        raise InputError(
            "period.start",
            f"起算日期“{text}”无效：请按 YYYY-MM-DD 填写真实存在的日期，如 2026-09-25",
            field="start",
        ) from None
    if not _EARLIEST_START <= day <= _LATEST_START:
        raise InputError(
            "period.start",
            f"起算日期须在 {_cn(_EARLIEST_START)} 至 {_cn(_LATEST_START)} 之间",
            field="start",
        )
    count = (length or "").strip()
    if not count.isascii() or not count.isdigit() or not 1 <= int(count) <= MAX_PERIOD_LENGTH:
        raise InputError(
            "period.length",
            f"期间长度须为 1 至 {MAX_PERIOD_LENGTH} 之间的整数",
            field="length",
        )
    kind = (unit or "").strip()
    if kind not in PERIOD_UNITS:
        raise InputError(
            "period.unit",
            "期间单位须为 day（日）、workday（工作日）或 month（月）",
            field="unit",
        )
    return day, int(count), kind


def period_rule(
    calendar: LegalCalendar, start: date, length: int, unit: str, result: DueDate
) -> str:
    """The sentence shown beside the result: what 民事诉讼法（2023）第八十五条 did to these dates."""
    parts = [f"期间开始的日（{_cn(start)}）不计算在期间内，自次日起算{length}{PERIOD_UNITS[unit]}"]
    if unit == "workday":
        makeup = [
            day
            for day in (start + timedelta(days=i) for i in range(1, (result.due - start).days + 1))
            if day.weekday() >= 5 and calendar.is_workday(day)
        ]
        parts.append("法定休假日不计入，国务院调休上班日按工作日计算")
        if makeup:
            parts.append(f"期间内的调休上班日{'、'.join(_cn(d) for d in makeup)}计为工作日")
        parts.append(f"第{length}个工作日{_cn(result.due)}为期间届满日")
    else:
        if unit == "day":
            parts.append("期间内的休息日照算")
        else:
            naive = add_months(start, length)
            if naive.day != start.day:
                parts.append(f"到期月没有对应日，以月末日{_cn(naive)}为期间的最后一日")
            else:
                parts.append(f"以到期月的对应日{_cn(naive)}为期间的最后一日")
        if result.moved_from is not None:
            parts.append(
                f"期间届满的最后一日{_cn(result.moved_from)}是法定休假日，"
                f"顺延至其后的第一个工作日{_cn(result.due)}"
            )
        elif unit == "day":
            parts.append(f"期间届满日为{_cn(result.due)}")
    sentence = "；".join(parts) + "。"
    if result.provisional:
        sentence += (
            "所涉年度尚无国务院公布的放假安排，暂按周六、周日为休息日推算，结果为临时结果，"
            "请以届时公布的放假安排为准。"
        )
    return sentence


@router.get(
    "/calculators/period",
    auth=None,
    response={200: PeriodOut, 422: ErrorOut},
    tags=["期间计算"],
    summary="法定期间计算器（公开，无需登录）",
    description=(
        "按民事诉讼法（2023）第八十五条计算期间届满日：期间开始的日不计算在期间内；"
        "届满日为法定休假日的，顺延至其后第一个工作日；按工作日计算时，调休上班日计为工作日。"
        "没有官方放假安排的年份按周末推算，`provisional` 为 true。"
    ),
)
def period_calculator(
    request: HttpRequest,
    start: str | None = Query(
        None, description="起算日期（必填），YYYY-MM-DD", examples=["2026-09-25"]
    ),
    length: str | None = Query(None, description=f"期间长度（必填），1–{MAX_PERIOD_LENGTH}"),
    unit: str | None = Query(None, description="期间单位（必填）：day / workday / month"),
) -> PeriodOut:
    day, count, kind = _period_input(start, length, unit)
    calendar = legal_calendar()
    if kind == "workday":
        result = calendar.add_workdays(day, count)
    elif kind == "month":
        result = calendar.period_end(day, months=count)
    else:
        result = calendar.period_end(day, days=count)
    return PeriodOut(
        start=day,
        length=count,
        unit=kind,
        end=result.due,
        moved_from=result.moved_from,
        provisional=result.provisional,
        rule=period_rule(calendar, day, count, kind, result),
        source=result.source,
    )


class ChainBreakOut(Schema):
    chain: int
    seq: int
    problem: str


class AuditVerifyOut(Schema):
    ok: bool
    breaks: list[ChainBreakOut]


@router.get(
    "/audit/verify",
    response={200: AuditVerifyOut, 401: ErrorOut, 403: ErrorOut},
    summary="校验审计链",
)
def audit_verify_endpoint(request: HttpRequest) -> AuditVerifyOut:
    if not request.user.is_superuser:
        raise AccessDenied("只有超级管理员可以校验全部审计链")
    breaks = audit_verify()
    return AuditVerifyOut(
        ok=not breaks,
        breaks=[ChainBreakOut(chain=b.chain, seq=b.seq, problem=b.problem) for b in breaks],
    )
