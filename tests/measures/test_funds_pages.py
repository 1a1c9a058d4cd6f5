"""The 执行款 pages and /api/v1/ endpoints: who sees which form, PRG, errors beside fields, scope,
query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.cases.models import NodeEvent
from zhixing.core.rules.roles import Role
from zhixing.measures import services
from zhixing.measures.models import CaseAccount, FundReceipt, Payout

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(file_case):  # noqa: F811
    return file_case(docket_on=date(2026, 9, 22))


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def funded(officer, case, amount="1000.00", reference="B1"):
    services.receipt_record(
        actor=officer,
        case=case,
        amount=amount,
        received_on=date(2026, 10, 9),
        payer="王被执",
        channel="transfer",
        reference=reference,
    )


def schedule(officer, case, amount="600.00", on=date(2026, 10, 12)):
    return services.payout_schedule(
        actor=officer,
        case=case,
        party=case.parties.get(role="applicant"),
        amount=amount,
        condition_met_on=on,
    )


# --- pages ---------------------------------------------------------------------------------


def test_officer_sees_account_ledger_and_officer_forms(case, people):  # noqa: F811
    officer = people["officer"].user
    funded(officer, case)
    schedule(officer, case)
    page = login(officer).get(f"/cases/{case.pk}/funds/")
    html = page.content.decode()
    assert page.status_code == 200
    number = CaseAccount.objects.get(case=case).number
    assert f'title="{number}"' in html
    assert 'id="receipt-form"' in html and 'id="payout-form"' in html
    assert "确认发放" in html and "批准延期" not in html
    assert f'href="/cases/{case.pk}/"' in html
    assert "1,000.00" in html and "执行到位金额" in html
    assert 'class="overdue"' in html  # due 2026-10-29, still unpaid


def test_chief_sees_only_the_delay_form(case, people):  # noqa: F811
    funded(people["officer"].user, case)
    schedule(people["officer"].user, case)
    html = login(people["chief"].user).get(f"/cases/{case.pk}/funds/").content.decode()
    assert "批准延期发放" in html
    assert 'id="receipt-form"' not in html and "确认发放" not in html


def test_receipt_through_the_page_redirects_and_records(case, people):  # noqa: F811
    client = login(people["officer"].user)
    data = {
        "receipt-amount": "1,234.50",
        "receipt-received_on": "2026-10-09",
        "receipt-channel": "cash",
        "receipt-payer": "王被执",
        "receipt-reference": "SJ-001",
    }
    response = client.post(f"/cases/{case.pk}/funds/receipt/", data)
    assert response.status_code == 302
    assert FundReceipt.objects.get().amount == Decimal("1234.50")
    client.post(f"/cases/{case.pk}/funds/receipt/", data)  # the same slip again
    assert CaseAccount.objects.get(case=case).received_total == Decimal("1234.50")


def test_payout_over_available_shows_the_error_beside_the_amount(case, people):  # noqa: F811
    officer = people["officer"].user
    funded(officer, case)
    applicant = case.parties.get(role="applicant")
    response = login(officer).post(
        f"/cases/{case.pk}/funds/payout/",
        {
            "payout-party": applicant.pk,
            "payout-amount": "1000.01",
            "payout-condition_met_on": "2026-11-02",
        },
    )
    assert response.status_code == 409
    assert "超过本案可发放余额" in response.content.decode()
    assert not Payout.objects.exists()


def test_pay_and_delay_through_the_page(case, people):  # noqa: F811
    officer = people["officer"].user
    funded(officer, case)
    first, second = schedule(officer, case), schedule(officer, case, amount="100.00")
    response = login(officer).post(
        f"/cases/{case.pk}/funds/pay/", {"pay-payout": first.pk, "pay-paid_on": "2026-11-05"}
    )
    assert response.status_code == 302
    assert NodeEvent.objects.filter(case=case, code="payout_made").count() == 1
    chief = login(people["chief"].user)
    denied = chief.post(
        f"/cases/{case.pk}/funds/pay/", {"pay-payout": second.pk, "pay-paid_on": "2026-11-05"}
    )
    assert denied.status_code == 403
    missing = chief.post(
        f"/cases/{case.pk}/funds/delay/", {"delay-payout": second.pk, "delay-reason": ""}
    )
    assert missing.status_code == 422
    done = chief.post(
        f"/cases/{case.pk}/funds/delay/", {"delay-payout": second.pk, "delay-reason": "需参与分配"}
    )
    assert done.status_code == 302
    assert Payout.objects.get(pk=second.pk).status == Payout.Status.DELAYED


def test_funds_page_of_another_court_is_not_found(case, tree, make_staff):
    other = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    assert login(other.user).get(f"/cases/{case.pk}/funds/").status_code == 404


def test_payouts_due_page_marks_overdue_and_has_no_n_plus_1(case, people, file_case):  # noqa: F811
    officer = people["officer"].user
    funded(officer, case)
    schedule(officer, case, amount="100.00")
    client = login(people["chief"].user)
    with CaptureQueriesContext(connection) as one:
        page = client.get("/payouts/due/")
    assert 'class="overdue"' in page.content.decode() and "超期未发放" in page.content.decode()
    other = file_case(docket_on=date(2026, 9, 22))
    funded(officer, other, reference="B2")
    for _ in range(4):
        schedule(officer, case, amount="10.00", on=date(2026, 11, 20))
        schedule(officer, other, amount="10.00", on=date(2026, 11, 20))
    with CaptureQueriesContext(connection) as many:
        page = client.get("/payouts/due/")
    assert page.content.decode().count("<tr") == 1 + 9
    assert len(many.captured_queries) == len(one.captured_queries)


# --- API -----------------------------------------------------------------------------------


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_api_receipt_payout_pay_and_account(case, people):  # noqa: F811
    client = login(people["officer"].user)
    body = {
        "amount": "1000.00",
        "received_on": "2026-10-09",
        "payer": "王被执",
        "channel": "deduction",
        "reference": "KH-1",
    }
    first = post(client, f"/api/v1/cases/{case.pk}/receipts", body)
    assert first.status_code == 201
    assert (
        post(client, f"/api/v1/cases/{case.pk}/receipts", body).json()["id"] == first.json()["id"]
    )
    applicant = case.parties.get(role="applicant")
    respondent = case.parties.get(role="respondent")
    refused = post(
        client,
        f"/api/v1/cases/{case.pk}/payouts",
        {"party_id": respondent.pk, "amount": "10", "condition_met_on": "2026-11-02"},
    )
    assert refused.status_code == 409 and refused.json()["code"] == "payout.not_applicant"
    created = post(
        client,
        f"/api/v1/cases/{case.pk}/payouts",
        {"party_id": applicant.pk, "amount": "600.00", "condition_met_on": "2026-11-02"},
    )
    assert created.status_code == 201
    payout = created.json()
    assert payout["due_on"] == "2026-11-23" and payout["status"] == "pending"
    over = post(
        client,
        f"/api/v1/cases/{case.pk}/payouts",
        {"party_id": applicant.pk, "amount": "400.01", "condition_met_on": "2026-11-02"},
    )
    assert over.status_code == 409 and over.json()["code"] == "payout.exceeds_available"
    paid = post(client, f"/api/v1/payouts/{payout['id']}/pay", {"paid_on": "2026-11-05"})
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    account = client.get(f"/api/v1/cases/{case.pk}/account").json()
    assert Decimal(account["realized_amount"]) == Decimal(account["received_total"]) == 1000
    assert Decimal(account["held"]) == Decimal("400.00")
    assert [Decimal(line["balance"]) for line in account["ledger"]] == [1000, 400]


def test_api_suspense_match_and_delay_and_errors(case, people, tree, make_staff):  # noqa: F811
    officer = login(people["officer"].user)
    created = post(
        officer,
        "/api/v1/courts/京0105/suspense-receipts",
        {"amount": "300.00", "received_on": "2026-10-09", "payer": "某", "reference": "S-1"},
    )
    assert created.status_code == 201
    matched = post(
        officer, f"/api/v1/suspense-receipts/{created.json()['id']}/match", {"case_id": case.pk}
    )
    assert matched.status_code == 200 and matched.json()["from_suspense"] is True
    again = post(
        officer, f"/api/v1/suspense-receipts/{created.json()['id']}/match", {"case_id": case.pk}
    )
    assert again.status_code == 409 and again.json()["code"] == "suspense.already_matched"
    payout = schedule(people["officer"].user, case, amount="300.00")
    denied = post(officer, f"/api/v1/payouts/{payout.pk}/delay-approval", {"reason": "需参与分配"})
    assert denied.status_code == 403 and denied.json()["code"] == "funds.role"
    chief = login(people["chief"].user)
    ok = post(chief, f"/api/v1/payouts/{payout.pk}/delay-approval", {"reason": "需参与分配"})
    assert ok.status_code == 200 and ok.json()["timing"] == "delayed"
    due = chief.get("/api/v1/payouts/due").json()
    assert [row["id"] for row in due] == [payout.pk]
    outsider = login(make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER]).user)
    assert outsider.get(f"/api/v1/cases/{case.pk}/account").status_code == 404
    assert outsider.get("/api/v1/payouts/due").json() == []
    assert Client().get("/api/v1/payouts/due").status_code == 401
    bad = post(
        officer,
        f"/api/v1/cases/{case.pk}/receipts",
        {"amount": "-1", "received_on": "2026-10-09", "payer": "x", "reference": "N-1"},
    )
    assert bad.status_code == 422 and bad.json()["code"] == "funds.amount_not_positive"
