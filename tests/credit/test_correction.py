"""Correction requests against a listing (失信规定 第11—12条): reviewed within 15 days, corrected
within 3 working days — revoked, corrected or deleted in the decision's own call — or rejected;
复议 to the next-higher court only within 10 days of service, decided there by one of its judges,
without stay. Deadlines on the injected legal calendar (HolidayOverride rows)."""

from datetime import date

import pytest

from tests.conftest import PASSWORD
from tests.credit.feed_fixtures import *  # noqa: F403  (fixtures)
from zhixing.cases.models import NodeEvent
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.models import AuditRecord, HolidayOverride
from zhixing.core.rules.roles import Role
from zhixing.credit.models import CorrectionRequest, DishonestDebtorListing, FeedEntry
from zhixing.credit.selectors.correction import worklist_rows
from zhixing.credit.services.correction import (
    correction_apply,
    correction_decide,
    correction_receive,
    correction_serve,
    reconsideration_decide,
    reconsideration_file,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)
RECEIVED = date(2026, 10, 12)  # a Monday
S = CorrectionRequest.Status
L = DishonestDebtorListing.Status


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def upper_judge(make_staff, tree):
    return make_staff(tree.bj3, "bj3_judge", roles=[Role.JUDGE], unit_kind="review")


def receive(people, listing, reason="should_not_list", on=RECEIVED, who="clerk"):
    return correction_receive(
        actor=people[who].user,
        listing=listing,
        reason=reason,
        statement="申请人已于纳入前提供充分有效担保，不应纳入失信名单",
        requested_by="王被执",
        received_on=on,
    )


def decide(people, request, granted, on=date(2026, 10, 16), who="judge", **kw):
    return correction_decide(
        actor=people[who].user, request=request, granted=granted, on=on, reason="经审查", **kw
    )


def test_receipt_sets_the_fifteen_day_review_deadline(people, listing):
    request = receive(people, listing)
    assert request.review_due_on == date(2026, 10, 27)
    assert (request.status, request.court_id) == (S.RECEIVED, listing.court_id)
    assert AuditRecord.objects.filter(action="credit.correction_receive").count() == 1
    with pytest.raises(DomainError) as caught:
        receive(people, listing, reason="inaccurate")
    assert caught.value.code == "correction.pending"


def test_receipt_refusals_change_nothing(people, listing):
    with pytest.raises(InputError) as caught:
        receive(people, listing, reason="dislike")
    assert caught.value.field == "reason"
    with pytest.raises(InputError) as caught:
        receive(people, listing, on=date(2026, 10, 1))  # before the listing was decided
    assert caught.value.code == "correction.date_order"
    with pytest.raises(AccessDenied):
        receive(people, listing, who="president")
    assert not CorrectionRequest.objects.exists()


def test_granted_should_not_list_revokes_in_the_same_call(people, listing):
    request = receive(people, listing)
    decided = decide(people, request, True)
    assert decided.status == S.CORRECTED and decided.corrected_on == date(2026, 10, 16)
    assert decided.correct_due_on == date(2026, 10, 21)  # three working days
    listing.refresh_from_db()
    assert (listing.status, listing.removed_on) == (L.REVOKED, date(2026, 10, 16))
    node = NodeEvent.objects.get(case=listing.case, code="dishonest_removed")
    assert node.data == {"respondent": "王被执", "ground": "revoked"}
    assert list(FeedEntry.objects.order_by("seq").values_list("change", flat=True)) == [
        "listed",
        "removed",
    ]


def test_correction_deadline_moves_over_a_holiday_on_the_calendar(people, listing):
    HolidayOverride.objects.create(day=date(2026, 10, 20), kind="rest", name="测试调休")
    request = receive(people, listing, reason="inaccurate")
    decided = decide(people, request, True)
    assert decided.status == S.GRANTED
    assert decided.correct_due_on == date(2026, 10, 22)  # 19, 21, 22: the 20th is a rest day


