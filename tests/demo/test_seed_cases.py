"""Demo cases written through the services by seed-demo; seed-bulk's straight-to-table load."""

from __future__ import annotations

import io
import random
from collections import Counter
from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone

from zhixing.cases import selectors, services
from zhixing.cases.inputs import BasisInput, PartyInput
from zhixing.cases.models import (
    CaseDeadline,
    CaseNumberSequence,
    EnforcementBasis,
    EnforcementCase,
    NodeEvent,
    Notification,
    Party,
    StageAssignment,
)
from zhixing.cases.rules.filing import ACCEPTANCE_ITEMS
from zhixing.cases.rules.nodes import Stage
from zhixing.core.audit import audit_verify
from zhixing.core.errors import DomainError
from zhixing.core.models import AuditRecord
from zhixing.core.rules.case_number import format_case_number
from zhixing.core.rules.identity import parse_credit_code, parse_id_number
from zhixing.core.rules.roles import Role
from zhixing.credit.models import ConsumptionRestriction, DishonestDebtorListing, FeedSubscription
from zhixing.credit.services import listing as listing_services
from zhixing.demo import credit as credit_demo
from zhixing.demo.cases import id_number
from zhixing.measures.models import CaseAccount, ControlMeasure, DisposalFile, Payout, PropertyLead
from zhixing.organization.models import Court
from zhixing.portal import selectors as public

pytestmark = pytest.mark.django_db

CHECKLIST = dict.fromkeys(ACCEPTANCE_ITEMS, True)


def _user(username):
    return get_user_model().objects.select_related("staff").get(username=username)


def _totals():
    return (
        EnforcementCase.objects.count(),
        NodeEvent.objects.count(),
        CaseDeadline.objects.count(),
        AuditRecord.objects.count(),
        Notification.objects.count(),
    )


