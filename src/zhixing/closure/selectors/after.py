"""Reads after 终本: a case's ten rounds, the open resumption flags in scope (oldest first), and the
items the officer's worklist shows. Outside the actor's scope a case or flag is 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhixing.cases.hooks import WorklistItem
from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import NotFound
from zhixing.organization.selectors import scope_of, staff_of

from ..models import ReInquiry, ResumptionFlag
from ..rules.after import FLAG_SOURCE
from ..rules.after import SOURCE as RE_INQUIRY_SOURCE
from ..rules.modes import Mode

F = ResumptionFlag


def is_round_termination(case: EnforcementCase) -> bool:
    """Closed by 终结本次执行程序 (and so owed the six-monthly inquiries)."""
    return (
        case.status == EnforcementCase.Status.CLOSED and case.closure_mode == Mode.ROUND_TERMINATED
    )


def resumed_as(case: EnforcementCase) -> EnforcementCase | None:
    """The 执恢 case that resumed `case`, if any."""
    flag = (
        F.objects.filter(case=case, status=F.Status.RESUMED, resumed_case__isnull=False)
        .select_related("resumed_case")
        .first()
    )
    return flag.resumed_case if flag else None


def case_in_scope(*, actor: Any, pk: int) -> EnforcementCase:
    case = EnforcementCase.objects.select_related("court", "officer").filter(pk=pk).first()
    if case is None or not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    return case


def re_inquiries(*, actor: Any, case: EnforcementCase) -> list[ReInquiry]:
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    return list(ReInquiry.objects.filter(case=case).order_by("round"))


@dataclass
class AfterRoundTermination:
    """What the closure page shows of a 终本 case's after-life."""

    case: EnforcementCase
    rounds: list[ReInquiry]
    flags: list[ResumptionFlag]
    resumed: EnforcementCase | None
    today: date
    source: str = RE_INQUIRY_SOURCE
    flag_source: str = FLAG_SOURCE

    @property
    def open_flags(self) -> list[ResumptionFlag]:
        return [f for f in self.flags if f.status == F.Status.OPEN]

    @property
    def next_round(self) -> ReInquiry | None:
        return next((r for r in self.rounds if not r.sent_on and not r.cancelled), None)

    @property
    def may_flag(self) -> bool:
        return is_round_termination(self.case) and self.resumed is None


def after_round_termination(
    *, actor: Any, case: EnforcementCase, today: date
) -> AfterRoundTermination | None:
    """None for a case that was never closed by 终本 (it has no rounds)."""
    rounds = re_inquiries(actor=actor, case=case)
    if not rounds and not is_round_termination(case):
        return None
    flags = list(
        F.objects.filter(case=case).select_related("handled_by", "resumed_case").order_by("pk")
    )
    return AfterRoundTermination(case, rounds, flags, resumed_as(case), today)


def open_flags(*, actor: Any, court_id: int | None = None) -> QuerySet[ResumptionFlag]:
    """Open flags in scope, oldest first (十个必须 第6条: none left waiting): index
    resumption_open_idx."""
    rows = scope_of(actor).restrict(F.objects.filter(status=F.Status.OPEN), "court")
    if court_id is not None:
        rows = rows.filter(court_id=court_id)
    return rows.select_related("case", "case__officer", "court").order_by("raised_on", "pk")


def flag_get(*, actor: Any, pk: int) -> ResumptionFlag:
    flag = F.objects.select_related("case", "court", "resumed_case").filter(pk=pk).first()
    if flag is None or not scope_of(actor).covers(flag.court_id):
        raise NotFound("未找到该待恢复执行提示，或您无权查看")
    return flag


def worklist_items(actor: Any, today: date) -> list[WorklistItem]:
    """The officer's own cases flagged for resumption (cases.hooks worklist section)."""
    staff = staff_of(actor)
    if staff is None:
        return []
    rows = open_flags(actor=actor).filter(case__officer=staff)[:50]
    return [
        WorklistItem(
            on=f.raised_on,
            case=f.case,
            text=f"{f.get_source_display()}：{f.detail}",
            source=FLAG_SOURCE,
            url=reverse("resumptions") + f"#flag-{f.pk}",
            action="恢复执行或核查",
            urgent=True,
        )
        for f in rows
    ]
