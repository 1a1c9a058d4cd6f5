"""The 财产线索 page and /api/v1/ endpoints: the 5-day due date on each lead, overdue highlighted,
register and verify with PRG, scope."""

import json
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from tests.cases.conftest import file_case, people  # noqa: F401 (fixtures)
from zhixing.cases.models import CaseDeadline
from zhixing.core.rules.roles import Role
from zhixing.measures.models import PropertyLead
from zhixing.measures.services import leads as services

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 20)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def case(file_case):  # noqa: F811
    return file_case(docket_on=date(2026, 9, 22))


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def register(actor, case, on=date(2026, 10, 9)):
    return services.lead_register(
        actor=actor,
        case=case,
        provided_by=case.parties.get(role="applicant"),
        received_on=on,
        kind="deposit",
        description="被执行人在某银行尾号1234的账户",
    )


def test_register_on_the_page_shows_the_due_date(case, people):  # noqa: F811
    client = login(people["clerk"].user)
    html = client.get(f"/cases/{case.pk}/leads/").content.decode()
    assert 'id="register-form"' in html and 'id="no-leads"' in html
    assert "法发〔2006〕35号 第6条" in html
    response = client.post(
        f"/cases/{case.pk}/leads/register/",
        {
            "register-provided_by": case.parties.get(role="applicant").pk,
            "register-received_on": "2026-10-19",
            "register-kind": "vehicle",
            "register-description": "京A12345 小客车",
        },
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    # 10-24 is a Saturday: the last day moves to Monday (民事诉讼法 第85条)
    assert "已登记财产线索，应于 2026年10月26日 前核查完毕" in html
    lead = PropertyLead.objects.get()
    row = CaseDeadline.objects.get(case=case, code="lead_verification")
    assert row.instance == lead.received_seq and row.due_on.isoformat() in html
    assert "还有" in html


def test_overdue_lead_is_highlighted_and_verified_late(case, people):  # noqa: F811
    lead = register(people["clerk"].user, case)
    client = login(people["officer"].user)
    html = client.get(f"/cases/{case.pk}/leads/").content.decode()
    row = html.split(f'id="lead-{lead.pk}"')[1].split("</tr>")[0]
    assert 'class="overdue"' in html.split(f'id="lead-{lead.pk}"')[1][:30]
    assert "2026-10-14" in row and "已超期" in row and "已超期 6 天" in row
    assert f'id="verify-form-{lead.pk}"' in row
    response = client.post(
        f"/cases/{case.pk}/leads/verify/",
        {"verify-lead": lead.pk, "verify-verified_on": "2026-10-20", "verify-result": "not_found"},
    )
    assert (
        response.status_code == 422 and "未发现财产的，请写明核查经过" in response.content.decode()
    )
    response = client.post(
        f"/cases/{case.pk}/leads/verify/",
        {
            "verify-lead": lead.pk,
            "verify-verified_on": "2026-10-20",
            "verify-result": "not_found",
            "verify-note": "该账户已销户",
        },
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "超期完成" in html and "该账户已销户" in html
    assert CaseDeadline.objects.get(case=case, code="lead_verification").met_on == TODAY


def test_chief_and_other_courts_cannot_register(case, people, tree, make_staff):  # noqa: F811
    html = login(people["chief"].user).get(f"/cases/{case.pk}/leads/").content.decode()
    assert 'id="register-form"' not in html
    other = login(make_staff(tree.haidian, "hd_clerk", roles=[Role.CLERK]).user)
    assert other.get(f"/cases/{case.pk}/leads/").status_code == 404


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_api_register_list_and_verify(case, people):  # noqa: F811
    client = login(people["officer"].user)
    applicant = case.parties.get(role="applicant")
    respondent = case.parties.get(role="respondent")
    url = f"/api/v1/cases/{case.pk}/property-leads"
    body = {
        "provided_by_id": applicant.pk,
        "received_on": "2026-10-09",
        "kind": "equity",
        "description": "某公司 30% 股权",
        "urgent": True,
    }
    created = post(client, url, body)
    assert created.status_code == 201
    lead = created.json()
    assert lead["due_on"] == "2026-10-14" and lead["status"] == "overdue" and lead["overdue"]
    refused = post(client, url, {**body, "provided_by_id": respondent.pk})
    assert refused.status_code == 422 and refused.json()["code"] == "leads.not_applicant"
    bad = post(client, url, {**body, "kind": "gold"})
    assert bad.status_code == 422 and bad.json()["field"] == "kind"
    verified = post(
        client,
        f"/api/v1/property-leads/{lead['id']}/verification",
        {"verified_on": "2026-10-13", "result": "found"},
    )
    assert verified.status_code == 200
    assert verified.json()["status"] == "met" and verified.json()["result"] == "found"
    listed = client.get(url).json()
    assert [row["status"] for row in listed] == ["met"]
