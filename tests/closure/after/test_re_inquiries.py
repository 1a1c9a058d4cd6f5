"""The six-monthly inquiries after 终本 (法〔2016〕373号 第9条): sent by the duty exactly once when
due, settled when every department has answered, told to the applicant, property found → a
resumption flag on the officer's worklist (十个必须 第6条)."""

from collections import defaultdict
from datetime import date, timedelta

import pytest

from tests.closure.after.conftest import CLOSED, FLAT, ROUND1, ROUND2, close_by
from zhixing.cases import selectors as case_selectors
from zhixing.cases.models import NodeEvent, Notification
from zhixing.closure import duties as closure_duties
from zhixing.closure.models import ReInquiry, ResumptionFlag
from zhixing.closure.services import after
from zhixing.core import duties
from zhixing.core.errors import DomainError
from zhixing.core.models import AuditRecord
from zhixing.linkage import hooks
from zhixing.linkage.models import OutboxMessage
from zhixing.linkage.services import network_inquiry_start

pytestmark = pytest.mark.django_db


def codes(case):
    return list(NodeEvent.objects.filter(case=case).order_by("seq").values_list("code", flat=True))


def state():
    return (
        OutboxMessage.objects.count(),
        NodeEvent.objects.count(),
        AuditRecord.objects.count(),
        ResumptionFlag.objects.count(),
        list(ReInquiry.objects.order_by("pk").values_list("sent_on", "answered_on")),
    )


def test_ten_rounds_every_six_months_for_five_years(round_termination):
    case = round_termination()
    dues = list(
        ReInquiry.objects.filter(case=case).order_by("round").values_list("due_on", flat=True)
    )
    assert len(dues) == 10
    assert dues[0] == ROUND1 and dues[1] == ROUND2 and dues[-1] == date(2030, 10, 10)


def test_the_duty_sends_a_due_round_once_and_a_second_run_changes_nothing(round_termination):
    case = round_termination()
    started = codes(case).count("investigation_started")
    line = closure_duties.after_round_termination(ROUND1)
    assert "发起 1 次" in line
    first = ReInquiry.objects.get(case=case, round=1)
    assert first.sent_on == ROUND1
    assert ReInquiry.objects.get(case=case, round=2).sent_on is None  # not yet due then
    assert OutboxMessage.objects.filter(case=case, kind="inquiry").count() == 10  # 10 departments
    event = NodeEvent.objects.filter(case=case, code="re_inquiry_sent").get()
    assert (event.occurred_on, event.data, event.actor_name) == (
        ROUND1,
        {"round": 1},
        "zhixing-system",
    )
    assert codes(case).count("investigation_started") == started  # no new investigation clock
    before = state()
    again = closure_duties.after_round_termination(ROUND1)
    assert "发起 0 次" in again
    assert state() == before


def test_a_round_waits_while_the_previous_one_is_unanswered(round_termination):
    """Both rounds due by now: round 1 goes out, round 2 is refused (linkage: one inquiry at a
    time), reported, writes nothing, and is sent by a later run once round 1 is answered."""
    case = round_termination()
    line = closure_duties.after_round_termination(date(2026, 11, 26))
    assert "发起 1 次" in line and "暂未能发起 1 次" in line
    assert ReInquiry.objects.get(case=case, round=2).sent_on is None


def test_nothing_found_is_told_to_the_applicant(round_termination, answer_round):
    case = round_termination()
    closure_duties.after_round_termination(ROUND1)
    answer_round(case)
    row = ReInquiry.objects.get(case=case, round=1)
    assert (row.found, row.result) == (False, "未发现可供执行的财产")
    assert row.answered_on == row.told_on == date(2026, 11, 26)
    told = NodeEvent.objects.get(case=case, code="re_inquiry_told")
    assert told.data == {"round": 1, "result": "未发现可供执行的财产"}
    applicant = case.parties.get(role="applicant")
    assert Notification.objects.filter(event=told, party=applicant).exists()
    assert not ResumptionFlag.objects.filter(case=case).exists()


