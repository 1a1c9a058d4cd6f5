"""Closing a case by its legal mode and the 终本 gate on real cases (法发〔2014〕26号 第14—23条;
法〔2016〕373号 第1—5条、第9条; 民诉法解释 第517条)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.closure.conftest import YOUNG_CLOSING, prepare, record
from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase, NodeEvent
from zhixing.closure.models import ReInquiry
from zhixing.closure.services import (
    RoundTerminationGateRefused,
    case_close,
    gate_checklist,
    gate_refusals,
    round_termination_approve,
)
from zhixing.core.audit import AuditRecord
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.rules.calendar import add_months
from zhixing.core.rules.roles import Role
from zhixing.measures.services import control

pytestmark = pytest.mark.django_db

YOUNG_MISSING = [
    "round_termination.three_months",
    "round_termination.notice",
    "round_termination.report_checked",
    "round_termination.consumption_restricted",
    "round_termination.dishonest",
    "round_termination.network_inquiry",
    "round_termination.field_investigation",
    "round_termination.applicant_interviewed",
    "round_termination.consent_or_approval",
]


def close(people, case, mode="round_terminated", on=None, who="officer"):
    return case_close(actor=people[who].user, case=case, mode=mode, on=on or timezone.localdate())


def snapshot(case):
    return (
        NodeEvent.objects.filter(case=case).count(),
        AuditRecord.objects.count(),
        ReInquiry.objects.filter(case=case).count(),
        EnforcementCase.objects.values_list("status", "closure_mode", "closed_on").get(pk=case.pk),
    )


def test_round_termination_on_a_two_month_old_case_is_refused_with_every_missing_condition(
    people, young_case
):
    before = snapshot(young_case)
    with pytest.raises(RoundTerminationGateRefused) as caught:
        close(people, young_case, on=YOUNG_CLOSING)
    error = caught.value
    assert error.status == 409 and error.code == "closure.round_termination_gate"
    assert [c.code for c in error.conditions] == YOUNG_MISSING
    assert f"尚缺 {len(YOUNG_MISSING)} 项" in error.message
    for condition in error.conditions:
        assert condition.label in error.message and condition.missing
    assert "法〔2016〕373号" in error.source
    assert snapshot(young_case) == before  # a refusal changes nothing


def test_the_checklist_of_a_new_case_shows_conditional_items_as_not_applicable(young_case):
    by_code = {c.code: c for c in gate_checklist(young_case, YOUNG_CLOSING)}
    assert len(by_code) == 13
    assert not by_code["round_termination.respondent_searched"].applies
    assert not by_code["round_termination.obstruction_sanctioned"].applies
    assert [r.code for r in gate_refusals(young_case, YOUNG_CLOSING)] == YOUNG_MISSING


def test_a_fully_prepared_case_closes_by_round_termination_with_ten_re_inquiries(
    people, ready_case
):
    today = timezone.localdate()
    assert gate_refusals(ready_case, today) == []
    event = close(people, ready_case, on=today)
    ready_case.refresh_from_db()
    assert event.code == "closed" and event.data == {"mode": "round_terminated"}
    assert ready_case.status == "closed" and ready_case.closure_mode == "round_terminated"
    assert ready_case.closed_on == today
    rows = list(ReInquiry.objects.filter(case=ready_case).order_by("round"))
    assert [r.round for r in rows] == list(range(1, 11))
    assert [r.due_on for r in rows] == [add_months(today, 6 * n) for n in range(1, 11)]
    assert all(r.court_id == ready_case.court_id and r.sent_on is None for r in rows)
    assert AuditRecord.objects.filter(action="node.closed").count() == 1


def test_other_modes_do_not_schedule_re_inquiries(people, young_case):
    close(people, young_case, mode="fully_performed", on=YOUNG_CLOSING)
    young_case.refresh_from_db()
    assert young_case.closure_mode == "fully_performed"
    assert not ReInquiry.objects.filter(case=young_case).exists()


def test_each_missing_fact_alone_blocks_the_prepared_case(people, file_case, departments):
    """Without the applicant's confirmation exactly that condition is missing; the president's
    approval after a collegial review stands in for it (民诉法解释 第517条)."""
    case = prepare(
        people, file_case(received_on=date(2026, 5, 7), docket_on=date(2026, 5, 7)), confirm=False
    )
    today = timezone.localdate()
    assert [r.code for r in gate_refusals(case, today)] == ["round_termination.consent_or_approval"]
    review = case_services.collegial_decision_record(
        actor=people["officer"].user,
        case=case,
        kind="panel",
        decided_on=today,
        subject="终结本次执行程序审查",
        outcome="经审查，已穷尽财产调查措施，同意终结本次执行程序",
        members=[people["officer"], people["officer2"], people["officer3"]],
        presiding=people["officer"],
        topic="round_termination",
    )
    assert [r.code for r in gate_refusals(case, today)] == ["round_termination.consent_or_approval"]
    round_termination_approve(actor=people["president"].user, case=case, decision=review, on=today)
    assert gate_refusals(case, today) == []
    close(people, case, on=today)
    assert AuditRecord.objects.filter(action="closure.round_termination_approve").count() == 1


def test_a_suspended_case_cannot_be_closed(people, young_case):
    record(people, young_case, "suspended", date(2026, 10, 8), reason="申请执行人同意延期")
    before = snapshot(young_case)
    for mode in ("fully_performed", "round_terminated"):
        with pytest.raises(DomainError) as caught:
            close(people, young_case, mode=mode, on=YOUNG_CLOSING)
        assert caught.value.code == "closure.paused" and caught.value.status == 409
    assert snapshot(young_case) == before


def test_a_deferred_case_cannot_be_closed(people, young_case):
    record(people, young_case, "deferred", date(2026, 10, 8), until="2027-01-01")
    with pytest.raises(DomainError, match="暂缓执行"):
        close(people, young_case, mode="fully_performed", on=YOUNG_CLOSING)


@pytest.mark.parametrize(
    ("mode", "ok"),
    [
        ("preserved", True),
        ("partly_preserved", True),
        ("nothing_to_preserve", True),
        ("fully_performed", False),
        ("round_terminated", False),
    ],
)
def test_preservation_cases_close_only_by_preservation_modes(
    people, file_case, departments, mode, ok
):
    case = file_case(
        received_on=date(2026, 9, 22),
        docket_on=date(2026, 9, 22),
        type_code="执保",
        origin="preservation_ruling",
    )
    if ok:
        close(people, case, mode=mode, on=YOUNG_CLOSING)
        case.refresh_from_db()
        assert case.status == "closed" and case.closure_mode == mode
    else:
        with pytest.raises(InputError) as caught:
            close(people, case, mode=mode, on=YOUNG_CLOSING)
        assert caught.value.code == "closure.mode" and "保全完毕" in caught.value.message


def test_an_enforcement_case_cannot_close_by_a_preservation_mode(people, young_case):
    with pytest.raises(InputError, match="执行完毕"):
        close(people, young_case, mode="preserved", on=YOUNG_CLOSING)


def test_closing_twice_and_out_of_scope_are_refused(people, young_case, tree, make_staff):
    close(people, young_case, mode="fully_performed", on=YOUNG_CLOSING)
    with pytest.raises(DomainError) as caught:
        close(people, young_case, mode="fully_performed", on=YOUNG_CLOSING)
    assert caught.value.code == "closure.not_open"
    stranger = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    with pytest.raises(NotFound):
        case_close(actor=stranger.user, case=young_case, mode="round_terminated", on=YOUNG_CLOSING)


def test_a_clerk_cannot_close(people, young_case):
    with pytest.raises(DomainError) as caught:
        close(people, young_case, mode="fully_performed", on=YOUNG_CLOSING, who="clerk")
    assert caught.value.code == "node.role"


# --- the facts the gate reads from the other apps -----------------------------------------------


def test_a_missing_respondent_and_obstruction_add_their_duties(people, ready_case):
    today = timezone.localdate()
    record(people, ready_case, "respondent_missing", today, respondent="王被执")
    record(people, ready_case, "obstruction_found", today, conduct="转移财产")
    codes = [r.code for r in gate_refusals(ready_case, today)]
    assert codes == [
        "round_termination.respondent_searched",
        "round_termination.obstruction_sanctioned",
    ]
    record(people, ready_case, "respondent_searched", today, respondent="王被执", result="未找到")
    assert [r.code for r in gate_refusals(ready_case, today)] == [
        "round_termination.obstruction_sanctioned"
    ]


def test_an_interview_without_its_record_does_not_count(people, file_case, departments):
    case = file_case(received_on=date(2026, 9, 22), docket_on=date(2026, 9, 22))
    record(people, case, "applicant_interviewed", date(2026, 10, 1))
    by_code = {c.code: c.met for c in gate_checklist(case, YOUNG_CLOSING)}
    assert not by_code["round_termination.applicant_interviewed"]
    record(people, case, "applicant_interviewed", date(2026, 10, 2), record="笔录第3页")
    by_code = {c.code: c.met for c in gate_checklist(case, YOUNG_CLOSING)}
    assert by_code["round_termination.applicant_interviewed"]


def test_property_under_control_blocks_until_disposed(people, ready_case):
    today = timezone.localdate()
    control.control_take(
        actor=people["officer"].user,
        case=ready_case,
        kind="seal",
        party=ready_case.parties.get(role="respondent"),
        property_kind="real_estate",
        description="北京市朝阳区某小区住宅",
        identifier="京（2020）朝阳区不动产权第0000001号",
        started_on=today,
        expires_on=add_months(today, 36) - timedelta(days=1),
        ruling=f"{ready_case.case_number}之一",
    )
    refusals = gate_refusals(ready_case, today)
    assert [r.code for r in refusals] == ["round_termination.property"]
    assert "北京市朝阳区某小区住宅" in refusals[0].message


def test_an_unverified_lead_blocks(people, ready_case):
    from zhixing.measures.services import leads

    leads.lead_register(
        actor=people["clerk"].user,
        case=ready_case,
        provided_by=ready_case.parties.get(role="applicant"),
        received_on=timezone.localdate(),
        kind="deposit",
        description="被执行人在某银行有存款",
    )
    assert [r.code for r in gate_refusals(ready_case, timezone.localdate())] == [
        "round_termination.leads_verified"
    ]


# --- the president's approval (民诉法解释 第517条) ---------------------------------------------------


@pytest.fixture
def review(people, young_case):
    return case_services.collegial_decision_record(
        actor=people["officer"].user,
        case=young_case,
        kind="panel",
        decided_on=date(2026, 10, 10),
        subject="终结本次执行程序审查",
        outcome="同意终本",
        members=[people["officer"], people["officer2"], people["officer3"]],
        presiding=people["officer"],
        topic="round_termination",
    )


def test_only_the_courts_president_approves(people, young_case, review, tree, make_staff):
    on = date(2026, 10, 12)
    for who in ("officer", "chief", "judge"):
        with pytest.raises(AccessDenied) as caught:
            round_termination_approve(
                actor=people[who].user, case=young_case, decision=review, on=on
            )
        assert caught.value.code == "round_termination.role"
    upper = make_staff(tree.bj3, "bj3_president", roles=[Role.PRESIDENT], unit_kind=None)
    with pytest.raises(AccessDenied):
        round_termination_approve(actor=upper.user, case=young_case, decision=review, on=on)
    assert not young_case.events.filter(code="round_termination_approved").exists()
    event = round_termination_approve(
        actor=people["president"].user, case=young_case, decision=review, on=on
    )
    assert event.code == "round_termination_approved" and event.data["decision_id"] == review.pk
    with pytest.raises(DomainError) as caught:
        round_termination_approve(
            actor=people["president"].user, case=young_case, decision=review, on=on
        )
    assert caught.value.code == "round_termination.already_approved"


def test_approval_needs_a_round_termination_review_of_this_case_and_not_before_it(
    people, young_case, review
):
    plan = case_services.collegial_decision_record(
        actor=people["officer"].user,
        case=young_case,
        kind="panel",
        decided_on=date(2026, 10, 10),
        subject="执行方案",
        outcome="先查控",
        members=[people["officer"], people["officer2"], people["officer3"]],
        presiding=people["officer"],
    )
    president = people["president"].user
    with pytest.raises(DomainError) as caught:
        round_termination_approve(
            actor=president, case=young_case, decision=plan, on=date(2026, 10, 12)
        )
    assert caught.value.code == "round_termination.no_review"
    with pytest.raises(InputError) as caught:
        round_termination_approve(
            actor=president, case=young_case, decision=review, on=date(2026, 10, 9)
        )
    assert caught.value.code == "round_termination.before_review"


def _rt_review(people, case, on, kind="panel", subject="终结本次执行程序审查"):
    return case_services.collegial_decision_record(
        actor=people["officer"].user,
        case=case,
        kind=kind,
        decided_on=on,
        subject=subject,
        outcome="同意终本",
        members=[people["officer"], people["officer2"], people["officer3"]],
        presiding=people["officer"],
        topic="round_termination",
    )


def test_a_joint_meeting_is_not_the_collegial_panel_517_asks_for(people, file_case, departments):
    """民诉法解释 第517条: 合议庭审查. A 主审法官联席会议 on the topic is refused for approval and does
    not count as a review for the 终本 gate."""
    case = prepare(
        people, file_case(received_on=date(2026, 5, 7), docket_on=date(2026, 5, 7)), confirm=False
    )
    today = timezone.localdate()
    meeting = _rt_review(people, case, today, kind="joint_meeting", subject="联席会议讨论终本")
    before = snapshot(case)
    with pytest.raises(DomainError) as caught:
        round_termination_approve(
            actor=people["president"].user, case=case, decision=meeting, on=today
        )
    assert caught.value.code == "round_termination.not_panel" and "合议庭" in caught.value.message
    assert caught.value.field == "decision" and snapshot(case) == before
    consent = next(
        c for c in gate_checklist(case, today) if c.code == "round_termination.consent_or_approval"
    )
    assert not consent.met and "签字确认" in consent.missing and "待院长批准" not in consent.missing


def test_an_approval_counts_for_the_review_it_approved_not_a_later_one(
    people, file_case, departments
):
    """The panel reviews again after the president approved: 终本 waits for the approval of the
    new review; the old review can no longer be approved; the new one, approved, counts."""
    case = prepare(
        people, file_case(received_on=date(2026, 5, 7), docket_on=date(2026, 5, 7)), confirm=False
    )
    today = timezone.localdate()
    president = people["president"].user
    first = _rt_review(people, case, today)
    round_termination_approve(actor=president, case=case, decision=first, on=today)
    assert gate_refusals(case, today) == []
    second = _rt_review(people, case, today)  # the same day: the one recorded later is the latest
    refusals = gate_refusals(case, today)
    assert [r.code for r in refusals] == ["round_termination.consent_or_approval"]
    assert "重新审查" in refusals[0].message
    with pytest.raises(RoundTerminationGateRefused):
        close(people, case, on=today)
    third = _rt_review(people, case, today)
    with pytest.raises(DomainError) as caught:
        round_termination_approve(actor=president, case=case, decision=second, on=today)
    assert caught.value.code == "round_termination.superseded"
    round_termination_approve(actor=president, case=case, decision=third, on=today)
    assert gate_refusals(case, today) == []
    close(people, case, on=today)


def test_only_the_cases_own_court_closes_it_unless_the_upper_court_moves_it(
    people, young_case, tree, make_staff
):
    """An upper court's judge sees the case but cannot close it by any mode; the supervision
    service closes the original as the deciding upper court (法发〔2014〕26号 第17条第10—12项)."""
    upper = make_staff(tree.bj3, "bj3_judge", roles=[Role.JUDGE])
    before = snapshot(young_case)
    for mode in ("fully_performed", "terminated", "round_terminated"):
        with pytest.raises(AccessDenied) as caught:
            case_close(actor=upper.user, case=young_case, mode=mode, on=YOUNG_CLOSING)
        assert caught.value.code == "closure.other_court"
    assert snapshot(young_case) == before
    event = case_close(
        actor=upper.user,
        case=young_case,
        mode="terminated",
        on=YOUNG_CLOSING,
        ground="escalated",
        by_upper_court=True,
    )
    assert event.code == "closed" and event.data == {"mode": "terminated", "ground": "escalated"}
