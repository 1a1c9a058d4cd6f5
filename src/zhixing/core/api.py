"""Kernel endpoints: the legal calendar, audit verification."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from zhixing.core.audit import audit_verify
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import AccessDenied, InputError
from zhixing.core.schemas import ErrorOut

router = Router(tags=["核心"])


class PeriodOut(Schema):
    start: date
    due: date
    moved_from: date | None
    provisional: bool
    source: str


@router.get(
    "/calendar/period",
    response={200: PeriodOut, 401: ErrorOut, 422: ErrorOut},
    summary="计算法定期间届满日",
)
def calendar_period(
    request: HttpRequest, start: date, days: int = 0, months: int = 0, workdays: int = 0
) -> PeriodOut:
    """按民事诉讼法第85条计算：起算日不计入，届满日遇法定休假日顺延；`workdays` 按工作日计算。"""
    given = [n for n in (days, months, workdays) if n]
    if len(given) != 1 or given[0] < 0 or given[0] > 3650:
        raise InputError(
            "period.length",
            "days、months、workdays 须且只能填写一个，且为 1–3650 之间的正整数",
            field="days",
        )
    calendar = legal_calendar()
    result = (
        calendar.add_workdays(start, workdays)
        if workdays
        else calendar.period_end(start, days=days, months=months)
    )
    return PeriodOut(
        start=start,
        due=result.due,
        moved_from=result.moved_from,
        provisional=result.provisional,
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
