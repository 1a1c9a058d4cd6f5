"""The sharing feed read by linked departments (失信规定 第8条): a department's token reads what
its subscription covers after a cursor, acknowledges forward only, reports sanctions (shown on the
case); nobody else reads it."""

from datetime import date

import pytest
from django.db import connection, transaction  # noqa: F401  (connection: skipif conditions)

from tests.conftest import PASSWORD
from tests.credit.feed_fixtures import *  # noqa: F403  (fixtures)
from tests.credit.feed_fixtures import ID_NUMBER, bearer
from zhixing.cases.hooks import case_links
from zhixing.core.models import AuditRecord
from zhixing.credit.feed import feed_record
from zhixing.credit.models import (
    ConsumptionRestriction,
    CreditSanctionReport,
    DishonestDebtorListing,
    FeedEntry,
    FeedSubscription,
)
from zhixing.demo.credit import SUBSCRIPTIONS, demo_token, seed_credit_subscriptions
from zhixing.linkage.models import LinkedDepartment
from zhixing.linkage.services import SEED_SANCTION_DEPARTMENTS

pytestmark = pytest.mark.django_db
FEED = "/api/v1/credit-feed"


def read(client, raw, **params):
    return client.get(FEED, params, **bearer(raw))


def post(client, url, raw, body):
    return client.post(url, body, content_type="application/json", **bearer(raw))


# --- sequence numbers ------------------------------------------------------------------------------


def test_sequences_are_gapless_and_in_order(listing):
    """One writer after another (SQLite): 1, 2, 3 … with no gap, and a writer rolled back
    gives its number back (the counter's bump is part of its transaction)."""
    for _ in range(4):
        with transaction.atomic():
            feed_record(FeedEntry.Change.CHANGED, listing=listing)
    with pytest.raises(RuntimeError), transaction.atomic():
        feed_record(FeedEntry.Change.CHANGED, listing=listing)
        raise RuntimeError("the writer fails after recording")
    with transaction.atomic():
        feed_record(FeedEntry.Change.CHANGED, listing=listing)
    seqs = list(FeedEntry.objects.order_by("pk").values_list("seq", flat=True))
    assert seqs == [1, 2, 3, 4, 5, 6]  # 1 is the fixture's LISTED entry


# --- reading -----------------------------------------------------------------------------------------


def test_cursor_pages_through_the_feed(client, make_listing, department):
    _, raw = department()
    for _ in range(4):
        make_listing()
    first = read(client, raw, after=0, limit=3).json()
    assert [e["seq"] for e in first["entries"]] == [1, 2, 3]
    assert (first["next_cursor"], first["has_more"], first["newest"]) == (3, True, 4)
    second = read(client, raw, after=first["next_cursor"], limit=3).json()
    assert [e["seq"] for e in second["entries"]] == [4]
    assert (second["next_cursor"], second["has_more"]) == (4, False)
    empty = read(client, raw, after=4).json()
    assert empty["entries"] == [] and empty["next_cursor"] == 4
    entry = first["entries"][0]
    assert entry["change"] == "listed" and entry["change_label"] == "纳入"
    assert entry["data"]["id_number"] == ID_NUMBER and entry["identity"] == "full"
    assert entry["data"]["conduct"] == "违反财产报告制度，拒不报告财产"
    views = AuditRecord.objects.filter(action="personal_data.view")
    assert views.count() == 2  # the two pages that carried entries, not the empty one


def test_subscription_filters_listings_and_restrictions(
    client, listing, make_restriction, department
):
    make_restriction(listing)  # seq 2
    _, listings_only = department("pbc", listings=True, restrictions=False)
    _, restrictions_only = department("housing", listings=False, restrictions=True)
    _, both = department("public-security", listings=True, restrictions=True)
    body = read(client, listings_only).json()
    assert [(e["seq"], e["subject"]) for e in body["entries"]] == [(1, "listing")]
    assert body["next_cursor"] == 2  # past the restriction it does not receive
    body = read(client, restrictions_only).json()
    assert [(e["seq"], e["subject"]) for e in body["entries"]] == [(2, "restriction")]
    assert body["entries"][0]["data"]["behaviours"] == ["flight", "rail_g"]
    assert [e["seq"] for e in read(client, both).json()["entries"]] == [1, 2]


