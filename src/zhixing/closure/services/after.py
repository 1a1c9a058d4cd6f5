"""After 终本 (法〔2016〕373号 第9条): a network inquiry every 6 months for 5 years, the result told
to the applicant; property found or a new lead flags the case for resumption (十个必须 第6条);
resumption is a new 执恢 case linked to the original (法发〔2014〕26号 第6条)."""

from __future__ import annotations

from datetime import date

from zhixing.cases.models import EnforcementCase
from zhixing.core.rules.calendar import add_months

from ..models import ReInquiry

RE_INQUIRY_SOURCE = "法〔2016〕373号 第9条"
RE_INQUIRY_EVERY_MONTHS = 6
RE_INQUIRY_YEARS = 5


def re_inquiries_schedule(case: EnforcementCase, closed_on: date) -> list[ReInquiry]:
    """The ten inquiries owed after a 终本 closure on `closed_on`, in the closure's transaction."""
    rounds = RE_INQUIRY_YEARS * 12 // RE_INQUIRY_EVERY_MONTHS
    return ReInquiry.objects.bulk_create(
        [
            ReInquiry(
                case=case,
                court_id=case.court_id,
                round=n,
                due_on=add_months(closed_on, n * RE_INQUIRY_EVERY_MONTHS),
            )
            for n in range(1, rounds + 1)
        ]
    )
