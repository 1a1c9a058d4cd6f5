"""Exposure, typical cases and the public's feedback: published by the court's bureau chief or
president (audited), shown only while the listing is published, feedback delivered to the court
that published the page and seen by that court's staff alone."""

from datetime import date

import pytest
from django.test import Client, override_settings

from zhixing.core.models import AuditRecord
from zhixing.core.rules.roles import Role
from zhixing.credit.models import DishonestDebtorListing
from zhixing.portal import services
from zhixing.portal.models import Exposure, PublicFeedback, TypicalCase

pytestmark = pytest.mark.django_db

PASSWORD = "test-password-1"
FEEDBACK = dict(topic="lead", name="赵市民", phone="13912345678", message="被执行人常在某小区出入")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def others(tree, make_staff):
    return {
        "haidian_chief": make_staff(
            tree.haidian, "hd_chief", roles=[Role.BUREAU_CHIEF], unit_kind=None
        ),
        "petition": make_staff(
            tree.chaoyang,
            "cy_petition",
            roles=[Role.PETITION_OFFICER],
            unit_kind="complaint_review",
        ),
    }


@pytest.fixture
def exposure(people, listing):
    return services.exposure_publish(
        actor=people["president"].user,
        listing=listing(name="孙失信"),
        headline="失信被执行人孙失信拒不履行义务",
        summary="欢迎提供线索",
    )


@pytest.fixture
def typical(people):
    return services.typical_case_publish(
        actor=people["chief"].user,
        title="转移财产被纳入失信名单",
        category="规避执行",
        summary="被执行人转移车辆后被纳入失信名单",
        body="正文",
    )


# --- exposure -------------------------------------------------------------------------------------


def test_an_exposure_shows_while_its_listing_is_published_then_disappears(client, exposure):
    listing = exposure.listing
    text = client.get("/public/exposure/").content.decode()
    assert "失信被执行人孙失信拒不履行义务" in text and listing.id_masked in text
    assert listing.id_number not in text
    detail = client.get(f"/public/exposure/{exposure.pk}/")
    assert detail.status_code == 200 and listing.id_number not in detail.content.decode()
    assert client.get("/api/v1/public/exposures").json()["results"][0]["id"] == exposure.pk

    DishonestDebtorListing.objects.filter(pk=listing.pk).update(status="removed")
    assert "孙失信" not in client.get("/public/exposure/").content.decode()
    assert client.get(f"/public/exposure/{exposure.pk}/").status_code == 404
    assert client.get("/api/v1/public/exposures").json()["results"] == []
    response = client.post(f"/public/exposure/{exposure.pk}/feedback/", FEEDBACK)
    assert response.status_code == 404 and not PublicFeedback.objects.exists()


def test_a_hidden_listing_takes_its_exposure_off_the_page(client, exposure):
    DishonestDebtorListing.objects.filter(pk=exposure.listing_id).update(hidden=True)
    assert client.get(f"/public/exposure/{exposure.pk}/").status_code == 404


def test_exposures_are_newest_first_and_paginated(client, people, listing):
    for n in range(12):
        services.exposure_publish(
            actor=people["chief"].user,
            listing=listing(name=f"曝光{n:02d}号"),
            headline=f"曝光{n:02d}号",
            summary="线索",
        )
    Exposure.objects.filter(headline="曝光00号").update(published_on=date(2026, 1, 1))
    first = client.get("/public/exposure/").content.decode()
    assert first.count('class="card exposure-item"') == 10
    assert first.index("曝光11号") < first.index("曝光10号")
    second = client.get("/public/exposure/?page=2").content.decode()
    assert second.count('class="card exposure-item"') == 2 and "曝光00号" in second


def test_only_the_bureau_chief_or_president_exposes_and_only_the_courts_own_listing(
    people, others, listing
):
    row = listing(name="孙失信")
    before = Exposure.objects.count()
    with pytest.raises(services.AccessDenied):
        services.exposure_publish(
            actor=people["officer"].user, listing=row, headline="标题", summary="内容"
        )
    with pytest.raises(services.NotFound):
        services.exposure_publish(
            actor=others["haidian_chief"].user, listing=row, headline="标题", summary="内容"
        )
    removed = listing(name="钱已删", status="removed")
    with pytest.raises(services.NotFound):
        services.exposure_publish(
            actor=people["chief"].user, listing=removed, headline="标题", summary="内容"
        )
    assert Exposure.objects.count() == before