def test_the_reaction_carries_the_duty_day(round_termination, answer_round):
    """Answers processed as of the round's day (run-duties --today) are dated that day."""
    case = round_termination()
    with duties.as_of(ROUND1):
        closure_duties.after_round_termination(ROUND1)
        answer_round(case)
    assert ReInquiry.objects.get(case=case, round=1).told_on == ROUND1


def test_property_found_flags_the_case_on_the_officers_worklist(
    round_termination, answer_round, people
):
    case = round_termination()
    with duties.as_of(ROUND1):
        closure_duties.after_round_termination(ROUND1)
        answer_round(case)
    with duties.as_of(ROUND2):
        closure_duties.after_round_termination(ROUND2)
        answer_round(case, found={"real-estate": [FLAT]})
    row = ReInquiry.objects.get(case=case, round=2)
    assert row.found and row.result.startswith("发现财产 1 项：北京市朝阳区住宅一套")
    flag = ResumptionFlag.objects.get(case=case)
    assert (flag.source, flag.status, flag.re_inquiry_id) == ("re_inquiry", "open", row.pk)
    assert codes(case)[-2:] == ["re_inquiry_told", "resumption_flagged"]
    sections = case_selectors.worklist_sections(actor=people["officer"].user)
    resumptions = next(items for key, _l, _n, items in sections if key == "resumptions")
    assert [item.case.pk for item in resumptions] == [case.pk]
    other = case_selectors.worklist_sections(actor=people["officer2"].user)
    assert all(key != "resumptions" for key, *_ in other)


def test_a_half_answered_round_is_not_settled(round_termination, answer_round):
    case = round_termination()
    closure_duties.after_round_termination(ROUND1)
    answer_round(case, skip=("tax",))
    assert ReInquiry.objects.get(case=case, round=1).answered_on is None
    assert "re_inquiry_told" not in codes(case)


def test_the_duty_settles_a_round_the_answer_handler_missed(
    round_termination, answer_round, monkeypatch
):
    case = round_termination()
    closure_duties.after_round_termination(ROUND1)
    monkeypatch.setattr(hooks, "_HANDLERS", defaultdict(list))  # the reaction did not run
    answer_round(
        case, found={"icbc": [{"kind": "deposit", "description": "活期存款", "amount": "10.00"}]}
    )
    assert ReInquiry.objects.get(case=case, round=1).answered_on is None
    line = closure_duties.after_round_termination(ROUND1)
    assert "登记查询结果 1 次（发现财产 1 次）" in line
    assert ResumptionFlag.objects.filter(case=case, source="re_inquiry").count() == 1
    closure_duties.after_round_termination(ROUND1)
    assert ResumptionFlag.objects.filter(case=case).count() == 1  # settled once


def test_cancelled_or_not_due_rounds_and_cases_no_longer_round_termination_are_not_sent(
    round_termination, file_case, people
):
    case = round_termination()
    ReInquiry.objects.filter(case=case, round=1).update(cancelled=True)
    closure_duties.after_round_termination(date(2026, 4, 9))
    assert not OutboxMessage.objects.filter(case=case).exists()
    assert list(after.re_inquiries_due(ROUND1)) == []
    other = close_by(
        file_case(docket_on=date(2026, 9, 22)),
        people["officer"].user,
        date(2026, 10, 1),
        "fully_performed",
    )
    assert not ReInquiry.objects.filter(case=other).exists()


def test_the_claim_is_conditional_a_round_claimed_elsewhere_is_left_alone(round_termination):
    """The SQLite (and any database) path: another run has set sent_on between our query and our
    claim; our UPDATE … WHERE sent_on IS NULL matches nothing and nothing is written."""
    case = round_termination()
    row = ReInquiry.objects.get(case=case, round=1)
    ReInquiry.objects.filter(pk=row.pk).update(sent_on=ROUND1)  # the other run's claim
    system = duties.system_actor()
    before = state()
    assert after.re_inquiry_send(actor=system, re_inquiry=row, on=ROUND1) is None
    assert state() == before


