"""cases.services on the database: filing, numbers, nodes, extensions, stages, refusals that write nothing."""

from datetime import date

import pytest

from tests.cases.conftest import CHECKLIST, basis, parties
from zhixing.cases import hooks, services
from zhixing.cases.models import (
    CaseDeadline,
    EnforcementCase,
    NodeEvent,
    Notification,
    Party,
    StageAssignment,
)
from zhixing.cases.rules.nodes import NodeCode
from zhixing.core.audit import audit_verify
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.models import AuditRecord

pytestmark = pytest.mark.django_db


def counts():
    return (
        EnforcementCase.objects.count(),
        Party.objects.count(),
        NodeEvent.objects.count(),
        CaseDeadline.objects.count(),
        AuditRecord.objects.count(),
    )


def test_numbers_run_per_court_type_and_year(tree, people, file_case, make_staff):
    first = file_case(docket_on=date(2026, 9, 22))
    second = file_case(docket_on=date(2026, 9, 22))
    resumed = file_case(docket_on=date(2026, 9, 22), type_code="执恢")
    last_year = file_case(
        received_on=date(2025, 12, 30),
        docket_on=date(2026, 1, 4),
        basis=basis(effective_on=date(2025, 11, 1), performance_deadline=date(2025, 11, 15)),
    )
    assert [c.case_number for c in (first, second, resumed, last_year)] == [
        "（2026）京0105执1号",
        "（2026）京0105执2号",
        "（2026）京0105执恢1号",
        "（2025）京0105执1号",
    ]
    haidian_clerk = make_staff(tree.haidian, "hd_clerk", roles=["clerk"])
    other = services.case_receive(
        actor=haidian_clerk.user,
        court=tree.haidian,
        type_code="执",
        origin="civil_judgment",
        arrival="application",
        received_on=date(2026, 9, 21),
        basis=basis(),
        parties=parties(),
    )
    other = services.case_docket(
        actor=haidian_clerk.user, case=other, on=date(2026, 9, 21), checklist=CHECKLIST
    )
    assert other.case_number == "（2026）京0108执1号"


def test_receipt_records_parties_minority_and_warning(file_case):
    case = file_case(
        received_on=date(2026, 9, 21),
        basis=basis(effective_on=date(2023, 1, 1), performance_deadline=date(2023, 1, 10)),
        parties=parties(id_number="110105201001010010", name="小明"),
    )
    respondent = case.parties.get(role="respondent")
    assert respondent.minor_at_filing is True
    assert "二年申请执行期间" in case.limitation_warning
    assert case.status == EnforcementCase.Status.RECEIVED
    assert list(case.events.values_list("code", flat=True)) == ["received"]
    assert set(case.deadlines.values_list("code", flat=True)) == {
        "docket_decision",
        "enforcement_notice",
    }


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"claim_amount": "-5"}, "money.negative", "claim_amount"),
        ({"claim_amount": "abc"}, "money.format", "claim_amount"),
        ({"basis": basis(amount="12.345")}, "money.precision", "basis.amount"),
        (
            {"basis": basis(performance_deadline=date(2025, 11, 1))},
            "basis.deadline_before_effective",
            "performance_deadline",
        ),
        (
            {"parties": parties(id_number="110105194912310021")},
            "id_number.check_digit",
            "parties.1.id_number",
        ),
        ({"parties": parties()[:1]}, "case.parties", "parties"),
        (
            {
                "parties": parties(
                    kind="legal_entity",
                    name="某公司",
                    credit_code="91350100M000100Y44",
                    legal_representative="赵",
                )
            },
            "credit_code.check_char",
            "parties.1.credit_code",
        ),
        (
            {"parties": parties(kind="legal_entity", name="某公司", id_number="")},
            "party.representative_required",
            "parties.1.legal_representative",
        ),
        ({"type_code": "执保"}, "case.origin_type", "origin"),
        ({"type_code": "执请"}, "type_code.invalid", "type_code"),
        ({"received_on": date(2026, 12, 25)}, "case.received_future", "received_on"),
    ],
)
def test_bad_filing_input_is_refused_and_writes_nothing(file_case, kwargs, code, field):
    before = counts()
    with pytest.raises(InputError) as caught:
        file_case(**kwargs)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert caught.value.message
    assert counts() == before