def test_the_staff_form_publishes_an_exposure_and_audits_it(people, listing):
    row = listing(name="孙失信")
    chief = logged_in(people["chief"].user)
    page = chief.get("/exposures/new/").content.decode()
    assert 'type="text" name="listing"' in page and "孙失信" not in page  # typed, not listed
    response = chief.post(
        "/exposures/new/",
        {"listing": row.case_number, "headline": "曝光孙失信", "summary": "欢迎提供线索"},
    )
    assert response.status_code == 302
    exposure = Exposure.objects.get()
    assert (exposure.court_id, exposure.published_by_id) == (row.court_id, people["chief"].user.pk)
    assert AuditRecord.objects.filter(action="portal.exposure_published").count() == 1
    assert logged_in(people["officer"].user).get("/exposures/new/").status_code == 403


def test_the_staff_form_refuses_an_empty_headline_and_changes_nothing(people, listing):
    row = listing(name="孙失信")
    response = logged_in(people["chief"].user).post(
        "/exposures/new/", {"listing": row.pk, "headline": "", "summary": "内容"}
    )
    assert response.status_code == 422 and 'id="error-headline"' in response.content.decode()
    assert not Exposure.objects.exists()


def _expose(user, reference):
    return logged_in(user).post(
        "/exposures/new/", {"listing": reference, "headline": "曝光", "summary": "欢迎提供线索"}
    )


def test_the_exposure_form_lists_no_listing_whatever_their_number(people, listing):
    """The court's published listings are never loaded into the form (thousands of them): the
    listing is typed, and the page does not grow with the list."""
    rows = [listing(name=f"失信人{n:02d}") for n in range(30)]
    page = logged_in(people["chief"].user).get("/exposures/new/").content.decode()
    assert "<select" not in page.split('id="exposure-form"')[1].split("</form>")[0]
    assert not any(row.name in page for row in rows)
    assert "案号或名单编号" in page


def test_the_exposure_form_takes_a_listing_by_its_number(people, listing):
    first, second = listing(name="孙失信"), listing(name="李失信")
    response = _expose(people["chief"].user, str(second.pk))
    assert response.status_code == 302
    assert Exposure.objects.get().listing_id == second.pk
    assert first.case_number == second.case_number


def test_a_case_number_with_several_listed_respondents_asks_for_the_number(people, listing):
    first, second = listing(name="孙失信"), listing(name="李失信")
    response = _expose(people["chief"].user, first.case_number)
    html = response.content.decode()
    assert response.status_code == 422
    error = html.split('id="error-listing"')[1].split("</ul>")[0]
    assert "请填写名单编号" in error
    assert f"孙失信（编号 {first.pk}）" in error and f"李失信（编号 {second.pk}）" in error
    assert not Exposure.objects.exists()


@pytest.mark.parametrize(
    "what",
    ["unknown", "other_court", "hidden", "removed", "minor", "empty", "huge_number", "too_long"],
)
def test_a_listing_outside_the_courts_published_adults_is_refused_beside_the_field(
    people, others, listing, what
):
    """Only the court's own published, unhidden listings of adults can be exposed (失信规定 第7条;
    个人信息保护法 第31条); anything else is refused beside the field, nothing is created."""
    user = people["chief"].user
    if what == "unknown":
        reference = "（2026）京0105执99999号"
    elif what == "other_court":
        reference, user = listing(name="孙失信").case_number, others["haidian_chief"].user
    elif what == "hidden":
        reference = str(listing(name="孙失信", hidden=True).pk)
    elif what == "removed":
        reference = str(listing(name="孙失信", status="removed").pk)
    elif what == "minor":
        reference = str(listing(name="孙少年", birth=date.today().replace(year=2015)).pk)
    elif what == "empty":
        reference = "   "
    elif what == "huge_number":
        reference = "9" * 40  # no listing number is that long; never an integer overflow
    else:
        reference = "案" * 61
    before = AuditRecord.objects.count()
    response = _expose(user, reference)
    html = response.content.decode()
    assert response.status_code == 422
    error = html.split('id="error-listing"')[1].split("</ul>")[0]
    expected = {"empty": "请填写案号或名单编号", "too_long": "不能超过60个字"}
    assert expected.get(what, "未找到本院已发布的失信名单") in error
    assert not Exposure.objects.exists()
    assert AuditRecord.objects.count() == before


# --- feedback inbox: new first, newest first, keyset pages ------------------------------------


