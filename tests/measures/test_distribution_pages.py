"""The 参与分配 page and /api/v1/cases/{id}/distributions endpoints: who sees which form, PRG,
errors beside fields with their source, scope, the plan preview."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.cases.models import NodeEvent
from zhixing.core.rules.roles import Role
from zhixing.measures.models import Distribution, DistributionClaim, DistributionObjection
from zhixing.measures.services import distribution as services

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def case(file_case):  # noqa: F811
    return file_case(docket_on=date(2026, 9, 22))


@pytest.fixture
def officer(people):  # noqa: F811
    return people["officer"].user


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def opened(officer, case):
    return services.distribution_open(
        actor=officer,
        case=case,
        debtor=case.parties.get(role="respondent"),
        amount="1000000.00",
        property_description="朝阳区某房屋拍卖价款",
        opened_on=date(2026, 10, 12),
    )


def with_claims(officer, row):
    services.claim_add(
        actor=officer,
        distribution=row,
        creditor="某银行",
        kind="priority",
        amount="500000.00",
        filed_on=date(2026, 10, 15),
        created_on=date(2024, 3, 1),
    )
    for name, amount in (("甲", "400000.00"), ("乙", "200000.00")):
        services.claim_add(
            actor=officer,
            distribution=row,
            creditor=name,
            kind="ordinary",
            amount=amount,
            filed_on=date(2026, 10, 15),
            title_number=f"（2026）京0105民初{len(amount)}号",
        )
    return row


def url(case, action=None):
    if action:
        return reverse("case-distribution-action", args=[case.pk, action])
    return reverse("case-distribution", args=[case.pk])


# --- pages ---------------------------------------------------------------------------------


def test_empty_page_offers_the_open_form_to_the_officer(case, officer):
    page = login(officer).get(url(case))
    html = page.content.decode()
    assert page.status_code == 200
    assert "本案尚未启动参与分配" in html
    assert 'id="open-form"' in html


def test_clerk_sees_the_page_without_forms(case, people):  # noqa: F811
    html = login(people["clerk"].user).get(url(case)).content.decode()
    assert 'id="open-form"' not in html
    assert "由主持分配法院的执行员、法官助理或执行法官办理" in html


def test_open_add_claims_serve_through_the_page(case, officer):
    client = login(officer)
    response = client.post(
        url(case, "open"),
        {
            "open-debtor": case.parties.get(role="respondent").pk,
            "open-property_description": "朝阳区某房屋拍卖价款",
            "open-amount": "1,000,000.00",
            "open-opened_on": "2026-10-12",
        },
    )
    row = Distribution.objects.get()
    assert response.status_code == 302
    for data in (
        {"creditor": "某银行", "kind": "priority", "amount": "500000", "created_on": "2024-03-01"},
        {
            "creditor": "甲",
            "kind": "ordinary",
            "amount": "400000",
            "title_number": "（2026）京0105民初1号",
        },
        {
            "creditor": "乙",
            "kind": "ordinary",
            "amount": "200000",
            "title_number": "（2026）京0105民初2号",
        },
    ):
        fields = {f"claim-{k}": v for k, v in data.items()}
        fields.update({"claim-distribution": row.pk, "claim-filed_on": "2026-10-15"})
        response = client.post(url(case, "claim"), fields)
        assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        url(case, "serve"), {"serve-distribution": row.pk, "serve-served_on": "2026-11-02"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#plan-{row.pk}")
    html = client.get(url(case)).content.decode()
    assert "分配方案第1版已制作并送达" in html
    plan_table = html[html.index(f'id="plan-table-{row.pk}"') :]
    for text in (
        "优先受偿 按设立先后",
        "普通债权 按比例",
        "500,000.00",
        "333,333.33",
        "166,666.67",
    ):
        assert text in plan_table
    # the windows with their due dates and sources
    assert "2026-11-17" in html and "第509条" in html and "执行程序解释 第17条" in html
    assert f'href="{reverse("case-funds", args=[case.pk])}"' in html
    assert "不办理跨院划转" in html
    assert NodeEvent.objects.filter(case=case, code="distribution_plan_made").exists()


def test_refused_claim_is_shown_beside_its_field_with_the_source(case, officer):
    row = opened(officer, case)
    response = login(officer).post(
        url(case, "claim"),
        {
            "claim-distribution": row.pk,
            "claim-creditor": "丁",
            "claim-kind": "ordinary",
            "claim-amount": "1000",
            "claim-filed_on": "2026-10-15",
        },
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "普通债权人须取得执行依据后方可参与分配" in html
    assert "依据：民诉法解释（2022）第506条第1款" in html
    assert 'id="field-claim-title_number"' in html
    assert not DistributionClaim.objects.exists()


def test_late_objection_refused_on_the_page(case, officer):
    row = with_claims(officer, opened(officer, case))
    services.plan_serve(actor=officer, distribution=row, served_on=date(2026, 11, 2))
    claims = {c.creditor: c.pk for c in row.claims.all()}
    response = login(officer).post(
        url(case, "objection"),
        {
            "objection-distribution": row.pk,
            "objection-objector": claims["乙"],
            "objection-target": claims["甲"],
            "objection-disputed": "1000",
            "objection-reason": "甲的债权已部分清偿",
            "objection-filed_on": "2026-11-18",
            "objection-notified_on": "2026-11-18",
        },
    )
    assert response.status_code == 409
    assert "已于 2026年11月17日 届满" in response.content.decode()
    assert not DistributionObjection.objects.exists()


def test_final_plan_shows_amounts_to_pay(case, officer):
    row = with_claims(officer, opened(officer, case))
    services.plan_serve(actor=officer, distribution=row, served_on=date(2026, 11, 2))
    response = login(officer).post(
        url(case, "final"), {"final-distribution": row.pk, "final-on": "2026-11-18"}
    )
    assert response.status_code == 302
    html = login(officer).get(url(case)).content.decode()
    assert "方案已确定" in html and "确定分配额" in html


def test_other_court_gets_404(case, officer, tree, make_staff):
    opened(officer, case)
    haidian = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER]).user
    assert login(haidian).get(url(case)).status_code == 404
    assert login(haidian).post(url(case, "open"), {}).status_code == 404


def test_unknown_action_is_404(case, officer):
    assert login(officer).post(url(case, "pay")).status_code == 404


# --- API -----------------------------------------------------------------------------------


def api(case, rest=""):
    return f"/api/v1/cases/{case.pk}/distributions{rest}"


def test_api_preview_three_creditors(case, officer):
    body = {
        "amount": "1000000.00",
        "debtor_kind": "citizen",
        "served_on": "2026-11-02",
        "claims": [
            {"name": "某银行", "kind": "priority", "amount": "500000", "created_on": "2024-03-01"},
            {"name": "甲", "kind": "ordinary", "amount": "400000"},
            {"name": "乙", "kind": "ordinary", "amount": "200000"},
        ],
    }
    response = login(officer).post(api(case, "/preview"), body, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert [(line["name"], line["share"], line["rule_label"]) for line in data["lines"]] == [
        ("某银行", "500000.00", "优先受偿 按设立先后"),
        ("甲", "333333.33", "普通债权 按比例"),
        ("乙", "166666.67", "普通债权 按比例"),
    ]
    assert data["distributed"] == "1000000.00"
    assert data["objection_window"]["due"] == "2026-11-17"
    assert "最大余数法" in data["rounding"]
    assert not Distribution.objects.exists()


def test_api_preview_seizure_order_for_a_legal_person(case, officer):
    body = {
        "amount": "700000",
        "debtor_kind": "legal_person",
        "claims": [
            {"name": "某银行", "kind": "priority", "amount": "500000", "created_on": "2024-03-01"},
            {
                "name": "甲",
                "kind": "ordinary",
                "amount": "400000",
                "controlled_at": "2026-10-10T09:00:00",
            },
            {
                "name": "乙",
                "kind": "ordinary",
                "amount": "200000",
                "controlled_at": "2026-10-02T09:00:00",
            },
        ],
    }
    data = login(officer).post(api(case, "/preview"), body, content_type="application/json").json()
    assert [(line["name"], line["share"]) for line in data["lines"]] == [
        ("某银行", "500000.00"),
        ("乙", "200000.00"),
        ("甲", "0.00"),
    ]
    assert data["lines"][2]["rule_label"] == "普通债权 按查封先后"


@pytest.mark.parametrize(
    "body, code",
    [
        ({"amount": "-1", "debtor_kind": "citizen", "claims": []}, "distribution.no_claims"),
        (
            {
                "amount": "abc",
                "debtor_kind": "citizen",
                "claims": [{"name": "甲", "kind": "cost", "amount": "1"}],
            },
            "money.format",
        ),
        (
            {
                "amount": "1",
                "debtor_kind": "company",
                "claims": [{"name": "甲", "kind": "cost", "amount": "1"}],
            },
            "debtor_kind.invalid",
        ),
        (
            {
                "amount": "1",
                "debtor_kind": "legal_person",
                "claims": [{"name": "甲", "kind": "ordinary", "amount": "1"}],
            },
            "distribution.legal_person_debtor",
        ),
    ],
)
def test_api_preview_bad_input_is_422_in_chinese(case, officer, body, code):
    response = login(officer).post(api(case, "/preview"), body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == code


def test_api_full_flow_and_refusals(case, officer):
    client = login(officer)
    post = lambda path, body: client.post(api(case, path), body, content_type="application/json")  # noqa: E731
    response = post(
        "",
        {
            "debtor_id": case.parties.get(role="respondent").pk,
            "amount": "1000000.00",
            "property_description": "朝阳区某房屋拍卖价款",
            "opened_on": "2026-10-12",
        },
    )
    assert response.status_code == 201, response.content
    did = response.json()["id"]
    refused = post(
        f"/{did}/claims",
        {"creditor": "丁", "kind": "ordinary", "amount": "1", "filed_on": "2026-10-15"},
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "distribution.title_required"
    assert "第506条" in refused.json()["source"]
    ids = {}
    for body in (
        {"creditor": "某银行", "kind": "priority", "amount": "500000", "created_on": "2024-03-01"},
        {
            "creditor": "甲",
            "kind": "ordinary",
            "amount": "400000",
            "title_number": "（2026）京0105民初1号",
        },
        {
            "creditor": "乙",
            "kind": "ordinary",
            "amount": "200000",
            "title_number": "（2026）京0105民初2号",
        },
    ):
        response = post(f"/{did}/claims", {**body, "filed_on": "2026-10-15"})
        assert response.status_code == 201, response.content
        ids[body["creditor"]] = response.json()["id"]
    response = post(f"/{did}/plan", {"served_on": "2026-11-02"})
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "served"
    assert [(line["name"], line["share"]) for line in data["lines"]] == [
        ("某银行", "500000.00"),
        ("甲", "333333.33"),
        ("乙", "166666.67"),
    ]
    assert data["objection_window"]["due"] == "2026-11-17"
    assert data["payouts_url"] == f"/cases/{case.pk}/funds/"
    objection = {
        "target_claim_id": ids["甲"],
        "objector_claim_id": ids["乙"],
        "disputed": "10000",
        "reason": "甲的债权已部分清偿",
        "filed_on": "2026-11-18",
        "notified_on": "2026-11-18",
    }
    late = post(f"/{did}/objections", objection)
    assert late.status_code == 409 and late.json()["code"] == "distribution.objection_late"
    response = post(
        f"/{did}/objections", {**objection, "filed_on": "2026-11-05", "notified_on": "2026-11-06"}
    )
    assert response.status_code == 201, response.content
    oid = response.json()["id"]
    assert response.json()["windows"][0]["due"] == "2026-11-23"
    response = post(
        f"/{did}/objections/{oid}/counter-objection",
        {"by_name": "甲", "filed_on": "2026-11-09", "notified_on": "2026-11-10"},
    )
    assert response.status_code == 201
    response = post(f"/{did}/objections/{oid}/suit", {"filed_on": "2026-11-20"})
    assert response.status_code == 200 and response.json()["suit_filed_on"] == "2026-11-20"
    response = post(f"/{did}/final", {"on": "2026-11-21"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "suit_pending"
    pay = {line["name"]: (line["pay"], line["held"]) for line in data["lines"]}
    assert pay["甲"] == ("323333.33", "10000.00")
    detail = client.get(api(case, f"/{did}")).json()
    assert detail["objections"][0]["resolution"] == "suit"
    assert client.get(api(case)).json()[0]["id"] == did


def test_api_scope(case, officer, tree, make_staff):
    row = opened(officer, case)
    haidian = login(make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER]).user)
    assert haidian.get(api(case)).status_code == 404
    assert haidian.get(api(case, f"/{row.pk}")).status_code == 404
    response = haidian.post(
        api(case, f"/{row.pk}/claims"),
        {"creditor": "丁", "kind": "cost", "amount": "1", "filed_on": "2026-10-15"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not DistributionClaim.objects.exists()