def test_docketing_needs_every_acceptance_condition(file_case, people):
    case = file_case()
    before = counts()
    with pytest.raises(InputError) as caught:
        services.case_docket(
            actor=people["clerk"].user,
            case=case,
            on=date(2026, 9, 22),
            checklist=CHECKLIST | {"jurisdiction": False},
        )
    assert caught.value.code == "acceptance.jurisdiction"
    assert counts() == before
    refused = services.case_refuse(
        actor=people["clerk"].user, case=case, on=date(2026, 9, 23), reason="不属本院管辖"
    )
    assert refused.status == EnforcementCase.Status.REFUSED and refused.case_number is None
    assert CaseDeadline.objects.get(case=case, code="docket_decision").met_on == date(2026, 9, 23)


def test_node_refusals_write_nothing(file_case, people):
    case = file_case(docket_on=date(2026, 9, 22))
    for kwargs, code in [
        ({"actor": people["officer"].user, "code": "notice_served"}, "node.out_of_order"),
        ({"actor": people["clerk"].user, "code": "suspended"}, "node.role"),
        ({"actor": people["officer"].user, "code": "resumed"}, "node.out_of_order"),
    ]:
        before = counts()
        with pytest.raises(DomainError) as caught:
            services.node_record(case=case, on=date(2026, 9, 25), **kwargs)
        assert caught.value.code == code
        assert counts() == before
    with pytest.raises(InputError) as caught:
        services.node_record(
            actor=people["officer"].user, case=case, code="notice_issued", on=date(2026, 9, 20)
        )
    assert caught.value.code == "node.date_order"
    with pytest.raises(InputError) as caught:
        services.node_record(
            actor=people["officer"].user, case=case, code="docketed", on=date(2026, 9, 25)
        )
    assert caught.value.code == "node.dedicated"


def test_other_court_cannot_touch_the_case(tree, file_case, make_staff):
    case = file_case(docket_on=date(2026, 9, 22))
    stranger = make_staff(tree.haidian, "hd_officer")
    with pytest.raises(NotFound):
        services.node_record(
            actor=stranger.user, case=case, code="notice_issued", on=date(2026, 9, 25)
        )


def test_national_day_and_suspension_move_deadlines(file_case, people):
    """The issue's 'done when': deadlines move on suspension/resumption and across National Day."""
    case = file_case(received_on=date(2026, 9, 21), docket_on=date(2026, 9, 22))
    notice = CaseDeadline.objects.get(case=case, code="enforcement_notice")
    assert (notice.due_on, notice.moved_from) == (date(2026, 10, 8), date(2026, 10, 1))
    closure = lambda: CaseDeadline.objects.get(case=case, code="closure")  # noqa: E731
    assert closure().due_on == date(2027, 3, 22)
    services.node_record(
        actor=people["officer"].user, case=case, code="suspended", on=date(2026, 10, 9)
    )
    assert closure().due_on is None and closure().paused
    services.node_record(
        actor=people["officer"].user, case=case, code="resumed", on=date(2026, 10, 29)
    )
    assert closure().due_on == date(2027, 4, 12) and not closure().paused  # + 20 days


