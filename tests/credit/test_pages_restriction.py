"""The 限制消费令 page for the president and for everyone else, the DOCX download, and /api/v1/ for
orders (限高规定 第1条、第3—5条、第9条)."""

from __future__ import annotations

import io

import docx
import pytest

from tests.conftest import PASSWORD
from tests.credit.restriction_fixtures import (  # noqa: F401  (fixtures)
    SIGNED,
    UNIT_PEOPLE,
    company_case,
    file_case,
    issue,
    listing_for,
    people,
    person_case,
    respondent,
)
from zhixing.cases.models import NodeEvent
from zhixing.core.rules.roles import Role
from zhixing.credit.models import ConsumptionRestriction, FeedEntry
from zhixing.credit.rules.restriction import BEHAVIOUR_LABELS, Behaviour

pytestmark = pytest.mark.django_db


def client_for(client, staff):
    client.login(username=staff.user.username, password=PASSWORD)
    return client


def issue_data(party, **overrides):
    prefix = f"issue-{party.pk}"
    data = {
        f"{prefix}-on": SIGNED.isoformat(),
        f"{prefix}-initiative": "application",
        f"{prefix}-behaviours": [b.value for b in Behaviour],
    }
    data.update({f"{prefix}-{k}": v for k, v in overrides.items()})
    return data


def written(case):
    return (
        ConsumptionRestriction.objects.filter(case=case).count(),
        NodeEvent.objects.filter(case=case).count(),
        FeedEntry.objects.count(),
    )


# --- pages -----------------------------------------------------------------------------------


def test_the_president_sees_the_form_with_every_behaviour_checked(client, people, person_case):
    page = client_for(client, people["president"]).get(f"/cases/{person_case.pk}/restriction/")
    html = page.content.decode()
    assert page.status_code == 200
    party = respondent(person_case)
    assert f'id="issue-form-{party.pk}"' in html
    assert html.count("checked") >= len(Behaviour) + 1  # nine behaviours and the initiative
    assert "未限制消费" in html and 'id="president-only"' not in html


def test_the_case_page_links_to_the_restriction_page(client, people, person_case):
    html = client_for(client, people["officer"]).get(f"/cases/{person_case.pk}/").content.decode()
    assert f'href="/cases/{person_case.pk}/restriction/"' in html and "限制消费令" in html


def test_the_president_signs_on_the_page(client, people, person_case):
    party = respondent(person_case)
    c = client_for(client, people["president"])
    response = c.post(
        f"/cases/{person_case.pk}/restriction/issue/{party.pk}/",
        issue_data(party, behaviours=["travel_class", "vehicles"]),
    )
    assert response.status_code == 302
    row = ConsumptionRestriction.objects.get(case=person_case)
    assert row.behaviours == ["travel_class", "vehicles"]
    html = c.get(response["Location"]).content.decode()
    assert row.order_number in html and "已限制消费" in html
    assert BEHAVIOUR_LABELS[Behaviour.VEHICLES] in html
    assert f'href="/restrictions/{row.pk}/document/"' in html


def test_a_non_president_sees_the_state_and_that_only_the_president_signs(
    client, people, person_case
):
    row = issue(people, person_case)
    page = client_for(client, people["officer"]).get(f"/cases/{person_case.pk}/restriction/")
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        'id="president-only"' in html and "只能由本院院长签发" in html and "限高规定 第5条" in html
    )
    assert "issue-form-" not in html
    assert row.order_number in html and "已限制消费" in html
    assert f'id="lift-form-{row.pk}"' in html  # an officer may lift


def test_a_non_president_posting_the_form_is_refused_and_nothing_written(
    client, people, person_case
):
    party = respondent(person_case)
    before = written(person_case)
    response = client_for(client, people["chief"]).post(
        f"/cases/{person_case.pk}/restriction/issue/{party.pk}/", issue_data(party)
    )
    assert response.status_code == 403
    assert "院长签发" in response.content.decode()
    assert written(person_case) == before


