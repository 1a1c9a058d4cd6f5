"""Control-measure services on the database: freeze/seal/seize through the outbox or on site,
deduction into the case account exactly once, renewal, release, computed expiry, priority."""

# Fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from tests.linkage.conftest import (
    ACCOUNT,
    DOCKETED,
    RULING,
    TODAY,
    answer,
    case,
    departments,
    file_case,
    found_deposit,
    people,
    pinned_today,
    recording,
    simulated,
)
from zhixing.cases import services as case_services
from zhixing.cases.models import NodeEvent
from zhixing.cases.rules.nodes import NodeCode
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.linkage import hooks
from zhixing.linkage.models import OutboxMessage
from zhixing.linkage.rules.outbox import MessageKind
from zhixing.measures import selectors as funds_selectors
from zhixing.measures.models import CaseAccount, ControlMeasure, ControlRenewal, FundReceipt
from zhixing.measures.rules.control import ControlState
from zhixing.measures.selectors import control as selectors
from zhixing.measures.services import control as services
from zhixing.measures.services import control_answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]
D = Decimal
M = ControlMeasure.Status
ONE_YEAR = date(
    2027, 11, 26
)  # 民诉法解释 第485条: a deposit freeze taken today lasts at most to here


def effective(hour=10):
    return f"{TODAY.isoformat()}T{hour:02d}:00:00+08:00"


def freeze(people, found, amount="50000.00", until=ONE_YEAR, who="officer", **kw):
    return services.control_take(
        actor=people[who].user,
        case=found.case,
        kind="freeze",
        found=found,
        amount=amount,
        started_on=TODAY,
        expires_on=until,
        ruling=RULING,
        **kw,
    )


def frozen(people, found_deposit, answer, amount="50000.00", answered=None):
    """A deposit freeze the bank has confirmed (for `answered`, default the whole amount)."""
    measure = freeze(people, found_deposit(), amount=amount)
    answer(
        "icbc",
        measure.message,
        {"result": "done", "amount": answered or amount, "effective_at": effective()},
    )
    measure.refresh_from_db()
    return measure


def deduct(people, measure, amount="30000.00", who="officer"):
    return services.deduction_request(
        actor=people[who].user, freeze=measure, amount=amount, on=TODAY, ruling=RULING + "之二"
    )


def counts(case):
    return (
        ControlMeasure.objects.count(),
        OutboxMessage.objects.exclude(kind="inquiry").count(),
        NodeEvent.objects.filter(case=case).count(),
        AuditRecord.objects.count(),
        FundReceipt.objects.count(),
    )


# --- freeze through the bank ---------------------------------------------------------------


def test_freeze_is_sent_to_the_bank_with_node_and_audit(people, case, found_deposit):
    measure = freeze(people, found_deposit())
    assert (measure.status, measure.requested_amount, measure.amount) == (
        M.REQUESTED,
        D("50000.00"),
        None,
    )
    message = measure.message
    assert (message.kind, message.department.code, message.case_id) == ("freeze", "icbc", case.pk)
    payload = message.payload
    assert payload["property"]["identifier"] == ACCOUNT
    assert payload["amount"] == "50000.00" and payload["until"] == ONE_YEAR.isoformat()
    assert payload["case_number"] == case.case_number and payload["ruling"] == RULING
    assert payload["who"]["id_number"] == "11010519491231002X"
    assert payload["renewal"] is False
    node = NodeEvent.objects.get(case=case, code="measure_taken")
    assert "冻结" in node.data["measure"] and ACCOUNT in node.data["measure"]
    assert node.occurred_on == TODAY
    audit = AuditRecord.objects.get(action="measures.control_take")
    assert audit.object_id == str(measure.pk)


def test_bank_answer_puts_the_freeze_in_effect_for_what_it_froze(
    people,
    found_deposit,
    answer,
):
    measure = freeze(people, found_deposit())
    created = answer(
        "icbc",
        measure.message,
        {"result": "done", "amount": "42000.5", "effective_at": effective(14)},
    )[1]
    assert created
    measure.refresh_from_db()
    assert (measure.status, measure.amount, measure.requested_amount) == (
        M.IN_EFFECT,
        D("42000.50"),
        D("50000.00"),
    )
    assert timezone.localtime(measure.took_effect_at).hour == 14
    assert AuditRecord.objects.filter(action="measures.control_effective").count() == 1