def test_inaccurate_information_is_corrected_and_the_departments_told(people, listing):
    request = receive(people, listing, reason="inaccurate")
    decide(people, request, True)
    assert FeedEntry.objects.count() == 1
    with pytest.raises(InputError) as caught:
        correction_apply(
            actor=people["officer2"].user, request=request, on=date(2026, 10, 19), name="王被执"
        )
    assert caught.value.code == "correction.nothing_changed"
    with pytest.raises(InputError) as caught:
        correction_apply(
            actor=people["officer2"].user,
            request=request,
            on=date(2026, 10, 19),
            id_number="110105194912310021",
        )
    assert caught.value.field == "id_number"
    done = correction_apply(
        actor=people["officer2"].user,
        request=request,
        on=date(2026, 10, 19),
        performance="已履行 20000 元",
        obligations="被执行人向申请执行人支付货款 80000 元",
    )
    assert done.status == S.CORRECTED and done.corrected_on == date(2026, 10, 19)
    listing.refresh_from_db()
    assert listing.performance == "已履行 20000 元" and listing.status == L.PUBLISHED
    changed = FeedEntry.objects.get(seq=2)
    assert changed.change == "changed" and changed.payload["performance"] == "已履行 20000 元"
    assert AuditRecord.objects.filter(action="credit.listing_correct").count() == 1


def test_inaccurate_with_changes_is_corrected_in_the_decision(people, listing):
    request = receive(people, listing, reason="inaccurate")
    decided = decide(people, request, True, changes={"conduct": "违反财产报告制度，虚假报告财产"})
    assert decided.status == S.CORRECTED
    listing.refresh_from_db()
    assert listing.conduct == "违反财产报告制度，虚假报告财产"


def test_should_delete_removes_through_the_listing_service(people, listing):
    request = receive(people, listing, reason="should_delete")
    with pytest.raises(DomainError) as caught:  # the term has not expired: the whole call refused
        decide(people, request, True, removal_ground="term_expired")
    assert caught.value.code.endswith("removal_term_running")  # the listing service's code
    request.refresh_from_db()
    assert request.status == S.RECEIVED
    decided = decide(people, request, True, removal_ground="full_performance")
    assert decided.status == S.CORRECTED
    listing.refresh_from_db()
    assert (listing.status, listing.removal_ground) == (L.REMOVED, "full_performance")
    assert FeedEntry.objects.order_by("-seq").first().change == "removed"


def test_the_listing_decider_cannot_review_the_request(people, listing):
    request = receive(people, listing)
    with pytest.raises(AccessDenied) as caught:
        decide(people, request, True, who="officer")  # decided the listing
    assert caught.value.code == "correction.own_listing"
    request.refresh_from_db()
    assert request.status == S.RECEIVED


# --- rejection and 复议 --------------------------------------------------------------------------


def rejected(people, listing, served_on=date(2026, 10, 21)):
    request = receive(people, listing)
    return decide(people, request, False, served_on=served_on)


def test_reconsideration_window_is_ten_days_from_service(people, listing, tree):
    request = rejected(people, listing)  # served Wed 21 Oct: the 10th day is Sat 31 Oct → Mon 2 Nov
    with pytest.raises(DomainError) as caught:
        reconsideration_file(
            actor=people["clerk"].user, request=request, filed_on=date(2026, 11, 3)
        )
    assert caught.value.code == "reconsideration.late"
    assert "第12条" in caught.value.source and "2026年11月02日" in caught.value.message
    request.refresh_from_db()
    assert request.reconsideration == ""
    filed = reconsideration_file(
        actor=people["clerk"].user, request=request, filed_on=date(2026, 11, 2)
    )
    assert filed.reconsideration == "pending" and filed.reconsideration_court == tree.bj3
    assert filed.reconsideration_due_on == date(2026, 11, 17)
    listing.refresh_from_db()
    assert listing.status == L.PUBLISHED  # 复议 does not stay the listing


def test_reconsideration_needs_service_first(people, listing):
    request = rejected(people, listing, served_on=None)
    with pytest.raises(DomainError) as caught:
        reconsideration_file(
            actor=people["clerk"].user, request=request, filed_on=date(2026, 10, 22)
        )
    assert caught.value.code == "reconsideration.not_served"
    correction_serve(actor=people["clerk"].user, request=request, served_on=date(2026, 10, 20))
    filed = reconsideration_file(
        actor=people["clerk"].user, request=request, filed_on=date(2026, 10, 30)
    )
    assert filed.reconsideration == "pending"


