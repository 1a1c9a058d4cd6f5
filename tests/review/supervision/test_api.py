"""/api/v1/ for supervision and instruction requests."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def client_for(client, staff_member):
    client.login(username=staff_member.user.username, password=PASSWORD)
    return client


def test_escalate_and_list(client, tree, staff, cy_case):
    case = cy_case()
    c = client_for(client, staff["bj3_judge"])
    today = timezone.localdate().isoformat()
    r = c.post(
        f"/api/v1/cases/{case.pk}/escalation",
        {"on": today, "reason": "消极执行"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["kind"] == "escalation" and body["new_case_number"].startswith("（")
    assert c.get("/api/v1/supervision-actions").json()[0]["id"] == body["id"]
    assert c.get(f"/api/v1/cases/{case.pk}/supervision-actions").status_code == 200


def test_basic_court_escalation_is_409(client, staff, cy_case):
    case = cy_case()
    c = client_for(client, staff["cy_judge"])
    r = c.post(
        f"/api/v1/cases/{case.pk}/escalation",
        {"on": timezone.localdate().isoformat(), "reason": "x"},
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "supervision.not_upper"


def test_designation_outside_district_is_409(client, tree, staff, cy_case):
    case = cy_case()
    c = client_for(client, staff["bj3_judge"])
    r = c.post(
        f"/api/v1/cases/{case.pk}/designation",
        {"on": timezone.localdate().isoformat(), "reason": "x", "to_court": "京0108"},
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "supervision.outside_district"


def test_other_branch_sees_nothing(client, staff, cy_case):
    case = cy_case()
    c = client_for(client, staff["bj1_judge"])
    assert c.get(f"/api/v1/cases/{case.pk}/supervision-actions").status_code == 404


def test_entrustment_steps(client, courts, staff, cy_case):
    case = cy_case()
    today = timezone.localdate().isoformat()
    c = client_for(client, staff["cy_officer"])
    r = c.post(
        f"/api/v1/cases/{case.pk}/entrustment",
        {"on": today, "to_court": "京0106", "reason": "财产在丰台"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    c.logout()
    c = client_for(client, staff["ft_clerk"])
    r = c.post(
        f"/api/v1/supervision-actions/{pk}/receive", {"on": today}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["new_case_number"]
    assert r.json()["start_due"]
    r = c.post(
        f"/api/v1/supervision-actions/{pk}/close", {"on": today}, content_type="application/json"
    )
    assert r.status_code == 404  # the entrusting court's case is outside 丰台's scope


def test_instruction_request_and_answer(client, tree, staff, cy_case):
    case = cy_case()
    today = timezone.localdate().isoformat()
    c = client_for(client, staff["cy_officer"])
    r = c.post(
        "/api/v1/instruction-requests",
        {"on": today, "question": "如何处理？", "case_id": case.pk},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["to_court"] == "京03" and "京03执他" in body["case_number"]
    c.logout()
    c = client_for(client, staff["bj3_judge"])
    r = c.post(
        f"/api/v1/instruction-requests/{body['id']}/answer",
        {"on": today, "answer": "依法处理"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["answered_on"] == today
    r = c.post(
        f"/api/v1/instruction-requests/{body['id']}/answer",
        {"on": today, "answer": "again"},
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "instruction.answered"