def test_duplicate_answer_changes_nothing(people, case, found_deposit, answer):
    measure = freeze(people, found_deposit())
    body = {"result": "done", "amount": "50000", "effective_at": effective()}
    answer("icbc", measure.message, body, answer_id="ICBC-1")
    before = counts(case)
    assert answer("icbc", measure.message, body, answer_id="ICBC-1")[1] is False
    # another answer id to the same message: also recognised, also nothing
    other = {"result": "done", "amount": "1.00", "effective_at": effective(16)}
    assert answer("icbc", measure.message, other, answer_id="ICBC-2")[1] is False
    measure.refresh_from_db()
    assert measure.amount == D("50000.00") and counts(case) == before


def test_failed_answer_records_the_reason(people, found_deposit, answer):
    measure = freeze(people, found_deposit())
    answer("icbc", measure.message, {"result": "failed", "reason": "账户已销户"})
    measure.refresh_from_db()
    assert (measure.status, measure.failure_reason) == (M.FAILED, "账户已销户")


def test_answer_freezing_more_than_asked_is_refused_whole(people, found_deposit, answer):
    measure = freeze(people, found_deposit())
    with pytest.raises(InputError) as error:
        answer(
            "icbc",
            measure.message,
            {"result": "done", "amount": "50000.01", "effective_at": effective()},
        )
    assert error.value.code == "answer.freeze_beyond_request"
    measure.refresh_from_db()
    measure.message.refresh_from_db()
    assert measure.status == M.REQUESTED and measure.message.status != "answered"


# --- refusals: nothing changes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "error", "code"),
    [
        ({"until": date(2027, 11, 27)}, DomainError, "control.term_too_long"),
        ({"until": None}, InputError, "control.term_required"),
        ({"amount": "100000.01"}, DomainError, "control.beyond_obligation"),
        ({"amount": "0"}, InputError, "control.amount_required"),
        ({"amount": "1.234"}, InputError, "money.precision"),
        ({"who": "clerk"}, AccessDenied, "control.role"),
    ],
)
def test_refused_freeze_changes_nothing(people, case, found_deposit, kw, error, code):
    found = found_deposit()
    before = counts(case)
    with pytest.raises(error) as caught:
        freeze(people, found, **kw)
    assert caught.value.code == code
    if code.startswith("control.term") or code == "control.beyond_obligation":
        assert caught.value.source
    assert counts(case) == before


def test_seal_of_a_deposit_is_refused_with_its_source(people, case, found_deposit):
    found = found_deposit()
    with pytest.raises(DomainError) as caught:
        services.control_take(
            actor=people["officer"].user,
            case=case,
            kind="seal",
            found=found,
            amount="100",
            started_on=TODAY,
            expires_on=ONE_YEAR,
            ruling=RULING,
        )
    assert (caught.value.code, caught.value.source) == ("control.kind", "民诉法解释 第485条")


def test_haidian_staff_are_told_the_case_does_not_exist(
    people,
    case,
    found_deposit,
    tree,
    make_staff,
):
    found = found_deposit()
    people["hd"] = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    before = counts(case)
    with pytest.raises(NotFound):
        freeze(people, found, who="hd")
    assert counts(case) == before


def test_upper_court_staff_see_but_do_not_act(people, case, found_deposit, tree, make_staff):
    people["bj3"] = make_staff(tree.bj3, "bj3_officer", roles=[Role.OFFICER])
    with pytest.raises(AccessDenied) as caught:
        freeze(people, found_deposit(), who="bj3")
    assert caught.value.code == "control.other_court"


def test_freeze_cap_counts_what_is_already_frozen(
    people,
    case,
    found_deposit,
    answer,
):
    frozen(people, found_deposit, answer, amount="70000.00")
    second = found_deposit(account="6222999900001111", bank="ccb")
    with pytest.raises(DomainError) as caught:
        freeze(people, second, amount="30000.01")
    assert caught.value.code == "control.beyond_obligation"
    assert "至多还可冻结 30,000.00 元" in caught.value.message
    assert freeze(people, second, amount="30000.00").status == M.REQUESTED


def test_same_property_twice_in_one_case_is_refused(people, found_deposit):
    found = found_deposit()
    freeze(people, found, amount="100")
    with pytest.raises(DomainError) as caught:
        freeze(people, found, amount="100")
    assert caught.value.code == "control.duplicate"


# --- on site -------------------------------------------------------------------------------


def manual(people, case, who="officer", **kw):
    values = dict(
        actor=people[who].user,
        case=case,
        kind="seize",
        property_kind="movable",
        description="宝马小型轿车一辆",
        identifier="京N12345",
        party=case.parties.get(role="respondent"),
        started_on=TODAY,
        expires_on=date(2028, 11, 26),
        ruling=RULING,
    )
    values.update(kw)
    return services.control_take(**values)


