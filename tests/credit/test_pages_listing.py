"""The listing pages and API through the test client: the case page lists each respondent with
its state and offers the forms by role; a refusal shows beside the field with its article and
writes nothing; the court list filters by status and highlights overdue rows; the API masks
identity numbers and answers refusals as {code, message, source, field}."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from tests.conftest import PASSWORD
from tests.credit.conftest import respondent
from zhixing.credit.models import DishonestDebtorListing, FeedEntry
from zhixing.credit.services import listing as services

pytestmark = pytest.mark.django_db

ON = "2026-10-09"


def login(client, staff):
    client.login(username=staff.user.username, password=PASSWORD)
    return client


def decide_data(**kw):
    data = {
        "decide-ground": "report_duty",
        "decide-conduct": "收到报告财产令后拒不申报",
        "decide-initiative": "ex_officio",
        "decide-on": ON,
        "decide-publish": "on",
        "decide-extension_years": "0",
    }
    data.update(kw)
    return data


def test_officer_lists_a_respondent_from_the_case_page(client, people, adult_case, restrict):
    restrict(adult_case)
    party = respondent(adult_case)
    c = login(client, people["officer"])
    page = c.get(f"/cases/{adult_case.pk}/credit/")
    assert page.status_code == 200
    text = page.content.decode()
    assert party.name in text and "未纳入" in text and f'id="decide-form-{party.pk}"' in text
    response = c.post(f"/cases/{adult_case.pk}/credit/{party.pk}/decide/", decide_data())
    assert response.status_code == 302
    listing = DishonestDebtorListing.objects.get(party=party)
    assert listing.status == "published"
    text = c.get(f"/cases/{adult_case.pk}/credit/").content.decode()
    assert "已发布" in text and "110105********002X" in text
    assert "11010519491231002X" not in text
    docx = c.get(f"/credit/listings/{listing.pk}/decision.docx")
    assert docx.status_code == 200
    body = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "决定书" in body and listing.decision_number in body
    assert "第一条第（四）项" in body and "纳入期限为二年" in body


def test_a_minor_is_refused_on_the_page_with_the_article(client, people, minor_case, restrict):
    restrict(minor_case)
    party = respondent(minor_case)
    page = login(client, people["officer"]).post(
        f"/cases/{minor_case.pk}/credit/{party.pk}/decide/", decide_data()
    )
    assert page.status_code == 409
    text = page.content.decode()
    assert "未满十八周岁" in text and "失信规定 第4条" in text
    assert not DishonestDebtorListing.objects.exists()


def test_extension_without_reason_is_shown_beside_the_field(client, people, adult_case, restrict):
    restrict(adult_case)
    party = respondent(adult_case)
    page = login(client, people["officer"]).post(
        f"/cases/{adult_case.pk}/credit/{party.pk}/decide/",
        decide_data(**{"decide-extension_years": "2"}),
    )
    assert page.status_code == 409
    text = page.content.decode()
    field = text[text.index('id="field-decide-extension_reason"') :][:1200]
    assert "延长纳入期限须具有" in field and "失信规定 第2条" in field
    assert not DishonestDebtorListing.objects.exists()


def test_after_removal_the_state_says_removed_and_why(client, people, adult_case, restrict):
    """A respondent whose listing was removed reads "已删除（…）", not "未纳入" (never listed)."""
    restrict(adult_case)
    party = respondent(adult_case)
    c = login(client, people["officer"])
    c.post(f"/cases/{adult_case.pk}/credit/{party.pk}/decide/", decide_data())
    listing = DishonestDebtorListing.objects.get(party=party)
    services.listing_remove(
        actor=people["officer"].user,
        listing=listing,
        ground="applicant_request",
        on=date(2026, 10, 12),
        applicant_request_approved=True,
    )
    text = c.get(f"/cases/{adult_case.pk}/credit/").content.decode()
    state = text.split(f'id="state-{party.pk}"', 1)[1].split("</span>", 1)[0]
    assert "已删除" in state and "申请执行人" in state and "未纳入" not in state


def test_clerk_sees_no_decision_form_and_cannot_remove(client, people, adult_case, restrict):
    restrict(adult_case)
    party = respondent(adult_case)
    listing = services.listing_decide(
        actor=people["officer"].user,
        case=adult_case,
        party=party,
        ground="report_duty",
        conduct="拒不申报",
        on=date(2026, 10, 9),
        initiative="ex_officio",
    )
    c = login(client, people["clerk"])
    text = c.get(f"/cases/{adult_case.pk}/credit/").content.decode()
    assert f'id="remove-form-{party.pk}"' not in text
    response = c.post(
        f"/cases/{adult_case.pk}/credit/{party.pk}/remove/",
        {"remove-ground": "full_performance", "remove-on": "2026-10-12"},
    )
    assert response.status_code == 403
    listing.refresh_from_db()
    assert listing.status == "published"


def test_court_list_filters_and_highlights_overdue(client, people, adult_case):
    party = respondent(adult_case)
    services.listing_request(
        actor=people["clerk"].user,
        case=adult_case,
        party=party,
        ground="evades",
        conduct="转移财产",
        requested_on=date(2026, 10, 1),
    )
    c = login(client, people["chief"])
    text = c.get("/credit/listings/?status=requested").content.decode()
    assert party.name in text and "2026-10-16" in text
    assert 'class="overdue"' in text  # due 16 October, long past
    assert "没有符合条件的记录" in c.get("/credit/listings/?status=published").content.decode()


def test_other_court_does_not_see_the_case_page(client, tree, make_staff, adult_case):
    other = make_staff(tree.haidian, "hd_officer")
    response = login(client, other).get(f"/cases/{adult_case.pk}/credit/")
    assert response.status_code == 404


def test_api_decide_lists_masked_and_refuses_with_json(
    client, people, adult_case, restrict, minor_case
):
    c = login(client, people["officer"])
    party = respondent(adult_case)
    body = {
        "party_id": party.pk,
        "ground": "report_duty",
        "conduct": "拒不申报",
        "on": ON,
        "initiative": "ex_officio",
    }
    url = f"/api/v1/cases/{adult_case.pk}/credit/listings"
    refused = c.post(url, body, content_type="application/json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "listing.restriction_required"
    assert refused.json()["source"] == "限高规定 第1条"
    restrict(adult_case)
    made = c.post(url, body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["id_masked"] == "110105********002X"
    assert "11010519491231002X" not in made.content.decode()
    listing_id = made.json()["id"]
    rows = c.get("/api/v1/credit/listings").json()
    assert [r["id"] for r in rows] == [listing_id]
    assert c.get(f"/api/v1/credit/listings/{listing_id}").json()["status"] == "published"
    bad = c.post(
        f"/api/v1/credit/listings/{listing_id}/extend",
        {"years": 1, "on": ON},
        content_type="application/json",
    )
    assert bad.status_code == 409 and bad.json()["code"] == "listing.extension_reason"
    removed = c.post(
        f"/api/v1/credit/listings/{listing_id}/remove",
        {"ground": "applicant_request", "on": "2026-10-12", "applicant_request_approved": True},
        content_type="application/json",
    )
    assert removed.status_code == 200 and removed.json()["status"] == "removed"
    assert FeedEntry.objects.filter(change="removed").count() == 1
    doc = c.get(f"/api/v1/credit/listings/{listing_id}/decision.docx")
    assert doc.status_code == 200 and doc.content[:2] == b"PK"
    # a minor through the API
    minor = respondent(minor_case)
    restrict(minor_case)
    refused = c.post(
        f"/api/v1/cases/{minor_case.pk}/credit/listings",
        {**body, "party_id": minor.pk},
        content_type="application/json",
    )
    assert refused.status_code == 409 and refused.json()["code"] == "listing.minor"


def test_worklist_shows_requests_to_decide_and_decisions_to_publish(
    client, people, adult_case, docketed, restrict
):
    from tests.credit.conftest import id_number, parties

    services.listing_request(
        actor=people["clerk"].user,
        case=adult_case,
        party=respondent(adult_case),
        ground="evades",
        conduct="转移财产",
        requested_on=date(2026, 10, 1),
    )
    other = docketed(parties=parties(name="张另案", id_number=id_number(date(1980, 1, 1))))
    restrict(other)
    services.listing_decide(
        actor=people["officer"].user,
        case=other,
        party=respondent(other),
        ground="report_duty",
        conduct="拒不申报",
        on=date(2026, 10, 9),
        initiative="ex_officio",
        publish=False,
    )
    text = login(client, people["officer"]).get("/worklist/").content.decode()
    assert "失信名单待办" in text
    assert "申请将王被执纳入失信名单，待决定" in text
    assert "已决定将张另案纳入失信名单，待发布" in text
    other_officer = login(client, people["officer2"]).get("/worklist/").content.decode()
    assert "失信名单待办" not in other_officer


def test_upper_court_sees_its_subtree_and_another_court_does_not(
    client, tree, make_staff, people, adult_case
):
    from zhixing.core.rules.roles import Role

    services.listing_request(
        actor=people["clerk"].user,
        case=adult_case,
        party=respondent(adult_case),
        ground="evades",
        conduct="转移财产",
        requested_on=date(2026, 10, 1),
    )
    upper = make_staff(tree.bj3, "bj3_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None)
    assert "王被执" in login(client, upper).get("/credit/listings/").content.decode()
    rows = client.get("/api/v1/credit/listings").json()
    assert [r["name"] for r in rows] == ["王被执"]
    client.logout()
    other = make_staff(tree.haidian, "hd_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None)
    c = login(client, other)
    assert "王被执" not in c.get("/credit/listings/").content.decode()
    assert c.get("/api/v1/credit/listings").json() == []
    listing = DishonestDebtorListing.objects.get()
    assert c.get(f"/api/v1/credit/listings/{listing.pk}").status_code == 404


def test_one_nav_item_leads_to_every_credit_page(client, people):
    """The credit pages hang off one nav item (失信名单): its page links to 纠正申请 and, for those who
    follow the departments, to 信用信息共享; neither has a nav item of its own."""
    chief = login(client, people["chief"]).get("/credit/listings/").content.decode()
    nav = chief.split('<nav class="mainnav">', 1)[1].split("</nav>", 1)[0]
    assert "失信名单" in nav and "纠正申请" not in nav and "信用信息共享" not in nav
    links = chief.split('id="credit-links"', 1)[1].split("</p>", 1)[0]
    assert "/credit/corrections/" in links and "/credit/feed/" in links
    client.logout()
    clerk = login(client, people["clerk"]).get("/credit/listings/").content.decode()
    assert clerk.count('href="/credit/listings/"') >= 1  # the clerk has the nav item now
    links = clerk.split('id="credit-links"', 1)[1].split("</p>", 1)[0]
    assert "/credit/corrections/" in links and "/credit/feed/" not in links