def test_only_a_judge_of_the_upper_court_decides(people, listing, upper_judge, make_staff, tree):
    request = rejected(people, listing)
    reconsideration_file(actor=people["clerk"].user, request=request, filed_on=date(2026, 10, 26))
    other_upper = make_staff(tree.bj1, "bj1_judge", roles=[Role.JUDGE], unit_kind="review")
    upper_officer = make_staff(tree.bj3, "bj3_officer", roles=[Role.OFFICER])
    for actor, error in [
        (people["judge"].user, AccessDenied),  # the listing court itself
        (upper_officer.user, AccessDenied),  # the upper court, not a judge
        (other_upper.user, NotFound),  # another intermediate court does not even see it
    ]:
        with pytest.raises(error):
            reconsideration_decide(
                actor=actor, request=request, upheld=True, on=date(2026, 11, 2), reason="维持"
            )
    request.refresh_from_db()
    assert request.reconsideration == "pending"
    done = reconsideration_decide(
        actor=upper_judge.user, request=request, upheld=True, on=date(2026, 11, 2), reason="维持"
    )
    assert done.reconsideration == "upheld" and done.status == S.REJECTED


def test_reversal_sends_the_correction_back_to_the_listing_court(people, listing, upper_judge):
    request = rejected(people, listing)
    reconsideration_file(actor=people["clerk"].user, request=request, filed_on=date(2026, 10, 26))
    reversed_ = reconsideration_decide(
        actor=upper_judge.user, request=request, upheld=False, on=date(2026, 11, 2), reason="成立"
    )
    assert (reversed_.status, reversed_.reconsideration) == (S.GRANTED, "reversed")
    assert reversed_.correct_due_on == date(2026, 11, 5)
    listing.refresh_from_db()
    assert listing.status == L.PUBLISHED
    rows = worklist_rows(people["judge"].user, TODAY)
    assert [(r.request.pk, r.due.what, r.overdue) for r in rows] == [(request.pk, "纠正", True)]
    correction_apply(actor=people["judge"].user, request=request, on=date(2026, 11, 27))
    listing.refresh_from_db()
    assert listing.status == L.REVOKED


def test_worklist_shows_the_review_due_to_the_court_and_reconsideration_upstairs(
    people, listing, upper_judge
):
    request = receive(people, listing)
    assert [(r.due.what, r.due.on) for r in worklist_rows(people["judge"].user, TODAY)] == [
        ("审查", date(2026, 10, 27))
    ]
    assert worklist_rows(upper_judge.user, TODAY) == []
    decide(people, request, False, served_on=date(2026, 10, 20))
    reconsideration_file(actor=people["clerk"].user, request=request, filed_on=date(2026, 10, 26))
    assert worklist_rows(people["judge"].user, TODAY) == []
    assert [r.due.what for r in worklist_rows(upper_judge.user, TODAY)] == ["复议审查"]