def test_extension_flow(file_case, people):
    case = file_case(
        received_on=date(2026, 3, 2),
        docket_on=date(2026, 3, 3),
        basis=basis(effective_on=date(2026, 1, 5), performance_deadline=date(2026, 1, 20)),
    )
    assert CaseDeadline.objects.get(case=case, code="closure").due_on == date(2026, 9, 3)
    with pytest.raises(DomainError) as caught:
        services.extension_request(
            actor=people["officer"].user,
            case=case,
            on=date(2026, 8, 28),
            months=3,
            reason="财产待处置",
        )
    assert caught.value.code == "extension.too_early"
    services.extension_request(
        actor=people["officer"].user, case=case, on=date(2026, 8, 31), months=3, reason="财产待处置"
    )
    with pytest.raises(DomainError) as caught:
        services.extension_decide(
            actor=people["officer"].user, case=case, on=date(2026, 9, 1), approve=True, months=3
        )
    assert caught.value.code == "node.role"
    with pytest.raises(InputError) as caught:
        services.extension_decide(
            actor=people["president"].user, case=case, on=date(2026, 9, 1), approve=True, months=4
        )
    assert caught.value.code == "extension.length"
    services.extension_decide(
        actor=people["president"].user, case=case, on=date(2026, 9, 1), approve=True, months=3
    )
    closure = CaseDeadline.objects.get(case=case, code="closure")
    assert closure.extended_months == 3 and closure.due_on == date(2026, 12, 3)
    with pytest.raises(DomainError) as caught:
        services.extension_decide(
            actor=people["president"].user, case=case, on=date(2026, 9, 2), approve=True, months=1
        )
    assert caught.value.code == "extension.none_pending"


def test_extension_too_late(file_case, people):
    case = file_case(
        received_on=date(2026, 3, 2),
        docket_on=date(2026, 3, 3),
        basis=basis(effective_on=date(2026, 1, 5), performance_deadline=date(2026, 1, 20)),
    )
    with pytest.raises(DomainError) as caught:
        services.extension_request(
            actor=people["officer"].user, case=case, on=date(2026, 9, 4), months=1, reason="x"
        )
    assert caught.value.code == "extension.too_late"


def test_stage_assignment_separation_and_worklist(file_case, people):
    cases = [file_case(docket_on=date(2026, 9, 22)) for _ in range(3)]
    chief = people["chief"].user
    assert (
        services.officer_assign(
            actor=chief, cases=cases, officer=people["officer"], on=date(2026, 9, 23)
        )
        == 3
    )
    services.stage_assign(
        actor=chief,
        cases=cases,
        stage="inquiry_control",
        staff=people["officer2"],
        on=date(2026, 9, 23),
    )
    before = StageAssignment.objects.count()
    with pytest.raises(DomainError) as caught:
        services.stage_assign(
            actor=chief,
            cases=cases,
            stage="disposal",
            staff=people["officer2"],
            on=date(2026, 9, 24),
        )
    assert caught.value.code == "stage.separation" and "财产查控" in caught.value.message
    assert StageAssignment.objects.count() == before  # all or nothing
    with pytest.raises(AccessDenied):
        services.stage_assign(
            actor=people["officer"].user,
            cases=cases,
            stage="payout",
            staff=people["officer3"],
            on=date(2026, 9, 24),
        )
    services.stage_assign(
        actor=chief, cases=cases, stage="disposal", staff=people["officer3"], on=date(2026, 9, 24)
    )
    # the notice deadlines belong to the 承办人 (no notice-stage holder); lead checks to the inquiry holder
    assert (
        CaseDeadline.objects.filter(
            case__in=cases, code="leads_request", responsible=people["officer"]
        ).count()
        == 3
    )
    services.node_record(
        actor=people["officer"].user, case=cases[0], code="lead_received", on=date(2026, 9, 25)
    )
    assert (
        CaseDeadline.objects.get(case=cases[0], code="lead_verification").responsible
        == people["officer2"]
    )


def test_notifications_are_queued_per_party_and_sent(
    file_case, people, django_capture_on_commit_callbacks
):
    from zhixing.cases.notifications import send_due

    with django_capture_on_commit_callbacks(execute=True):
        case = file_case(docket_on=date(2026, 9, 22))
    rows = Notification.objects.filter(case=case)
    assert rows.count() == 4  # two parties × (received, docketed)
    assert all(r.status == Notification.Status.SENT for r in rows)
    assert "（2026）京0105执1号" in rows.filter(event__code="docketed").first().message
    assert send_due() == (0, 0)


def test_failed_channel_keeps_the_message_for_retry(file_case, settings):
    settings.ZHIXING_NOTIFICATION_CHANNEL = "tests.cases.test_services.BrokenChannel"
    from zhixing.cases.notifications import send_due

    file_case()
    assert send_due() == (0, 2)
    row = Notification.objects.first()
    assert (
        row.status == Notification.Status.FAILED and row.attempts == 1 and "网关" in row.last_error
    )
    assert send_due() == (0, 0)  # backed off: not due again yet