def _handled_and_new(exposure, handled, new):
    """`handled` handled messages, all received after the `new` new ones (three per second, so
    ties on received_at are paged by id)."""
    from datetime import timedelta

    from django.utils import timezone

    rows = PublicFeedback.objects.bulk_create(
        [
            PublicFeedback(court_id=exposure.court_id, exposure=exposure, **FEEDBACK)
            for _ in range(new)
        ]
        + [
            PublicFeedback(
                court_id=exposure.court_id,
                exposure=exposure,
                status="handled",
                handling_note=f"已核实{n}",
                **FEEDBACK,
            )
            for n in range(handled)
        ]
    )
    start = timezone.now() - timedelta(days=3)
    for n, row in enumerate(PublicFeedback.objects.order_by("pk")):
        PublicFeedback.objects.filter(pk=row.pk).update(
            received_at=start + timedelta(seconds=n // 3)
        )
    ids = list(PublicFeedback.objects.order_by("pk").values_list("pk", flat=True))
    assert len(rows) == len(ids)
    return ids[:new], ids[new:]


def _feedback_ids(html):
    import re

    return [int(pk) for pk in re.findall(r'<tr id="feedback-(\d+)"', html)]


def _next(html):
    import re

    found = re.search(r'<a href="\?([^"]*)">下一页', html)
    return found.group(1).replace("&amp;", "&") if found else ""


def test_new_feedback_is_never_hidden_behind_handled_messages(exposure, people):
    """250 handled messages received after the one new message: the inbox opens on 待处理 and
    shows it (handled ones used to sort first and fill the 200 rows)."""
    new, handled = _handled_and_new(exposure, 250, 1)
    html = logged_in(people["chief"].user).get("/feedback/").content.decode()
    assert _feedback_ids(html) == new
    assert 'value="new" selected' in html


def test_the_inbox_pages_newest_first_without_repeating_a_message(exposure, people):
    new, handled = _handled_and_new(exposure, 250, 2)
    chief = logged_in(people["chief"].user)
    seen, query = [], "status=handled"
    while query:
        html = chief.get(f"/feedback/?{query}").content.decode()
        page = _feedback_ids(html)
        assert len(page) <= 100
        seen += page
        query = _next(html)
    assert seen == sorted(handled, reverse=True)  # newest first; ties by id, newest first
    every = _feedback_ids(chief.get("/feedback/?status=all").content.decode())
    assert len(every) == 100 and every == sorted(new + handled, reverse=True)[:100]
    assert chief.get("/feedback/?status=all&after=x.1").status_code == 422


# --- typical cases ----------------------------------------------------------------------------


def test_a_typical_case_is_published_by_the_president_and_read_by_anyone(client, people):
    president = logged_in(people["president"].user)
    response = president.post(
        "/typical-cases/new/",
        {
            "title": "拒执罪典型案例",
            "category": "拒执",
            "summary": "摘要",
            "body": "第一段\n\n第二段",
        },
    )
    assert response.status_code == 302
    typical = TypicalCase.objects.get()
    assert "拒执罪典型案例" in client.get("/public/typical-cases/").content.decode()
    assert "第二段" in client.get(f"/public/typical-cases/{typical.pk}/").content.decode()
    assert (
        client.get(f"/api/v1/public/typical-cases/{typical.pk}").json()["title"] == "拒执罪典型案例"
    )
    assert AuditRecord.objects.filter(action="portal.typical_case_published").count() == 1
    assert logged_in(people["clerk"].user).get("/typical-cases/new/").status_code == 403


def test_a_withdrawn_typical_case_is_not_shown(client, typical):
    TypicalCase.objects.filter(pk=typical.pk).update(withdrawn=True)
    assert client.get(f"/public/typical-cases/{typical.pk}/").status_code == 404
    assert client.get("/api/v1/public/typical-cases").json() == []


# --- feedback ---------------------------------------------------------------------------------


def test_feedback_reaches_the_publishing_courts_inbox_only(exposure, people, others):
    public = Client(enforce_csrf_checks=True)
    form_page = public.get(f"/public/exposure/{exposure.pk}/")
    token = form_page.cookies["csrftoken"].value
    response = public.post(
        f"/public/exposure/{exposure.pk}/feedback/", {**FEEDBACK, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    response = public.get(response["Location"])
    assert (
        "北京市朝阳区人民法院" in response.content.decode() and "处理" in response.content.decode()
    )
    feedback = PublicFeedback.objects.get()
    assert (feedback.court_id, feedback.exposure_id) == (exposure.court_id, exposure.pk)
    assert AuditRecord.objects.filter(action="portal.feedback_received").count() == 1

    inbox = logged_in(people["chief"].user).get("/feedback/").content.decode()
    assert "被执行人常在某小区出入" in inbox and "13912345678" in inbox
    assert (
        "被执行人常在某小区出入"
        in logged_in(others["petition"].user).get("/feedback/").content.decode()
    )
    other = logged_in(others["haidian_chief"].user)
    assert "被执行人常在某小区出入" not in other.get("/feedback/").content.decode()
    refused = other.post(f"/feedback/{feedback.pk}/handle/", {"note": "已核实"})
    assert refused.status_code == 404
    feedback.refresh_from_db()
    assert feedback.status == "new"
    assert logged_in(people["officer"].user).get("/feedback/").status_code == 403
    assert Client().get("/feedback/").status_code == 302  # login first


def test_publishers_reach_the_publishing_forms_from_the_inbox(people, others):
    """发布曝光 and 发布典型案例 have no nav items: the inbox links to them for those who publish."""
    chief = logged_in(people["chief"].user).get("/feedback/").content.decode()
    nav = chief.split('<nav class="mainnav">', 1)[1].split("</nav>", 1)[0]
    assert "发布曝光" not in nav
    links = chief.split('id="publish-links"', 1)[1].split("</p>", 1)[0]
    assert "/exposures/new/" in links and "/typical-cases/new/" in links
    petition = logged_in(others["petition"].user).get("/feedback/").content.decode()
    assert 'id="publish-links"' not in petition


def test_the_court_marks_feedback_handled_with_a_note(typical, people):
    feedback = services.feedback_submit(typical_case=typical, **FEEDBACK)
    chief = logged_in(people["chief"].user)
    assert chief.post(f"/feedback/{feedback.pk}/handle/", {"note": ""}).status_code == 422
    feedback.refresh_from_db()
    assert feedback.status == "new"
    response = chief.post(f"/feedback/{feedback.pk}/handle/", {"note": "已转执行员核实"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.status, feedback.handling_note, feedback.handled_by_id) == (
        "handled",
        "已转执行员核实",
        people["chief"].user.pk,
    )
    assert AuditRecord.objects.filter(action="portal.feedback_handled").count() == 1
    assert "已转执行员核实" in chief.get("/feedback/?status=handled").content.decode()
    assert "已转执行员核实" not in chief.get("/feedback/?status=new").content.decode()


def test_feedback_without_a_csrf_token_is_refused(exposure):
    response = Client(enforce_csrf_checks=True).post(
        f"/public/exposure/{exposure.pk}/feedback/", FEEDBACK
    )
    assert response.status_code == 403 and not PublicFeedback.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"phone": ""}, "phone"),
        ({"name": ""}, "name"),
        ({"message": ""}, "message"),
        ({"topic": "spam"}, "topic"),
    ],
)
def test_bad_feedback_is_shown_beside_its_field_and_nothing_is_saved(
    client, typical, change, field
):
    response = client.post(f"/public/typical-cases/{typical.pk}/feedback/", {**FEEDBACK, **change})
    assert response.status_code == 422
    assert f'id="error-{field}"' in response.content.decode()
    assert not PublicFeedback.objects.exists()
    api = client.post(
        "/api/v1/public/feedback",
        {**FEEDBACK, **change, "typical_case_id": typical.pk},
        content_type="application/json",
    )
    assert api.status_code == 422 and api.json()["field"] == field
    assert not PublicFeedback.objects.exists()


