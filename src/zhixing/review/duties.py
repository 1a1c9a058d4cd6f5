"""This app's periodic duties for `python -m zhixing run-duties` (zhixing.core.duties).

"Overdue supervision": a 督促执行令 whose time limit passed with the case still open becomes overdue,
so the upper court's list shows it must now take the case or assign it (执行程序解释 第12条); an
entrustment not started within 15 days of receipt is flagged (`overdue_since`), so the entrusting
court's list offers to ask the entrusted court's superior (民事诉讼法 第240条).

Idempotent and safe to run concurrently: every change is a conditional UPDATE that only matches
rows still in the earlier state (status 'open', `overdue_since` empty), so a second run — or a
run overlapping this one — finds nothing left to change. Each row actually changed gets its audit
record (actor: the system account) in the transaction of its UPDATE.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from zhixing.cases.models import EnforcementCase
from zhixing.core.audit import audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.duties import register, system_actor

from .models import SupervisionAction
from .rules import supervision as rules

Status = SupervisionAction.Status
OBJECT_TYPE = "review.supervisionaction"


def overdue_supervision(today: date) -> str:
    actor = system_actor()
    orders = 0
    lapsed = SupervisionAction.objects.filter(
        kind=rules.Kind.ENFORCE_ORDER,
        status=Status.OPEN,
        until__lt=today,
        case__status=EnforcementCase.Status.DOCKETED,
    ).values_list("pk", "until", "court_id", "case__case_number")
    for pk, until, court_id, number in lapsed:
        since = until + timedelta(days=1)  # the first day past the limit
        with transaction.atomic():
            # matched only while still open (a concurrent run, or the case closing meanwhile,
            # leaves nothing for this UPDATE, and nothing is audited)
            if not SupervisionAction.objects.filter(pk=pk, status=Status.OPEN).update(
                status=Status.OVERDUE, overdue_since=since
            ):
                continue
            orders += 1
            audit_record(
                actor=actor,
                action="supervision.order_overdue",
                court_id=court_id,
                object_type=OBJECT_TYPE,
                object_id=str(pk),
                summary=f"{number} 督促执行令限期（{until:%Y年%m月%d日}）届满仍未执行完结",
                before={"status": Status.OPEN.value},
                after={"status": Status.OVERDUE.value, "overdue_since": since},
            )
    flagged = 0
    calendar = legal_calendar()
    candidates = SupervisionAction.objects.filter(
        kind=rules.Kind.ENTRUSTMENT,
        status=Status.OPEN,
        received_on__isnull=False,
        received_on__lt=today,
        started_on__isnull=True,
        overdue_since__isnull=True,
    ).values_list("pk", "received_on", "court_id", "case__case_number")
    for pk, received_on, court_id, number in candidates:
        first_silent_day = rules.silence_from(received_on, calendar)
        if today < first_silent_day:
            continue
        with transaction.atomic():
            if not SupervisionAction.objects.filter(
                pk=pk, status=Status.OPEN, started_on__isnull=True, overdue_since__isnull=True
            ).update(overdue_since=first_silent_day):
                continue
            flagged += 1
            audit_record(
                actor=actor,
                action="supervision.entrustment_silent",
                court_id=court_id,
                object_type=OBJECT_TYPE,
                object_id=str(pk),
                summary=f"{number} 委托执行：受托法院收到函件后十五日内未开始执行",
                before={"overdue_since": None},
                after={"overdue_since": first_silent_day},
            )
    return f"督促执行令逾期 {orders} 件；委托执行超过十五日未开始执行 {flagged} 件"


def register_duties() -> None:
    """Registers this app's duties with zhixing.core.duties (called from AppConfig.ready)."""
    register(
        60,
        "review.overdue_supervision",
        "上级监督逾期（督促执行令、委托执行）",
        overdue_supervision,
    )
