"""What the court checks in a department's answer to a control request before acting on it: the
time the freeze took effect (it decides who froze first), the term the department registered, and
a release the department could not make, which the case's timeline must then show."""

# Fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

import logging
from datetime import date, datetime, timedelta

import pytest

from tests.linkage.conftest import (
    RULING,
    TODAY,
    answer,
    case,
    clock,
    departments,
    file_case,
    found_deposit,
    people,
    pinned_today,
    recording,
    simulated,
)
from zhixing.cases.models import NodeEvent
from zhixing.cases.rules.nodes import NODE_TABLE, NodeCode
from zhixing.core.errors import InputError
from zhixing.core.models import AuditRecord
from zhixing.linkage.models import OutboxMessage, PartnerAnswer
from zhixing.measures.models import ControlMeasure, ControlRenewal, FundReceipt
from zhixing.measures.services import control as services
from zhixing.measures.services.control_answers import CLOCK_SKEW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]
M = ControlMeasure.Status
ONE_YEAR = date(2027, 11, 26)


def at(hhmm: str) -> str:
    """A time on TODAY, Beijing time. Requests go out at 08:00 and answers arrive at 20:00 (see
    tests.linkage.conftest.Clock)."""
    return f"{TODAY.isoformat()}T{hhmm}:00+08:00"


def freeze(people, found, until=ONE_YEAR):
    return services.control_take(
        actor=people["officer"].user,
        case=found.case,
        kind="freeze",
        found=found,
        amount="50000.00",
        started_on=TODAY,
        expires_on=until,
        ruling=RULING,
    )


def done(effective_at="10:00", **extra):
    return {"result": "done", "amount": "50000", "effective_at": at(effective_at), **extra}


def untouched(measure):
    """Nothing of a refused answer was kept: the measure still waits, the message too."""
    measure.refresh_from_db()
    message = OutboxMessage.objects.get(pk=measure.message_id)
    return (
        measure.status == M.REQUESTED
        and measure.took_effect_at is None
        and message.status != "answered"
        and not PartnerAnswer.objects.filter(message=message).exists()
    )


# --- effective_at: after the request, not after the answer arrives --------------------------


def test_the_skew_allowed_is_five_minutes():
    assert timedelta(minutes=5) == CLOCK_SKEW


@pytest.mark.parametrize(
    ("effective_at", "code"),
    [
        ("07:54", "answer.effective_before_request"),  # 6 minutes before the request went out
        ("20:06", "answer.effective_in_future"),  # 6 minutes after the answer arrived
    ],
)
def test_a_freeze_effective_outside_the_request_and_the_answer_is_refused_whole(
    people, found_deposit, answer, effective_at, code
):
    """The effective time decides which court froze first (首封): one before the court even asked,
    or one still to come, is refused with nothing changed, and the bank may answer again."""
    measure = freeze(people, found_deposit())
    with pytest.raises(InputError) as caught:
        answer("icbc", measure.message, done(effective_at))
    assert (caught.value.code, caught.value.field) == (code, "payload.effective_at")
    assert "允许 5 分钟时钟误差" in caught.value.message
    assert untouched(measure)
    assert not AuditRecord.objects.filter(action="measures.control_effective").exists()
    answer("icbc", measure.message, done("10:00"), answer_id="ICBC-AGAIN")
    measure.refresh_from_db()
    assert measure.status == M.IN_EFFECT


@pytest.mark.parametrize("effective_at", ["07:56", "08:00", "20:00", "20:04"])
def test_a_few_minutes_of_clock_skew_are_allowed(people, found_deposit, answer, effective_at):
    measure = freeze(people, found_deposit())
    answer("icbc", measure.message, done(effective_at))
    measure.refresh_from_db()
    assert measure.status == M.IN_EFFECT
    assert measure.took_effect_at == datetime.fromisoformat(at(effective_at))


def test_a_deduction_effective_before_it_was_asked_books_nothing(people, found_deposit, answer):
    measure = freeze(people, found_deposit())
    answer("icbc", measure.message, done())
    measure.refresh_from_db()
    deduction = services.deduction_request(
        actor=people["officer"].user, freeze=measure, amount="1000", on=TODAY, ruling=RULING
    )
    body = {"result": "done", "amount": "1000", "reference": "HK1", "effective_at": at("07:00")}
    with pytest.raises(InputError) as caught:
        answer("icbc", deduction.message, body)
    assert caught.value.code == "answer.effective_before_request"
    deduction.refresh_from_db()
    assert deduction.status == M.REQUESTED and not FundReceipt.objects.exists()


# --- until: the term the department registered ---------------------------------------------


def test_an_answer_registering_a_longer_term_than_the_ruling_is_refused(
    people, found_deposit, answer
):
    measure = freeze(people, found_deposit())
    with pytest.raises(InputError) as caught:
        answer("icbc", measure.message, done(until="2027-11-27"))
    assert (caught.value.code, caught.value.field) == (
        "answer.term_beyond_request",
        "payload.until",
    )
    assert untouched(measure)


