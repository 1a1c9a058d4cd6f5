"""/api/v1/ for review matters: file, assign, recuse, decide, serve, list within scope, the
reconsideration at the upper court, responsibility analyses; refusals as {code, message, source,
field}, a separation refusal audited."""

import json
from datetime import date

import pytest
from django.test import Client

from tests.review.conftest import decided
from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.review.models import ReviewCase

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_file_assign_decide_serve_through_the_api(people, judges, case):
    clerk = login(people["clerk"].user)
    created = post(
        clerk,
        f"/api/v1/cases/{case.pk}/reviews",
        {
            "kind": "act_objection",
            "applicant": "王被执",
            "subject": "查封超标的",
            "received_on": "2026-09-10",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["case_number"] == "（2026）京0105执异1号"
    assert body["due_on"] == "2026-09-28" and body["judge"] is None
    rid = body["id"]
    chief = login(people["chief"].user)
    panel = [j.pk for j in judges.cy]
    assigned = post(
        chief, f"/api/v1/reviews/{rid}/panel", {"judge_id": panel[0], "panel_ids": panel}
    )
    assert assigned.status_code == 200
    assert [p["id"] for p in assigned.json()["panel"]] and assigned.json()["judge"]["id"] == panel[
        0
    ]
    officer = login(people["officer"].user)
    refused = post(
        officer,
        f"/api/v1/reviews/{rid}/decision",
        {"outcome": "rejected", "reasoning": "x", "on": "2026-09-20"},
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "review.separation"
    assert "陈执行" in refused.json()["message"]
    assert AuditRecord.objects.filter(action="review.separation_refused").count() == 1
    judge = login(judges.cy[0].user)
    ruled = post(
        judge,
        f"/api/v1/reviews/{rid}/decision",
        {"outcome": "rejected", "reasoning": "异议不成立", "on": "2026-09-20"},
    )
    assert ruled.status_code == 200 and ruled.json()["status"] == "decided"
    served = post(clerk, f"/api/v1/reviews/{rid}/service", {"served_on": "2026-10-13"})
    assert served.json()["window"] == {
        "label": "申请复议",
        "due_on": "2026-10-23",
        "moved_from": None,
        "open": False,
        "source": "民事诉讼法 第236条",
    }


def test_a_late_reconsideration_is_refused_with_its_source(people, judges, case):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    upper = login(judges.bj3[0].user)
    late = post(
        upper,
        f"/api/v1/cases/{case.pk}/reviews",
        {
            "kind": "reconsideration",
            "applicant": "王被执",
            "subject": "不服",
            "received_on": "2026-10-24",
            "parent_id": objection.pk,
        },
    )
    assert late.status_code == 409
    assert late.json()["code"] == "reconsideration.too_late"
    assert late.json()["source"] == "民事诉讼法 第236条；民事诉讼法 第85条"
    assert late.json()["field"] == "received_on"
    ok = post(
        upper,
        f"/api/v1/cases/{case.pk}/reviews",
        {
            "kind": "reconsideration",
            "applicant": "王被执",
            "subject": "不服",
            "received_on": "2026-10-23",
            "parent_id": objection.pk,
        },
    )
    assert ok.status_code == 201 and ok.json()["court_code"] == "京03"


def test_scope_the_upper_court_sees_its_reconsideration_another_court_sees_nothing(
    people, judges, case, tree, make_staff
):
    objection = decided(people, judges, case, served=date(2026, 10, 13))
    recon = post(
        login(judges.bj3[0].user),
        f"/api/v1/cases/{case.pk}/reviews",
        {
            "kind": "reconsideration",
            "applicant": "王被执",
            "subject": "不服",
            "received_on": "2026-10-20",
            "parent_id": objection.pk,
        },
    ).json()
    upper = login(judges.bj3[1].user).get("/api/v1/reviews?hearing_only=true").json()
    assert [r["id"] for r in upper] == [recon["id"]]
    lower = login(people["clerk"].user).get("/api/v1/reviews").json()
    assert {r["id"] for r in lower} == {objection.pk, recon["id"]}
    haidian = make_staff(tree.haidian, "hd_judge", roles=[Role.JUDGE], unit_kind="review")
    outsider = login(haidian.user)
    assert outsider.get("/api/v1/reviews").json() == []
    assert outsider.get(f"/api/v1/reviews/{objection.pk}").status_code == 404


def test_bad_input_is_422_and_changes_nothing(people, case):
    clerk = login(people["clerk"].user)
    bad = post(
        clerk,
        f"/api/v1/cases/{case.pk}/reviews",
        {"kind": "nonsense", "applicant": "x", "subject": "y", "received_on": "2026-09-10"},
    )
    assert bad.status_code == 422 and bad.json()["field"] == "kind"
    assert not ReviewCase.objects.exists()


def test_responsibility_list_and_close(people, judges, case, bj3_chief):
    from zhixing.review.services import cases as services

    objection = decided(people, judges, case, served=date(2026, 10, 13))
    row = services.review_file(
        actor=judges.bj3[0].user,
        case=case,
        kind="reconsideration",
        applicant="王被执",
        subject="不服",
        received_on=date(2026, 10, 20),
        parent=objection,
    )
    services.review_assign(actor=bj3_chief.user, review=row, judge=judges.bj3[0], panel=judges.bj3)
    services.review_decide(
        actor=judges.bj3[0].user,
        review=row,
        outcome="revoked",
        reasoning="x",
        on=date(2026, 10, 30),
    )
    president = login(people["president"].user)
    listed = president.get("/api/v1/responsibility-analyses").json()
    assert len(listed) == 1 and listed[0]["review_case_number"] == "（2026）京03执复1号"
    aid = listed[0]["id"]
    denied = post(
        login(people["officer"].user),
        f"/api/v1/responsibility-analyses/{aid}/close",
        {"findings": "x", "conclusion": "no_fault"},
    )
    assert denied.status_code == 403
    closed = post(
        president,
        f"/api/v1/responsibility-analyses/{aid}/close",
        {"findings": "法律适用分歧", "conclusion": "no_fault", "on": "2026-11-02"},
    )
    assert closed.status_code == 200 and closed.json()["closed_on"] == "2026-11-02"
    assert president.get("/api/v1/responsibility-analyses").json() == []