def test_identity_numbers_are_masked_without_full_identity(
    client, listing, make_restriction, department
):
    restriction = make_restriction(listing)
    restriction.covered = [{"role": "legal_representative", "name": "李总", "id_number": ID_NUMBER}]
    restriction.save()
    with transaction.atomic():
        feed_record(FeedEntry.Change.CHANGED, restriction=restriction)
    _, raw = department("publicity", restrictions=True, full_identity=False)
    entries = read(client, raw).json()["entries"]
    assert {e["identity"] for e in entries} == {"masked"}
    assert [e["data"]["id_number"] for e in entries] == ["110105********002X"] * 3
    assert entries[2]["data"]["covered"][0]["id_number"] == "110105********002X"
    assert {e["data"]["birth_date"] for e in entries} == {None}  # it would give the digits back
    assert entries[0]["data"]["age"] == 76
    text = read(client, raw).content.decode()
    assert ID_NUMBER not in text


@pytest.mark.parametrize(
    "after, status, code",
    [(-1, 422, "feed.cursor"), (2, 409, "feed.cursor"), (99, 409, "feed.cursor")],
)
def test_a_cursor_that_does_not_exist_is_refused(client, listing, department, after, status, code):
    sub, raw = department()
    audits = AuditRecord.objects.count()
    response = read(client, raw, after=after)
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code and body["field"] == "after"
    assert "游标" in body["message"] and body["source"] == "失信规定 第8条"
    sub.credit_subscription.refresh_from_db()
    assert sub.credit_subscription.acknowledged_seq == 0
    assert AuditRecord.objects.count() == audits


def test_limit_is_bounded(client, listing, department):
    _, raw = department()
    assert read(client, raw, limit=501).json()["code"] == "feed.limit"
    assert read(client, raw, limit=0).status_code == 422


# --- who may read ------------------------------------------------------------------------------------


def test_staff_session_is_refused(client, listing, people):
    client.login(username="cy_officer", password=PASSWORD)
    response = client.get(FEED)
    assert response.status_code == 403
    assert response.json()["code"] == "feed.token_required"
    assert "令牌" in response.json()["message"]
    ack = client.post(f"{FEED}/ack", {"seq": 1}, content_type="application/json")
    assert ack.status_code == 403


def test_no_token_is_401_and_a_staff_token_is_403(client, listing, people, superuser):
    from zhixing.core.tokens import api_token_create

    assert client.get(FEED).status_code == 401
    _, raw = api_token_create(
        actor=superuser, user=people["officer"].user, name="个人脚本", court_id=None
    )
    response = read(client, raw)
    assert response.status_code == 403 and response.json()["code"] == "feed.not_department"


def test_department_without_subscription_is_refused(client, listing, department):
    _, raw = department("finance", subscribe=False)
    response = read(client, raw)
    assert response.status_code == 403
    assert response.json()["code"] == "feed.no_subscription"
    assert "尚未开通" in response.json()["message"]


# --- acknowledgement ---------------------------------------------------------------------------------


def test_ack_moves_forward_only(client, make_listing, department):
    dept, raw = department()
    for _ in range(3):
        make_listing()
    assert post(client, f"{FEED}/ack", raw, {"seq": 2}).json() == {
        "acknowledged_seq": 2,
        "moved": True,
        "newest": 3,
    }
    back = post(client, f"{FEED}/ack", raw, {"seq": 1})
    assert back.status_code == 200
    assert back.json() == {"acknowledged_seq": 2, "moved": False, "newest": 3}
    assert FeedSubscription.objects.get(department=dept).acknowledged_seq == 2
    beyond = post(client, f"{FEED}/ack", raw, {"seq": 4})
    assert beyond.status_code == 409 and beyond.json()["code"] == "feed.ack_beyond"
    negative = post(client, f"{FEED}/ack", raw, {"seq": -1})
    assert negative.status_code == 422
    assert FeedSubscription.objects.get(department=dept).acknowledged_seq == 2
    assert AuditRecord.objects.filter(action="credit.feed_ack").count() == 1


