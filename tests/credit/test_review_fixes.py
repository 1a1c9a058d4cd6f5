"""Review findings of the credit app: a correction and a hiding reach the respondent's issued
限制消费令 (and the public restriction query); the feed tells departments of a hidden listing's
revocation and correction; requests lapse on every closing mode, and a listing left on a case closed
by 销案 or 驳回申请 goes to the worklist; the decision needs an order signed on or before it; the
date a removal ground arose is kept and a late removal shown; one ordinal and one published copy."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import PASSWORD
from tests.credit.conftest import id_number
from tests.credit.feed_fixtures import *  # noqa: F403  (fixtures)
from tests.credit.feed_fixtures import DECIDED
from zhixing.cases.models import EnforcementCase, NodeEvent
from zhixing.core.audit import AuditRecord
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import DomainError, InputError
from zhixing.credit.models import ConsumptionRestriction, DishonestDebtorListing, FeedEntry
from zhixing.credit.rules.listing import removal_due
from zhixing.credit.services import _common
from zhixing.credit.services import listing as listing_services
from zhixing.credit.services import restriction as restriction_services
from zhixing.credit.services.correction import correction_decide, correction_receive
from zhixing.credit.wiring.listing import _on_closed
from zhixing.portal.selectors import search_restrictions

pytestmark = pytest.mark.django_db
L = DishonestDebtorListing.Status
NEW_ID = id_number(date(1960, 3, 4), "017")


def corrected(people, listing, reason="inaccurate", **changes):
    request = correction_receive(
        actor=people["clerk"].user,
        listing=listing,
        reason=reason,
        statement="公布的信息有误",
        requested_by="王被执",
        received_on=date(2026, 10, 12),
    )
    return correction_decide(
        actor=people["judge"].user,
        request=request,
        granted=True,
        on=date(2026, 10, 16),
        reason="经审查理由成立",
        changes=changes or None,
    )


def restriction_entries(row):
    return list(
        FeedEntry.objects.filter(restriction=row).order_by("seq").values_list("change", flat=True)
    )


# --- 1. a correction reaches the restriction ---------------------------------------------------


def test_a_correction_of_name_and_id_reaches_the_issued_restriction(
    people, listing, make_restriction
):
    order = make_restriction(listing)
    old_name, old_id = order.name, order.id_number
    assert search_restrictions(name=old_name)
    corrected(people, listing, name="王被执甲", id_number=NEW_ID)
    order.refresh_from_db()
    assert (order.name, order.id_number) == ("王被执甲", NEW_ID)
    assert order.id_masked == "110105********" + NEW_ID[-4:]
    assert order.birth_date == date(1960, 3, 4)
    assert restriction_entries(order) == ["restricted", "changed"]
    changed = FeedEntry.objects.filter(restriction=order).order_by("-seq").first()
    assert changed.payload["name"] == "王被执甲" and changed.payload["id_number"] == NEW_ID
    assert search_restrictions(name=old_name) == []
    assert search_restrictions(id_number=old_id) == []
    assert [r.order_number for r in search_restrictions(id_number=NEW_ID)] == [order.order_number]
    assert AuditRecord.objects.filter(
        action="restriction.correct", object_id=str(order.pk)
    ).exists()


def test_a_correction_of_the_conduct_only_leaves_the_restriction_alone(
    people, listing, make_restriction
):
    order = make_restriction(listing)
    corrected(people, listing, conduct="违反财产报告制度，虚假报告财产")
    assert restriction_entries(order) == ["restricted"]


# --- 2. hiding hides the restriction -----------------------------------------------------------


def test_hiding_the_listing_hides_the_restriction_from_the_public_query(
    people, listing, make_restriction
):
    order = make_restriction(listing)
    assert search_restrictions(name=order.name)
    listing_services.listing_hide(actor=people["chief"].user, listing=listing, reason="涉密")
    order.refresh_from_db()
    assert order.hidden
    entry = FeedEntry.objects.filter(restriction=order).order_by("-seq").first()
    assert entry.change == "changed" and entry.payload["hidden"] is True
    assert search_restrictions(name=order.name) == []
    listing.refresh_from_db()
    listing_services.listing_unhide(actor=people["president"].user, listing=listing, reason="解除")
    order.refresh_from_db()
    assert not order.hidden and search_restrictions(name=order.name)
    assert restriction_entries(order) == ["restricted", "changed", "changed"]


def test_an_order_against_a_hidden_listed_respondent_starts_hidden(people, listing):
    listing_services.listing_hide(actor=people["chief"].user, listing=listing, reason="涉密")
    order = restriction_services.restriction_issue(
        actor=people["president"].user,
        case=listing.case,
        party=listing.party,
        on=date(2026, 10, 12),
        initiative="application",
    )
    assert order.hidden
    assert FeedEntry.objects.get(restriction=order).payload["hidden"] is True
    assert search_restrictions(name=order.name) == []


# --- 3. the feed hears of a hidden listing's revocation and correction ---------------------------


def test_a_hidden_listing_revoked_still_tells_the_departments(people, listing):
    listing_services.listing_hide(actor=people["chief"].user, listing=listing, reason="涉密")
    listing.refresh_from_db()
    corrected(people, listing, reason="should_not_list")
    listing.refresh_from_db()
    assert listing.status == L.REVOKED
    last = FeedEntry.objects.filter(listing=listing).order_by("-seq").first()
    assert last.change == "removed" and last.payload["hidden"] is True


def test_a_hidden_listing_corrected_still_tells_the_departments(people, listing):
    listing_services.listing_hide(actor=people["chief"].user, listing=listing, reason="涉密")
    listing.refresh_from_db()
    corrected(people, listing, performance="已履行 20000 元")
    last = FeedEntry.objects.filter(listing=listing).order_by("-seq").first()
    assert last.change == "changed" and last.payload["performance"] == "已履行 20000 元"


# --- 5. closing: requests lapse on every mode; 销案/驳回申请 go to the worklist --------------------


class Closed:
    def __init__(self, mode, on=date(2026, 11, 2)):
        self.data = {"mode": mode}
        self.occurred_on = on


def requested(people, case):
    return listing_services.listing_request(
        actor=people["officer"].user,
        case=case,
        party=case.parties.get(role="respondent"),
        ground="report_duty",
        conduct="拒不申报财产",
        requested_on=date(2026, 10, 9),
    )


@pytest.mark.parametrize(
    "mode,label",
    [
        ("withdrawn_filing", "销案"),
        ("application_rejected", "驳回申请"),
        ("round_terminated", "终结本次执行程序"),
        ("fully_performed", "执行完毕"),
    ],
)
def test_a_request_lapses_on_every_closing_mode(people, adult_case, mode, label):
    row = requested(people, adult_case)
    _on_closed(case=adult_case, event=Closed(mode), actor=people["officer"].user)
    row.refresh_from_db()
    assert row.status == L.REJECTED
    assert row.rejection_reason == f"案件已结案（{label}）"
    assert not FeedEntry.objects.exists()


@pytest.mark.parametrize("mode", ["withdrawn_filing", "application_rejected"])
def test_a_listing_left_on_a_case_closed_without_a_removal_ground_goes_to_the_worklist(
    people, adult_case, restrict, mode
):
    from zhixing.credit.selectors.listing import worklist_items

    restrict(adult_case)
    listing = listing_services.listing_decide(
        actor=people["officer"].user,
        case=adult_case,
        party=adult_case.parties.get(role="respondent"),
        ground="report_duty",
        conduct="拒不申报财产",
        on=date(2026, 10, 9),
        initiative="ex_officio",
    )
    _on_closed(case=adult_case, event=Closed(mode), actor=people["officer"].user)
    listing.refresh_from_db()
    assert listing.status == L.PUBLISHED  # no removal ground of 第10条: reviewed, not removed
    EnforcementCase.objects.filter(pk=adult_case.pk).update(
        status=EnforcementCase.Status.CLOSED, closure_mode=mode, closed_on=date(2026, 11, 2)
    )
    items = worklist_items(people["officer"].user, date(2026, 11, 3))
    texts = [i.text for i in items]
    assert texts == [f"案件已结案但失信信息仍在发布：请审查是否删除（{listing.name}）"]
    assert items[0].source == "失信规定 第10条"


# --- 6. ?listing=² is not a number -----------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "١٢", "x", "12"])
def test_correction_list_with_a_non_ascii_digit_listing_is_no_500(client, people, value):
    client.login(username=people["clerk"].user.username, password=PASSWORD)
    assert client.get("/credit/corrections/", {"listing": value}).status_code == 200


# --- 7. the order must be signed on or before the decision -------------------------------------


def test_decision_before_the_order_was_signed_is_refused_naming_the_signing_date(
    people, adult_case, restrict
):
    restrict(adult_case, on=date(2026, 10, 12))
    before = (
        DishonestDebtorListing.objects.count(),
        FeedEntry.objects.count(),
        NodeEvent.objects.filter(code__startswith="dishonest").count(),
    )
    with pytest.raises(DomainError) as refused:
        listing_services.listing_decide(
            actor=people["officer"].user,
            case=adult_case,
            party=adult_case.parties.get(role="respondent"),
            ground="report_duty",
            conduct="拒不申报财产",
            on=date(2026, 10, 9),
            initiative="ex_officio",
        )
    assert refused.value.code == "listing.restriction_required"
    assert "2026年10月12日" in refused.value.message
    assert refused.value.source == "限高规定 第1条"
    assert (
        DishonestDebtorListing.objects.count(),
        FeedEntry.objects.count(),
        NodeEvent.objects.filter(code__startswith="dishonest").count(),
    ) == before


# --- 8. the date the removal ground arose ------------------------------------------------------


def test_removal_keeps_the_date_the_ground_arose_and_the_page_shows_a_late_removal(
    client, people, listing
):
    with pytest.raises(InputError) as refused:
        listing_services.listing_remove(
            actor=people["officer"].user,
            listing=listing,
            ground="applicant_request",
            on=date(2026, 10, 20),
            arose_on=date(2026, 10, 21),
            applicant_request_approved=True,
        )
    assert (refused.value.code, refused.value.field) == ("listing.arose_after_removal", "arose_on")
    listing.refresh_from_db()
    assert listing.status == L.PUBLISHED
    arose = date(2026, 10, 12)
    row = listing_services.listing_remove(
        actor=people["officer"].user,
        listing=listing,
        ground="applicant_request",
        on=date(2026, 10, 20),
        arose_on=arose,
        applicant_request_approved=True,
    )
    assert row.removal_arose_on == arose and row.removed_on == date(2026, 10, 20)
    due = removal_due(arose, legal_calendar()).due
    assert due < date(2026, 10, 20)
    client.login(username=people["officer"].user.username, password=PASSWORD)
    html = client.get(f"/cases/{listing.case_id}/credit/").content.decode()
    assert f"删除情形发生于2026-10-12，应于{due:%Y-%m-%d}前删除（失信规定 第10条）" in html


def test_removal_without_arose_on_counts_from_the_removal_date(people, listing):
    row = listing_services.listing_remove(
        actor=people["officer"].user,
        listing=listing,
        ground="applicant_request",
        on=date(2026, 10, 20),
        applicant_request_approved=True,
    )
    assert row.removal_arose_on == date(2026, 10, 20)


# --- 9. one ordinal, one published copy --------------------------------------------------------


@pytest.mark.parametrize(
    "n,text",
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (999, "九百九十九"),
        (1000, "1000"),
    ],
)
def test_ordinal(n, text):
    assert _common.ordinal(n) == text


def test_both_numbering_callers_use_the_one_ordinal(monkeypatch, people, adult_case, restrict):
    assert listing_services.ordinal is _common.ordinal
    assert restriction_services.ordinal is _common.ordinal
    monkeypatch.setattr(
        ConsumptionRestriction.objects,
        "filter",
        lambda **kw: type("Q", (), {"count": lambda s: 10})(),
    )
    assert restriction_services.order_number_for(adult_case).endswith("之十一")


def test_published_fields_are_kind_aware_for_both_services(people, adult_case, org_case, restrict):
    person = _common.published_fields(adult_case, adult_case.parties.get(role="respondent"))
    assert person["sex"] == "女" and person["birth_date"] == date(1949, 12, 31)
    assert person["id_masked"] == "110105********002X"
    assert person["credit_code"] == "" and person["legal_representative"] == ""
    org = _common.published_fields(org_case, org_case.parties.get(role="respondent"))
    assert org["credit_code"] == "91110105MA01ABCD13" and org["legal_representative"] == "赵法代"
    assert org["id_number"] == "" and org["id_masked"] == "" and org["sex"] == ""
    order = restriction_services.restriction_issue(
        actor=people["president"].user,
        case=org_case,
        party=org_case.parties.get(role="respondent"),
        on=DECIDED,
        initiative="application",
        covered=[
            {"role": "principal_manager", "name": "钱经理"},
            {"role": "directly_responsible", "name": "孙财务"},
            {"role": "actual_controller", "name": "周实控"},
        ],
    )
    assert (order.credit_code, order.legal_representative, order.id_number) == (
        "91110105MA01ABCD13",
        "赵法代",
        "",
    )
    assert order.performance == "全部未履行"