def test_a_refused_send_undoes_its_claim(round_termination):
    case = round_termination()
    case.parties.filter(role="respondent").update(id_number="")
    row = ReInquiry.objects.get(case=case, round=1)
    with pytest.raises(DomainError) as refused:
        after.re_inquiry_send(actor=duties.system_actor(), re_inquiry=row, on=ROUND1)
    assert refused.value.code == "inquiry.identity_missing"
    row.refresh_from_db()
    assert row.sent_on is None
    with pytest.raises(DomainError) as early:
        after.re_inquiry_send(actor=duties.system_actor(), re_inquiry=row, on=CLOSED)
    assert early.value.code == "re_inquiry.not_due"


def test_post_closure_inquiries_are_only_for_cases_closed_by_round_termination(
    file_case, people, departments
):
    officer = people["officer"].user
    case = file_case(docket_on=date(2026, 9, 22))
    with pytest.raises(DomainError) as open_case:
        network_inquiry_start(actor=officer, case=case, on=date(2026, 11, 2), post_closure=True)
    assert open_case.value.code == "inquiry.not_round_termination"
    close_by(case, officer, date(2026, 10, 1), "fully_performed")
    for post in (True, False):
        with pytest.raises(DomainError) as closed:
            network_inquiry_start(actor=officer, case=case, on=date(2026, 11, 2), post_closure=post)
        assert closed.value.code == (
            "inquiry.not_round_termination" if post else "inquiry.case_not_open"
        )


def _other_batch(messages, *, created_at, answered):
    """Inquiry messages of the case that are not the round's (another batch: a copy of each of the
    round's requests, `created_at` and answered as given)."""
    copies = []
    for n, m in enumerate(messages, start=1):
        m.pk = None
        m.idempotency_key = f"other-batch-{n}-{m.idempotency_key[:20]}"
        m.created_at = created_at
        m.answered_at = created_at if answered else None
        m.status = OutboxMessage.Status.ANSWERED if answered else OutboxMessage.Status.SENT
        m.save()
        copies.append(m)
    return copies


def test_a_round_is_settled_by_its_own_answers_not_by_a_later_batch(
    round_termination, answer_round
):
    """Another inquiry batch of the case, created after the round's and all answered, does not
    settle the round while the round's own requests wait for their answers."""
    case = round_termination()
    closure_duties.after_round_termination(ROUND1)
    row = ReInquiry.objects.get(case=case, round=1)
    own = list(row.messages.order_by("pk"))
    assert len(own) == 10 and {m.case_id for m in own} == {case.pk}
    later = max(m.created_at for m in own).replace(microsecond=0) + timedelta(hours=1)
    _other_batch(list(row.messages.all()), created_at=later, answered=True)
    assert after.re_inquiry_settle(case=case, on=ROUND1) is None
    row.refresh_from_db()
    assert row.answered_on is None and not NodeEvent.objects.filter(code="re_inquiry_told")
    answer_round(case)
    row.refresh_from_db()
    assert row.answered_on is not None and row.result == "未发现可供执行的财产"


def test_a_batch_with_the_rounds_timestamp_does_not_hold_the_round_back(round_termination, answer):
    """Messages created at the very instant of the round's but not the round's (still unanswered)
    neither join the round nor keep it from being settled when its own answers are in."""
    case = round_termination()
    closure_duties.after_round_termination(ROUND1)
    row = ReInquiry.objects.get(case=case, round=1)
    own = list(row.messages.select_related("department").order_by("pk"))
    _other_batch(list(row.messages.all()), created_at=own[0].created_at, answered=False)
    for message in own:
        answer(message.department.code, message, {"items": [], "note": "未发现财产"})
    row.refresh_from_db()
    assert row.answered_on is not None and row.told_on is not None
    assert OutboxMessage.objects.filter(case=case, answered_at__isnull=True).count() == 10