def test_seizure_on_site_takes_effect_at_once(people, case, departments):
    measure = manual(people, case, department=departments["vehicle"])
    assert measure.status == M.IN_EFFECT and measure.took_effect_at is not None
    assert measure.department is None and measure.message is None  # 扣押: the court holds it
    assert not OutboxMessage.objects.exclude(kind="inquiry").exists()
    assert NodeEvent.objects.filter(case=case, code="measure_taken").count() == 1


def test_movable_term_is_two_years_at_most(people, case, departments):
    with pytest.raises(DomainError) as caught:
        manual(people, case, expires_on=date(2028, 11, 27))
    assert caught.value.code == "control.term_too_long"
    assert "2年" in caught.value.message


def test_hand_entered_deposit_needs_a_bank(people, case, departments):
    with pytest.raises(InputError) as caught:
        manual(
            people,
            case,
            kind="freeze",
            property_kind="deposit",
            description="建设银行账户",
            identifier="6227",
            amount="100",
            expires_on=ONE_YEAR,
        )
    assert caught.value.field == "department"


def test_only_respondents_property(people, case, departments):
    with pytest.raises(InputError) as caught:
        manual(people, case, party=case.parties.get(role="applicant"))
    assert caught.value.code == "control.not_respondent"


# --- deduction -----------------------------------------------------------------------------


def test_deduction_lands_in_the_case_account_exactly_once(
    people,
    case,
    found_deposit,
    answer,
):
    measure = frozen(people, found_deposit, answer)
    deduction = deduct(people, measure)
    message = deduction.message
    assert message.kind == "deduct" and message.payload["amount"] == "30000.00"
    assert message.payload["frozen"] == "50000.00"
    assert message.payload["account"] == funds_selectors.account_number_of(case)
    assert NodeEvent.objects.filter(case=case, code="measure_taken").count() == 2
    body = {
        "result": "done",
        "amount": "30000.00",
        "reference": "ICBC-HK-0001",
        "effective_at": effective(15),
    }
    answer("icbc", message, body, answer_id="ICBC-D1")
    answer("icbc", message, body, answer_id="ICBC-D1")  # the bank repeats itself
    answer("icbc", message, body, answer_id="ICBC-D2")  # and again under another answer id
    receipt = FundReceipt.objects.get()
    assert (receipt.amount, receipt.channel, receipt.reference) == (
        D("30000.00"),
        "deduction",
        "icbc:ICBC-HK-0001",
    )
    assert receipt.received_on == TODAY
    account = CaseAccount.objects.get(case=case)
    assert account.received_total == D("30000.00")
    deduction.refresh_from_db()
    measure.refresh_from_db()
    assert (deduction.status, deduction.amount) == (M.DONE, D("30000.00"))
    assert (measure.deducted_total, measure.frozen_remaining, measure.status) == (
        D("30000.00"),
        D("20000.00"),
        M.IN_EFFECT,
    )
    book = funds_selectors.ledger(actor=people["officer"].user, case=case)
    assert book.received == sum(line.amount for line in book.lines) == D("30000.00")
    assert book.lines[-1].balance == book.held
    assert services.owed(case) == D("70000.00")
    assert AuditRecord.objects.filter(action="funds.receipt_record").count() == 1


def test_deducting_everything_frozen_closes_the_freeze(people, found_deposit, answer):
    measure = frozen(people, found_deposit, answer, amount="20000.00")
    deduction = deduct(people, measure, amount="20000.00")
    answer(
        "icbc",
        deduction.message,
        {"result": "done", "amount": "20000", "reference": "R2", "effective_at": effective()},
    )
    measure.refresh_from_db()
    assert (measure.status, measure.frozen_remaining) == (M.DONE, D("0.00"))
    assert selectors.state_of(measure, TODAY) is ControlState.DONE


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("50000.01", "deduct.beyond_frozen"),
        ("0", "deduct.amount_positive"),
    ],
)
def test_refused_deduction_changes_nothing(people, case, found_deposit, answer, amount, code):
    measure = frozen(people, found_deposit, answer)
    before = counts(case)
    with pytest.raises(DomainError) as caught:
        deduct(people, measure, amount=amount)
    assert caught.value.code == code and caught.value.source == "民事诉讼法 第253条"
    assert counts(case) == before


