"""/api/v1/cases/{case_id}/disposals/...: the whole path through the API, a rule-breaking round
refused with 409 naming 法释〔2016〕18号 and its article, the dry-run check, scope."""

from datetime import date

import pytest
from django.test import Client

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from tests.measures.test_disposal_services import appraised, controlled, panel_decides
from zhixing.core.rules.roles import Role
from zhixing.measures.models import AuctionRound, DisposalFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(file_case):  # noqa: F811
    return file_case(received_on=date(2026, 1, 5), docket_on=date(2026, 1, 6))


@pytest.fixture
def officer(people):  # noqa: F811
    return people["officer"].user


@pytest.fixture
def house(case, officer):
    return controlled(case, officer)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def base(case, house):
    return f"/api/v1/cases/{case.pk}/disposals/{house.pk}"


ROUND = {
    "platform": "taobao",
    "notified_on": "2026-02-09",
    "announced_on": "2026-02-12",
    "starts_at": "2026-03-16T10:00:00",
    "ends_at": "2026-03-17T10:00:00+08:00",
    "start_price": "700000.00",
    "deposit": "70000.00",
}


def test_rule_breaking_round_is_409_with_its_source(case, officer, house):
    appraised(officer, house)
    client = login(officer)
    refused = post(client, base(case, house) + "/rounds", {**ROUND, "start_price": "699999.99"})
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "auction.start_price_below_70"
    assert body["source"] == "法释〔2016〕18号 第10条"
    assert body["field"] == "start_price"
    assert "70%" in body["message"]
    assert not AuctionRound.objects.exists()

    late = post(client, base(case, house) + "/rounds", {**ROUND, "starts_at": "2026-03-13T10:00"})
    assert late.status_code == 409
    assert late.json()["source"] == "法释〔2016〕18号 第12条"


def test_dry_run_lists_every_refusal_and_writes_nothing(case, officer, house):
    appraised(officer, house)
    check = post(
        login(officer),
        base(case, house) + "/rounds/check",
        {**ROUND, "start_price": "600000", "deposit": "1000", "ends_at": "2026-03-16T20:00"},
    )
    assert check.status_code == 200
    body = check.json()
    assert body["allowed"] is False
    assert [(r["code"], r["source"]) for r in body["refusals"]] == [
        ("auction.start_price_below_70", "法释〔2016〕18号 第10条"),
        ("auction.deposit_out_of_range", "法释〔2016〕18号 第17条"),
        ("auction.bidding_too_short", "法释〔2016〕18号 第20条"),
    ]
    assert not AuctionRound.objects.exists()


