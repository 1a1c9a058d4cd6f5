"""Supervision services: escalation, designation, cross-assignment, 督促执行令, entrustment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from zhixing.cases.models import EnforcementCase, NodeEvent
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.models import AuditRecord
from zhixing.review.models import SupervisionAction
from zhixing.review.services import supervision as services

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 2)


def codes(case):
    return list(case.events.order_by("seq").values_list("code", flat=True))


def test_escalation_closes_original_and_dockets_new_case_at_upper_court(tree, staff, cy_case):
    """An upper court escalates: new 京03 case with its own number, parties and basis copied; the
    朝阳 case closes by 终结执行 with ground 提级执行 (法发〔2014〕26号 第17条)."""
    case = cy_case()
    action = services.escalate(actor=staff["bj3_judge"].user, case=case, on=ON, reason="消极执行")
    case.refresh_from_db()
    new = action.new_case
    assert case.status == EnforcementCase.Status.CLOSED
    assert case.closure_mode == "terminated"
    closed = case.events.get(code="closed")
    assert closed.data == {"mode": "terminated", "ground": "escalated"}
    assert codes(case)[-2:] == ["escalated", "closed"]
    assert case.events.get(code="escalated").data["case_number"] == new.case_number
    assert new.court_id == tree.bj3.id
    assert new.case_number.startswith("（2026）京03执")
    assert new.arrival == "escalation"
    assert new.previous_case_id == case.pk
    assert new.status == EnforcementCase.Status.DOCKETED
    assert sorted(new.parties.values_list("name", "role")) == sorted(
        case.parties.values_list("name", "role")
    )
    assert new.basis.document_number == case.basis.document_number
    assert new.claim_amount == case.claim_amount
    assert action.kind == "escalation" and action.status == "done"
    assert action.to_court_id == tree.bj3.id and action.deciding_court_id == tree.bj3.id
    assert AuditRecord.objects.filter(action="supervision.escalation").count() == 1


def test_failure_while_closing_leaves_no_new_case(staff, cy_case, monkeypatch):
    """The new case and the closure are one transaction: a refused closure leaves nothing."""
    case = cy_case()
    before = EnforcementCase.objects.count(), NodeEvent.objects.count()

    def refuse(**kw):
        raise DomainError("closure.paused", "案件处于中止状态，不能结案")

    monkeypatch.setattr(services.closure_services, "case_close", refuse)
    with pytest.raises(DomainError):
        services.escalate(actor=staff["bj3_judge"].user, case=case, on=ON, reason="消极执行")
    assert (EnforcementCase.objects.count(), NodeEvent.objects.count()) == before
    assert not SupervisionAction.objects.exists()
    case.refresh_from_db()
    assert case.status == EnforcementCase.Status.DOCKETED


def test_basic_court_cannot_escalate(staff, cy_case):
    case = cy_case()
    with pytest.raises(DomainError) as error:
        services.escalate(actor=staff["cy_judge"].user, case=case, on=ON, reason="x")
    assert error.value.code == "supervision.not_upper"
    assert not SupervisionAction.objects.exists()


def test_other_branch_cannot_see_the_case(staff, cy_case):
    with pytest.raises(NotFound):
        services.escalate(actor=staff["bj1_judge"].user, case=cy_case(), on=ON, reason="x")


def test_president_without_judge_role_is_refused(staff, cy_case):
    """Taking a case is a ruling that also closes the original: a judge records it."""
    with pytest.raises(AccessDenied) as error:
        services.escalate(actor=staff["bj3_president"].user, case=cy_case(), on=ON, reason="x")
    assert error.value.code == "supervision.role"


def test_designation_to_court_in_district(tree, courts, staff, cy_case):
    case = cy_case()
    action = services.designate(
        actor=staff["bj3_judge"].user, case=case, on=ON, to_court=courts["tongzhou"], reason="回避"
    )
    case.refresh_from_db()
    assert action.new_case.court_id == courts["tongzhou"].id
    assert action.new_case.case_number.startswith("（2026）京0112执")
    assert action.new_case.arrival == "designation"
    assert case.events.get(code="closed").data["ground"] == "designated"
    assert "designated" in codes(case)


def test_designation_outside_subtree_refused(tree, staff, cy_case):
    case = cy_case()
    with pytest.raises(DomainError) as error:
        services.designate(
            actor=staff["bj3_judge"].user, case=case, on=ON, to_court=tree.haidian, reason="x"
        )
    assert error.value.code == "supervision.outside_district"
    assert EnforcementCase.objects.filter(court=tree.haidian).count() == 0
    case.refresh_from_db()
    assert case.status == EnforcementCase.Status.DOCKETED


def test_high_court_designates_across_intermediate_districts(tree, courts, staff, cy_case):
    action = services.designate(
        actor=staff["high_judge"].user, case=cy_case(), on=ON, to_court=tree.haidian, reason="x"
    )
    assert action.new_case.court_id == tree.haidian.id


def test_cross_assignment_has_designation_effect(courts, staff, cy_case):
    case = cy_case()
    action = services.cross_assign(
        actor=staff["bj3_judge"].user, case=case, on=ON, to_court=courts["tongzhou"], reason="交叉"
    )
    case.refresh_from_db()
    assert action.kind == "cross_assignment"
    assert action.new_case.arrival == "designation"
    assert case.events.get(code="closed").data["ground"] == "designated"
    assert "cross_assigned" in codes(case)


def test_cross_assignment_needs_peer_court(tree, staff, cy_case):
    with pytest.raises(DomainError) as error:
        services.cross_assign(
            actor=staff["high_judge"].user, case=cy_case(), on=ON, to_court=tree.bj1, reason="x"
        )
    assert error.value.code == "supervision.cross_level"


def test_enforce_order_then_escalation_settles_it(staff, cy_case):
    case = cy_case()
    order = services.enforce_order(
        actor=staff["bj3_president"].user,
        case=case,
        on=ON,
        until=ON + timedelta(days=30),
        reason="超六个月",
    )
    assert order.status == "open" and "enforce_ordered" in codes(case)
    with pytest.raises(DomainError) as error:
        services.enforce_order(
            actor=staff["bj3_judge"].user,
            case=case,
            on=ON,
            until=ON + timedelta(days=30),
            reason="x",
        )
    assert error.value.code == "supervision.order_open"
    services.escalate(actor=staff["bj3_judge"].user, case=case, on=ON, reason="限期未执行")
    order.refresh_from_db()
    assert order.status == "done"


def test_enforce_order_until_must_follow_decision(staff, cy_case):
    with pytest.raises(InputError) as error:
        services.enforce_order(
            actor=staff["bj3_judge"].user, case=cy_case(), on=ON, until=ON, reason="x"
        )
    assert error.value.code == "supervision.until_order"


def test_order_done_when_case_closes(staff, cy_case):
    from zhixing.closure.services import case_close

    case = cy_case()
    order = services.enforce_order(
        actor=staff["bj3_judge"].user, case=case, on=ON, until=ON + timedelta(days=30), reason="x"
    )
    case_close(actor=staff["cy_officer"].user, case=case, mode="fully_performed", on=ON)
    order.refresh_from_db()
    assert order.status == "done"


# --- entrustment --------------------------------------------------------------------------------


def entrusted(staff, courts, cy_case, received=ON):
    case = cy_case()
    action = services.entrust(
        actor=staff["cy_officer"].user,
        case=case,
        on=ON,
        to_court=courts["fengtai"],
        reason="财产在丰台",
        matters="执行房产",
    )
    if received:
        action = services.entrustment_receive(
            actor=staff["ft_clerk"].user, action=action, on=received
        )
    return case, action


def test_entrustment_flow(courts, staff, cy_case):
    case, action = entrusted(staff, courts, cy_case)
    assert "entrusted" in codes(case)
    new = action.new_case
    assert new.court_id == courts["fengtai"].id and new.arrival == "entrustment"
    assert new.case_number.startswith("（2026）京0106执")
    assert codes(new)[-1] == "entrustment_received"
    deadlines = dict(new.deadlines.values_list("code", "due_on"))
    assert deadlines["entrustment_start"] == date(2026, 3, 17)  # 收函次日起十五日
    assert deadlines["entrustment_report"] == date(2026, 4, 1)
    # the entrusting court closes on the docketing notice (法释〔2011〕11号 第2条)
    services.entrustment_close(actor=staff["cy_officer"].user, action=action, on=ON)
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.events.get(code="closed").data["ground"] == "entrusted"
    services.entrustment_start(actor=staff["ft_officer"].user, action=action, on=ON)
    services.entrustment_report(
        actor=staff["ft_officer"].user, action=action, on=ON, report="已查封房产"
    )
    action.refresh_from_db()
    assert action.started_on == ON and action.reported_on == ON and action.status == "open"
    assert codes(action.new_case)[-2:] == ["entrustment_started", "entrustment_reported"]


def test_entrusting_court_cannot_close_before_docketing(courts, staff, cy_case):
    _, action = entrusted(staff, courts, cy_case, received=None)
    with pytest.raises(DomainError) as error:
        services.entrustment_close(actor=staff["cy_officer"].user, action=action, on=ON)
    assert error.value.code == "entrustment.not_received"


def test_entrustment_only_to_same_level(tree, staff, cy_case):
    with pytest.raises(DomainError) as error:
        services.entrust(
            actor=staff["cy_officer"].user, case=cy_case(), on=ON, to_court=tree.bj1, reason="x"
        )
    assert error.value.code == "supervision.not_same_level"


def test_entrustment_by_other_court_refused(courts, staff, cy_case):
    with pytest.raises(AccessDenied):
        services.entrust(
            actor=staff["bj3_judge"].user,
            case=cy_case(),
            on=ON,
            to_court=courts["fengtai"],
            reason="x",
        )


def test_only_entrusted_court_receives(courts, staff, cy_case):
    _, action = entrusted(staff, courts, cy_case, received=None)
    with pytest.raises(NotFound):
        services.entrustment_receive(actor=staff["hd_officer"].user, action=action, on=ON)


def test_ask_superior_only_after_fifteen_days_of_silence(courts, staff, cy_case, monkeypatch):
    received = date(2026, 1, 5)
    _, action = entrusted(staff, courts, cy_case, received=None)
    # a receipt dated before the entrustment itself is refused
    with pytest.raises(InputError):
        services.entrustment_receive(actor=staff["ft_clerk"].user, action=action, on=received)
    action = services.entrustment_receive(actor=staff["ft_clerk"].user, action=action, on=ON)
    with pytest.raises(InputError) as error:
        services.entrustment_ask_superior(
            actor=staff["cy_officer"].user, action=action, on=ON + timedelta(days=15)
        )
    assert error.value.code == "entrustment.too_early"
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: ON + timedelta(days=30))
    row = services.entrustment_ask_superior(
        actor=staff["cy_officer"].user, action=action, on=ON + timedelta(days=16), note="请督促"
    )
    assert row.superior_asked_on == ON + timedelta(days=16)
    assert row.overdue_since == date(2026, 3, 18)
    with pytest.raises(DomainError) as again:
        services.entrustment_ask_superior(
            actor=staff["cy_officer"].user, action=action, on=ON + timedelta(days=17)
        )
    assert again.value.code == "entrustment.already_asked"


def test_entrustment_done_when_entrusted_case_closes(courts, staff, cy_case):
    from zhixing.closure.services import case_close

    _, action = entrusted(staff, courts, cy_case)
    case_close(actor=staff["ft_officer"].user, case=action.new_case, mode="fully_performed", on=ON)
    action.refresh_from_db()
    assert action.status == "done"


def test_a_closed_entrusting_case_is_not_docketed_by_the_entrusted_court(courts, staff, cy_case):
    """The entrusting case closed meanwhile (performed): nothing is left to entrust, and the
    entrusted court's 立案 is refused with nothing written."""
    from zhixing.closure.services import case_close

    case, action = entrusted(staff, courts, cy_case, received=None)
    case_close(actor=staff["cy_officer"].user, case=case, mode="fully_performed", on=ON)
    before = EnforcementCase.objects.count()
    with pytest.raises(DomainError) as refused:
        services.entrustment_receive(actor=staff["ft_clerk"].user, action=action, on=ON)
    assert refused.value.code == "supervision.case_not_open"
    assert EnforcementCase.objects.count() == before
    action.refresh_from_db()
    assert action.received_on is None and action.new_case is None


def test_settled_orders_and_entrustments_are_audited(courts, staff, cy_case):
    """A case that moves settles its open 督促执行令; an entrusted case that closes settles its
    entrustment — each settled row with its audit record."""
    from zhixing.closure.services import case_close

    case = cy_case()
    order = services.enforce_order(
        actor=staff["bj3_judge"].user, case=case, on=ON, until=ON + timedelta(days=10), reason="x"
    )
    services.escalate(actor=staff["bj3_judge"].user, case=case, on=ON, reason="逾期")
    settled = AuditRecord.objects.filter(action="supervision.settled")
    assert list(settled.values_list("object_id", flat=True)) == [str(order.pk)]
    _, action = entrusted(staff, courts, cy_case)
    case_close(actor=staff["ft_officer"].user, case=action.new_case, mode="fully_performed", on=ON)
    assert settled.filter(object_id=str(action.pk)).count() == 1
    assert settled.get(object_id=str(action.pk)).after == {"status": "done"}


def test_supervision_grounds_are_the_closure_enums():
    from zhixing.closure.rules.modes import Ground, Mode

    assert set(services.GROUND_OF.values()) <= set(Ground)
    assert services.TERMINATED is Mode.TERMINATED
