"""/api/v1/ for coercive measures: propose, approve/refuse, service, reconsideration apply/decide,
document download; refusals as {code, message, source, field}."""

import io
import json
from datetime import date

import docx
import pytest
from django.test import Client

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.measures.models import CoerciveMeasure

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(file_case):  # noqa: F811
    return file_case(docket_on=date(2026, 9, 22))


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


PROPOSAL = {
    "measure": "fine",
    "subject": "individual",
    "person_name": "王被执",
    "id_number": "11010519491231002X",
    "amount": "80000.00",
    "conduct": "judgment_refused",
    "facts": "有履行能力而拒不履行",
    "proposed_on": "2026-10-09",
}


def test_the_whole_path_through_the_api(case, people, tree, make_staff):  # noqa: F811
    officer = login(people["officer"].user)
    url = f"/api/v1/cases/{case.pk}/coercive-measures"
    too_much = post(officer, url, {**PROPOSAL, "amount": "100000.01"})
    assert too_much.status_code == 409
    assert too_much.json() == {
        "code": "fine.individual_max",
        "message": "对个人的罚款金额为人民币十万元以下",
        "source": "民事诉讼法 第118条",
        "field": "amount",
    }
    created = post(officer, url, PROPOSAL)
    assert created.status_code == 201
    measure = created.json()
    assert measure["status"] == "proposed" and measure["document_url"] is None
    assert measure["conduct_article"] == "民事诉讼法 第114条第1款第6项"
    mid = measure["id"]

    denied = post(officer, f"/api/v1/coercive-measures/{mid}/approve", {"on": "2026-10-12"})
    assert denied.status_code == 403 and denied.json()["code"] == "coercive.approval"
    assert denied.json()["source"] == "民事诉讼法 第119条"

    president = login(people["president"].user)
    assert [m["id"] for m in president.get("/api/v1/coercive-measures/pending").json()] == [mid]
    approved = post(president, f"/api/v1/coercive-measures/{mid}/approve", {"on": "2026-10-12"})
    assert approved.status_code == 200
    body = approved.json()
    assert body["status"] == "approved" and body["document_number"] == "（2026）京0105司惩1号"
    assert body["document_url"] == f"/api/v1/coercive-measures/{mid}/document"

    served = post(
        officer, f"/api/v1/coercive-measures/{mid}/execution", {"served_on": "2026-10-12"}
    )
    assert served.json()["reconsideration_due"] == "2026-10-15"

    document = officer.get(body["document_url"])
    assert document.status_code == 200
    assert document["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in document["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs)
    assert "（2026）京0105司惩1号" in text and "人民币80,000.00元（大写：人民币捌万元整）" in text

    clerk = login(people["clerk"].user)
    applied = post(
        clerk,
        f"/api/v1/coercive-measures/{mid}/reconsideration",
        {"applied_on": "2026-10-14", "reason": "罚款过重"},
    )
    assert applied.status_code == 201
    recon = applied.json()
    assert recon["court_code"] == "京03" and recon["stays_measure"] is False
    again = post(
        clerk,
        f"/api/v1/coercive-measures/{mid}/reconsideration",
        {"applied_on": "2026-10-14", "reason": "再次"},
    )
    assert again.status_code == 409 and again.json()["code"] == "reconsideration.once"

    decide_url = f"/api/v1/coercive-reconsiderations/{recon['id']}/decision"
    decision = {"outcome": "revoked", "note": "不当", "on": "2026-10-16"}
    same = post(login(people["judge"].user), decide_url, decision)
    assert same.status_code == 403 and same.json()["code"] == "reconsideration.not_upper_court"
    upper = login(make_staff(tree.bj3, "bj3_judge", roles=[Role.JUDGE], unit_kind="review").user)
    assert [r["id"] for r in upper.get("/api/v1/coercive-reconsiderations").json()] == [recon["id"]]
    decided = post(upper, decide_url, decision)
    assert decided.status_code == 200
    assert decided.json()["outcome"] == "revoked"
    assert decided.json()["document_number"] == "（2026）京03司惩复1号"
    executed = post(
        officer, f"/api/v1/coercive-measures/{mid}/execution", {"executed_on": "2026-10-17"}
    )
    assert executed.status_code == 409 and executed.json()["code"] == "coercive.revoked"
    listed = officer.get(f"/api/v1/cases/{case.pk}/coercive-measures").json()
    assert listed[0]["reconsideration"]["outcome_label"] == "撤销"


def test_refuse_and_scope(case, people, tree, make_staff):  # noqa: F811
    created = post(
        login(people["officer"].user), f"/api/v1/cases/{case.pk}/coercive-measures", PROPOSAL
    )
    mid = created.json()["id"]
    other = login(make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER]).user)
    assert other.get(f"/api/v1/coercive-measures/{mid}").status_code == 404
    assert other.get(f"/api/v1/coercive-measures/{mid}/document").status_code == 404
    president = login(people["president"].user)
    refused = post(president, f"/api/v1/coercive-measures/{mid}/refuse", {"reason": "情节轻微"})
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    document = president.get(f"/api/v1/coercive-measures/{mid}/document")
    assert document.status_code == 409 and document.json()["code"] == "document.not_approved"
    assert CoerciveMeasure.objects.get().document_number is None