def test_deductions_in_flight_are_reserved(people, found_deposit, answer):
    measure = frozen(people, found_deposit, answer)
    deduct(people, measure, amount="30000.00")
    with pytest.raises(DomainError) as caught:
        deduct(people, measure, amount="20000.01")
    assert caught.value.code == "deduct.beyond_frozen"
    assert deduct(people, measure, amount="20000.00").status == M.REQUESTED


def test_deduction_beyond_what_is_owed_is_refused(
    people,
    case,
    found_deposit,
    answer,
):
    measure = frozen(people, found_deposit, answer)
    from zhixing.measures.services import receipt_record

    receipt_record(
        actor=people["officer"].user,
        case=case,
        amount="60000.00",
        received_on=TODAY,
        payer="王被执",
        channel="transfer",
        reference="B-PAID",
    )
    with pytest.raises(DomainError) as caught:
        deduct(people, measure, amount="40000.01")
    assert caught.value.code == "deduct.beyond_obligation"


def test_only_officers_deduct(people, case, found_deposit, answer, make_staff, tree):
    measure = frozen(people, found_deposit, answer)
    people["assistant"] = make_staff(tree.chaoyang, "cy_assistant", roles=[Role.ASSISTANT])
    with pytest.raises(AccessDenied):
        deduct(people, measure, who="assistant")
    people["hd"] = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    with pytest.raises(NotFound):
        deduct(people, measure, who="hd")


def test_bank_that_could_not_deduct_books_nothing(people, case, found_deposit, answer):
    measure = frozen(people, found_deposit, answer)
    deduction = deduct(people, measure)
    answer("icbc", deduction.message, {"result": "failed", "reason": "账户已被他案扣划"})
    deduction.refresh_from_db()
    measure.refresh_from_db()
    assert deduction.status == M.FAILED and not FundReceipt.objects.exists()
    assert measure.frozen_remaining == D("50000.00")


# --- renewal, release, expiry --------------------------------------------------------------


def test_renewal_through_the_bank_moves_the_term_when_answered(
    people,
    case,
    found_deposit,
    answer,
):
    measure = frozen(people, found_deposit, answer)
    renewal = services.control_renew(
        actor=people["officer"].user,
        measure=measure,
        renewed_on=TODAY,
        new_expiry=date(2028, 11, 26),
        ruling=RULING + "之三",
    )
    assert renewal.status == ControlRenewal.Status.REQUESTED
    assert renewal.message.kind == "freeze" and renewal.message.payload["renewal"] is True
    assert renewal.message.payload["previous_until"] == ONE_YEAR.isoformat()
    assert NodeEvent.objects.filter(case=case, code="control_renewed").count() == 1
    measure.refresh_from_db()
    assert measure.expires_on == ONE_YEAR  # not before the bank confirms
    with pytest.raises(DomainError) as caught:
        services.control_renew(
            actor=people["officer"].user,
            measure=measure,
            renewed_on=TODAY,
            new_expiry=date(2028, 11, 26),
            ruling=RULING,
        )
    assert caught.value.code == "renewal.pending"
    answer(
        "icbc", renewal.message, {"result": "done", "amount": "50000", "effective_at": effective()}
    )
    measure.refresh_from_db()
    renewal.refresh_from_db()
    assert measure.expires_on == date(2028, 11, 26)
    assert renewal.status == ControlRenewal.Status.IN_EFFECT


def test_renewal_longer_than_the_maximum_is_refused(people, case, departments):
    measure = manual(people, case)
    with pytest.raises(DomainError) as caught:
        services.control_renew(
            actor=people["officer"].user,
            measure=measure,
            renewed_on=TODAY,
            new_expiry=date(2030, 11, 27),
            ruling=RULING,
        )
    assert caught.value.code == "renewal.too_long"
    renewal = services.control_renew(
        actor=people["officer"].user,
        measure=measure,
        renewed_on=TODAY,
        new_expiry=date(2030, 11, 26),
        ruling=RULING,
    )
    measure.refresh_from_db()
    assert renewal.status == "in_effect" and measure.expires_on == date(2030, 11, 26)


