"""The listing services on the database: each refusal leaves nothing written; publication and
removal write the feed; closing by 执行完毕 removes the listing by itself."""

from __future__ import annotations

from datetime import date

import pytest

from tests.credit.conftest import respondent
from zhixing.cases.models import NodeEvent
from zhixing.core.audit import AuditRecord
from zhixing.core.errors import AccessDenied, DomainError
from zhixing.credit.models import DishonestDebtorListing, FeedEntry
from zhixing.credit.services import listing as services

pytestmark = pytest.mark.django_db

ON = date(2026, 10, 9)
S = DishonestDebtorListing.Status


def decide(people, case, who="officer", **kw):
    values = dict(
        actor=people[who].user,
        case=case,
        party=respondent(case),
        ground="report_duty",
        conduct="拒不申报财产",
        on=ON,
        initiative="ex_officio",
    )
    values.update(kw)
    return services.listing_decide(**values)


def counts():
    return (
        DishonestDebtorListing.objects.count(),
        FeedEntry.objects.count(),
        NodeEvent.objects.filter(code__startswith="dishonest").count(),
        AuditRecord.objects.filter(action__startswith="credit.").count(),
    )


def test_decide_publishes_with_the_published_fields_and_a_feed_entry(people, adult_case, restrict):
    restrict(adult_case)
    listing = decide(people, adult_case)
    assert listing.status == S.PUBLISHED
    assert listing.published_on == ON
    assert listing.term_years == 2 and listing.term_ends_on == date(2028, 10, 9)
    assert listing.sex == "女" and listing.birth_date == date(1949, 12, 31)
    assert listing.id_masked == "110105********002X"
    assert listing.case_number == adult_case.case_number
    assert listing.basis_number == "（2025）京0105民初100号"
    assert listing.performance == "全部未履行"
    assert listing.decision_number == f"{adult_case.case_number}失信之一"
    entry = FeedEntry.objects.get(listing=listing)
    assert entry.change == FeedEntry.Change.LISTED
    assert entry.payload["hidden"] is False
    node = NodeEvent.objects.get(case=adult_case, code="dishonest_listed")
    assert node.data == {"respondent": listing.name, "ground": "report_duty"}
    assert AuditRecord.objects.filter(action="credit.listing_decide").count() == 1


def test_decide_without_publish_waits_three_working_days_then_publish_writes_the_feed(
    people, adult_case, restrict
):
    restrict(adult_case)
    listing = decide(people, adult_case, publish=False)
    assert listing.status == S.DECIDED
    # Fri 9 Oct + 3 working days: Sat 10 Oct is the National Day make-up working day, Mon 12, Tue 13
    assert listing.publish_due_on == date(2026, 10, 13)
    assert not FeedEntry.objects.exists()
    listing = services.listing_publish(actor=people["officer"].user, listing=listing, on=ON)
    assert listing.status == S.PUBLISHED
    assert FeedEntry.objects.get().change == FeedEntry.Change.LISTED


def test_a_17_year_old_is_refused_and_nothing_is_written(people, minor_case, restrict):
    restrict(minor_case)
    before = counts()
    with pytest.raises(DomainError) as refused:
        decide(people, minor_case)
    assert refused.value.code == "listing.minor"
    assert "未满十八周岁" in refused.value.message
    assert refused.value.source == "失信规定 第4条"
    assert counts() == before


def test_no_restriction_refused_telling_the_officer_the_president_signs_first(people, adult_case):
    before = counts()
    with pytest.raises(DomainError) as refused:
        decide(people, adult_case)
    assert refused.value.code == "listing.restriction_required"
    assert "院长签发限制消费令" in refused.value.message
    assert refused.value.source == "限高规定 第1条"
    assert counts() == before


@pytest.mark.parametrize(
    ("kw", "code", "field"),
    [
        ({"security_given": True}, "listing.security", "security_given"),
        ({"later_in_order": True}, "listing.later_in_order", "later_in_order"),
    ],
)
def test_ground_one_exclusions(people, adult_case, restrict, kw, code, field):
    restrict(adult_case)
    before = counts()
    with pytest.raises(DomainError) as refused:
        decide(people, adult_case, ground="able_but_refuses", **kw)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert refused.value.source.startswith("失信规定 第3条")
    assert counts() == before
    # the same facts do not bar another ground
    assert decide(people, adult_case, ground="obstructs", **kw).status == S.PUBLISHED


