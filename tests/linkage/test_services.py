"""Network inquiry through the outbox: written with the action, sent after commit, retried,
never sent twice, answered idempotently, closing the investigation once."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.linkage.conftest import STARTED
from zhixing.cases.models import CaseDeadline, NodeEvent
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.linkage import outbox
from zhixing.linkage.models import OutboxMessage, PartnerAnswer, PropertyFound, SimulatedAnswer
from zhixing.linkage.partners import deliver_simulated
from zhixing.linkage.services import answer_receive, network_inquiry_start, seed_departments

pytestmark = pytest.mark.django_db
S = OutboxMessage.Status


def start(people, case, on=STARTED, who="officer"):
    return network_inquiry_start(actor=people[who].user, case=case, on=on)


def test_seed_is_idempotent(departments, superuser):
    assert len(departments) == 25  # ten inquiry partners and the seed's joint-sanction members
    assert sum(d.answers_inquiries for d in departments.values()) == 10
    assert {"icbc", "ccb", "boc", "abc", "real-estate", "vehicle", "csdc"} <= set(departments)
    seed_departments(actor=superuser)
    assert len(seed_departments(actor=superuser)) == 25


def test_messages_are_written_with_the_action_and_sent_only_after_commit(
    people, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        messages = start(people, case)
        assert OutboxMessage.objects.filter(case=case, status=S.PENDING).count() == 10
    assert len(messages) == 10  # one respondent × ten departments
    assert not SimulatedAnswer.objects.exists()  # nothing left before commit
    assert OutboxMessage.objects.filter(status=S.SENT).count() == 0
    for callback in callbacks:
        callback()
    assert OutboxMessage.objects.filter(case=case, status=S.SENT).count() == 10
    assert SimulatedAnswer.objects.count() == 10
    row = OutboxMessage.objects.get(case=case, department__code="icbc")
    assert row.payload["who"] == {
        "name": "王被执",
        "kind": "person",
        "id_number": "11010519491231002X",
    }
    assert row.answer_due_on == date(2026, 11, 5)  # three working days
    assert AuditRecord.objects.filter(action="linkage.network_inquiry_start").count() == 1


def test_refused_action_leaves_no_message(people, case):
    with pytest.raises(AccessDenied) as caught:
        start(people, case, who="clerk")
    assert caught.value.code == "inquiry.role"
    assert not OutboxMessage.objects.exists()
    assert not NodeEvent.objects.filter(case=case, code="investigation_started").exists()


def test_failed_send_is_retried_with_backoff(
    people, case, recording, django_capture_on_commit_callbacks
):
    recording.down = True
    with django_capture_on_commit_callbacks(execute=True):
        start(people, case)
    row = OutboxMessage.objects.get(case=case, department__code="icbc")
    assert (row.status, row.attempts) == (S.FAILED, 1)
    assert "前置机连接超时" in row.last_error
    assert timedelta(seconds=50) < row.next_attempt_at - timezone.now() <= timedelta(minutes=1)
    recording.down = False
    assert outbox.send_due() == (0, 0)  # not due yet: the back-off holds
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    recording.down = True
    assert outbox.send_due() == (0, 10)
    row.refresh_from_db()
    assert row.attempts == 2
    assert timedelta(minutes=1) < row.next_attempt_at - timezone.now() <= timedelta(minutes=2)
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    recording.down = False
    assert outbox.send_due() == (10, 0)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (S.SENT, 3, "")
    assert len(recording.sent) == 10


def test_a_message_is_never_sent_twice(people, case, recording, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        start(people, case)
    assert outbox.send_due() == (0, 0)  # a second worker finds nothing to do
    call_command("outbox_send")
    assert sorted(recording.sent) == sorted(
        OutboxMessage.objects.values_list("idempotency_key", flat=True)
    )


def _answered_case(people, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        start(people, case)
    assert deliver_simulated() == 10
    return case


def test_answers_record_property_and_complete_the_investigation_once(
    people, case, django_capture_on_commit_callbacks
):
    _answered_case(people, case, django_capture_on_commit_callbacks)
    assert OutboxMessage.objects.filter(case=case, status=S.ANSWERED).count() == 10
    found = PropertyFound.objects.filter(case=case)
    assert found.count() >= 1
    assert {f.party.name for f in found} == {"王被执"}
    completed = NodeEvent.objects.get(case=case, code="investigation_completed")
    assert completed.data["found"] == found.count()
    assert completed.actor == people["officer"].user
    started = NodeEvent.objects.filter(case=case, code="investigation_started")
    assert [e.occurred_on for e in started] == [STARTED]
    deadline = CaseDeadline.objects.get(case=case, code="investigation_completion")
    assert (deadline.started_on, deadline.due_on) == (STARTED, date(2026, 12, 2))
    assert deadline.met_on == timezone.localdate()
    # a second round neither restarts nor recompletes the investigation
    with pytest.raises(InputError) as caught:
        start(people, case, on=date(2026, 9, 1))
    assert caught.value.code == "inquiry.before_filing"
    start(people, case, on=timezone.localdate())
    deliver_simulated()
    assert NodeEvent.objects.filter(case=case, code="investigation_started").count() == 1
    assert NodeEvent.objects.filter(case=case, code="investigation_completed").count() == 1


def test_second_round_is_refused_while_one_is_open(people, case):
    start(people, case)
    with pytest.raises(DomainError) as caught:
        start(people, case)
    assert caught.value.code == "inquiry.in_progress"


def test_duplicate_answers_change_nothing(
    people, case, departments, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start(people, case)
    message = OutboxMessage.objects.get(case=case, department__code="icbc")
    payload = {
        "items": [{"kind": "deposit", "description": "活期", "identifier": "1", "amount": "5"}]
    }
    answer, created = answer_receive(
        actor=None,
        department_code="icbc",
        answer_id="A-1",
        message_key=message.idempotency_key,
        payload=payload,
    )
    assert created
    audits = AuditRecord.objects.count()
    again, created = answer_receive(
        actor=None,
        department_code="icbc",
        answer_id="A-1",
        message_key=message.idempotency_key,
        payload=payload,
    )
    assert (again.pk, created) == (answer.pk, False)
    other, created = answer_receive(
        actor=None,
        department_code="icbc",
        answer_id="A-2",
        message_key=message.idempotency_key,
        payload=payload,
    )
    assert (other.pk, created) == (answer.pk, False)  # a message is answered once
    assert PropertyFound.objects.filter(message=message).count() == 1
    assert PartnerAnswer.objects.count() == 1
    assert AuditRecord.objects.count() == audits


def test_answer_for_another_department_or_unknown_message_is_refused(people, case, superuser):
    start(people, case)
    message = OutboxMessage.objects.get(case=case, department__code="icbc")
    with pytest.raises(NotFound) as caught:
        answer_receive(
            actor=None,
            department_code="ccb",
            answer_id="X",
            message_key=message.idempotency_key,
            payload={},
        )
    assert caught.value.code == "answer.message_unknown"
    with pytest.raises(NotFound) as caught:
        answer_receive(
            actor=None, department_code="nobank", answer_id="X", message_key="k", payload={}
        )
    assert caught.value.code == "linkage.department_unknown"
    with pytest.raises(AccessDenied) as caught:
        answer_receive(
            actor=people["officer"].user,
            department_code="icbc",
            answer_id="X",
            message_key=message.idempotency_key,
            payload={},
        )
    assert caught.value.code == "answer.not_partner"


def test_another_courts_officer_cannot_start(people, case, tree, make_staff):
    stranger = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    with pytest.raises(NotFound):
        network_inquiry_start(actor=stranger.user, case=case, on=STARTED)


def test_refusals_of_the_case_and_parties(people, file_case, departments):
    received = file_case()
    with pytest.raises(DomainError) as caught:
        start(people, received)
    assert caught.value.code == "inquiry.case_not_open"
    from tests.cases.conftest import parties

    nameless = file_case(docket_on=date(2026, 9, 22), parties=parties(id_number=""))
    with pytest.raises(DomainError) as caught:
        start(people, nameless)
    assert caught.value.code == "inquiry.identity_missing"
    with pytest.raises(InputError) as caught:
        start(people, nameless, on=timezone.localdate() + timedelta(days=1))
    assert caught.value.code == "inquiry.future"


def test_reconciliation_lists_messages_past_their_deadline(
    people, case, recording, file_case, capsys
):
    start(people, case)  # answers due 2026-11-05: overdue today
    fresh = file_case(docket_on=date(2026, 9, 22))
    start(people, fresh, on=timezone.localdate())  # due in the future
    OutboxMessage.objects.filter(case=case).exclude(department__code="icbc").update(
        status=S.ANSWERED, answered_at=timezone.now()
    )
    call_command("outbox_reconcile")
    out = capsys.readouterr().out
    assert "超期未答复 1 条" in out
    assert "icbc" in out and case.case_number in out
    assert fresh.case_number not in out