def test_bad_input_is_422_with_the_field(case, people):  # noqa: F811
    officer = login(people["officer"].user)
    url = f"/api/v1/cases/{case.pk}/coercive-measures"
    bad = post(officer, url, {**PROPOSAL, "measure": "caning"})
    assert bad.status_code == 422 and bad.json()["field"] == "measure"
    bad = post(officer, url, {**PROPOSAL, "amount": "1.005"})
    assert bad.status_code == 422 and bad.json()["code"] == "money.precision"
    assert not CoerciveMeasure.objects.exists()


def test_openapi_lists_the_endpoints(people):  # noqa: F811
    schema = login(people["officer"].user).get("/api/v1/openapi.json").json()
    for route in (
        "/api/v1/cases/{case_id}/coercive-measures",
        "/api/v1/coercive-measures/{measure_id}/approve",
        "/api/v1/coercive-reconsiderations/{reconsideration_id}/decision",
        "/api/v1/coercive-measures/{measure_id}/document",
        "/api/v1/cases/{case_id}/property-leads",
        "/api/v1/property-leads/{lead_id}/verification",
    ):
        assert route in schema["paths"]


def test_the_identity_number_is_returned_masked(case, people):  # noqa: F811
    """Any in-scope user reads a measure: the person's number only in its masked form."""
    officer = login(people["officer"].user)
    created = post(officer, f"/api/v1/cases/{case.pk}/coercive-measures", PROPOSAL)
    mid = created.json()["id"]
    for response in (
        created,
        login(people["clerk"].user).get(f"/api/v1/coercive-measures/{mid}"),
        officer.get(f"/api/v1/cases/{case.pk}/coercive-measures"),
        login(people["president"].user).get("/api/v1/coercive-measures/pending"),
    ):
        assert response.status_code in (200, 201)
        assert "11010519491231002X" not in response.content.decode()
        body = response.json()
        row = body[0] if isinstance(body, list) else body
        assert row["id_number_masked"] == "110105********002X" and "id_number" not in row
    assert not AuditRecord.objects.filter(action="personal_data.view").exists()


def test_downloading_the_document_logs_the_read(case, people):  # noqa: F811
    officer = login(people["officer"].user)
    mid = post(officer, f"/api/v1/cases/{case.pk}/coercive-measures", PROPOSAL).json()["id"]
    document = officer.get(f"/api/v1/coercive-measures/{mid}/document")
    assert document.status_code == 409  # not approved yet: refused, and no read is logged
    assert not AuditRecord.objects.filter(action="personal_data.view").exists()
    post(login(people["president"].user), f"/api/v1/coercive-measures/{mid}/approve", {})
    document = officer.get(f"/api/v1/coercive-measures/{mid}/document")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs)
    assert "11010519491231002X" in text  # the document itself carries the full number
    read = AuditRecord.objects.get(action="personal_data.view")
    assert read.actor_id == people["officer"].user.pk and read.object_id == str(mid)
    assert read.after == {"fields": ["id_number"]}


def test_a_unit_without_an_identity_number_logs_no_read(case, people):  # noqa: F811
    officer = login(people["officer"].user)
    unit = {
        **PROPOSAL,
        "subject": "unit",
        "person_name": "北京某科技有限公司",
        "id_number": "",
        "credit_code": "91110000600037341L",
        "responsible_person": "赵总",
    }
    mid = post(officer, f"/api/v1/cases/{case.pk}/coercive-measures", unit).json()["id"]
    post(login(people["president"].user), f"/api/v1/coercive-measures/{mid}/approve", {})
    assert officer.get(f"/api/v1/coercive-measures/{mid}/document").status_code == 200
    assert not AuditRecord.objects.filter(action="personal_data.view").exists()


@pytest.mark.parametrize("who", ["officer", "clerk", "judge", "chief", "police"])
def test_only_the_president_lists_the_pending_proposals(case, people, make_staff, tree, who):  # noqa: F811
    people["police"] = make_staff(tree.chaoyang, "cy_police", roles=[Role.JUDICIAL_POLICE])
    post(login(people["officer"].user), f"/api/v1/cases/{case.pk}/coercive-measures", PROPOSAL)
    refused = login(people[who].user).get("/api/v1/coercive-measures/pending")
    assert refused.status_code == 403 and refused.json()["code"] == "coercive.approval"
    assert "王被执" not in refused.content.decode()


def test_the_president_and_a_superuser_list_the_pending_proposals(case, people, superuser):  # noqa: F811
    mid = post(
        login(people["officer"].user), f"/api/v1/cases/{case.pk}/coercive-measures", PROPOSAL
    ).json()["id"]
    for user in (people["president"].user, superuser):
        listed = login(user).get("/api/v1/coercive-measures/pending")
        assert listed.status_code == 200 and [m["id"] for m in listed.json()] == [mid]


def test_the_reconsideration_list_refuses_staff_who_neither_decide_nor_record(
    case,
    people,  # noqa: F811
    make_staff,
    tree,
):
    police = make_staff(tree.bj3, "bj3_police", roles=[Role.JUDICIAL_POLICE])
    refused = login(police.user).get("/api/v1/coercive-reconsiderations")
    assert refused.status_code == 403 and refused.json()["code"] == "reconsideration.role"
    assert login(people["chief"].user).get("/api/v1/coercive-reconsiderations").status_code == 403
    clerk = make_staff(tree.bj3, "bj3_clerk", roles=[Role.CLERK])
    assert login(clerk.user).get("/api/v1/coercive-reconsiderations").status_code == 200
