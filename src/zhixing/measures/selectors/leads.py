"""Every read of property leads, restricted to the actor's jurisdiction scope; each lead with the
due date of its verification (法发〔2006〕35号 第6条: 5 days)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from zhixing.cases.models import CaseDeadline, EnforcementCase
from zhixing.cases.rules.deadlines import (
    RECIPES,
    STATUS_LABELS,
    DeadlineCode,
    Status,
    status_of,
)
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import NotFound
from zhixing.organization.selectors import scope_of

from ..models import PropertyLead

__all__ = ["LeadRow", "case_leads", "lead_get"]

RECIPE = RECIPES[DeadlineCode.LEAD_VERIFICATION]


def warn_days() -> int:
    return int(getattr(settings, "ZHIXING_DUE_SOON_DAYS", 3))


@dataclass(frozen=True)
class LeadRow:
    lead: PropertyLead
    due_on: date | None  # None while the case's clocks are paused (中止、暂缓)
    status: Status
    moved_from: date | None = None  # the last day fell on a rest day and moved (民事诉讼法 第85条)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def overdue(self) -> bool:
        return self.status in (Status.OVERDUE, Status.MET_LATE)

    def days_left(self, today: date) -> int | None:
        if self.due_on is None or self.lead.verified:
            return None
        return (self.due_on - today).days


def case_leads(*, actor: Any, case: EnforcementCase, today: date | None = None) -> list[LeadRow]:
    """The case's leads, newest first. The due date is the case's own `lead_verification` deadline
    row for the lead's `lead_received` event (so suspension and holidays count exactly as on the
    case page); the verification state is the lead's own. Two queries."""
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    today = today or timezone.localdate()
    leads = list(
        PropertyLead.objects.filter(case_id=case.pk)
        .select_related("provided_by", "registered_by__staff", "verified_by__staff")
        .order_by("-received_on", "-id")
    )
    deadlines = {
        d.instance: d
        for d in CaseDeadline.objects.filter(
            case_id=case.pk, code=DeadlineCode.LEAD_VERIFICATION.value
        )
    }
    calendar = None
    rows = []
    for lead in leads:
        row = deadlines.get(lead.received_seq)
        if row is not None:
            due, paused, ended = row.due_on, row.paused, row.ended and not lead.verified
            moved = row.moved_from
        else:  # a lead without its deadline row (should not happen): the recipe by the calendar
            calendar = calendar or legal_calendar()
            result = calendar.period_end(lead.received_on, days=RECIPE.length)
            due, moved, paused, ended = result.due, result.moved_from, False, False
        state = status_of(
            due_on=due,
            met_on=lead.verified_on,
            paused=paused,
            ended=ended,
            today=today,
            warn_days=warn_days(),
        )
        rows.append(LeadRow(lead, due, state, moved))
    return rows


def lead_get(*, actor: Any, pk: int) -> PropertyLead:
    lead = PropertyLead.objects.select_related("case", "provided_by").filter(pk=pk).first()
    if lead is None or not scope_of(actor).covers(lead.court_id):
        raise NotFound("未找到该财产线索，或您无权查看")
    return lead