def test_seed_demo_cases_cover_the_whole_process_and_are_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    today = timezone.localdate()
    cases = EnforcementCase.objects.all()
    total = cases.count()
    assert 280 <= total <= 320
    # every basic court has demo cases; the upper courts only what they took over (提级执行)
    by_court = Counter(cases.filter(court__level="basic").values_list("court__code", flat=True))
    assert len(by_court) == Court.objects.filter(level="basic").count() == 16
    assert not cases.exclude(court__level="basic").exclude(arrival="escalation").exists()
    assert by_court["京0105"] + by_court["京0108"] > total / 2

    # every stage and status, every kind of node the brief names
    assert set(cases.values_list("stage", flat=True)) == {s.value for s in Stage}
    assert set(cases.values_list("status", flat=True)) == set(EnforcementCase.Status.values)
    codes = set(NodeEvent.objects.values_list("code", flat=True))
    assert {
        "refused",
        "officer_assigned",
        "notice_issued",
        "lead_received",
        "lead_verified",
        "measure_taken",
        "disposal_started",
        "payout_made",
        "suspended",
        "resumed",
        "extension_requested",
        "extension_approved",
        "closed",
    } <= codes
    months = {d.month for d in cases.values_list("received_on", flat=True)}
    assert len(months) >= 10  # spread over the year
    assert cases.filter(status="docketed", officer__isnull=True).exists()
    assert cases.exclude(limitation_warning="").exists()
    closings = NodeEvent.objects.filter(code="closed")
    # the stories close by 执行完毕/保全完毕; the closure and supervision showcases add 终本 and 终结执行
    assert {e.data["mode"] for e in closings} <= {
        "fully_performed",
        "preserved",
        "round_terminated",
        "terminated",
    }
    assert {(c.type_code == "执保", c.closure_mode) for c in cases.filter(status="closed")} <= {
        (False, "fully_performed"),
        (False, "round_terminated"),
        (False, "terminated"),
        (True, "preserved"),
    }

    # deadlines: a visible share overdue, including receipts never docketed within 7 days
    open_ = CaseDeadline.objects.filter(met_on__isnull=True)
    overdue = open_.filter(due_on__lt=today)
    assert 0.05 < overdue.count() / open_.count() < 0.5
    assert overdue.filter(code="docket_decision", case__status="received").exists()
    assert open_.filter(paused=True, case__events__code="suspended").exists()  # still suspended

    # extensions (one in 朝阳, one in 海淀) approved by the president lengthen the closure period
    approvals = NodeEvent.objects.filter(code="extension_approved").select_related("actor__staff")
    assert {a.court.code for a in approvals} == {"京0105", "京0108"}
    for approval in approvals:
        assert Role.PRESIDENT in approval.actor.staff.role_set
        closure = CaseDeadline.objects.get(case=approval.case, code="closure")
        assert closure.extended_months == min(3, settings.ZHIXING_MAX_EXTENSION_MONTHS)
        assert closure.due_on > today

    # separated stages never share a person
    held = Counter(
        StageAssignment.objects.filter(
            ended_on__isnull=True, stage__in=settings.ZHIXING_SEPARATED_STAGES
        ).values_list("case_id", "staff_id")
    )
    assert held and max(held.values()) == 1
    assert StageAssignment.objects.filter(stage="payout").exists()

    # parties carry valid generated identity numbers and credit codes
    for kind, number, credit_code in Party.objects.values_list("kind", "id_number", "credit_code"):
        if kind == "person":
            assert parse_id_number(number, today=today).value == number
        else:
            assert parse_credit_code(credit_code) == credit_code

    # every payout went through the funds services: ledgers, realized amounts and nodes agree
    accounts = CaseAccount.objects.select_related("case")
    assert accounts.count() > 20
    for account in accounts:
        paid = account.payouts.filter(status="paid")
        assert account.received_total == account.receipts.aggregate(t=Sum("amount"))["t"]
        assert account.paid_total == (paid.aggregate(t=Sum("amount"))["t"] or 0)
        assert account.case.events.filter(code="payout_made").count() == paid.count()
    assert (
        not NodeEvent.objects.filter(code="payout_made")
        .exclude(case__in=accounts.values("case"))
        .exists()
    )
    # the timeline never tells of a control, an appraisal or a lead the measures pages lack
    for code, model in (
        ("measure_taken", ControlMeasure),
        ("appraisal_ordered", DisposalFile),
        ("lead_received", PropertyLead),
    ):
        told = Counter(NodeEvent.objects.filter(code=code).values_list("case_id", flat=True))
        kept = Counter(model.objects.values_list("case_id", flat=True))
        assert told and set(told) == set(kept), code
    assert Counter(
        NodeEvent.objects.filter(code="lead_received").values_list("case_id", flat=True)
    ) == Counter(PropertyLead.objects.values_list("case_id", flat=True))
    open_payouts = Payout.objects.exclude(status="paid")
    assert open_payouts.exists() and open_payouts.filter(due_on__lt=today).exists()

    assert audit_verify() == []
    assert not Notification.objects.exclude(status="sent").exists()
    assert Notification.objects.exclude(channel="console").count() == 0
    assert selectors.worklist(actor=_user("chaoyang_officer1")).count() > 10
    assert selectors.overdue(actor=_user("chaoyang_chief")).exists()

    _credit_stories_are_ready(today)

    before = _totals()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert _totals() == before
    assert "本次新增 0 件" in out.getvalue()


def _credit_stories_are_ready(today):
    """Issue 6's walk: the respondent to list is restricted and not listed, the seventeen-year-old
    cannot be listed, the public finds published listings only, every seed department reads."""
    walk = Party.objects.get(name=credit_demo.WALK_NAME, role="respondent")
    assert ConsumptionRestriction.objects.filter(party=walk, status="issued").exists()
    assert not DishonestDebtorListing.objects.filter(party=walk).exists()
    minor = Party.objects.get(name=credit_demo.MINOR_NAME, role="respondent")
    with pytest.raises(DomainError) as refused:
        listing_services.listing_decide(
            actor=_user("chaoyang_officer1"),
            case=minor.case,
            party=minor,
            ground="report_duty",
            conduct="拒绝报告财产",
            on=today,
            initiative="ex_officio",
        )
    assert refused.value.code == "listing.minor"
    published = DishonestDebtorListing.objects.filter(status="published", hidden=False)
    assert published.count() >= 5
    assert DishonestDebtorListing.objects.filter(status="removed").exists()
    hidden = DishonestDebtorListing.objects.get(hidden=True)
    found = public.search_listings(name=hidden.name)
    assert all(row.case_number != hidden.case_number for row in found)
    shown = published.first()
    assert [row.case_number for row in public.search_listings(name=shown.name)].count(
        shown.case_number
    ) == 1
    assert FeedSubscription.objects.count() == 18