def test_ground_one_refused_when_frozen_money_covers_the_debt(people, adult_case, restrict):
    from zhixing.measures.models.control import ControlMeasure

    restrict(adult_case)
    ControlMeasure.objects.create(
        case=adult_case,
        court_id=adult_case.court_id,
        party=respondent(adult_case),
        kind="freeze",
        property_kind="deposit",
        description="银行存款",
        amount="100000.00",
        status="in_effect",
        started_on=date(2026, 10, 1),
        expires_on=date(2027, 10, 1),
    )
    with pytest.raises(DomainError) as refused:
        decide(people, adult_case, ground="able_but_refuses")
    assert refused.value.code == "listing.controlled_property"
    assert not DishonestDebtorListing.objects.exists()


def test_ground_one_has_no_term(people, adult_case, restrict):
    restrict(adult_case)
    listing = decide(people, adult_case, ground="able_but_refuses")
    assert listing.term_years is None and listing.term_ends_on is None


def test_extension_at_decision_and_later(people, adult_case, restrict):
    restrict(adult_case)
    listing = decide(
        people,
        adult_case,
        extension_years=1,
        extension_reason="multiple_conduct",
        extension_note="另有违反限制消费令行为",
    )
    assert listing.term_years == 3 and listing.term_ends_on == date(2029, 10, 9)
    listing = services.listing_extend(
        actor=people["officer"].user,
        listing=listing,
        years=2,
        reason="serious_violence",
        note="以暴力抗拒执行，情节严重",
        on=date(2026, 11, 2),
    )
    assert listing.extension_years == 3 and listing.term_ends_on == date(2031, 10, 9)
    assert FeedEntry.objects.filter(change="changed").count() == 1
    with pytest.raises(DomainError) as refused:  # 3 years in all at most
        services.listing_extend(
            actor=people["officer"].user,
            listing=listing,
            years=1,
            reason="serious_violence",
            note="再次抗拒",
            on=date(2026, 11, 3),
        )
    assert refused.value.code == "listing.extension_years"


def test_extension_without_a_reason_is_refused_and_nothing_changes(people, adult_case, restrict):
    restrict(adult_case)
    listing = decide(people, adult_case)
    before = counts()
    with pytest.raises(DomainError) as refused:
        services.listing_extend(
            actor=people["officer"].user, listing=listing, years=1, reason=None, note="", on=ON
        )
    assert refused.value.code == "listing.extension_reason"
    assert refused.value.source == "失信规定 第2条"
    listing.refresh_from_db()
    assert (listing.extension_years, listing.term_ends_on) == (0, date(2028, 10, 9))
    assert counts() == before


def test_request_then_decide_within_fifteen_days(people, adult_case, restrict):
    restrict(adult_case)
    request = services.listing_request(
        actor=people["clerk"].user,
        case=adult_case,
        party=respondent(adult_case),
        ground="evades",
        conduct="转移财产",
        requested_on=date(2026, 10, 1),
    )
    assert request.status == S.REQUESTED
    assert request.decision_due_on == date(2026, 10, 16)
    listing = decide(people, adult_case, ground="evades", initiative="application", request=request)
    assert listing.pk == request.pk and listing.status == S.PUBLISHED


def test_reject_a_request(people, adult_case):
    request = services.listing_request(
        actor=people["clerk"].user,
        case=adult_case,
        party=respondent(adult_case),
        ground="evades",
        conduct="转移财产",
        requested_on=date(2026, 10, 1),
    )
    row = services.listing_reject(
        actor=people["judge"].user, listing=request, on=ON, reason="经查无转移财产行为"
    )
    assert row.status == S.REJECTED and row.rejection_reason == "经查无转移财产行为"
    assert not FeedEntry.objects.exists()