# --- sanction reports --------------------------------------------------------------------------------


def sanction_body(listing, **kw):
    body = {
        "listing_id": listing.pk,
        "kind": "loan_refused",
        "detail": "被执行人申请个人经营贷款 50 万元，因列入失信名单不予发放",
        "occurred_on": "2026-10-20",
        "report_id": "PBC-2026-0001",
    }
    body.update(kw)
    return body


def test_sanction_report_is_idempotent_and_shows_on_the_case(client, listing, department, people):
    _, raw = department()
    first = post(client, "/api/v1/credit-sanctions", raw, sanction_body(listing))
    assert first.status_code == 201
    assert first.json()["duplicate"] is False and first.json()["case_id"] == listing.case_id
    again = post(
        client, "/api/v1/credit-sanctions", raw, sanction_body(listing, detail="重复发送的同一报告")
    )
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert CreditSanctionReport.objects.count() == 1
    report = CreditSanctionReport.objects.get()
    assert report.detail.startswith("被执行人申请个人经营贷款")
    assert (report.case_id, report.court_id, report.occurred_on) == (
        listing.case_id,
        listing.court_id,
        date(2026, 10, 20),
    )
    client.login(username="cy_clerk", password=PASSWORD)
    page = client.get(f"/cases/{listing.case_id}/sanctions/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "测试单位pbc" in html and "限制贷款、授信" in html and "2026-10-20" in html
    assert ("联合惩戒反馈", "case-sanctions") in case_links()  # the case page's link


def test_sanction_for_an_entry_never_received_is_refused(
    client, listing, make_restriction, department
):
    restriction = make_restriction(listing)
    _, raw = department("pbc", listings=True, restrictions=False)
    response = post(
        client,
        "/api/v1/credit-sanctions",
        raw,
        sanction_body(listing, listing_id=None, restriction_id=restriction.pk),
    )
    assert response.status_code == 409
    assert response.json()["code"] == "sanction.not_received"
    unknown = post(client, "/api/v1/credit-sanctions", raw, sanction_body(listing, listing_id=999))
    assert unknown.status_code == 409
    bad_kind = post(client, "/api/v1/credit-sanctions", raw, sanction_body(listing, kind="fine"))
    assert bad_kind.status_code == 422 and bad_kind.json()["field"] == "kind"
    assert not CreditSanctionReport.objects.exists()


def test_sanctions_page_is_scoped(client, listing, make_staff, tree):
    make_staff(tree.haidian, "hd_officer")
    client.login(username="hd_officer", password=PASSWORD)
    assert client.get(f"/cases/{listing.case_id}/sanctions/").status_code == 404


# --- staff page and the demo's subscriptions ---------------------------------------------------------


def test_feed_page_shows_subscriptions_lag_and_entries(client, make_listing, department, people):
    dept, raw = department()
    make_listing()
    make_listing()
    post(client, f"{FEED}/ack", raw, {"seq": 1})
    client.login(username="cy_chief", password=PASSWORD)
    response = client.get("/credit/feed/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "测试单位pbc" in html and 'id="entry-2"' in html
    assert response.context["rows"][0].lag == 1
    client.login(username="cy_officer", password=PASSWORD)
    assert client.get("/credit/feed/").status_code == 403


def test_seed_gives_the_eighteen_departments_subscriptions_and_stable_tokens(
    client, superuser, listing
):
    tokens = seed_credit_subscriptions(actor=superuser)
    assert set(tokens) == set(SEED_SANCTION_DEPARTMENTS) and len(tokens) == 18
    assert seed_credit_subscriptions(actor=superuser) == tokens  # reproducible, nothing added
    assert FeedSubscription.objects.count() == 18
    assert tokens["pbc"] == demo_token("pbc")
    publicity = FeedSubscription.objects.get(department__code="publicity")
    assert (publicity.full_identity, publicity.restrictions) == (False, False)
    pbc = LinkedDepartment.objects.get(code="pbc")
    assert not pbc.answers_inquiries and "征信" in pbc.duties
    assert SUBSCRIPTIONS["pbc"][3] is True  # 人民银行 is pushed to
    body = read(client, tokens["pbc"]).json()
    assert [e["seq"] for e in body["entries"]] == [1]
    masked = read(client, tokens["publicity"]).json()["entries"][0]["data"]["id_number"]
    assert masked == "110105********002X"


@pytest.mark.django_db(transaction=True)
def test_feed_record_refuses_to_run_outside_a_transaction(people, make_listing):
    """Review finding: outside a transaction the counter's lock is released at once, so entries
    could commit out of sequence order; feed_record refuses."""
    listing = make_listing(record=False)
    before = FeedEntry.objects.count()
    with pytest.raises(RuntimeError, match="transaction"):
        feed_record(FeedEntry.Change.CHANGED, listing=listing)
    assert FeedEntry.objects.count() == before


def test_sanction_outside_the_listing_or_order_is_refused(
    client, listing, make_restriction, department
):
    """Review finding: a sanction can only have been applied while the listing was published
    (published_on 2026-10-09 to removed_on) or the order in force (signed_on to lifted_on)."""
    restriction = make_restriction(listing)
    _, raw = department("pbc", listings=True, restrictions=True)
    before = post(
        client, "/api/v1/credit-sanctions", raw, sanction_body(listing, occurred_on="2026-10-08")
    )
    assert before.status_code == 409
    assert before.json()["code"] == "sanction.outside_listing"
    assert "失信规定 第8条" == before.json()["source"] and "2026-10-09" in before.json()["message"]
    DishonestDebtorListing.objects.filter(pk=listing.pk).update(
        status="removed", removed_on=date(2026, 10, 15)
    )
    after_removal = post(
        client, "/api/v1/credit-sanctions", raw, sanction_body(listing, occurred_on="2026-10-20")
    )
    assert after_removal.json()["code"] == "sanction.outside_listing"
    ConsumptionRestriction.objects.filter(pk=restriction.pk).update(lifted_on=date(2026, 10, 12))
    lifted = post(
        client,
        "/api/v1/credit-sanctions",
        raw,
        sanction_body(
            listing, listing_id=None, restriction_id=restriction.pk, occurred_on="2026-10-13"
        ),
    )
    assert lifted.status_code == 409 and lifted.json()["code"] == "sanction.outside_listing"
    assert not CreditSanctionReport.objects.exists()
    within = post(
        client, "/api/v1/credit-sanctions", raw, sanction_body(listing, occurred_on="2026-10-15")
    )
    assert within.status_code == 201


SQLITE_PLAN = pytest.mark.skipif(
    "connection.vendor != 'sqlite'",
    reason="SQLite's plan of an empty table; PostgreSQL's is measured in bench/ at scale",
)


@SQLITE_PLAN
@pytest.mark.parametrize(
    ("listings", "restrictions", "index"),
    [
        (True, False, "credit_feed_listing_seq_idx"),
        (False, True, "credit_feed_restr_seq_idx"),
    ],
)
def test_a_one_kind_read_uses_its_partial_index(listings, restrictions, index):
    """Review finding: a department reading one kind scanned the unique seq index and filtered;
    a partial index on seq per kind answers `<kind> IS NOT NULL AND seq > n ORDER BY seq`."""
    from zhixing.credit.selectors.feed import covered_entries

    subscription = FeedSubscription(listings=listings, restrictions=restrictions)
    plan = covered_entries(subscription).filter(seq__gt=5).order_by("seq")[:100].explain()
    assert index in plan


@SQLITE_PLAN
def test_the_staff_page_reads_the_latest_entries_per_court_by_index():
    plan = FeedEntry.objects.filter(court_id=1).order_by("-seq")[:30].explain()
    assert "credit_feed_court_seq_idx" in plan and "TEMP B-TREE" not in plan


# --- /credit/listings/: capped count and keyset pages ----------------------------------------------


def test_listings_page_caps_its_count_and_pages_by_keyset(client, make_listing, monkeypatch):
    """Review finding: the page ran COUNT(*) over the whole list (8 M rows at the SPC) and showed
    only the newest 200. It counts at most COUNT_CAP rows ("10000+") and links to older pages
    with before=<pk>, as the API pages with before_id."""
    from zhixing.credit.selectors import listing as listing_selectors

    monkeypatch.setattr(listing_selectors, "COUNT_CAP", 3)
    monkeypatch.setattr(listing_selectors, "LIST_PAGE", 2)
    made = [make_listing() for _ in range(5)]
    newest_first = sorted((x.pk for x in made), reverse=True)
    client.login(username="cy_clerk", password=PASSWORD)
    first = client.get("/credit/listings/?status=published")
    html = first.content.decode()
    assert "3+ 条" in html
    shown = [pk for pk in newest_first if f'id="listing-{pk}"' in html]
    assert shown == newest_first[:2]
    older = first.context["older_url"]
    assert f"before={newest_first[1]}" in older and "status=published" in older
    second = client.get(f"/credit/listings/{older}").content.decode()
    assert [pk for pk in newest_first if f'id="listing-{pk}"' in second] == newest_first[2:4]
    last = client.get(f"/credit/listings/?before={newest_first[3]}")
    assert [pk for pk in newest_first if f'id="listing-{pk}"' in last.content.decode()] == [
        newest_first[4]
    ]
    assert last.context["older_url"] == ""
    api = client.get(f"/api/v1/credit/listings?before_id={newest_first[1]}").json()
    assert [row["id"] for row in api] == newest_first[2:4]  # the same page size and keyset


def test_administrator_changes_a_subscription_on_the_feed_page(
    client, make_listing, department, people, superuser
):
    dept, _ = department("pbc", push=False)
    make_listing()
    client.login(username="cy_chief", password=PASSWORD)
    assert "sub-form-pbc" not in client.get("/credit/feed/").content.decode()
    refused = client.post(f"/credit/feed/{dept.pk}/subscription/", {"sub-pbc-push": "on"})
    assert refused.status_code == 404
    assert FeedSubscription.objects.get(department=dept).push is False
    client.force_login(superuser)
    assert "sub-form-pbc" in client.get("/credit/feed/").content.decode()
    done = client.post(
        f"/credit/feed/{dept.pk}/subscription/",
        {"sub-pbc-listings": "on", "sub-pbc-full_identity": "on", "sub-pbc-push": "on"},
    )
    assert done.status_code == 302
    subscription = FeedSubscription.objects.get(department=dept)
    assert (subscription.listings, subscription.restrictions, subscription.push) == (
        True,
        False,
        True,
    )
    from zhixing.linkage.models import OutboxMessage

    assert OutboxMessage.objects.filter(kind="credit", department=dept).count() == 1


def test_a_masked_feed_reads_a_29_february_birthday_as_the_rest_of_the_system():
    """The masked payload's age follows `credit.rules.listing.age_on` (a 29 February birthday falls
    on 28 February in other years), as the public query and the listing rules do."""
    from zhixing.credit.selectors.feed import _masked_payload

    payload = {"id_number": "", "birth_date": "2000-02-29"}
    assert _masked_payload(payload, date(2027, 2, 28))["age"] == 27
    assert _masked_payload(payload, date(2027, 2, 27))["age"] == 26
