"""/api/v1/ for linked departments, network inquiry, the outbox and the partners' callback."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.linkage.conftest import STARTED
from zhixing.core.rules.roles import Role
from zhixing.core.tokens import api_token_create
from zhixing.linkage.models import OutboxMessage, PropertyFound
from zhixing.linkage.partners import deliver_simulated

pytestmark = pytest.mark.django_db


def login(client, staff):
    assert client.login(username=staff.user.username, password=PASSWORD)


def inquire(client, case, on=STARTED):
    return client.post(
        f"/api/v1/cases/{case.pk}/network-inquiry",
        {"on": on.isoformat()},
        content_type="application/json",
    )


def test_departments_are_listed(client, people, departments):
    login(client, people["clerk"])
    body = {d["code"]: d for d in client.get("/api/v1/departments").json()}
    assert (body["icbc"]["name"], body["icbc"]["kind_label"]) == ("中国工商银行", "银行")
    assert len(body) == 25


def test_officer_starts_an_inquiry_and_sees_what_was_found(
    client, people, case, django_capture_on_commit_callbacks
):
    login(client, people["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = inquire(client, case)
    assert response.status_code == 201
    assert response.json() == {"messages": 10, "departments": 10, "respondents": 1}
    deliver_simulated()
    found = client.get(f"/api/v1/cases/{case.pk}/property-found").json()
    assert len(found) == PropertyFound.objects.filter(case=case).count() >= 1
    assert {f["respondent"] for f in found} == {"王被执"}
    messages = client.get(f"/api/v1/cases/{case.pk}/inquiry-messages").json()
    assert {m["status"] for m in messages} == {"answered"}
    again = inquire(client, case, on=timezone.localdate())
    assert again.status_code == 201


def test_open_round_is_409(client, people, case):
    login(client, people["officer"])
    assert inquire(client, case).status_code == 201
    response = inquire(client, case)
    assert response.status_code == 409
    assert response.json()["code"] == "inquiry.in_progress"


def test_wrong_role_is_403_and_other_court_is_404(client, people, case, tree, make_staff):
    login(client, people["clerk"])
    response = inquire(client, case)
    assert (response.status_code, response.json()["code"]) == (403, "inquiry.role")
    stranger = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    login(client, stranger)
    assert inquire(client, case).status_code == 404
    assert client.get(f"/api/v1/cases/{case.pk}/property-found").status_code == 404
    assert not OutboxMessage.objects.exists()


def test_outbox_is_scoped_and_filters_overdue(client, people, case, tree, make_staff, file_case):
    login(client, people["officer"])
    inquire(client, case)  # due 2026-11-05: overdue
    fresh = file_case(docket_on=date(2026, 9, 22))
    inquire(client, fresh, on=timezone.localdate())
    everything = client.get("/api/v1/outbox").json()
    assert len(everything) == 20
    overdue = client.get("/api/v1/outbox?overdue=true").json()
    assert len(overdue) == 10 and {m["case_id"] for m in overdue} == {case.pk}
    assert all(m["overdue"] for m in overdue)
    assert client.get("/api/v1/outbox?status=answered").json() == []
    assert client.get("/api/v1/outbox?status=lost").status_code == 422
    stranger = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    login(client, stranger)
    assert client.get("/api/v1/outbox").json() == []
    upper = make_staff(tree.bj3, "bj3_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None)
    login(client, upper)
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get("/api/v1/outbox?overdue=true").json()) == 10
    assert len(queries) <= 8  # session, user, staff, scope, one select: no query per row


@pytest.fixture
def icbc_token(departments, superuser, django_user_model):
    user = django_user_model.objects.create_user("icbc_link", password=PASSWORD)
    department = departments["icbc"]
    department.system_user = user
    department.save()
    _, raw = api_token_create(actor=superuser, user=user, name="工商银行对接", court_id=None)
    return raw


def test_partner_callback_is_idempotent_and_authenticated(
    client, people, case, icbc_token, django_user_model, superuser
):
    login(client, people["officer"])
    inquire(client, case)
    client.logout()
    key = OutboxMessage.objects.get(case=case, department__code="icbc").idempotency_key
    body = {
        "department_code": "icbc",
        "answer_id": "ICBC-20261127-1",
        "message_key": key,
        "payload": {
            "items": [
                {
                    "kind": "deposit",
                    "description": "活期存款",
                    "identifier": "6222",
                    "amount": "8800.5",
                }
            ]
        },
    }
    auth = {"HTTP_AUTHORIZATION": f"Bearer {icbc_token}"}
    assert (
        client.post("/api/v1/partner-answers", body, content_type="application/json").status_code
        == 401
    )
    first = client.post("/api/v1/partner-answers", body, content_type="application/json", **auth)
    assert first.status_code == 201
    assert first.json() == {
        "answer_id": "ICBC-20261127-1",
        "message_key": key,
        "duplicate": False,
        "found": 1,
    }
    again = client.post("/api/v1/partner-answers", body, content_type="application/json", **auth)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert PropertyFound.objects.get(case=case).amount == pytest.approx(8800.50)
    other = django_user_model.objects.create_user("ccb_link", password=PASSWORD)
    _, raw = api_token_create(actor=superuser, user=other, name="x", court_id=None)
    refused = client.post(
        "/api/v1/partner-answers",
        {**body, "answer_id": "Z"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "answer.not_partner")


def test_unreadable_answer_is_422_with_field(client, people, case, icbc_token):
    login(client, people["officer"])
    inquire(client, case)
    client.logout()
    key = OutboxMessage.objects.get(case=case, department__code="icbc").idempotency_key
    response = client.post(
        "/api/v1/partner-answers",
        {
            "department_code": "icbc",
            "answer_id": "1",
            "message_key": key,
            "payload": {"items": [{"kind": "gold", "description": "金条"}]},
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {icbc_token}",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "answer.kind_invalid"
    assert response.json()["field"] == "payload.items.0.kind"
    assert OutboxMessage.objects.get(idempotency_key=key).status != "answered"