def test_hide_by_chief_writes_changed_with_hidden_and_officer_may_not(people, adult_case, restrict):
    restrict(adult_case)
    listing = decide(people, adult_case)
    with pytest.raises(AccessDenied):
        services.listing_hide(actor=people["officer"].user, listing=listing, reason="x")
    listing = services.listing_hide(
        actor=people["chief"].user, listing=listing, reason="涉及国家秘密"
    )
    assert listing.hidden
    entry = FeedEntry.objects.order_by("-seq").first()
    assert entry.change == "changed" and entry.payload["hidden"] is True
    listing = services.listing_unhide(
        actor=people["president"].user, listing=listing, reason="解除"
    )
    assert not listing.hidden


def test_removal_by_someone_without_the_role_is_refused(people, adult_case, restrict):
    restrict(adult_case)
    listing = decide(people, adult_case)
    before = counts()
    with pytest.raises(AccessDenied) as refused:
        services.listing_remove(
            actor=people["clerk"].user, listing=listing, ground="full_performance", on=ON
        )
    assert refused.value.code == "listing.remove_role"
    assert refused.value.status == 403
    listing.refresh_from_db()
    assert listing.status == S.PUBLISHED
    assert counts() == before


def test_removal_writes_removed_and_the_node(people, adult_case, restrict):
    restrict(adult_case)
    listing = decide(people, adult_case)
    listing = services.listing_remove(
        actor=people["chief"].user,
        listing=listing,
        ground="applicant_request",
        on=date(2026, 10, 12),
        applicant_request_approved=True,
    )
    assert listing.status == S.REMOVED and listing.removed_on == date(2026, 10, 12)
    assert listing.removal_ground == "applicant_request"
    assert FeedEntry.objects.order_by("-seq").first().change == FeedEntry.Change.REMOVED
    assert NodeEvent.objects.filter(case=adult_case, code="dishonest_removed").count() == 1


def test_removal_refused_by_the_rules_changes_nothing(people, adult_case, restrict):
    restrict(adult_case)
    listing = decide(people, adult_case)
    before = counts()
    with pytest.raises(DomainError) as refused:
        services.listing_remove(
            actor=people["officer"].user, listing=listing, ground="term_expired", on=ON
        )
    assert refused.value.code == "listing.removal_term_running"
    with pytest.raises(DomainError) as refused:
        services.listing_remove(
            actor=people["officer"].user, listing=listing, ground="applicant_request", on=ON
        )
    assert refused.value.code == "listing.removal_request_not_approved"
    assert counts() == before


def test_closing_by_full_performance_removes_the_listing(people, adult_case, restrict):
    from zhixing.closure.services.closing import case_close

    restrict(adult_case)
    listing = decide(people, adult_case)
    case_close(
        actor=people["officer"].user, case=adult_case, mode="fully_performed", on=date(2026, 11, 2)
    )
    listing.refresh_from_db()
    assert listing.status == S.REMOVED
    assert listing.removal_ground == "full_performance"
    assert listing.removed_on == date(2026, 11, 2)
    assert FeedEntry.objects.filter(listing=listing, change=FeedEntry.Change.REMOVED).count() == 1
    assert NodeEvent.objects.filter(case=adult_case, code="dishonest_removed").exists()


def test_closing_by_round_termination_keeps_the_listing(people, adult_case, restrict):
    from zhixing.credit.wiring.listing import _on_closed

    restrict(adult_case)
    listing = decide(people, adult_case)

    class Event:
        data = {"mode": "round_terminated"}
        occurred_on = date(2026, 11, 2)

    _on_closed(case=adult_case, event=Event(), actor=people["officer"].user)
    listing.refresh_from_db()
    assert listing.status == S.PUBLISHED


def test_organisation_listing_copies_credit_code_and_representative(people, org_case, restrict):
    restrict(org_case)
    listing = decide(people, org_case, ground="obstructs")
    assert listing.respondent_kind == "organisation"
    assert listing.credit_code == "91110105MA01ABCD13"
    assert listing.legal_representative == "赵法代"
    assert listing.id_number == "" and listing.sex == ""
