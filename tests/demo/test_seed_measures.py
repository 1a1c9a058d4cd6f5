"""Demo measures written through the measures and linkage services by seed-demo (京0105)."""

from __future__ import annotations

import io
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Max, Sum
from django.utils import timezone

from zhixing.cases.models import CaseDeadline, NodeEvent, Notification
from zhixing.core.audit import audit_verify
from zhixing.core.models import AuditRecord
from zhixing.demo.management.commands import seed_demo as seed_demo_command
from zhixing.linkage import partners
from zhixing.linkage.models import OutboxMessage, PartnerAnswer
from zhixing.measures.models import (
    AuctionRound,
    CaseAccount,
    CoerciveMeasure,
    CoerciveReconsideration,
    ControlMeasure,
    DisposalFile,
    Distribution,
    DistributionClaim,
    FundReceipt,
    Payout,
    PropertyLead,
)

pytestmark = pytest.mark.django_db

M = ControlMeasure.Status


def _user(username):
    return get_user_model().objects.select_related("staff").get(username=username)


def _totals():
    models = (
        ControlMeasure,
        DisposalFile,
        AuctionRound,
        Distribution,
        DistributionClaim,
        CoerciveMeasure,
        CoerciveReconsideration,
        PropertyLead,
        FundReceipt,
        Payout,
        OutboxMessage,
        PartnerAnswer,
        NodeEvent,
        CaseDeadline,
        AuditRecord,
        Notification,
    )
    return {model.__name__: model.objects.count() for model in models}