def test_an_organisation_shows_its_covered_rows_and_a_refusal_beside_the_empty_one(
    client, people, company_case
):
    party = respondent(company_case)
    c = client_for(client, people["president"])
    html = c.get(f"/cases/{company_case.pk}/restriction/").content.decode()
    assert f'name="issue-{party.pk}-legal_representative_name"' in html
    assert 'value="赵法人"' in html  # prefilled from the filing
    assert f'name="issue-{party.pk}-actual_controller_name"' in html
    before = written(company_case)
    response = c.post(
        f"/cases/{company_case.pk}/restriction/issue/{party.pk}/",
        issue_data(
            party,
            legal_representative_name="赵法人",
            principal_manager_name="钱经理",
            directly_responsible_name="孙财务",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert written(company_case) == before
    # beside the actual controller's field, with the article
    field = html.split(f'id="field-issue-{party.pk}-actual_controller_name"')[1].split(
        "</div>\n</div>"
    )[0]
    assert "限制消费令未涵盖：实际控制人" in field and "限高规定 第3条第2款" in field


def test_an_ex_officio_order_without_reason_is_shown_beside_the_reason(client, people, person_case):
    party = respondent(person_case)
    response = client_for(client, people["president"]).post(
        f"/cases/{person_case.pk}/restriction/issue/{party.pk}/",
        issue_data(party, initiative="ex_officio"),
    )
    html = response.content.decode()
    assert response.status_code == 422
    field = html.split(f'id="field-issue-{party.pk}-ex_officio_reason"')[1].split("</div>\n</div>")[
        0
    ]
    assert "限高规定 第4条" in field
    assert not ConsumptionRestriction.objects.filter(case=person_case).exists()


def test_lifting_on_the_page_and_the_security_refusal(client, people, person_case):
    row = issue(people, person_case)
    c = client_for(client, people["officer"])
    url = f"/cases/{person_case.pk}/restriction/lift/{row.pk}/"
    prefix = f"lift-{row.pk}"
    response = c.post(url, {f"{prefix}-ground": "security", f"{prefix}-on": "2026-10-20"})
    assert response.status_code == 409
    assert "请先登记被执行人提供的确实有效的担保（限高规定 第9条）" in response.content.decode()
    row.refresh_from_db()
    assert row.status == "issued"
    response = c.post(
        url,
        {
            f"{prefix}-ground": "security",
            f"{prefix}-on": "2026-10-20",
            f"{prefix}-security_recorded": "on",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "lifted"
    html = c.get(f"/cases/{person_case.pk}/restriction/").content.decode()
    assert "已解除限制" in html and "被执行人提供确实有效的担保" in html


def test_a_listed_respondent_offers_no_lifting_and_says_why(client, people, person_case):
    row = issue(people, person_case)
    listing_for(person_case)
    html = (
        client_for(client, people["officer"])
        .get(f"/cases/{person_case.pk}/restriction/")
        .content.decode()
    )
    assert f'id="lift-form-{row.pk}"' not in html
    assert "名单删除前不能解除限制消费令" in html


def test_the_document_downloads_as_docx_naming_the_behaviours_and_the_president(
    client, people, person_case
):
    row = issue(people, person_case, behaviours=["luxury_venues"])
    response = client_for(client, people["clerk"]).get(f"/restrictions/{row.pk}/document/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert BEHAVIOUR_LABELS[Behaviour.LUXURY_VENUES] in text
    assert BEHAVIOUR_LABELS[Behaviour.TRAVEL_HOLIDAY] not in text
    assert "院长　cy_president" in text and row.order_number in text
    assert "110105********002X" in text and "11010519491231002X" not in text


def test_pages_outside_scope_are_not_found(client, people, person_case, tree, make_staff):
    other = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    row = issue(people, person_case)
    c = client_for(client, other)
    assert c.get(f"/cases/{person_case.pk}/restriction/").status_code == 404
    assert c.get(f"/restrictions/{row.pk}/document/").status_code == 404


# --- API -------------------------------------------------------------------------------------


def test_api_lists_issues_and_lifts(client, people, company_case):
    party = respondent(company_case)
    c = client_for(client, people["president"])
    response = c.post(
        f"/api/v1/cases/{company_case.pk}/restrictions",
        {
            "party_id": party.pk,
            "on": "2026-10-09",
            "initiative": "application",
            "covered": UNIT_PEOPLE,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["signed_by"] == "cy_president" and len(body["behaviours"]) == 9
    assert {p["role"] for p in body["covered"]} == {
        "legal_representative",
        "principal_manager",
        "directly_responsible",
        "actual_controller",
    }
    listed = c.get(f"/api/v1/cases/{company_case.pk}/restrictions").json()
    assert [r["order_number"] for r in listed] == [body["order_number"]]
    document = c.get(f"/api/v1/restrictions/{body['id']}/document")
    assert document.status_code == 200 and document.content[:2] == b"PK"
    lifted = client_for(client, people["officer"]).post(
        f"/api/v1/restrictions/{body['id']}/lifting",
        {"ground": "applicant_consent", "on": "2026-10-20", "consent_recorded": True},
        content_type="application/json",
    )
    assert lifted.status_code == 200 and lifted.json()["status"] == "lifted"


def test_api_refusals_carry_code_message_source_and_field(client, people, person_case):
    party = respondent(person_case)
    before = written(person_case)
    refused = client_for(client, people["officer"]).post(
        f"/api/v1/cases/{person_case.pk}/restrictions",
        {"party_id": party.pk, "initiative": "application"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "restriction.signer"
    assert refused.json()["source"] == "限高规定 第5条"
    assert written(person_case) == before
    row = issue(people, person_case)
    listing_for(person_case)
    listed = client.post(
        f"/api/v1/restrictions/{row.pk}/lifting",
        {"ground": "full_performance", "on": "2026-10-20"},
        content_type="application/json",
    )
    assert listed.status_code == 409
    assert listed.json()["code"] == "restriction.listed"
    assert listed.json()["source"] == "限高规定 第1条"


def test_api_outside_scope_is_not_found(client, people, person_case, tree, make_staff):
    other = make_staff(tree.haidian, "hd_officer", roles=[Role.OFFICER])
    row = issue(people, person_case)
    c = client_for(client, other)
    assert c.get(f"/api/v1/cases/{person_case.pk}/restrictions").status_code == 404
    assert c.get(f"/api/v1/restrictions/{row.pk}/document").status_code == 404
    assert (
        c.post(
            f"/api/v1/restrictions/{row.pk}/lifting",
            {"ground": "full_performance"},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_a_closed_case_offers_no_order_and_says_so(client, people, person_case):
    from zhixing.closure.services import case_close

    case_close(actor=people["officer"].user, case=person_case, mode="fully_performed", on=SIGNED)
    html = (
        client_for(client, people["president"])
        .get(f"/cases/{person_case.pk}/restriction/")
        .content.decode()
    )
    assert 'id="case-not-open"' in html and "本案已结案，不能发出限制消费令" in html
    assert "issue-form-" not in html
