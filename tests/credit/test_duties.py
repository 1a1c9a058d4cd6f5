"""The listing duty (失信规定 第10条): term expiry and 终本 with two empty inquiries, run twice."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tests.credit.conftest import id_number, parties, respondent
from zhixing.cases.models import EnforcementCase, NodeEvent
from zhixing.closure.models import ReInquiry, ResumptionFlag
from zhixing.core.audit import AuditRecord
from zhixing.core.duties import SYSTEM_USERNAME
from zhixing.credit.duties import listing_removal
from zhixing.credit.models import DishonestDebtorListing, FeedEntry
from zhixing.credit.services import listing as services

pytestmark = pytest.mark.django_db

ON = date(2026, 10, 9)
S = DishonestDebtorListing.Status


def listed(people, case, restrict, ground="report_duty"):
    restrict(case)
    return services.listing_decide(
        actor=people["officer"].user,
        case=case,
        party=respondent(case),
        ground=ground,
        conduct="拒不履行",
        on=ON,
        initiative="ex_officio",
    )


def terminated(case, *, empty=2, found=0):
    """The case closed by 终本 with `empty` answered empty re-inquiries (and `found` with property)."""
    EnforcementCase.objects.filter(pk=case.pk).update(
        status="closed", closure_mode="round_terminated", closed_on=date(2026, 10, 20)
    )
    for n in range(1, empty + found + 1):
        ReInquiry.objects.create(
            case=case,
            court_id=case.court_id,
            round=n,
            due_on=date(2026, 10, 20),
            sent_on=date(2026, 10, 21),
            answered_on=date(2026, 10, 22),
            found=n > empty,
        )


def test_term_expiry_removes_once_as_the_system(people, adult_case, docketed, restrict):
    today = timezone.localdate()
    listing = listed(people, adult_case, restrict)
    other = docketed(parties=parties(name="张另案", id_number=id_number(date(1980, 1, 1))))
    running = listed(people, other, restrict)
    DishonestDebtorListing.objects.filter(pk=listing.pk).update(term_ends_on=date(2026, 10, 31))
    line = listing_removal(today)
    assert "期限届满删除 1 条" in line
    listing.refresh_from_db()
    assert listing.status == S.REMOVED and listing.removal_ground == "term_expired"
    assert listing.removal_arose_on == date(2026, 10, 31) and listing.removed_on == today
    assert listing.removed_by.username == SYSTEM_USERNAME
    running.refresh_from_db()
    assert running.status == S.PUBLISHED
    counts = (FeedEntry.objects.count(), NodeEvent.objects.count(), AuditRecord.objects.count())
    assert "期限届满删除 0 条" in listing_removal(today)  # run twice: nothing done twice
    assert (
        FeedEntry.objects.count(),
        NodeEvent.objects.count(),
        AuditRecord.objects.count(),
    ) == counts
    assert FeedEntry.objects.filter(listing=listing, change="removed").count() == 1


def test_round_termination_with_two_empty_inquiries_removes_a_listing_without_term(
    people, adult_case, restrict
):
    listing = listed(people, adult_case, restrict, ground="able_but_refuses")
    terminated(adult_case)
    today = timezone.localdate()
    assert "终本后两次查询无财产删除 1 条" in listing_removal(today)
    listing.refresh_from_db()
    assert listing.status == S.REMOVED
    assert listing.removal_ground == "no_property_after_termination"
    assert "终本后两次查询无财产删除 0 条" in listing_removal(today)
    assert FeedEntry.objects.filter(listing=listing, change="removed").count() == 1


@pytest.mark.parametrize(
    ("ground", "empty", "found", "flag"),
    [
        ("report_duty", 2, 0, False),  # a fixed term: 第10条第2款, wait for expiry
        ("able_but_refuses", 1, 0, False),  # only one empty inquiry
        ("able_but_refuses", 2, 1, False),  # property found in a later round
        ("able_but_refuses", 2, 0, True),  # a new lead is open
    ],
)
def test_round_termination_rule_does_not_remove(
    people, adult_case, restrict, ground, empty, found, flag
):
    listing = listed(people, adult_case, restrict, ground=ground)
    terminated(adult_case, empty=empty, found=found)
    if flag:
        ResumptionFlag.objects.create(
            case=adult_case,
            court_id=adult_case.court_id,
            source="lead",
            raised_on=date(2026, 10, 25),
            detail="申请执行人提供车辆线索",
        )
    assert "终本后两次查询无财产删除 0 条" in listing_removal(timezone.localdate())
    listing.refresh_from_db()
    assert listing.status == S.PUBLISHED


def test_round_termination_groups_the_inquiries_once_and_only_for_candidate_cases(
    people, adult_case, docketed, restrict, monkeypatch
):
    """Review finding: the GROUP BY over every ReInquiry row ran once per batch. It now runs once
    per run, restricted (by a subquery) to the cases of open listings without a fixed term."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import zhixing.credit.duties as duties_module

    monkeypatch.setattr(duties_module, "BATCH", 1)
    listings = [listed(people, adult_case, restrict, ground="able_but_refuses")]
    terminated(adult_case)
    for n in range(2):
        case = docketed(
            parties=parties(name=f"张另案{n}", id_number=id_number(date(1980, 1, n + 1)))
        )
        listings.append(listed(people, case, restrict, ground="able_but_refuses"))
        terminated(case)
    with CaptureQueriesContext(connection) as queries:
        assert "终本后两次查询无财产删除 3 条" in listing_removal(timezone.localdate())
    grouped = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    assert len(grouped) == 1
    assert "credit_dishonestdebtorlisting" in grouped[0]  # restricted to the candidate cases
    assert {
        x.status for x in DishonestDebtorListing.objects.filter(pk__in=[x.pk for x in listings])
    } == {S.REMOVED}