def test_a_shorter_registered_term_is_the_one_that_binds(people, found_deposit, answer):
    measure = freeze(people, found_deposit())
    answer("icbc", measure.message, done(until="2027-06-30"))
    measure.refresh_from_db()
    assert measure.status == M.IN_EFFECT and measure.expires_on == date(2027, 6, 30)
    audit = AuditRecord.objects.get(action="measures.control_effective")
    assert audit.after["expires_on"] == "2027-06-30"


def test_a_term_ending_before_the_freeze_started_is_refused(people, found_deposit, answer):
    measure = freeze(people, found_deposit())
    with pytest.raises(InputError) as caught:
        answer("icbc", measure.message, done(until=TODAY.isoformat()))
    assert caught.value.code == "answer.term_too_early"
    assert untouched(measure)


def test_a_renewal_answer_is_held_to_the_renewed_term(people, found_deposit, answer):
    measure = freeze(people, found_deposit())
    answer("icbc", measure.message, done())
    measure.refresh_from_db()
    renewal = services.control_renew(
        actor=people["officer"].user,
        measure=measure,
        renewed_on=TODAY,
        new_expiry=date(2028, 11, 26),
        ruling=RULING + "之二",
    )
    with pytest.raises(InputError) as caught:
        answer("icbc", renewal.message, done(until="2028-11-27"))
    assert caught.value.code == "answer.term_beyond_request"
    renewal.refresh_from_db()
    measure.refresh_from_db()
    assert renewal.status == ControlRenewal.Status.REQUESTED and measure.expires_on == ONE_YEAR
    answer("icbc", renewal.message, done(until="2028-10-31"), answer_id="ICBC-R2")
    measure.refresh_from_db()
    assert measure.expires_on == date(2028, 10, 31)


# --- a release the department could not make ------------------------------------------------


def released(people, found_deposit, answer):
    measure = freeze(people, found_deposit())
    answer("icbc", measure.message, done())
    measure.refresh_from_db()
    return services.control_release(
        actor=people["officer"].user, measure=measure, released_on=TODAY, reason="被执行人已履行"
    )


def test_a_refused_release_is_on_the_timeline_in_the_officers_name(
    people, case, found_deposit, answer
):
    row = released(people, found_deposit, answer)
    answer("icbc", row.release_message, {"result": "failed", "reason": "该账户已被他案冻结轮候"})
    row.refresh_from_db()
    assert row.status == M.IN_EFFECT and row.released_on is None
    codes = list(case.events.order_by("seq").values_list("code", flat=True))
    assert codes[-2:] == ["control_released", "control_release_failed"]
    event = NodeEvent.objects.get(case=case, code="control_release_failed")
    assert event.actor_id == people["officer"].user.pk and event.actor_name == "陈执行"
    assert event.occurred_on == TODAY
    assert "该账户已被他案冻结轮候" in event.note and "措施仍然有效" in event.note
    assert event.data["measure"].startswith("冻结")
    assert event.label == "协助单位未能解除（查封、扣押、冻结仍有效）"
    # the officer sends the release again; the bank refuses again: a second node, not an error
    again = services.control_release(
        actor=people["officer"].user, measure=row, released_on=TODAY, reason="再次解除"
    )
    answer("icbc", again.release_message, {"result": "failed", "reason": "系统故障"})
    assert NodeEvent.objects.filter(case=case, code="control_release_failed").count() == 2


def test_when_the_timeline_refuses_the_answer_still_stands_and_it_is_logged(
    people, case, found_deposit, answer, caplog
):
    row = released(people, found_deposit, answer)
    staff = people["officer"]
    staff.is_active = False  # the officer who asked has left the court
    staff.save(update_fields=["is_active"])
    with caplog.at_level(logging.WARNING, logger="zhixing.measures"):
        answer("icbc", row.release_message, {"result": "failed", "reason": "查封登记不存在"})
    row.refresh_from_db()
    assert row.status == M.IN_EFFECT and "查封登记不存在" in row.failure_reason
    assert not NodeEvent.objects.filter(case=case, code="control_release_failed").exists()
    assert AuditRecord.objects.filter(action="measures.release_answered").count() == 1
    assert any("未能记录协助单位未能解除" in r.getMessage() for r in caplog.records)


def test_the_node_follows_a_release_and_may_come_after_closing():
    node = NODE_TABLE[NodeCode.CONTROL_RELEASE_FAILED]
    released_node = NODE_TABLE[NodeCode.CONTROL_RELEASED]
    assert node.requires == frozenset({NodeCode.CONTROL_RELEASED})
    assert node.repeatable and node.concerns_parties and node.after_end
    assert (node.stage, node.roles, node.source) == (
        released_node.stage,
        released_node.roles,
        released_node.source,
    )