def test_expiry_is_computed_and_an_expired_control_cannot_be_renewed(
    people,
    case,
    departments,
    monkeypatch,
):
    measure = manual(people, case, expires_on=TODAY + timedelta(days=3))
    assert selectors.state_of(measure, TODAY) is ControlState.EXPIRING
    assert list(selectors.expiring(actor=people["officer"].user, today=TODAY)) == [measure]
    later = TODAY + timedelta(days=4)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    measure.refresh_from_db()
    assert measure.status == M.IN_EFFECT  # nothing was written …
    assert selectors.state_of(measure, later) is ControlState.EXPIRED  # … and yet it has lapsed
    assert list(selectors.expired(actor=people["officer"].user, today=later)) == [measure]
    assert not selectors.expiring(actor=people["officer"].user, today=later).exists()
    with pytest.raises(DomainError) as caught:
        services.control_renew(
            actor=people["officer"].user,
            measure=measure,
            renewed_on=later,
            new_expiry=later + timedelta(days=30),
            ruling=RULING,
        )
    assert caught.value.code == "renewal.expired"


def test_release_through_the_bank(people, case, found_deposit, answer):
    measure = frozen(people, found_deposit, answer)
    with pytest.raises(InputError):
        services.control_release(
            actor=people["officer"].user, measure=measure, released_on=TODAY, reason=" "
        )
    row = services.control_release(
        actor=people["officer"].user, measure=measure, released_on=TODAY, reason="被执行人已履行"
    )
    assert row.status == M.IN_EFFECT and row.release_message.kind == "release"
    assert selectors.state_of(row, TODAY) is ControlState.RELEASING
    assert NodeEvent.objects.filter(case=case, code="control_released").count() == 1
    with pytest.raises(DomainError) as caught:
        deduct(people, row)
    assert caught.value.code == "deduct.freeze_ended"
    answer("icbc", row.release_message, {"result": "done", "effective_at": effective()})
    row.refresh_from_db()
    assert row.status == M.RELEASED
    assert AuditRecord.objects.filter(action="measures.release_answered").count() == 1


def test_a_freeze_with_a_deduction_awaiting_the_bank_is_not_released(
    people,
    found_deposit,
    answer,
):
    measure = frozen(people, found_deposit, answer)
    deduct(people, measure)
    with pytest.raises(DomainError) as caught:
        services.control_release(
            actor=people["officer"].user, measure=measure, released_on=TODAY, reason="已履行"
        )
    assert caught.value.code == "release.deduction_pending"


def test_release_on_site_is_immediate(people, case, departments):
    row = services.control_release(
        actor=people["officer"].user,
        measure=manual(people, case),
        released_on=TODAY,
        reason="案外人异议成立",
    )
    assert row.status == M.RELEASED and row.release_message is None


def test_a_seal_left_after_closing_is_still_released(people, case, departments):
    measure = manual(people, case)
    case_services.node_record_owned(
        actor=people["officer"].user,
        case=case,
        code=NodeCode.CLOSED,
        on=TODAY,
        data={"mode": "fully_performed"},
    )
    row = services.control_release(
        actor=people["officer"].user, measure=measure, released_on=TODAY, reason="执行完毕"
    )
    assert row.status == M.RELEASED
    assert case.events.order_by("-seq").first().code == "control_released"
    with pytest.raises(DomainError) as caught:  # nothing but releases after 结案
        manual(people, case, description="另一辆车", identifier="京N54321")
    assert caught.value.code == "control.case_not_open"


def test_a_request_awaiting_its_answer_cannot_be_released(people, found_deposit):
    measure = freeze(people, found_deposit())
    with pytest.raises(DomainError) as caught:
        services.control_release(
            actor=people["officer"].user, measure=measure, released_on=TODAY, reason="x"
        )
    assert caught.value.code == "release.not_in_effect"


# --- priority, scope, index, registry ------------------------------------------------------


def test_priority_between_cases_follows_the_time_each_took_effect(
    people,
    case,
    file_case,
    found_deposit,
    answer,
):
    first = frozen(people, found_deposit, answer)
    other = file_case(docket_on=DOCKETED)
    second = services.control_take(
        actor=people["officer2"].user,
        case=other,
        kind="freeze",
        property_kind="deposit",
        description="工商银行活期存款账户",
        identifier=ACCOUNT,
        party=other.parties.get(role="respondent"),
        department=first.department,
        amount="10000",
        started_on=TODAY,
        expires_on=ONE_YEAR,
        ruling="（2026）京0105执2号之一",
    )
    answer(
        "icbc", second.message, {"result": "done", "amount": "10000", "effective_at": effective(11)}
    )
    mine = selectors.case_controls(actor=people["officer"].user, case=case).rows[0].priority
    theirs = selectors.case_controls(actor=people["officer"].user, case=other).rows[0].priority
    assert (mine.rank, mine.total, mine.label) == (1, 2, "首冻")
    assert (theirs.rank, theirs.label) == (2, "轮候冻结（第2顺位）")