def test_feedback_through_the_api(client, exposure):
    response = client.post(
        "/api/v1/public/feedback",
        {**FEEDBACK, "exposure_id": exposure.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["court_name"] == "北京市朝阳区人民法院"
    assert PublicFeedback.objects.get().court_id == exposure.court_id
    none = client.post("/api/v1/public/feedback", FEEDBACK, content_type="application/json")
    assert none.status_code == 422 and PublicFeedback.objects.count() == 1


@override_settings(ZHIXING_PUBLIC_FEEDBACK_RATE=2)
def test_feedback_is_rate_limited(client, typical):
    url = f"/public/typical-cases/{typical.pk}/feedback/"
    assert client.post(url, FEEDBACK).status_code == 302
    assert client.post(url, FEEDBACK).status_code == 302
    refused = client.post(url, FEEDBACK)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert PublicFeedback.objects.count() == 2


def test_the_inbox_is_in_the_navigation_of_the_roles_that_handle_it(people):
    assert 'href="/feedback/"' in logged_in(people["chief"].user).get("/").content.decode()
    assert 'href="/feedback/"' not in logged_in(people["officer"].user).get("/").content.decode()


def test_public_lists_read_a_fixed_number_of_queries(
    client, people, listing, typical, django_assert_max_num_queries
):
    for n in range(6):
        services.exposure_publish(
            actor=people["chief"].user,
            listing=listing(name=f"曝光{n}号"),
            headline=f"曝光{n}号",
            summary="线索",
        )
    with django_assert_max_num_queries(3):  # the count, then the page with its court and listing
        assert client.get("/public/exposure/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/public/typical-cases/").status_code == 200