def _receive_and_docket(court, on):
    rng = random.Random(1)
    clerk = _user("chaoyang_clerk")
    case = services.case_receive(
        actor=clerk,
        court=court,
        type_code="执",
        origin="civil_judgment",
        arrival="application",
        received_on=on,
        basis=BasisInput(
            issuing_body="北京市朝阳区人民法院",
            document_number="（2026）京0105民初1号",
            effective_on=date(2026, 6, 1),
            performance_deadline=date(2026, 6, 15),
            obligations="被执行人向申请执行人支付货款 1000 元",
            amount="1000.00",
        ),
        parties=[
            PartyInput(role="applicant", kind="person", name="张申请", id_number=id_number(rng)),
            PartyInput(role="respondent", kind="person", name="李被执", id_number=id_number(rng)),
        ],
        claim_amount="1000.00",
    )
    return services.case_docket(actor=clerk, case=case, on=on, checklist=CHECKLIST)


def test_seed_bulk_writes_whole_cases_numbered_from_the_sequence():
    call_command("seed_demo", "--no-cases", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_bulk", "--cases", "300", "--court-codes", "京0105,京0108", stdout=out)
    assert "行/秒" in out.getvalue()

    cases = EnforcementCase.objects.all()
    assert cases.count() == 300
    assert set(cases.values_list("court__code", flat=True)) == {"京0105", "京0108"}
    assert Party.objects.count() == 600 and EnforcementBasis.objects.count() == 300
    assert not cases.annotate(n=Count("events")).filter(n=0).exists()
    assert not cases.annotate(n=Count("deadlines")).filter(n=0).exists()
    numbered = cases.filter(filed_on__isnull=False)
    numbers = list(numbered.values_list("case_number", flat=True))
    assert numbers and None not in numbers and len(set(numbers)) == len(numbers)
    assert not cases.filter(filed_on__isnull=True, case_number__isnull=False).exists()
    assert len(set(cases.values_list("query_code", flat=True))) == 300
    for sequence in CaseNumberSequence.objects.all():
        used = cases.filter(
            court=sequence.court, type_code=sequence.type_code, year=sequence.year
        ).aggregate(top=Max("serial"), n=Count("serial"))
        assert sequence.last == used["top"] == used["n"]

    # officers are among the court's own; ~10–20 % of open deadlines overdue (wide bounds: 300)
    assert not cases.exclude(officer__isnull=True).exclude(officer__court=F("court")).exists()
    today = timezone.localdate()
    open_ = CaseDeadline.objects.filter(met_on__isnull=True)
    assert 0.04 < open_.filter(due_on__lt=today).count() / open_.count() < 0.35

    # the stored deadlines are exactly what the services compute from the node events
    with transaction.atomic():
        fields = [f.attname for f in CaseDeadline._meta.concrete_fields if f.attname != "id"]
        for case in cases.order_by("pk")[:60]:
            stored = sorted(CaseDeadline.objects.filter(case=case).values_list(*fields))
            services.recompute_deadlines(case)
            assert sorted(CaseDeadline.objects.filter(case=case).values_list(*fields)) == stored
        transaction.set_rollback(True)

    # a clerk docketing afterwards gets the next number of the same court, type and year
    chaoyang = Court.objects.get(code="京0105")
    last = CaseNumberSequence.objects.get(court=chaoyang, type_code="执", year=today.year).last
    docketed = _receive_and_docket(chaoyang, today)
    assert docketed.serial == last + 1
    assert docketed.case_number == format_case_number(
        year=today.year, court_code="京0105", type_code="执", serial=last + 1
    )


def test_seed_bulk_rejects_unknown_courts():
    with pytest.raises(CommandError, match="京9999"):
        call_command("seed_bulk", "--cases", "10", "--court-codes", "京9999")
