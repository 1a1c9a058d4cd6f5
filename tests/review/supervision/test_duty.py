"""The overdue-supervision duty: lapsed 督促执行令 and silent entrustments; idempotent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from zhixing.core.duties import duties
from zhixing.review.duties import overdue_supervision
from zhixing.review.models import SupervisionAction
from zhixing.review.services import supervision as services

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 2)


def test_registered():
    assert "review.overdue_supervision" in {d.name for d in duties()}


def test_lapsed_order_becomes_overdue_once(staff, cy_case):
    order = services.enforce_order(
        actor=staff["bj3_judge"].user,
        case=cy_case(),
        on=ON,
        until=ON + timedelta(days=10),
        reason="x",
    )
    assert "督促执行令逾期 0 件" in overdue_supervision(ON + timedelta(days=10))
    assert "督促执行令逾期 1 件" in overdue_supervision(ON + timedelta(days=11))
    order.refresh_from_db()
    assert (order.status, order.overdue_since) == ("overdue", ON + timedelta(days=11))
    assert "督促执行令逾期 0 件" in overdue_supervision(ON + timedelta(days=12))
    order.refresh_from_db()
    assert order.overdue_since == ON + timedelta(days=11)


def test_closed_case_order_not_flagged(staff, cy_case):
    from zhixing.closure.services import case_close

    case = cy_case()
    order = services.enforce_order(
        actor=staff["bj3_judge"].user, case=case, on=ON, until=ON + timedelta(days=10), reason="x"
    )
    case_close(actor=staff["cy_officer"].user, case=case, mode="fully_performed", on=ON)
    overdue_supervision(ON + timedelta(days=40))
    order.refresh_from_db()
    assert order.status == "done" and order.overdue_since is None


def test_silent_entrustment_flagged_once(courts, staff, cy_case):
    action = services.entrust(
        actor=staff["cy_officer"].user,
        case=cy_case(),
        on=ON,
        to_court=courts["fengtai"],
        reason="x",
    )
    action = services.entrustment_receive(actor=staff["ft_clerk"].user, action=action, on=ON)
    assert "未开始执行 0 件" in overdue_supervision(date(2026, 3, 17))  # last day to start
    assert "未开始执行 1 件" in overdue_supervision(date(2026, 3, 18))
    assert "未开始执行 0 件" in overdue_supervision(date(2026, 3, 19))
    action.refresh_from_db()
    assert action.overdue_since == date(2026, 3, 18) and action.status == "open"


def test_started_entrustment_not_flagged(courts, staff, cy_case):
    action = services.entrust(
        actor=staff["cy_officer"].user,
        case=cy_case(),
        on=ON,
        to_court=courts["fengtai"],
        reason="x",
    )
    action = services.entrustment_receive(actor=staff["ft_clerk"].user, action=action, on=ON)
    services.entrustment_start(actor=staff["ft_officer"].user, action=action, on=ON)
    overdue_supervision(date(2026, 5, 1))
    assert SupervisionAction.objects.get(pk=action.pk).overdue_since is None


def test_each_change_is_audited_by_the_system_account_once(courts, staff, cy_case):
    from zhixing.core.duties import SYSTEM_USERNAME
    from zhixing.core.models import AuditRecord

    order = services.enforce_order(
        actor=staff["bj3_judge"].user,
        case=cy_case(),
        on=ON,
        until=ON + timedelta(days=10),
        reason="x",
    )
    action = services.entrust(
        actor=staff["cy_officer"].user,
        case=cy_case(),
        on=ON,
        to_court=courts["fengtai"],
        reason="x",
    )
    services.entrustment_receive(actor=staff["ft_clerk"].user, action=action, on=ON)
    overdue_supervision(date(2026, 3, 18))
    overdue_supervision(date(2026, 3, 18))  # a second run changes nothing, audits nothing
    lapsed = AuditRecord.objects.get(action="supervision.order_overdue")
    silent = AuditRecord.objects.get(action="supervision.entrustment_silent")
    assert lapsed.object_id == str(order.pk) and silent.object_id == str(action.pk)
    assert lapsed.actor_name == SYSTEM_USERNAME == silent.actor_name
    assert lapsed.after["status"] == "overdue" and lapsed.before["status"] == "open"
