"""Demo data for `seed-demo`: 终本后定期查询 (issue 5). Written through the services, idempotent.

Runs after `seed_closure()`: the 朝阳 case closed by 终本 about 13 months ago gets its first two
six-monthly inquiries, each by running the `closure.after_round_termination` duty as of the round's due
date (what `run-duties --today` does), with the simulated departments answering at once — round 1
finds nothing (the applicant is told), round 2 finds a flat newly registered in the respondent's
name, so the case is flagged for resumption and shows on its officer's worklist and /resumptions/.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhixing.cases import notifications
from zhixing.cases.models import EnforcementCase
from zhixing.closure import duties as closure_duties
from zhixing.closure.models import ReInquiry, ResumptionFlag
from zhixing.core import duties
from zhixing.demo.cases import seeding
from zhixing.linkage import outbox, partners
from zhixing.linkage.models import SimulatedAnswer
from zhixing.linkage.rules.outbox import DepartmentKind

FOUND_FLAT = {
    "kind": "real_estate",
    "description": "北京市朝阳区住宅一套，建筑面积89平方米（终本后新登记）",
    "identifier": "京（2026）朝阳区不动产权第0031287号",
    "amount": "3560000.00",
}


class _Scripted:
    """The simulated departments, with a script for the showcase case: nothing found, or the
    registry finding the flat. Other cases are answered by the ordinary simulated partner."""

    def __init__(self, case_id: int, finds: bool) -> None:
        self.case_id, self.finds = case_id, finds
        self.others = partners.SimulatedPartner()

    def send(self, message: Any) -> None:
        if message.case_id != self.case_id:
            self.others.send(message)
            return
        items = (
            [FOUND_FLAT]
            if self.finds and message.department.kind == DepartmentKind.REAL_ESTATE
            else []
        )
        SimulatedAnswer.objects.get_or_create(
            message_key=message.idempotency_key,
            defaults=dict(
                department_code=message.department.code,
                answer_id=f"SIM-{message.department.code}-{message.idempotency_key[:12]}",
                payload={"items": items, "note": "" if items else "未发现财产"},
                deliver_after=timezone.now(),
            ),
        )


def _flush() -> None:
    while outbox.send_due()[0] or partners.deliver_simulated():
        pass


def showcase_case() -> EnforcementCase | None:
    """The 朝阳 case closed by 终本 more than 12 months ago (seeded by demo.closure)."""
    year_ago = timezone.localdate() - timedelta(days=365)
    return (
        EnforcementCase.objects.filter(
            court__code="京0105",
            status=EnforcementCase.Status.CLOSED,
            closure_mode="round_terminated",
            closed_on__lte=year_ago,
        )
        .order_by("closed_on", "pk")
        .first()
    )


def seed_after_round_termination() -> str:
    """Seeds the showcase and returns the one-line summary `seed-demo` prints."""
    case = showcase_case()
    if case is None:
        return "演示终本后定期查询：未找到一年前以终本结案的朝阳法院案件（结案演示数据未建立），已跳过。"
    rounds = list(ReInquiry.objects.filter(case=case).order_by("round")[:2])
    if len(rounds) < 2:
        return f"演示终本后定期查询：{case.case_number} 没有定期查询计划，已跳过。"
    with seeding(), transaction.atomic():  # console channel only: the demo texts nobody
        for row, finds in zip(rounds, (False, True), strict=True):
            row.refresh_from_db()
            if row.answered_on is not None or row.due_on > timezone.localdate():
                continue
            previous = partners.set_default(_Scripted(case.pk, finds))
            try:
                with duties.as_of(row.due_on):
                    closure_duties.after_round_termination(row.due_on)
                    _flush()
            finally:
                partners.set_default(previous)
        while notifications.send_due(limit=1000)[0]:
            pass
    done = ReInquiry.objects.filter(case=case, answered_on__isnull=False).count()
    flags = ResumptionFlag.objects.filter(case=case, status=ResumptionFlag.Status.OPEN).count()
    return (
        f"演示终本后定期查询：{case.case_number} 已查询并告知 {done} 次，"
        f"待恢复执行提示 {flags} 条（/resumptions/）。"
    )
