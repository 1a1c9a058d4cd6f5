"""/api/v1/ for control measures: list, create, deduct, renew, release, expiring; 422 for bad
input in Chinese, 409 with the rule's source, 404 outside scope, 403 for the wrong role."""

# Fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.linkage.conftest import (
    ACCOUNT,
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
from zhixing.core.rules.roles import Role
from zhixing.measures.models import CaseAccount, ControlMeasure, FundReceipt
from zhixing.measures.services import control as services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]
ONE_YEAR = date(2027, 11, 26)
NOW = f"{TODAY.isoformat()}T10:00:00+08:00"


def api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url, body):
    return client.post(f"/api/v1{url}", body, content_type="application/json")


def freeze_body(found, **kw):
    body = {
        "found_id": found.pk,
        "kind": "freeze",
        "amount": "50000.00",
        "started_on": TODAY.isoformat(),
        "expires_on": ONE_YEAR.isoformat(),
        "ruling": RULING,
    }
    body.update(kw)
    return body


def test_freeze_deduct_and_list(people, case, found_deposit, answer):
    client = api(people["officer"].user)
    found = found_deposit()
    created = post(client, f"/cases/{case.pk}/controls", freeze_body(found))
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["state"], body["department_code"]) == (
        "requested",
        "requested",
        "icbc",
    )
    assert body["max_term"] == "银行存款最长1年" and body["source"] == "民诉法解释 第485条"
    measure = ControlMeasure.objects.get(pk=body["id"])
    answer("icbc", measure.message, {"result": "done", "amount": "45000", "effective_at": NOW})
    listed = client.get(f"/api/v1/cases/{case.pk}/controls").json()
    (row,) = listed["controls"]
    assert row["state"] == "in_effect" and row["amount"] == "45000.00"
    assert row["days_left"] == 365 and row["priority"]["label"] == "首冻"
    assert listed["frozen"] == "45000.00"
    deduction = post(
        client,
        f"/controls/{measure.pk}/deductions",
        {"amount": "45000.00", "on": TODAY.isoformat(), "ruling": RULING + "之二"},
    )
    assert deduction.status_code == 201, deduction.content
    assert deduction.json()["kind"] == "deduct" and deduction.json()["freeze_id"] == measure.pk
    d = ControlMeasure.objects.get(pk=deduction.json()["id"])
    answer(
        "icbc",
        d.message,
        {"result": "done", "amount": "45000", "reference": "HK1", "effective_at": NOW},
    )
    listed = client.get(f"/api/v1/cases/{case.pk}/controls").json()
    assert listed["deducted"] == "45000.00" and listed["frozen"] == "0.00"
    assert listed["deductions"][0]["state"] == "done"
    assert CaseAccount.objects.get(case=case).received_total == Decimal("45000.00")
    account = client.get(f"/api/v1/cases/{case.pk}/account").json()
    assert account["realized_amount"] == "45000.00"


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"amount": "abc"}, 422, "money.format"),
        ({"amount": "-5"}, 422, "control.amount_negative"),
        ({"kind": "burn"}, 422, "kind.invalid"),
        ({"ruling": " "}, 422, "control.required"),
        ({"expires_on": "2027-11-27"}, 409, "control.term_too_long"),
        ({"amount": "100000.01"}, 409, "control.beyond_obligation"),
        ({"kind": "seal"}, 409, "control.kind"),
    ],
)
def test_refusals(people, case, found_deposit, change, status, code):
    client = api(people["officer"].user)
    response = post(client, f"/cases/{case.pk}/controls", freeze_body(found_deposit(), **change))
    assert response.status_code == status, response.content
    error = response.json()
    assert error["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    if status == 409:
        assert error["source"]
    assert not ControlMeasure.objects.exists()


def test_bad_date_is_422(people, case, found_deposit):
    client = api(people["officer"].user)
    response = post(
        client, f"/cases/{case.pk}/controls", freeze_body(found_deposit(), started_on="明天")
    )
    assert response.status_code == 422 and response.json()["field"] == "started_on"


def test_scope_and_role(people, case, found_deposit, tree, make_staff):
    found = found_deposit()
    haidian = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    response = post(api(haidian.user), f"/cases/{case.pk}/controls", freeze_body(found))
    assert response.status_code == 404
    assert api(haidian.user).get(f"/api/v1/cases/{case.pk}/controls").status_code == 404
    clerk = post(api(people["clerk"].user), f"/cases/{case.pk}/controls", freeze_body(found))
    assert (clerk.status_code, clerk.json()["code"]) == (403, "control.role")
    assert Client().get(f"/api/v1/cases/{case.pk}/controls").status_code == 401


def seize(client, case, **kw):
    body = {
        "kind": "seize",
        "property_kind": "movable",
        "description": "小型轿车一辆",
        "identifier": "京N12345",
        "party_id": case.parties.get(role="respondent").pk,
        "started_on": TODAY.isoformat(),
        "expires_on": (TODAY + timedelta(days=10)).isoformat(),
        "ruling": RULING,
    }
    body.update(kw)
    return post(client, f"/cases/{case.pk}/controls", body)


def test_manual_seizure_renew_release_and_expiring(people, case, departments, tree, make_staff):
    client = api(people["officer"].user)
    created = seize(client, case)
    assert created.status_code == 201 and created.json()["state"] == "expiring"
    pk = created.json()["id"]
    listed = client.get("/api/v1/controls/expiring").json()
    assert listed["warn_days"] == 15
    assert [r["id"] for r in listed["expiring"]] == [pk] and listed["expired"] == []
    upper = make_staff(tree.bj3, "bj3_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None)
    assert [
        r["id"] for r in api(upper.user).get("/api/v1/controls/expiring").json()["expiring"]
    ] == [pk]
    haidian = make_staff(tree.haidian, "hd_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None)
    assert api(haidian.user).get("/api/v1/controls/expiring").json()["expiring"] == []
    too_long = post(
        client,
        f"/controls/{pk}/renewals",
        {"renewed_on": TODAY.isoformat(), "new_expiry": "2028-12-07", "ruling": RULING},
    )
    assert (too_long.status_code, too_long.json()["code"]) == (409, "renewal.too_long")
    assert too_long.json()["source"] == "民诉法解释 第485条"
    renewed = post(
        client,
        f"/controls/{pk}/renewals",
        {"renewed_on": TODAY.isoformat(), "new_expiry": "2028-12-06", "ruling": RULING},
    )
    assert renewed.status_code == 201
    assert renewed.json()["expires_on"] == "2028-12-06" and renewed.json()["state"] == "in_effect"
    assert renewed.json()["renewals"][0]["status"] == "in_effect"
    assert client.get("/api/v1/controls/expiring").json()["expiring"] == []
    no_reason = post(
        client, f"/controls/{pk}/release", {"released_on": TODAY.isoformat(), "reason": ""}
    )
    assert (no_reason.status_code, no_reason.json()["field"]) == (422, "reason")
    released = post(
        client, f"/controls/{pk}/release", {"released_on": TODAY.isoformat(), "reason": "已履行"}
    )
    assert released.status_code == 200 and released.json()["state"] == "released"
    assert client.get(f"/api/v1/controls/{pk}").json()["release_reason"] == "已履行"
    assert api(haidian.user).get(f"/api/v1/controls/{pk}").status_code == 404


def test_deduction_refusal_is_409_with_source(people, case, found_deposit, answer):
    client = api(people["officer"].user)
    body = post(client, f"/cases/{case.pk}/controls", freeze_body(found_deposit())).json()
    measure = ControlMeasure.objects.get(pk=body["id"])
    early = post(
        client,
        f"/controls/{measure.pk}/deductions",
        {"amount": "1.00", "on": TODAY.isoformat(), "ruling": RULING},
    )
    assert (early.status_code, early.json()["code"]) == (409, "deduct.freeze_not_in_effect")
    answer("icbc", measure.message, {"result": "done", "amount": "50000", "effective_at": NOW})
    over = post(
        client,
        f"/controls/{measure.pk}/deductions",
        {"amount": "50000.01", "on": TODAY.isoformat(), "ruling": RULING},
    )
    assert over.status_code == 409
    assert (over.json()["code"], over.json()["source"]) == (
        "deduct.beyond_frozen",
        "民事诉讼法 第253条",
    )
    assert not FundReceipt.objects.exists()


def test_partner_callback_for_a_deduction_is_idempotent(
    people,
    case,
    found_deposit,
    answer,
    superuser,
    clock,
):
    client = api(people["officer"].user)
    body = post(client, f"/cases/{case.pk}/controls", freeze_body(found_deposit())).json()
    measure = ControlMeasure.objects.get(pk=body["id"])
    answer("icbc", measure.message, {"result": "done", "amount": "50000", "effective_at": NOW})
    d = post(
        client,
        f"/controls/{measure.pk}/deductions",
        {"amount": "20000", "on": TODAY.isoformat(), "ruling": RULING},
    ).json()
    key = ControlMeasure.objects.get(pk=d["id"]).message.idempotency_key
    callback = {
        "department_code": "icbc",
        "answer_id": "ICBC-HK-1",
        "message_key": key,
        "payload": {"result": "done", "amount": "20000", "reference": "HK1", "effective_at": NOW},
    }
    bank = api(superuser)
    with clock.later():  # the bank answers in the evening, after acting at 10:00
        first = post(bank, "/partner-answers", callback)
        again = post(bank, "/partner-answers", callback)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["duplicate"] is True
    assert FundReceipt.objects.count() == 1
    bad = post(
        bank,
        "/partner-answers",
        {**callback, "answer_id": "X", "payload": {"result": "done", "effective_at": NOW}},
    )
    assert bad.status_code == 200  # the message is already answered: nothing is read again


def _bank_freezes(people, case, departments, answer, count, first=0):
    """`count` deposits frozen through the bank, each ending within the warning window."""
    rows = []
    for n in range(first, first + count):
        measure = services.control_take(
            actor=people["officer"].user,
            case=case,
            kind="freeze",
            property_kind="deposit",
            description=f"工商银行账户{n}",
            identifier=f"62220202000{n:08d}",
            party=case.parties.get(role="respondent"),
            department=departments["icbc"],
            amount="1000.00",
            started_on=TODAY,
            expires_on=TODAY + timedelta(days=10),
            ruling=f"{RULING}{n}",
        )
        answer("icbc", measure.message, {"result": "done", "amount": "1000", "effective_at": NOW})
        rows.append(measure)
    return rows


def test_expiring_list_queries_do_not_grow_with_rows(people, case, departments, answer):
    """Each row reads its outbox message and its pending renewals: joined and prefetched, so the
    list costs the same few queries for one row as for five."""
    client = api(people["officer"].user)
    _bank_freezes(people, case, departments, answer, 1)
    client.get("/api/v1/controls/expiring")  # warm the session and the user's scope
    with CaptureQueriesContext(connection) as one:
        listed = client.get("/api/v1/controls/expiring").json()
    assert len(listed["expiring"]) == 1
    _bank_freezes(people, case, departments, answer, 4, first=1)
    with CaptureQueriesContext(connection) as five:
        listed = client.get("/api/v1/controls/expiring").json()
    assert len(listed["expiring"]) == 5
    assert all(row["message_key"] for row in listed["expiring"])
    assert len(five) == len(one), [q["sql"] for q in five.captured_queries]


def test_expiring_list_shows_a_renewal_already_sent(people, case, departments, answer):
    """As on the page (续行已发出，待回复): the officer is not asked to renew twice."""
    sent, quiet = _bank_freezes(people, case, departments, answer, 2)
    renewal = services.control_renew(
        actor=people["officer"].user,
        measure=sent,
        renewed_on=TODAY,
        new_expiry=TODAY + timedelta(days=300),
        ruling=RULING + "之九",
    )
    rows = {
        r["id"]: r
        for r in api(people["officer"].user).get("/api/v1/controls/expiring").json()["expiring"]
    }
    assert rows[sent.pk]["renewal_pending"] is True
    assert [r["id"] for r in rows[sent.pk]["renewals"]] == [renewal.pk]
    assert rows[quiet.pk]["renewal_pending"] is False and rows[quiet.pk]["renewals"] == []