def test_the_whole_path_through_the_api(case, officer, house):
    client = login(officer)
    url = base(case, house)
    assert post(client, url + "/appraisal-order", {"decided_on": "2026-01-12"}).status_code == 200
    detail = post(
        client, url + "/appraiser", {"agency": "某评估公司", "selected_on": "2026-01-20"}
    ).json()
    assert detail["agency"] == "某评估公司" and detail["appraiser_due_on"] >= "2026-01-22"
    detail = post(
        client,
        url + "/appraisal-report",
        {"basis": "appraisal", "price": "1000000", "reported_on": "2026-02-10"},
    ).json()
    assert detail["next_steps"] == ["auction_announce", "release"]
    assert detail["next_round"]["min_start_price"] == "700000.00"
    assert detail["next_round"]["announce_days"] == 30
    assert detail["first_control"] is True and detail["panel_decision"] is None
    decision = panel_decides(officer, case)
    assert client.get(url).json()["panel_decision"] == {
        "id": decision.pk,
        "decided_on": "2026-02-11",
        "subject": decision.subject,
    }

    created = post(client, url + "/rounds", ROUND)
    assert created.status_code == 201 and created.json()["number"] == 1
    assert created.json()["notified_on"] == "2026-02-09"
    assert created.json()["collegial_decision_id"] == decision.pk
    r1 = created.json()["id"]
    failed = post(client, url + f"/rounds/{r1}/result", {"result": "failed", "on": "2026-03-17"})
    assert failed.status_code == 200 and failed.json()["result"] == "failed"

    detail = client.get(url).json()
    assert detail["next_round"]["round"] == 2
    assert detail["next_round"]["min_start_price"] == "560000.00"
    assert detail["next_round"]["latest_start_on"] == "2026-04-16"
    assert detail["in_kind_price"] == "700000.00"
    assert detail["claim_outstanding"] == "100000.00" and detail["in_kind_due"] == "600000.00"
    r2 = post(
        client,
        url + "/rounds",
        {
            **ROUND,
            "notified_on": "2026-03-17",
            "announced_on": "2026-03-20",
            "starts_at": "2026-04-08T10:00",
            "ends_at": "2026-04-09T10:00",
            "start_price": "560000",
            "deposit": "56000",
        },
    ).json()["id"]
    post(client, url + f"/rounds/{r2}/result", {"result": "failed", "on": "2026-04-09"})
    third = post(
        client,
        url + "/rounds",
        {
            **ROUND,
            "announced_on": "2026-04-10",
            "starts_at": "2026-04-30T10:00",
            "ends_at": "2026-05-01T10:00",
        },
    )
    assert third.status_code == 409
    assert third.json()["code"] == "auction.no_third_round"
    assert third.json()["source"] == "法释〔2016〕18号 第26条第2款"

    applicant = case.parties.get(role="applicant")
    no_consent = post(
        client,
        url + "/settlement",
        {"mode": "in_kind", "on": "2026-04-20", "party_id": applicant.pk},
    )
    assert no_consent.status_code == 409 and no_consent.json()["code"] == "in_kind.consent_required"
    settled = post(
        client,
        url + "/settlement",
        {
            "mode": "in_kind",
            "on": "2026-04-20",
            "party_id": applicant.pk,
            "claim_amount": "1",  # no longer read: the claim is computed
            "consent_on": "2026-04-15",
        },
    ).json()
    assert settled["outcome"] == "in_kind" and settled["amount_due"] == "460000.00"
    assert settled["funds_url"] == f"/cases/{case.pk}/funds/"
    delivered = post(client, url + "/handover", {"delivered_on": "2026-05-10"}).json()
    assert delivered["delivered_on"] == "2026-05-10" and delivered["next_steps"] == ["done"]

    listing = client.get(f"/api/v1/cases/{case.pk}/disposals").json()
    assert [d["measure_id"] for d in listing] == [house.pk]
    assert [r["result"] for r in listing[0]["rounds"]] == ["failed", "failed"]


def test_notice_and_collegial_decision_refused_with_their_articles(case, officer, house):
    appraised(officer, house, panel=False)
    client = login(officer)
    without_notice = {k: v for k, v in ROUND.items() if k != "notified_on"}
    check = post(client, base(case, house) + "/rounds/check", without_notice).json()
    assert [(r["code"], r["source"], r["field"]) for r in check["refusals"]] == [
        ("auction.notice_missing", "法释〔2016〕18号 第16条", "notified_on"),
        ("auction.collegial_missing", "法释〔2016〕18号 第27条", ""),
    ]
    late = post(client, base(case, house) + "/rounds", {**ROUND, "notified_on": "2026-02-11"})
    assert late.status_code == 409 and late.json()["code"] == "auction.notice_too_late"
    refused = post(client, base(case, house) + "/rounds", ROUND)
    assert refused.status_code == 409 and refused.json()["code"] == "auction.collegial_missing"
    assert not AuctionRound.objects.exists()


def test_bad_input_is_422(case, officer, house):
    appraised(officer, house)
    response = post(login(officer), base(case, house) + "/rounds", {**ROUND, "deposit": "-1"})
    assert response.status_code == 422
    assert response.json()["field"] == "deposit"


def test_another_courts_staff_gets_404(case, house, tree, make_staff):
    haidian = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    client = login(haidian.user)
    assert client.get(f"/api/v1/cases/{case.pk}/disposals").status_code == 404
    response = post(client, base(case, house) + "/appraisal-order", {"decided_on": "2026-01-12"})
    assert response.status_code == 404
    assert not DisposalFile.objects.exists()


def test_wrong_role_gets_403(case, house, people):  # noqa: F811
    response = post(
        login(people["chief"].user),
        base(case, house) + "/appraisal-order",
        {"decided_on": "2026-01-12"},
    )
    assert response.status_code == 403 and response.json()["code"] == "disposal.role"
