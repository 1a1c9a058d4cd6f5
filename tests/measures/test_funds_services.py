"""Enforcement-funds services on the database (十个必须 第7条): receipts, suspense, payouts, delays."""

from datetime import date
from decimal import Decimal

import pytest

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.cases.models import NodeEvent
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.measures import selectors, services
from zhixing.measures.models import CaseAccount, FundReceipt, Payout, SuspenseReceipt
from zhixing.measures.rules import funds

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def case(file_case):  # noqa: F811
    return file_case(docket_on=date(2026, 9, 22))


@pytest.fixture
def officer(people):  # noqa: F811
    return people["officer"].user


def applicant(case):
    return case.parties.get(role="applicant")


def receive(officer, case, amount="1000.00", reference="B001", on=date(2026, 10, 9)):
    return services.receipt_record(
        actor=officer,
        case=case,
        amount=amount,
        received_on=on,
        payer="王被执",
        channel="transfer",
        reference=reference,
    )


def schedule(officer, case, amount="600.00", on=date(2026, 11, 2)):
    return services.payout_schedule(
        actor=officer, case=case, party=applicant(case), amount=amount, condition_met_on=on
    )


def account(case):
    return CaseAccount.objects.get(case=case)


def test_receipt_opens_the_case_account_and_counts_as_realized(officer, case):
    receipt = receive(officer, case)
    acc = account(case)
    assert receipt.account == acc
    assert acc.received_total == D("1000.00") and acc.paid_total == 0
    assert acc.number == selectors.account_number_of(case)
    assert funds.account_number_valid(acc.number)
    assert receipt.matched_by == officer and receipt.matched_at is not None
    assert AuditRecord.objects.filter(action="funds.receipt_record", object_id=receipt.pk).exists()


def test_duplicate_reference_changes_nothing(officer, case):
    first = receive(officer, case)
    audits = AuditRecord.objects.count()
    again = receive(officer, case)
    assert again.pk == first.pk
    assert FundReceipt.objects.count() == 1
    assert account(case).received_total == D("1000.00")
    assert AuditRecord.objects.count() == audits


def test_same_reference_with_another_amount_is_a_conflict(officer, case):
    receive(officer, case)
    with pytest.raises(DomainError) as error:
        receive(officer, case, amount="999.00")
    assert error.value.code == "receipt.reference_conflict"
    assert account(case).received_total == D("1000.00")


def test_receipt_before_docketing_refused(officer, file_case):  # noqa: F811
    received = file_case()
    with pytest.raises(DomainError) as error:
        receive(officer, received)
    assert error.value.code == "funds.case_not_docketed"
    assert not CaseAccount.objects.exists()


@pytest.mark.parametrize(
    "amount, code",
    [
        ("0", "funds.amount_not_positive"),
        ("-1", "funds.amount_not_positive"),
        ("abc", "money.format"),
        ("1.005", "money.precision"),
    ],
)
def test_receipt_amount_must_be_positive_money(officer, case, amount, code):
    with pytest.raises(InputError) as error:
        receive(officer, case, amount=amount)
    assert error.value.code == code
    assert not FundReceipt.objects.exists()


def test_receipt_by_another_court_or_role_refused(case, people, tree, make_staff):  # noqa: F811
    judge_haidian = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    with pytest.raises(NotFound):
        receive(judge_haidian.user, case)
    upper = make_staff(tree.bj3, "bj3_officer", roles=[Role.OFFICER])
    with pytest.raises(AccessDenied) as error:
        receive(upper.user, case)
    assert error.value.code == "funds.other_court"
    with pytest.raises(AccessDenied) as error:
        receive(people["chief"].user, case)
    assert error.value.code == "funds.role"