class BrokenChannel:
    name = "sms"

    def address_of(self, party):
        return party.phone

    def send(self, address, message):
        raise ConnectionError("短信网关无响应")


def test_hooks_run_inside_the_transaction(file_case, people):
    seen = []

    @hooks.on_node(NodeCode.PAYOUT_MADE)
    def record(case, event, actor):
        seen.append((case.pk, event.code))

    try:
        case = file_case(docket_on=date(2026, 9, 22))
        services.node_record(
            actor=people["officer"].user,
            case=case,
            code="payout_made",
            on=date(2026, 9, 25),
            data={"amount": "100.00"},
        )
        assert seen == [(case.pk, "payout_made")]
    finally:
        hooks._HANDLERS[NodeCode.PAYOUT_MADE].remove(record)


def test_collegial_decision_rules(file_case, people, make_staff, tree):
    case = file_case(docket_on=date(2026, 9, 22))
    panel = [people["judge"], people["officer"], people["officer2"]]
    decision = services.collegial_decision_record(
        actor=people["judge"].user,
        case=case,
        kind="panel",
        decided_on=date(2026, 9, 30),
        subject="执行方案",
        outcome="先行冻结",
        members=panel,
        presiding=people["judge"],
    )
    assert decision.members.count() == 3
    with pytest.raises(InputError) as caught:
        services.collegial_decision_record(
            actor=people["judge"].user,
            case=case,
            kind="panel",
            decided_on=date(2026, 9, 30),
            subject="x",
            outcome="y",
            members=panel + [people["officer3"]],
            presiding=people["judge"],
        )
    assert caught.value.code == "panel.odd"
    with pytest.raises(InputError) as caught:
        services.collegial_decision_record(
            actor=people["judge"].user,
            case=case,
            kind="joint_meeting",
            decided_on=date(2026, 9, 30),
            subject="x",
            outcome="y",
            members=panel[:2],
            presiding=people["judge"],
        )
    assert caught.value.code == "panel.size"


def test_trial_feedback_and_voluntary_performance(tree, file_case, people):
    case = file_case(docket_on=date(2026, 9, 22))
    feedback = services.trial_feedback_raise(
        actor=people["officer"].user,
        case=case,
        issue="判项未明确交付标的物的型号",
        on=date(2026, 9, 25),
    )
    with pytest.raises(AccessDenied):
        services.trial_feedback_answer(
            actor=people["officer"].user, feedback=feedback, answer="x", on=date(2026, 9, 26)
        )
    services.trial_feedback_answer(
        actor=people["judge"].user, feedback=feedback, answer="以判决附表为准", on=date(2026, 9, 26)
    )
    record = services.voluntary_performance_record(
        actor=people["judge"].user,
        court=tree.chaoyang,
        document_number="（2026）京0105民初5号",
        performed_on=date(2026, 9, 1),
        amount="5000",
    )
    assert str(record.amount) == "5000.00"
    with pytest.raises(InputError):
        services.voluntary_performance_record(
            actor=people["judge"].user,
            court=tree.chaoyang,
            document_number="x",
            performed_on=date(2026, 9, 1),
            amount="-1",
        )


def test_reminder_by_chief_and_upper_court(tree, file_case, people, make_staff):
    case = file_case(received_on=date(2026, 9, 1))  # never docketed: the 7 days ran out long ago
    deadline = CaseDeadline.objects.get(case=case, code="docket_decision")
    with pytest.raises(AccessDenied):
        services.reminder_send(
            actor=people["officer"].user, deadline=deadline, message="请尽快立案"
        )
    services.reminder_send(actor=people["chief"].user, deadline=deadline, message="请尽快立案")
    upper = make_staff(tree.bj3, "bj3_any", roles=["officer"])
    services.reminder_send(actor=upper.user, deadline=deadline, message="中院督办")
    assert deadline.reminders.count() == 2


