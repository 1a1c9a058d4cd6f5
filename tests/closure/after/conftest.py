"""Fixtures for the after-终本 tests: a 朝阳 case closed by 终本 with its ten rounds scheduled, the
departments registered, every request recorded (not sent), answers delivered by hand, “today”
pinned to 2026-11-26 (tests.linkage.conftest)."""

from datetime import date

import pytest
from django.db import transaction

from tests.cases.conftest import CHECKLIST, basis, file_case, parties, people  # noqa: F401
from tests.linkage.conftest import (  # noqa: F401 (fixtures)
    TODAY,
    answer,
    departments,
    pinned_today,
    recording,
    simulated,
)
from zhixing.cases import services as case_services
from zhixing.cases.rules.nodes import NodeCode
from zhixing.closure.models import ReInquiry
from zhixing.closure.services.after import re_inquiries_schedule
from zhixing.linkage.models import OutboxMessage

RECEIVED = date(2025, 6, 2)
DOCKETED = date(2025, 6, 3)
CLOSED = date(2025, 10, 10)  # rounds due 2026-04-10, 2026-10-10, 2027-04-10 …
ROUND1 = date(2026, 4, 10)
ROUND2 = date(2026, 10, 10)


def close_by(case, actor, on, mode="round_terminated"):
    """Closes the case by recording 结案 directly (the 终本 gate is the closure helper's, tested
    there); a 终本 closure gets its ten rounds as `case_close` schedules them."""
    case_services.node_record_owned(
        actor=actor, case=case, code=NodeCode.CLOSED, on=on, data={"mode": mode}
    )
    case.refresh_from_db()
    if mode == "round_terminated" and not ReInquiry.objects.filter(case=case).exists():
        with transaction.atomic():
            re_inquiries_schedule(case, on)
    return case


@pytest.fixture
def round_termination(file_case, people, departments, pinned_today, recording):  # noqa: F811
    """round_termination(**kw) → a 朝阳 case (officer 陈执行) closed by 终本 on CLOSED."""

    def make(
        received_on=RECEIVED,
        docket_on=DOCKETED,
        closed_on=CLOSED,
        effective_on=date(2025, 3, 1),
        performance_deadline=date(2025, 3, 15),
    ):
        case = file_case(
            received_on=received_on,
            docket_on=docket_on,
            basis=basis(effective_on=effective_on, performance_deadline=performance_deadline),
        )
        case_services.officer_assign(
            actor=people["chief"].user, cases=[case], officer=people["officer"], on=docket_on
        )
        return close_by(case, people["officer"].user, closed_on)

    return make


@pytest.fixture
def answer_round(answer):  # noqa: F811
    """answer_round(case, found={"real-estate": [item]}, skip=()) answers every unanswered inquiry
    of the case: nothing found except the items given per department code."""

    def run(case, found=None, skip=()):
        found = found or {}
        messages = OutboxMessage.objects.filter(
            case=case, kind="inquiry", answered_at__isnull=True
        ).select_related("department")
        for message in messages.order_by("pk"):
            code = message.department.code
            if code in skip:
                continue
            answer(code, message, {"items": found.get(code, []), "note": "未发现财产"})

    return run


FLAT = {
    "kind": "real_estate",
    "description": "北京市朝阳区住宅一套",
    "identifier": "京（2026）朝阳区不动产权第0000001号",
    "amount": "3000000.00",
}
