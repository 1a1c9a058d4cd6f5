"""The API's plumbing: docs, error shape, 422 in Chinese, token auth, the calendar endpoint."""

import json

import pytest

from zhixing.core.tokens import api_token_create

pytestmark = pytest.mark.django_db


def test_openapi_docs_list_the_endpoints(client):
    assert client.get("/api/v1/docs").status_code == 200
    schema = client.get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/courts",
        "/api/v1/courts/{code}",
        "/api/v1/staff",
        "/api/v1/calculators/period",
    } <= paths
    # error responses are documented, not only 200
    assert "422" in schema["paths"]["/api/v1/staff"]["post"]["responses"]


def test_unauthenticated_gets_a_chinese_json_error(client):
    response = client.get("/api/v1/courts")
    assert response.status_code == 401
    assert response.json()["code"] == "auth.required"
    assert "登录" in response.content.decode()  # not \u-escaped


def test_domain_error_shape(client, tree, superuser):
    client.force_login(superuser)
    body = {"name": "北京市丰台区人民法院", "level": "basic", "code": "京0106", "parent_code": "京"}
    response = client.post("/api/v1/courts", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {
        "code": "court.parent_level",
        "message": "基层人民法院的上级法院应为中级人民法院",
        "source": "法发〔2009〕43号",
        "field": "parent",
    }


def test_validation_error_names_the_field(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/api/v1/courts", data=json.dumps({"name": "某法院"}), content_type="application/json"
    )
    assert response.status_code == 422
    data = response.json()
    assert data["code"] == "input.invalid" and data["field"] in {"level", "code"}
    assert "字段" in data["message"]


def test_malformed_json_is_422(client, superuser):
    client.force_login(superuser)
    response = client.post("/api/v1/courts", data="{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.json()["code"]


def test_bearer_token_acts_within_the_users_scope(client, tree, make_staff, superuser):
    system = make_staff(tree.bj3, "bank_link")
    token, raw = api_token_create(
        actor=superuser, user=system.user, name="银行对接", court_id=tree.bj3.id
    )
    assert token.key_hash != raw and raw.startswith("zx_")
    response = client.get("/api/v1/courts", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert {c["code"] for c in response.json()} == {"京03", "京0105"}
    assert client.get("/api/v1/courts", HTTP_AUTHORIZATION="Bearer zx_wrong").status_code == 401


def test_revoked_token_is_refused(client, tree, make_staff, superuser):
    from django.utils import timezone

    system = make_staff(tree.bj3, "bank_link2")
    token, raw = api_token_create(actor=superuser, user=system.user, name="x", court_id=None)
    token.revoked_at = timezone.now()
    token.save()
    assert client.get("/api/v1/courts", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


@pytest.mark.parametrize(
    ("query", "end", "moved"),
    [
        (
            "start=2026-09-25&length=10&unit=day",
            "2026-10-08",
            "2026-10-05",
        ),  # National Day holiday → next workday
        ("start=2014-05-28&length=3&unit=month", "2014-08-28", None),  # the SPC's own example
        (
            "start=2026-09-30&length=3&unit=workday",
            "2026-10-10",
            None,
        ),  # 10-10 is a make-up workday
    ],
)
def test_period_calculator_endpoint(client, query, end, moved):
    data = client.get(f"/api/v1/calculators/period?{query}").json()
    assert data["end"] == end
    assert data["moved_from"] == moved


def test_period_calculator_refuses_a_bad_length(client):
    response = client.get("/api/v1/calculators/period?start=2026-01-01&length=0&unit=day")
    assert response.status_code == 422
    assert response.json()["code"] == "period.length" and response.json()["field"] == "length"


def test_me_tells_roles_and_scope(client, tree, make_staff):
    from zhixing.core.rules.roles import Role

    client.force_login(
        make_staff(tree.bj3, "me1", roles=[Role.OFFICER, Role.JUDGE], name="周八").user
    )
    data = client.get("/api/v1/me").json()
    assert data["name"] == "周八" and data["court_code"] == "京03"
    assert data["roles"] == ["judge", "officer"]
    assert data["visible_court_codes"] == ["京03", "京0105"] and data["sees_all_courts"] is False


def test_pages_and_api_docs_load_no_outside_assets(client, superuser):
    """Courts run on closed intranets: every script and stylesheet is served by the app itself."""
    import re

    client.force_login(superuser)
    for url in ("/api/v1/docs", "/", "/login/"):
        html = client.get(url).content.decode()
        assert re.findall(r'(?:src|href)="(https?:)?//', html) == [], url