def test_pages_list_and_show_the_request(client, people, listing, make_staff, tree):
    request = receive(people, listing)
    client.login(username="cy_judge", password=PASSWORD)
    page = client.get("/credit/corrections/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="request-{request.pk}"' in html and "overdue" in html  # due 27 Oct, now late
    detail = client.get(f"/credit/corrections/{request.pk}/")
    assert detail.status_code == 200 and 'id="decide-form"' in detail.content.decode()
    response = client.post(
        f"/credit/corrections/{request.pk}/decide/",
        {"decide-granted": "yes", "decide-on": "2026-10-16", "decide-reason": "理由成立"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == S.CORRECTED
    make_staff(tree.haidian, "hd_judge", roles=[Role.JUDGE], unit_kind="review")
    client.login(username="hd_judge", password=PASSWORD)  # another basic court
    assert client.get(f"/credit/corrections/{request.pk}/").status_code == 404


def test_page_shows_a_refusal_beside_its_field_with_the_article(client, people, listing):
    request = receive(people, listing)
    decide(people, request, False)
    client.login(username="cy_clerk", password=PASSWORD)
    client.post(f"/credit/corrections/{request.pk}/serve/", {"serve-served_on": "2026-10-21"})
    response = client.post(
        f"/credit/corrections/{request.pk}/file/", {"file-filed_on": "2026-11-03"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "已于2026年11月02日届满" in html and "依据：失信规定 第12条" in html
    request.refresh_from_db()
    assert request.reconsideration == ""


def test_worklist_page_shows_the_request_due(client, people, listing):
    request = receive(people, listing)
    client.login(username="cy_judge", password=PASSWORD)
    html = client.get("/worklist/").content.decode()
    assert "失信信息纠正申请" in html and f"/credit/corrections/{request.pk}/" in html


# --- API ---------------------------------------------------------------------------------------------


def test_api_receive_decide_and_reconsider(client, people, listing, upper_judge):
    client.login(username="cy_clerk", password=PASSWORD)
    created = client.post(
        f"/api/v1/credit/listings/{listing.pk}/corrections",
        {
            "reason": "should_not_list",
            "statement": "被执行人已提供担保",
            "requested_by": "王被执",
            "received_on": "2026-10-12",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["review_due_on"], body["next_due"], body["overdue"]) == (
        "2026-10-27",
        "审查",
        True,
    )
    pk = body["id"]
    client.login(username="cy_judge", password=PASSWORD)
    rejected = client.post(
        f"/api/v1/credit/corrections/{pk}/decision",
        {"granted": False, "on": "2026-10-16", "reason": "担保不充分", "served_on": "2026-10-21"},
        content_type="application/json",
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    late = client.post(
        f"/api/v1/credit/corrections/{pk}/reconsideration",
        {"filed_on": "2026-11-03"},
        content_type="application/json",
    )
    assert late.status_code == 409 and late.json()["code"] == "reconsideration.late"
    assert late.json()["source"] == "失信规定 第12条"
    filed = client.post(
        f"/api/v1/credit/corrections/{pk}/reconsideration",
        {"filed_on": "2026-10-30"},
        content_type="application/json",
    )
    assert filed.json()["reconsideration_court_code"] == "京03"
    own_court = client.post(
        f"/api/v1/credit/corrections/{pk}/reconsideration/decision",
        {"upheld": True, "on": "2026-11-05", "reason": "维持"},
        content_type="application/json",
    )
    assert own_court.status_code == 403
    client.login(username="bj3_judge", password=PASSWORD)
    listed = client.get("/api/v1/credit/corrections").json()
    assert [(r["id"], r["next_due"]) for r in listed] == [(pk, "复议审查")]
    done = client.post(
        f"/api/v1/credit/corrections/{pk}/reconsideration/decision",
        {"upheld": True, "on": "2026-11-05", "reason": "维持"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["reconsideration"] == "upheld"


# --- the receive form names any listing of the court, not one of the 300 most recent ----------------


def _receive(client, key, **kw):
    body = {
        "receive-listing": key,
        "receive-reason": "should_not_list",
        "receive-requested_by": "王被执",
        "receive-statement": "纳入前已提供担保",
        "receive-received_on": "2026-10-12",
    }
    body.update(kw)
    return client.post("/credit/corrections/new/", body)


def test_receive_form_finds_an_old_listing_by_number_decision_or_case(
    client, people, make_listing, monkeypatch
):
    """Review finding: the form offered only the 300 most recent listings. Any listing of the
    court is named by its number, its 决定书文号 or its case number; ?listing= presets any."""
    old = make_listing()
    later = [make_listing(record=False) for _ in range(3)]
    client.login(username="cy_clerk", password=PASSWORD)
    page = client.get("/credit/corrections/", {"listing": str(old.pk)})
    assert page.context["form"]["listing"].value() == str(old.pk)
    assert old.name in page.content.decode()
    response = _receive(client, old.decision_number)
    assert response.status_code == 302
    assert CorrectionRequest.objects.get().listing_id == old.pk
    _receive(client, later[0].case_number, **{"receive-reason": "inaccurate"})
    assert CorrectionRequest.objects.filter(listing=later[0]).exists()
    _receive(client, str(later[1].pk))
    assert CorrectionRequest.objects.filter(listing=later[1]).exists()


def test_receive_form_refuses_an_unknown_or_foreign_listing_beside_the_field(
    client, people, listing, make_staff, tree
):
    make_staff(tree.haidian, "hd_clerk", roles=[Role.CLERK])
    client.login(username="hd_clerk", password=PASSWORD)
    assert client.get("/credit/corrections/", {"listing": str(listing.pk)}).context["form"][
        "listing"
    ].value() in (None, "")
    for key in (str(listing.pk), listing.decision_number, "（2026）京0105执999号之一"):
        page = _receive(client, key)
        assert page.status_code == 422
        assert "本院名单中未找到" in page.content.decode()
    assert not CorrectionRequest.objects.exists()