def _page(client, username, url):
    client.force_login(_user(username))
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_seed_demo_measures_fill_the_measures_pages_and_are_idempotent(client, monkeypatch):
    # demo.cases takes controls, orders appraisals and registers leads too; the showcase's rows
    # are the ones written after it (seed_measures runs last)
    marks: dict[str, int] = {}  # the last pk of each table before seed_measures runs
    real = seed_demo_command.seed_measures

    def spy(*args, **kwargs):
        for model in (ControlMeasure, DisposalFile, PropertyLead):
            marks.setdefault(model.__name__, model.objects.aggregate(m=Max("pk"))["m"] or 0)
        return real(*args, **kwargs)

    monkeypatch.setattr(seed_demo_command, "seed_measures", spy)
    sentinel = partners.UnconfiguredPartner()
    previous = partners.set_default(sentinel)
    try:
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        # the simulated departments answered during the seed only; the default is restored
        assert partners.adapter_for("icbc") is sentinel
    finally:
        partners.set_default(previous)
    assert "演示执行措施（京0105）：网络查控 3 件" in out.getvalue()
    today = timezone.localdate()
    officer1 = _user("chaoyang_officer1")
    # (the review showcase of demo.review seizes a car for its third-party objection)
    controls = (
        ControlMeasure.objects.filter(pk__gt=marks["ControlMeasure"])
        .exclude(case__review_cases__isnull=False)
        .select_related("case__officer__user", "department")
    )
    assert set(controls.values_list("court__code", flat=True)) == {"京0105"}
    assert {m.case.officer.user.username for m in controls} <= {
        "chaoyang_officer1",
        "chaoyang_officer2",
    }
    assert not controls.filter(case__type_code="执保").exists()

    # 1. network inquiries answered by the simulated departments, deposits frozen from them
    # (the 终本 showcase of demo.closure inquires too: its cases carry the applicant's confirmation)
    inquiries = OutboxMessage.objects.filter(kind="inquiry").exclude(
        case__events__code="applicant_confirmed"
    )
    inquired = set(inquiries.values_list("case_id", flat=True))
    assert len(inquired) == 3
    assert not inquiries.filter(answered_at__isnull=True).exists()
    assert not OutboxMessage.objects.exclude(status="answered").exists()
    for case_id in inquired:
        assert NodeEvent.objects.filter(case_id=case_id, code="investigation_completed").exists()
    freezes = controls.filter(kind="freeze", property_kind="deposit")
    assert set(freezes.values_list("case_id", flat=True)) == inquired
    for freeze in freezes:
        assert freeze.status == M.IN_EFFECT and freeze.found_id and freeze.department.kind == "bank"
        assert freeze.took_effect_at is not None and 0 < freeze.amount <= freeze.requested_amount
        assert freeze.case.events.filter(
            code="measure_taken", data__measure__icontains=freeze.identifier
        ).exists()

    # … part deducted in two of them: the money landed in the case account once
    deductions = controls.filter(kind="deduct")
    assert deductions.count() == 2 and set(deductions.values_list("status", flat=True)) == {M.DONE}
    for deduction in deductions:
        freeze = deduction.freeze
        assert 0 < deduction.amount < freeze.amount
        assert freeze.deducted_total == deduction.amount and freeze.status == M.IN_EFFECT
        receipt = FundReceipt.objects.get(reference=deduction.reference)
        assert (receipt.account.case_id, receipt.amount) == (deduction.case_id, deduction.amount)
        assert receipt.channel == "deduction"
    for account in CaseAccount.objects.all():
        receipts = account.receipts.aggregate(t=Sum("amount"))["t"]
        assert account.received_total == receipts
        paid = account.payouts.filter(status="paid").aggregate(t=Sum("amount"))["t"] or 0
        assert account.paid_total == paid
    for freeze in freezes:
        done = freeze.deductions.filter(status=M.DONE).aggregate(t=Sum("amount"))["t"] or 0
        assert freeze.deducted_total == done

    # … one payout scheduled from the deducted money, waiting for the payout officer
    payout = Payout.objects.get(account__case__in=deductions.values("case"), status="pending")
    assert payout.amount == payout.account.received_total and payout.due_on > today
    assert payout.party.role == "applicant"
    assert payout.account.case.assignments.filter(
        stage="payout", staff__user=payout.scheduled_by, ended_on__isnull=True
    ).exists()

    # … a short freeze on the expiry warning list, a vehicle seized on site
    warn = today + timedelta(days=settings.ZHIXING_CONTROL_WARN_DAYS)
    expiring = controls.get(status=M.IN_EFFECT, expires_on__gte=today, expires_on__lte=warn)
    assert expiring.kind == "freeze" and expiring.department is None
    assert expiring.case.case_number in _page(client, "chaoyang_officer1", "/controls/expiring/")
    vehicle = controls.get(kind="seize")
    assert (vehicle.property_kind, vehicle.status, vehicle.department) == (
        "movable",
        M.IN_EFFECT,
        None,
    )
    assert vehicle.case_id in inquired

    # 2. disposal: the court's own seal of a house up to the first auction round announced
    seals = controls.filter(kind="seal", property_kind="real_estate", status=M.IN_EFFECT)
    assert seals.count() == 2
    auctioned = DisposalFile.objects.filter(pk__gt=marks["DisposalFile"]).get(
        measure__in=seals, rounds__isnull=False
    )
    assert auctioned.measure.department is None and auctioned.measure.found is None
    assert auctioned.agency and auctioned.price_basis == "appraisal" and auctioned.reference_price
    assert auctioned.appraisal_decided_on <= auctioned.agency_selected_on <= auctioned.reported_on
    auction = auctioned.rounds.get()
    assert auction.number == 1 and auction.start_price >= auctioned.reference_price * Decimal("0.7")
    starts = timezone.localtime(auction.starts_at).date()
    assert starts >= auction.announced_on + timedelta(days=30) and starts > today
    assert auction.start_price / 20 <= auction.deposit <= auction.start_price / 5  # 网拍规定 第17条
    assert auctioned.case.events.filter(code="auction_announced").exists()
    page = _page(client, "chaoyang_officer1", f"/cases/{auctioned.case_id}/disposal/")
    assert auctioned.agency in page and "淘宝网司法拍卖" in page
    # … and a second house with only the appraisal ordered: the agency is due within 10 days
    ordered = DisposalFile.objects.filter(pk__gt=marks["DisposalFile"]).get(
        measure__in=seals, rounds__isnull=True
    )
    assert ordered.appraisal_decided_on == today and ordered.agency_selected_on is None
    assert ordered.case_id != auctioned.case_id
    clock = CaseDeadline.objects.get(case_id=ordered.case_id, code="appraiser_selection")
    assert clock.met_on is None and clock.due_on >= today
    for file in (auctioned, ordered):  # the disposal officer is not the 承办人 (separated stages)
        holder = file.case.assignments.get(stage="disposal", ended_on__isnull=True).staff
        assert holder.user != file.case.officer.user

    # 3. distribution of a citizen's property: costs, a mortgagee, two ordinary creditors
    row = Distribution.objects.get()
    assert (row.debtor.kind, row.debtor_kind, row.status) == ("person", "citizen", "served")
    claims = row.claims.filter(accepted=True)
    assert Counter(claims.values_list("kind", flat=True)) == {
        "cost": 1,
        "priority": 1,
        "ordinary": 2,
    }
    plan = row.plans.get()
    lines = list(plan.lines.select_related("claim").order_by("position"))
    assert [line.claim.kind for line in lines] == ["cost", "priority", "ordinary", "ordinary"]
    assert sum(line.share for line in lines) == row.amount
    assert lines[0].share == lines[0].claimed and lines[1].share == lines[1].claimed
    assert all(0 < line.share < line.claimed for line in lines[2:])  # pro rata, not paid in full
    assert row.case.events.filter(code="distribution_plan_made").exists()
    page = _page(client, "chaoyang_officer1", f"/cases/{row.case_id}/distribution/")
    for claim in claims.exclude(kind="cost"):
        assert claim.creditor in page

    # 4. coercive measures: one waiting for the president, one detention carried out, one fine
    # with its reconsideration waiting at 京03
    coercive = CoerciveMeasure.objects.all()
    assert coercive.count() == 3 and set(coercive.values_list("subject", flat=True)) == {
        "individual"
    }
    pending = coercive.get(status="proposed")
    assert (pending.measure, pending.proposed_by) == ("fine", officer1)
    assert pending.case.case_number in _page(client, "chaoyang_president", "/coercive/pending/")
    detention = coercive.get(measure="detention")
    assert detention.status == "approved" and detention.document_number.startswith(
        f"（{today.year}）京0105司惩"
    )
    assert detention.decided_by == _user("chaoyang_president") and detention.executed_on == today
    fine = coercive.get(measure="fine", status="approved")
    recon = CoerciveReconsideration.objects.get()
    assert (recon.measure, recon.court.code, recon.outcome) == (fine, "京03", "")
    assert fine.document_number in _page(client, "bj3zy_judge", "/coercive/reconsiderations/")
    for measure in coercive.exclude(status="proposed"):
        assert measure.case.events.filter(code="coercive_decided").exists()

    # 5. property leads: one verified (the house sealed), one still to verify within 5 days
    lead_rows = PropertyLead.objects.filter(pk__gt=marks["PropertyLead"]).exclude(
        case__events__code="applicant_confirmed"  # demo.closure's 终本 showcase, seeded after
    )
    assert lead_rows.count() == 2
    verified = lead_rows.get(result="found")
    assert (
        verified.case_id == auctioned.case_id
        and verified.verified_on <= verified.received_on + timedelta(days=5)
    )
    waiting = lead_rows.get(result="")
    clock = CaseDeadline.objects.get(
        case_id=waiting.case_id, code="lead_verification", instance=waiting.received_seq
    )
    assert clock.met_on is None and clock.due_on >= today

    assert audit_verify() == []
    assert not Notification.objects.exclude(status="sent").exists()

    before = _totals()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert _totals() == before
    assert "演示执行措施：京0105 已有演示执行措施" in out.getvalue()