def test_expiring_list_is_scoped(people, case, departments, tree, make_staff):
    measure = manual(people, case, expires_on=TODAY + timedelta(days=10))
    upper = make_staff(tree.bj3, "bj3_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None)
    haidian = make_staff(tree.haidian, "hd_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None)
    assert list(selectors.expiring(actor=upper.user, today=TODAY)) == [measure]
    assert not selectors.expiring(actor=haidian.user, today=TODAY).exists()
    assert not selectors.expiring(actor=people["officer"].user, today=TODAY, days=9).exists()


def test_expiring_list_uses_the_partial_index(people, case, departments):
    if connection.vendor != "sqlite":
        pytest.skip("the plan is checked on SQLite; PostgreSQL chooses by statistics")
    manual(people, case, expires_on=TODAY + timedelta(days=10))
    for query in (
        selectors.expiring(actor=people["officer"].user, today=TODAY),
        selectors.expired(actor=people["officer"].user, today=TODAY),
    ):
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "control_expiring_idx" in plan, plan


def test_measures_registers_its_answer_handlers_with_linkage():
    registered = hooks.registered()
    assert control_answers.freeze_answered in registered[MessageKind.FREEZE]
    assert control_answers.deduction_answered in registered[MessageKind.DEDUCT]
    assert control_answers.release_answered in registered[MessageKind.RELEASE]


# --- 第485条: a lapsed control is neither renewed nor deducted by typing an earlier date ----------


def test_a_lapsed_control_is_not_renewed_by_typing_a_date_before_it_lapsed(
    people,
    case,
    departments,
    monkeypatch,
):
    """Renewal happens before expiry: judged on the day it is made, not on the date typed."""
    measure = manual(people, case, expires_on=TODAY + timedelta(days=3))
    later = TODAY + timedelta(days=4)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    before = counts(case)
    with pytest.raises(DomainError) as caught:
        services.control_renew(
            actor=people["officer"].user,
            measure=measure,
            renewed_on=TODAY + timedelta(days=2),  # a day the control was still in effect
            new_expiry=TODAY + timedelta(days=60),
            ruling=RULING + "之二",
        )
    assert caught.value.code == "renewal.expired"
    assert caught.value.source == "民诉法解释 第485条"
    assert counts(case) == before and not ControlRenewal.objects.exists()
    measure.refresh_from_db()
    assert measure.expires_on == TODAY + timedelta(days=3)


def test_a_renewal_dated_before_the_control_started_is_refused(people, case, departments):
    start = TODAY - timedelta(days=10)
    measure = manual(people, case, started_on=start, expires_on=date(2028, 11, 16))
    before = counts(case)
    with pytest.raises(InputError) as caught:
        services.control_renew(
            actor=people["officer"].user,
            measure=measure,
            renewed_on=start - timedelta(days=1),
            new_expiry=date(2029, 11, 16),
            ruling=RULING + "之二",
        )
    assert (caught.value.code, caught.value.field) == ("renewal.before_start", "renewed_on")
    assert counts(case) == before and not ControlRenewal.objects.exists()


def test_a_lapsed_freeze_is_not_deducted_by_typing_a_date_before_it_lapsed(
    people,
    case,
    found_deposit,
    answer,
    monkeypatch,
):
    measure = freeze(people, found_deposit(), until=TODAY + timedelta(days=3))
    answer(
        "icbc", measure.message, {"result": "done", "amount": "50000", "effective_at": effective()}
    )
    measure.refresh_from_db()
    later = TODAY + timedelta(days=5)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    before = counts(case)
    with pytest.raises(DomainError) as caught:
        services.deduction_request(
            actor=people["officer"].user,
            freeze=measure,
            amount="10000",
            on=TODAY + timedelta(days=2),  # the freeze still held then, but not today
            ruling=RULING + "之二",
        )
    assert caught.value.code == "deduct.freeze_ended"
    assert "届满失效" in caught.value.message
    assert counts(case) == before


def test_a_deduction_dated_before_the_freeze_started_is_refused(
    people,
    case,
    found_deposit,
    answer,
):
    measure = frozen(people, found_deposit, answer)
    before = counts(case)
    with pytest.raises(InputError) as caught:
        services.deduction_request(
            actor=people["officer"].user,
            freeze=measure,
            amount="10000",
            on=TODAY - timedelta(days=1),
            ruling=RULING + "之二",
        )
    assert (caught.value.code, caught.value.field) == ("deduct.before_start", "on")
    assert counts(case) == before