def test_suspense_receipt_is_matched_to_a_case(officer, case, tree):
    row = services.suspense_receipt_record(
        actor=officer,
        court=tree.chaoyang,
        amount="250.00",
        received_on=date(2026, 10, 12),
        payer="某公司",
        reference="S001",
    )
    assert list(selectors.suspense_receipts(actor=officer)) == [row]
    # the same transfer recorded again: nothing changes; recording it on the case is refused
    assert (
        services.suspense_receipt_record(
            actor=officer,
            court=tree.chaoyang,
            amount="250.00",
            received_on=date(2026, 10, 12),
            payer="某公司",
            reference="S001",
        )
        == row
    )
    with pytest.raises(DomainError) as error:
        receive(officer, case, amount="250.00", reference="S001")
    assert error.value.code == "receipt.in_suspense"
    receipt = services.suspense_match(actor=officer, suspense=row, case=case)
    assert receipt.suspense == row and receipt.amount == D("250.00")
    assert account(case).received_total == D("250.00")
    assert list(selectors.suspense_receipts(actor=officer)) == []
    with pytest.raises(DomainError) as error:
        services.suspense_match(actor=officer, suspense=row, case=case)
    assert error.value.code == "suspense.already_matched"
    assert account(case).received_total == D("250.00")
    assert AuditRecord.objects.filter(action="funds.suspense_match").count() == 1


def test_suspense_match_to_another_courts_case_refused(officer, case, tree, make_staff):
    row = services.suspense_receipt_record(
        actor=officer,
        court=tree.chaoyang,
        amount="1.00",
        received_on=date(2026, 10, 12),
        payer="甲",
        reference="S002",
    )
    case.court_id = tree.haidian.pk  # a case of another court (object only, not saved)
    with pytest.raises(DomainError) as error:
        services.suspense_match(actor=officer, suspense=row, case=case)
    assert error.value.code == "suspense.other_court"
    assert SuspenseReceipt.objects.get().matched_at is None


def test_payout_schedule_computes_due_date_in_working_days(officer, case, settings):
    receive(officer, case)
    payout = schedule(officer, case, on=date(2026, 9, 30))
    assert payout.due_on == date(2026, 10, 27)  # 15 working days across 国庆
    assert payout.status == Payout.Status.PENDING
    settings.ZHIXING_PAYOUT_WORKDAYS = 5
    payout2 = schedule(officer, case, amount="100.00", on=date(2026, 11, 2))
    assert payout2.due_on == date(2026, 11, 9)


def test_payout_over_available_refused_with_nothing_written(officer, case):
    receive(officer, case)
    schedule(officer, case, amount="600.00")
    audits = AuditRecord.objects.count()
    with pytest.raises(DomainError) as error:
        schedule(officer, case, amount="400.01")
    assert error.value.code == "payout.exceeds_available"
    assert Payout.objects.count() == 1
    assert AuditRecord.objects.count() == audits


def test_payout_to_a_respondent_refused(officer, case):
    receive(officer, case)
    respondent = case.parties.get(role="respondent")
    with pytest.raises(DomainError) as error:
        services.payout_schedule(
            actor=officer,
            case=case,
            party=respondent,
            amount="10.00",
            condition_met_on=date(2026, 11, 2),
        )
    assert error.value.code == "payout.not_applicant"
    assert not Payout.objects.exists()


def test_pay_records_the_payout_on_the_timeline(officer, case):
    receive(officer, case)
    payout = schedule(officer, case)
    paid = services.payout_pay(actor=officer, payout=payout, paid_on=date(2026, 11, 5))
    assert paid.status == Payout.Status.PAID and paid.paid_by == officer
    acc = account(case)
    assert (acc.received_total, acc.paid_total, acc.held) == (D("1000"), D("600"), D("400"))
    node = NodeEvent.objects.get(case=case, code="payout_made")
    assert node.data["amount"] == "600.00" and node.occurred_on == date(2026, 11, 5)
    assert AuditRecord.objects.filter(action="funds.payout_pay", object_id=paid.pk).exists()
    assert AuditRecord.objects.filter(action="funds.payout_schedule").exists()
    with pytest.raises(DomainError) as error:
        services.payout_pay(actor=officer, payout=payout, paid_on=date(2026, 11, 5))
    assert error.value.code == "payout.already_paid"
    assert account(case).paid_total == D("600")