def test_every_write_is_audited_and_the_chain_holds(file_case, people):
    case = file_case(docket_on=date(2026, 9, 22))
    services.node_record(
        actor=people["officer"].user, case=case, code="notice_issued", on=date(2026, 9, 25)
    )
    actions = list(AuditRecord.objects.filter(chain=case.court_id).values_list("action", flat=True))
    assert {
        "case.receive",
        "node.received",
        "case.docket",
        "node.docketed",
        "node.notice_issued",
    } <= set(actions)
    assert audit_verify() == []


def test_recompute_after_holiday_table_change(file_case, people):
    """An administrator marks a day as a holiday: the command moves the open due dates."""
    from django.core.management import call_command

    from zhixing.core.models import HolidayOverride

    case = file_case(received_on=date(2026, 9, 21), docket_on=date(2026, 9, 22))
    assert CaseDeadline.objects.get(case=case, code="closure").due_on == date(2027, 3, 22)
    HolidayOverride.objects.create(day=date(2027, 3, 22), kind="rest", name="测试调休")
    call_command("recompute_deadlines")
    closure = CaseDeadline.objects.get(case=case, code="closure")
    assert (closure.due_on, closure.moved_from) == (date(2027, 3, 23), date(2027, 3, 22))
    assert CaseDeadline.objects.get(case=case, code="docket_decision").met_on == date(2026, 9, 22)


def test_a_refused_case_leaves_nothing_overdue(file_case, people):
    from zhixing.cases.selectors import overdue

    case = file_case(received_on=date(2026, 9, 1))
    services.case_refuse(
        actor=people["clerk"].user, case=case, on=date(2026, 9, 4), reason="不属本院管辖"
    )
    assert not overdue(actor=people["chief"].user).filter(case=case).exists()
    assert CaseDeadline.objects.get(case=case, code="enforcement_notice").ended


def test_what_the_court_owes_the_applicant_is_told_to_the_applicant_alone(file_case, people):
    """约谈申请执行人 (终本规定 第5条) concerns the applicant; the respondent is not messaged."""
    case = file_case(docket_on=date(2026, 9, 22))
    event = services.node_record(
        actor=people["officer"].user,
        case=case,
        code="applicant_interviewed",
        on=date(2026, 9, 24),
        data={"record": "电话约谈，申请执行人同意"},
    )
    told = Notification.objects.filter(event=event)
    assert told.count() == 1 and told.get().party.role == "applicant"
    everyone = services.node_record(
        actor=people["officer"].user, case=case, code="notice_issued", on=date(2026, 9, 24)
    )
    assert Notification.objects.filter(event=everyone).count() == 2  # both parties


def test_a_result_is_told_to_the_applicant_only(file_case, people):
    from zhixing.cases.models import NodeEvent
    from zhixing.cases.notifications import compose

    case = file_case(docket_on=date(2026, 9, 22))
    services.node_record(
        actor=people["officer"].user, case=case, code="investigation_started", on=date(2026, 9, 23)
    )
    event = services.node_record(
        actor=people["officer"].user,
        case=case,
        code="investigation_completed",
        on=date(2026, 9, 24),
        data={"result": "未发现可供执行的财产"},
    )
    for message in Notification.objects.filter(event=event).values_list("message", flat=True):
        assert "完成财产调查。" in message and "未发现" not in message  # told to both parties
    told = NodeEvent(code="re_inquiry_told", occurred_on=date(2027, 3, 24), data={"result": "无"})
    applicant = case.parties.get(role="applicant")
    assert "终本后定期查询结果告知申请执行人：无。" in compose(case, told, applicant)


def test_the_generic_form_refuses_nodes_their_own_service_records(file_case, people):
    case = file_case(docket_on=date(2026, 9, 22))
    for code in ("closed", "review_decided", "escalated", "round_termination_approved"):
        with pytest.raises(InputError) as caught:
            services.node_record(
                actor=people["officer"].user, case=case, code=code, on=date(2026, 9, 23)
            )
        assert caught.value.code == "node.dedicated"
    assert not case.events.exclude(code__in=["received", "docketed"]).exists()
