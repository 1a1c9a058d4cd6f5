"""/api/v1/ for enforcement cases: filing, the timeline, assignment, deadlines, the calculator."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cases.conftest import CHECKLIST, basis, parties
from zhixing.cases import services
from zhixing.cases.models import (
    CaseDeadline,
    EnforcementCase,
    NodeEvent,
    Party,
    Reminder,
    StageAssignment,
)
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role

pytestmark = pytest.mark.django_db


def case_body(**overrides):
    body = {
        "court_code": "京0105",
        "type_code": "执",
        "origin": "civil_judgment",
        "arrival": "application",
        "received_on": "2026-09-21",
        "claim_amount": "100000.00",
        "basis": {
            "issuing_body": "北京市朝阳区人民法院",
            "document_number": "（2025）京0105民初100号",
            "effective_on": "2025-12-01",
            "performance_deadline": "2025-12-15",
            "obligations": "被执行人向申请执行人支付货款 100000 元",
            "amount": "100000.00",
        },
        "parties": [
            {
                "role": "applicant",
                "kind": "legal_entity",
                "name": "北京某贸易有限公司",
                "credit_code": "91350100M000100Y43",
                "legal_representative": "李总",
                "phone": "13900000000",
            },
            {
                "role": "respondent",
                "kind": "person",
                "name": "王被执",
                "id_number": "11010519491231002X",
                "phone": "13800000000",
            },
        ],
        "docket": {"on": "2026-09-22", "checklist": dict(CHECKLIST)},
    }
    body.update(overrides)
    return body


def written():
    return (
        EnforcementCase.objects.count(),
        Party.objects.count(),
        NodeEvent.objects.count(),
        CaseDeadline.objects.count(),
        AuditRecord.objects.count(),
    )


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def refused(response, status, code, field=None):
    data = response.json()
    assert response.status_code == status, data
    assert data["code"] == code, data
    if field is not None:
        assert data["field"] == field, data
    assert data["message"] and data["message"].isascii() is False  # a Chinese sentence
    return data


@pytest.fixture
def clerk_client(client, people):
    client.force_login(people["clerk"].user)
    return client


@pytest.fixture
def assigned(file_case, people):
    """A case docketed on 2026-09-22 with 陈执行 as officer from 2026-09-23."""
    case = file_case(docket_on=date(2026, 9, 22))
    services.officer_assign(
        actor=people["chief"].user, cases=[case], officer=people["officer"], on=date(2026, 9, 23)
    )
    return case


# --- filing ----------------------------------------------------------------------------------------


def test_filing_with_docket_in_one_request(clerk_client):
    response = post(clerk_client, "/api/v1/cases", case_body())
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["case_number"] == "（2026）京0105执1号"
    assert data["status"] == "docketed" and data["status_label"] == "在办"
    assert data["court_code"] == "京0105" and data["type_label"] == "首次执行"
    assert data["claim_amount"] == "100000.00" and data["basis"]["amount"] == "100000.00"
    assert len(data["query_code"]) == 10
    respondent = next(p for p in data["parties"] if p["role"] == "respondent")
    assert respondent["id_number_masked"] == "110105********002X"
    assert "11010519491231002X" not in response.content.decode()
    deadlines = {d["code"]: d for d in data["deadlines"]}
    assert deadlines["docket_decision"]["status"] == "met"
    assert deadlines["docket_decision"]["met_on"] == "2026-09-22"
    # 2026-09-21 + 10 days = 10-01, National Day: moved to the first workday after the holiday
    notice = deadlines["enforcement_notice"]
    assert (notice["due_on"], notice["moved_from"]) == ("2026-10-08", "2026-10-01")
    assert notice["status"] == "overdue" and notice["status_label"] == "已超期"
    assert notice["days_remaining"] == (date(2026, 10, 8) - date.today()).days < 0
    assert notice["source"] == "民诉法解释 第480条"
    events = clerk_client.get(f"/api/v1/cases/{data['id']}/events").json()
    assert [e["code"] for e in events] == ["received", "docketed"]


def test_receive_without_docket_then_docket_and_refuse(clerk_client):
    body = case_body()
    del body["docket"]
    first = post(clerk_client, "/api/v1/cases", body).json()
    assert first["status"] == "received" and first["case_number"] is None
    docketed = post(
        clerk_client,
        f"/api/v1/cases/{first['id']}/docket",
        {"on": "2026-09-23", "checklist": CHECKLIST},
    )
    assert docketed.status_code == 200 and docketed.json()["case_number"] == "（2026）京0105执1号"
    second = post(clerk_client, "/api/v1/cases", body).json()
    response = post(
        clerk_client, f"/api/v1/cases/{second['id']}/refuse", {"on": "2026-09-19", "reason": "x"}
    )
    refused(response, 422, "node.date_order", "on")  # before the receipt on 09-21
    response = post(
        clerk_client,
        f"/api/v1/cases/{second['id']}/refuse",
        {"on": "2026-09-24", "reason": "不属于本院管辖"},
    )
    assert response.status_code == 200 and response.json()["status"] == "refused"
    response = post(
        clerk_client,
        f"/api/v1/cases/{second['id']}/docket",
        {"on": "2026-09-25", "checklist": CHECKLIST},
    )
    refused(response, 409, "node.case_ended")


def test_bad_id_number_is_refused_and_writes_nothing(clerk_client):
    body = case_body()
    body["parties"][1]["id_number"] = "110105194912310021"
    before = written()
    response = post(clerk_client, "/api/v1/cases", body)
    refused(response, 422, "id_number.check_digit", "parties.1.id_number")
    assert written() == before


def test_refused_docketing_rolls_back_the_receipt(clerk_client):
    """Receipt and docketing in one request are one transaction: no half-filed case is left."""
    body = case_body(docket={"on": "2026-09-22", "checklist": {**CHECKLIST, "jurisdiction": False}})
    before = written()
    response = post(clerk_client, "/api/v1/cases", body)
    refused(response, 422, "acceptance.jurisdiction", "docket.checklist")
    assert written() == before
    body = case_body(docket={"on": "2026-09-20", "checklist": CHECKLIST})  # before the receipt
    refused(post(clerk_client, "/api/v1/cases", body), 422, "node.date_order", "docket.on")
    assert written() == before


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"claim_amount": "-1.00"}, "money.negative", "claim_amount"),
        ({"claim_amount": "12.345"}, "money.precision", "claim_amount"),
        (
            {"basis": {**case_body()["basis"], "performance_deadline": "2025-11-30"}},
            "basis.deadline_before_effective",
            "basis.performance_deadline",
        ),
        ({"type_code": "执异"}, "type_code.invalid", "type_code"),
        ({"court_code": "京0108"}, "not_found", None),  # 海淀 is outside a 朝阳 clerk's scope
    ],
)
def test_bad_filing_input(clerk_client, change, code, field):
    before = written()
    response = post(clerk_client, "/api/v1/cases", case_body(**change))
    status = 404 if code == "not_found" else 422
    refused(response, status, code, field)
    assert written() == before


def test_schema_validation_names_the_nested_field(clerk_client):
    body = case_body()
    del body["basis"]["effective_on"]
    response = post(clerk_client, "/api/v1/cases", body)
    data = refused(response, 422, "input.invalid", "basis.effective_on")
    assert "字段" in data["message"]


# --- reading -------------------------------------------------------------------------------------


def test_scope_other_court_gets_404_upper_court_sees(client, tree, make_staff, assigned):
    url = f"/api/v1/cases/{assigned.pk}"
    client.force_login(make_staff(tree.haidian, "hd_officer").user)
    for response in (
        client.get(url),
        client.get(f"{url}/events"),
        client.get("/api/v1/cases/by-number", {"number": "（2026）京0105执1号"}),
        post(client, f"{url}/events", {"code": "notice_issued", "on": "2026-09-25"}),
    ):
        refused(response, 404, "not_found")
    assert client.get("/api/v1/cases").json()["items"] == []
    assert NodeEvent.objects.filter(case=assigned, code="notice_issued").count() == 0

    client.force_login(make_staff(tree.bj3, "bj3_officer").user)
    data = client.get(url).json()
    assert data["case_number"] == "（2026）京0105执1号" and data["officer"]["name"] == "陈执行"
    assert [c["id"] for c in client.get("/api/v1/cases").json()["items"]] == [assigned.pk]


def test_by_number_accepts_ascii_brackets(client, people, assigned):
    client.force_login(people["officer"].user)
    for number in ("（2026）京0105执1号", "(2026)京0105执1号"):
        response = client.get("/api/v1/cases/by-number", {"number": number})
        assert response.status_code == 200 and response.json()["id"] == assigned.pk
    refused(
        client.get("/api/v1/cases/by-number", {"number": "(2026)京0105执9号"}), 404, "not_found"
    )
    refused(client.get("/api/v1/cases/by-number", {"number": "乱写"}), 404, "not_found")


def test_list_pages_filters_and_constant_queries(client, people, file_case):
    client.force_login(people["chief"].user)
    file_case(docket_on=date(2026, 9, 22))
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/v1/cases").json()["items"]) == 1
    for _ in range(4):
        file_case(docket_on=date(2026, 9, 22))
    file_case()  # received only
    with CaptureQueriesContext(connection) as six:
        assert len(client.get("/api/v1/cases").json()["items"]) == 6
    assert len(six) == len(one)

    first = client.get("/api/v1/cases", {"limit": 4}).json()
    rest = client.get("/api/v1/cases", {"limit": 4, "after": first["next_after"]}).json()
    assert len(first["items"]) == 4 and len(rest["items"]) == 2 and rest["next_after"] is None
    ids = [c["id"] for c in first["items"] + rest["items"]]
    assert ids == sorted(ids) and len(set(ids)) == 6

    assert len(client.get("/api/v1/cases", {"status": "received"}).json()["items"]) == 1
    assert (
        len(
            client.get("/api/v1/cases", {"stage": "filing", "court_code": "京0105"}).json()["items"]
        )
        == 6
    )
    refused(client.get("/api/v1/cases", {"status": "open"}), 422, "status.invalid", "status")
    refused(client.get("/api/v1/cases", {"stage": "x"}), 422, "stage.invalid", "stage")
    refused(client.get("/api/v1/cases", {"limit": 501}), 422, "input.invalid", "limit")


def test_detail_query_count_does_not_grow_with_the_case(client, people, assigned, file_case):
    client.force_login(people["officer"].user)
    other = file_case(docket_on=date(2026, 9, 22))
    with CaptureQueriesContext(connection) as small:
        client.get(f"/api/v1/cases/{other.pk}")
    for on, code in ((date(2026, 9, 25), "notice_issued"), (date(2026, 9, 26), "lead_received")):
        services.node_record(actor=people["officer"].user, case=assigned, code=code, on=on)
    services.stage_assign(
        actor=people["chief"].user,
        cases=[assigned],
        stage="inquiry_control",
        staff=people["officer2"],
        on=date(2026, 9, 27),
    )
    with CaptureQueriesContext(connection) as big:
        data = client.get(f"/api/v1/cases/{assigned.pk}").json()
    assert len(data["deadlines"]) > 5 and data["stage_assignments"][0]["staff"]["name"] == "林执行"
    assert len(big) == len(small)


# --- the timeline --------------------------------------------------------------------------------


def test_node_out_of_order_and_wrong_role(client, people, assigned):
    url = f"/api/v1/cases/{assigned.pk}/events"
    client.force_login(people["officer"].user)
    before = written()
    refused(
        post(client, url, {"code": "notice_served", "on": "2026-09-25"}), 409, "node.out_of_order"
    )
    client.force_login(people["clerk"].user)
    refused(post(client, url, {"code": "suspended", "on": "2026-09-25"}), 409, "node.role")
    assert written() == before

    client.force_login(people["officer"].user)
    response = post(client, url, {"code": "notice_issued", "on": "2026-09-25", "note": "邮寄"})
    assert response.status_code == 201
    event = response.json()
    assert (event["code"], event["label"], event["actor_name"]) == (
        "notice_issued",
        "发出执行通知书、报告财产令",
        "陈执行",
    )
    refused(
        post(client, url, {"code": "notice_served", "on": "2026-09-24"}),
        422,
        "node.date_order",
        "on",
    )
    refused(
        post(client, url, {"code": "docketed", "on": "2026-09-26"}), 422, "node.dedicated", "code"
    )
    refused(
        post(client, url, {"code": "flown_away", "on": "2026-09-26"}), 422, "code.invalid", "code"
    )
    timeline = client.get(url).json()
    assert [e["seq"] for e in timeline] == [1, 2, 3, 4]
    assert timeline[-1]["note"] == "邮寄"


def test_extension_too_early(client, people, assigned):
    """The closure period of a case docketed on 2026-09-22 ends on 2027-03-22: too early now."""
    client.force_login(people["officer"].user)
    url = f"/api/v1/cases/{assigned.pk}"
    body = {"on": "2026-11-20", "months": 3, "reason": "财产处置尚未完成"}
    before = written()
    data = refused(post(client, f"{url}/extension-request", body), 409, "extension.too_early", "on")
    assert data["source"] == "法发〔2006〕35号 第1条" and "2027年03月17日" in data["message"]
    decision = {"on": "2026-11-20", "approve": True, "months": 3}
    refused(post(client, f"{url}/extension-decision", decision), 409, "node.role")
    assert written() == before


def test_extension_flow_through_the_api(client, people, file_case):
    """A case docketed 2026-05-25 has its closure period end 2026-11-25; asked for on 11-21."""
    case = file_case(received_on=date(2026, 5, 22), docket_on=date(2026, 5, 25))
    url = f"/api/v1/cases/{case.pk}"
    client.force_login(people["officer"].user)
    response = post(
        client, f"{url}/extension-request", {"on": "2026-11-21", "months": 3, "reason": "拍卖中"}
    )
    assert response.status_code == 201 and response.json()["code"] == "extension_requested"
    client.force_login(people["president"].user)
    response = post(
        client, f"{url}/extension-decision", {"on": "2026-11-23", "approve": True, "months": 9}
    )
    refused(response, 422, "extension.length", "months")
    response = post(
        client, f"{url}/extension-decision", {"on": "2026-11-23", "approve": True, "months": 3}
    )
    assert response.status_code == 201 and response.json()["data"] == {"months": 3}
    closure = next(d for d in client.get(url).json()["deadlines"] if d["code"] == "closure")
    assert closure["due_on"] == "2027-02-25" and closure["extended_months"] == 3


# --- assignment ------------------------------------------------------------------------------------


def test_assign_officer_in_bulk_all_or_nothing(client, tree, people, file_case, make_staff):
    cases = [file_case(docket_on=date(2026, 9, 22)) for _ in range(3)]
    ids = [c.pk for c in cases]
    client.force_login(people["chief"].user)
    body = {"case_ids": ids, "officer_id": people["officer"].pk, "on": "2026-09-23"}
    refused(
        post(client, "/api/v1/cases/assign-officer", {**body, "officer_id": people["clerk"].pk}),
        422,
        "officer.role",
        "officer_id",
    )

    haidian_case = services.case_receive(
        actor=make_staff(tree.haidian, "hd_clerk", roles=[Role.CLERK]).user,
        court=tree.haidian,
        type_code="执",
        origin="civil_judgment",
        arrival="application",
        received_on=date(2026, 9, 21),
        basis=basis(),
        parties=parties(),
    )
    response = post(
        client, "/api/v1/cases/assign-officer", {**body, "case_ids": [*ids, haidian_case.pk]}
    )
    refused(response, 404, "not_found")
    assert not EnforcementCase.objects.filter(pk__in=ids, officer__isnull=False).exists()

    response = post(client, "/api/v1/cases/assign-officer", body)
    assert response.status_code == 200 and response.json() == {"count": 3}
    assert set(EnforcementCase.objects.filter(pk__in=ids).values_list("officer", flat=True)) == {
        people["officer"].pk
    }
    client.force_login(people["officer"].user)
    refused(post(client, "/api/v1/cases/assign-officer", body), 409, "node.role")


def test_assign_stage_in_bulk_keeps_stages_apart(client, people, assigned, file_case):
    other = file_case(docket_on=date(2026, 9, 22))
    client.force_login(people["chief"].user)
    url = "/api/v1/cases/assign-stage"
    body = {"case_ids": [assigned.pk, other.pk], "stage": "inquiry_control", "on": "2026-09-24"}
    refused(post(client, url, body), 422, "stage.holder", "staff_id")
    response = post(client, url, {**body, "staff_id": people["officer2"].pk})
    assert response.json() == {"count": 2}
    response = post(client, url, {**body, "stage": "disposal", "staff_id": people["officer2"].pk})
    refused(response, 409, "stage.separation", "staff_id")
    assert StageAssignment.objects.filter(stage="disposal").count() == 0
    refused(
        post(client, url, {**body, "stage": "nowhere", "staff_id": people["officer3"].pk}),
        422,
        "stage.invalid",
        "stage",
    )
    refused(post(client, url, {**body, "team_id": 999999}), 404, "not_found")


# --- collegial decisions, trial coordination, voluntary performance -------------------------------


def test_collegial_decision(client, tree, people, assigned, make_staff):
    client.force_login(people["judge"].user)
    url = f"/api/v1/cases/{assigned.pk}/collegial-decisions"
    body = {
        "kind": "panel",
        "decided_on": "2026-10-12",
        "subject": "拍卖被执行人房产",
        "outcome": "同意启动评估拍卖",
        "member_ids": [people["judge"].pk, people["officer"].pk],
        "presiding_id": people["judge"].pk,
    }
    refused(post(client, url, body), 422, "panel.size", "member_ids")
    members = [people["judge"].pk, people["officer"].pk, people["officer2"].pk]
    outsider = make_staff(tree.haidian, "hd_judge", roles=[Role.JUDGE]).pk
    refused(post(client, url, {**body, "member_ids": [*members[:2], outsider]}), 404, "not_found")
    response = post(client, url, {**body, "member_ids": members})
    assert response.status_code == 201
    data = response.json()
    assert data["kind_label"] == "合议庭评议" and data["presiding"]["id"] == people["judge"].pk
    assert [m["id"] for m in data["members"]] == members


def test_trial_feedback_and_answer(client, people, assigned):
    client.force_login(people["officer"].user)
    response = post(
        client,
        f"/api/v1/cases/{assigned.pk}/trial-feedback",
        {"issue": "判决主文未写明交付标的物的具体位置", "on": "2026-10-09"},
    )
    assert response.status_code == 201
    feedback = response.json()
    assert feedback["raised_by"]["name"] == "陈执行" and feedback["answered_on"] is None
    url = f"/api/v1/trial-feedback/{feedback['id']}/answer"
    refused(post(client, url, {"answer": "见附图", "on": "2026-10-12"}), 403, "node.role")
    client.force_login(people["judge"].user)
    response = post(client, url, {"answer": "标的物位于判决附图所示位置", "on": "2026-10-12"})
    assert response.status_code == 200 and response.json()["answered_on"] == "2026-10-12"
    refused(post(client, url, {"answer": "再答", "on": "2026-10-13"}), 409, "feedback.answered")


def test_voluntary_performance(client, people):
    client.force_login(people["clerk"].user)
    body = {
        "court_code": "京0105",
        "document_number": "（2026）京0105民初9号",
        "performed_on": "2026-10-20",
        "amount": "5000",
    }
    response = post(client, "/api/v1/voluntary-performances", body)
    assert response.status_code == 201 and response.json()["amount"] == "5000.00"
    response = post(client, "/api/v1/voluntary-performances", {**body, "amount": "-5"})
    refused(response, 422, "money.negative", "amount")
    response = post(client, "/api/v1/voluntary-performances", {**body, "court_code": "京0108"})
    refused(response, 404, "not_found")


# --- deadlines: worklist, overdue, dashboard, reminders --------------------------------------------


def test_worklist_overdue_and_dashboard_agree(client, tree, people, assigned, make_staff):
    """Today (2026-11-26) the notice deadlines of a case assigned on 09-23 are long past."""
    client.force_login(people["officer"].user)
    mine = client.get("/api/v1/worklist").json()
    dues = [item["due_on"] for item in mine]
    assert dues == sorted(dues)
    assert {item["case_number"] for item in mine} == {"（2026）京0105执1号"}
    late_on_worklist = {item["id"] for item in mine if item["status"] == "overdue"}
    codes = {item["code"] for item in mine if item["status"] == "overdue"}
    assert {"enforcement_notice", "notice_after_assignment", "leads_request"} <= codes
    assert all(item["days_remaining"] < 0 for item in mine if item["status"] == "overdue")

    client.force_login(people["chief"].user)
    late = client.get("/api/v1/overdue").json()
    assert {item["id"] for item in late["items"]} == late_on_worklist
    assert all(item["responsible"]["name"] == "陈执行" for item in late["items"])
    board = client.get("/api/v1/dashboard").json()
    assert [(row["court_code"], row["open_cases"], row["overdue_deadlines"]) for row in board] == [
        ("京0105", 1, len(late_on_worklist))
    ]
    assert {s["stage"]: s["count"] for s in board[0]["by_stage"]}["filing"] == 1

    client.force_login(
        make_staff(tree.bj3, "bj3_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None).user
    )
    upper = client.get("/api/v1/overdue", {"court_code": "京0105"}).json()
    assert {item["id"] for item in upper["items"]} == late_on_worklist
    client.force_login(
        make_staff(tree.haidian, "hd_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None).user
    )
    assert client.get("/api/v1/overdue").json()["items"] == []
    assert client.get("/api/v1/dashboard").json() == []
    refused(client.get("/api/v1/overdue", {"court_code": "京0105"}), 404, "not_found")


def test_overdue_pages_by_due_date_and_id(client, people, file_case):
    for _ in range(3):
        file_case(docket_on=date(2026, 9, 22))
    client.force_login(people["chief"].user)
    everything = client.get("/api/v1/overdue", {"limit": 500}).json()["items"]
    seen, after = [], None
    while True:
        page = client.get("/api/v1/overdue", {"limit": 2, **({"after": after} if after else {})})
        data = page.json()
        seen += [item["id"] for item in data["items"]]
        after = data["next_after"]
        if after is None:
            break
    assert seen == [item["id"] for item in everything] and len(seen) >= 6
    refused(client.get("/api/v1/overdue", {"after": "yesterday"}), 422, "page.after", "after")


def test_reminder_from_the_chief(client, people, assigned):
    late = CaseDeadline.objects.get(case=assigned, code="notice_after_assignment")
    url = f"/api/v1/deadlines/{late.pk}/reminders"
    client.force_login(people["officer2"].user)
    refused(post(client, url, {"message": "请尽快发出执行通知书"}), 403, "reminder.role")
    client.force_login(people["chief"].user)
    response = post(client, url, {"message": "请尽快发出执行通知书"})
    assert response.status_code == 201
    data = response.json()
    assert data["sent_to"]["name"] == "陈执行" and data["case_number"] == "（2026）京0105执1号"
    assert Reminder.objects.filter(deadline=late).count() == 1
    refused(post(client, "/api/v1/deadlines/999999/reminders", {"message": "x"}), 404, "not_found")


# --- the public period calculator ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "length", "unit", "end", "moved", "provisional"),
    [
        ("2026-09-25", 10, "day", "2026-10-08", "2026-10-05", False),  # National Day holiday
        ("2014-05-28", 3, "month", "2014-08-28", None, False),  # the SPC's own example
        ("2026-09-30", 3, "workday", "2026-10-10", None, False),  # 10-10 is a make-up Saturday
        ("2026-01-31", 1, "month", "2026-02-28", None, False),  # no 31st: the month's last day
        ("2026-11-20", 10, "day", "2026-11-30", None, False),  # 11-30 is a Monday
        ("2026-11-18", 10, "day", "2026-11-30", "2026-11-28", False),  # Saturday → Monday
        ("2027-03-01", 10, "day", "2027-03-11", None, True),  # no official 2027 data yet
    ],
)
def test_period_calculator(client, start, length, unit, end, moved, provisional):
    response = client.get(
        "/api/v1/calculators/period", {"start": start, "length": length, "unit": unit}
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["end"], data["moved_from"], data["provisional"]) == (end, moved, provisional)
    assert data["source"].startswith("民事诉讼法（2023）第八十五条")
    assert "不计算在期间内" in data["rule"]
    assert ("顺延" in data["rule"]) == (moved is not None)
    assert ("临时" in data["rule"]) == provisional


def test_period_calculator_rule_texts(client):
    def rule(start, length, unit):
        query = {"start": start, "length": length, "unit": unit}
        return client.get("/api/v1/calculators/period", query).json()["rule"]

    assert "2026年10月5日是法定休假日，顺延至其后的第一个工作日2026年10月8日" in rule(
        "2026-09-25", 10, "day"
    )
    assert "调休上班日2026年10月10日计为工作日" in rule("2026-09-30", 3, "workday")
    assert "月末日2026年2月28日" in rule("2026-01-31", 1, "month")


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ({"start": "2026-01-01", "length": 0, "unit": "day"}, "period.length", "length"),
        ({"start": "2026-01-01", "length": 3651, "unit": "day"}, "period.length", "length"),
        ({"start": "2026-01-01", "length": "-3", "unit": "day"}, "period.length", "length"),
        ({"start": "2026-01-01", "length": "三", "unit": "day"}, "period.length", "length"),
        ({"start": "2026-01-01", "length": 3, "unit": "week"}, "period.unit", "unit"),
        ({"start": "2026-01-01", "length": 3}, "period.unit", "unit"),
        ({"start": "2026-02-30", "length": 3, "unit": "day"}, "period.start", "start"),
        ({"start": "20260201", "length": 3, "unit": "day"}, "period.start", "start"),
        ({"start": "1900-01-01", "length": 3, "unit": "day"}, "period.start", "start"),
        ({"length": 3, "unit": "day"}, "period.start", "start"),
    ],
)
def test_period_calculator_refuses_bad_input(client, query, code, field):
    refused(client.get("/api/v1/calculators/period", query), 422, code, field)


def test_period_calculator_needs_no_login(client, people):
    """Anonymous, and the same for a logged-in user."""
    query = {"start": "2026-09-25", "length": 10, "unit": "day"}
    anonymous = client.get("/api/v1/calculators/period", query)
    client.force_login(people["clerk"].user)
    assert anonymous.status_code == 200
    assert client.get("/api/v1/calculators/period", query).json() == anonymous.json()


def test_openapi_lists_the_case_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert {
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
        "/api/v1/cases/by-number",
        "/api/v1/cases/{case_id}/docket",
        "/api/v1/cases/{case_id}/refuse",
        "/api/v1/cases/{case_id}/events",
        "/api/v1/cases/{case_id}/extension-request",
        "/api/v1/cases/{case_id}/extension-decision",
        "/api/v1/cases/assign-officer",
        "/api/v1/cases/assign-stage",
        "/api/v1/cases/{case_id}/collegial-decisions",
        "/api/v1/cases/{case_id}/trial-feedback",
        "/api/v1/trial-feedback/{feedback_id}/answer",
        "/api/v1/voluntary-performances",
        "/api/v1/worklist",
        "/api/v1/overdue",
        "/api/v1/dashboard",
        "/api/v1/deadlines/{deadline_id}/reminders",
        "/api/v1/calculators/period",
    } <= set(paths)
    assert "/api/v1/calendar/period" not in paths
    assert {"201", "401", "403", "404", "409", "422"} <= set(
        paths["/api/v1/cases"]["post"]["responses"]
    )
    assert not paths["/api/v1/calculators/period"]["get"].get("security")
    assert paths["/api/v1/cases"]["get"].get("security")