def test_pay_over_balance_refused_with_nothing_written(officer, case):
    """Scheduling reserves money, so an over-balance pay can only come from rows written outside the
    services; payout_pay still refuses it and writes nothing (no node, no audit, no total)."""
    receive(officer, case, amount="100.00")
    acc = account(case)
    payout = Payout.objects.create(
        account=acc,
        court_id=acc.court_id,
        party=applicant(case),
        amount=D("150.00"),
        condition_met_on=date(2026, 11, 2),
        due_on=date(2026, 11, 23),
    )
    audits = AuditRecord.objects.count()
    with pytest.raises(DomainError) as error:
        services.payout_pay(actor=officer, payout=payout, paid_on=date(2026, 11, 5))
    assert error.value.code == "payout.exceeds_balance"
    assert account(case).paid_total == 0
    assert Payout.objects.get().status == Payout.Status.PENDING
    assert not NodeEvent.objects.filter(code="payout_made").exists()
    assert AuditRecord.objects.count() == audits


def test_pay_by_a_clerk_refused(officer, case, people):  # noqa: F811
    receive(officer, case)
    payout = schedule(officer, case)
    with pytest.raises(AccessDenied) as error:
        services.payout_pay(actor=people["clerk"].user, payout=payout, paid_on=date(2026, 11, 5))
    assert error.value.code == "funds.role"


def test_delay_approval_only_by_the_bureau_chief_with_a_reason(officer, case, people):  # noqa: F811
    receive(officer, case)
    payout = schedule(officer, case, on=date(2026, 10, 9))
    for who in ("officer", "president"):
        with pytest.raises(AccessDenied) as error:
            services.payout_delay_approve(
                actor=people[who].user, payout=payout, reason="需参与分配"
            )
        assert error.value.code == "funds.role"
    with pytest.raises(InputError) as error:
        services.payout_delay_approve(actor=people["chief"].user, payout=payout, reason="  ")
    assert error.value.code == "funds.required"
    assert Payout.objects.get().status == Payout.Status.PENDING
    approved = services.payout_delay_approve(
        actor=people["chief"].user,
        payout=payout,
        reason="需参与分配",
        delayed_until=date(2026, 12, 31),
    )
    assert approved.status == Payout.Status.DELAYED
    assert approved.delay_approved_by == people["chief"].user
    assert AuditRecord.objects.filter(action="funds.payout_delay_approve").exists()
    today = date(2026, 11, 26)
    assert selectors.status_of(approved, today) is funds.PayoutStatus.DELAYED
    paid = services.payout_pay(actor=officer, payout=approved, paid_on=date(2026, 11, 26))
    assert selectors.status_of(paid, today) is funds.PayoutStatus.PAID


def test_ledger_and_payouts_due(officer, case, people):  # noqa: F811
    receive(officer, case, amount="1000.00", reference="B1", on=date(2026, 10, 9))
    receive(officer, case, amount="500.00", reference="B2", on=date(2026, 10, 20))
    late = schedule(officer, case, amount="300.00", on=date(2026, 10, 9))  # due 10-30
    services.payout_pay(actor=officer, payout=late, paid_on=date(2026, 11, 3))
    overdue = schedule(officer, case, amount="200.00", on=date(2026, 10, 12))
    soon = schedule(officer, case, amount="100.00", on=date(2026, 11, 5))
    today = date(2026, 11, 26)
    book = selectors.ledger(actor=officer, case=case, today=today)
    assert [(line.kind, line.amount, line.balance) for line in book.lines] == [
        ("receipt", D("1000"), D("1000")),
        ("receipt", D("500"), D("1500")),
        ("payout", D("-300"), D("1200")),
    ]
    assert (book.received, book.paid, book.held, book.scheduled, book.available) == (
        D("1500"),
        D("300"),
        D("1200"),
        D("300"),
        D("900"),
    )
    statuses = {p.pk: s for p, s in book.payouts}
    assert statuses[late.pk] is funds.PayoutStatus.PAID_LATE
    assert statuses[overdue.pk] is funds.PayoutStatus.OVERDUE
    assert statuses[soon.pk] is funds.PayoutStatus.DUE_SOON  # due 11-26
    due = list(selectors.payouts_due(actor=people["chief"].user))
    assert due == [overdue, soon]


def test_payouts_due_is_scoped(officer, case, tree, make_staff):
    receive(officer, case)
    schedule(officer, case)
    other = make_staff(tree.haidian, "hd_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None)
    upper = make_staff(tree.bj3, "bj3_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None)
    assert selectors.payouts_due(actor=other.user).count() == 0
    assert selectors.payouts_due(actor=upper.user).count() == 1
    with pytest.raises(NotFound):
        selectors.account_for(actor=other.user, case=case)
