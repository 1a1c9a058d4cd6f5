"""Writes of the sharing feed's readers: a department acknowledges how far it has read and reports
the sanction it applied (联合惩戒, 失信规定 第8条). The entries themselves are written by
`credit.feed.feed_record`; the demo's departments get their subscriptions and tokens from
`zhixing.demo.credit`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhixing.cases.services.toolkit import Area
from zhixing.core.audit import audit_record
from zhixing.core.errors import DomainError, InputError, parse_choice

from ..models import CreditSanctionReport, FeedSubscription
from ..selectors.feed import SOURCE, covered_entries, department_of, newest_seq

_area = Area("sanction")


# --- acknowledgement -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ack:
    acknowledged_seq: int
    moved: bool
    newest: int


def feed_ack(*, actor: Any, seq: Any) -> Ack:
    """The department has everything up to `seq`: its position moves forward only. An older seq
    changes nothing (a late or repeated acknowledgement); one beyond the newest is refused."""
    if isinstance(seq, bool) or not isinstance(seq, int):
        raise InputError("feed.ack_seq", "请提供已确认的序号（整数）", source=SOURCE, field="seq")
    with transaction.atomic():
        department, subscription = department_of(actor)
        subscription = FeedSubscription.objects.select_for_update().get(pk=subscription.pk)
        newest = newest_seq()
        if seq < 0:
            raise InputError("feed.ack_seq", "确认序号不能为负数", source=SOURCE, field="seq")
        if seq > newest:
            raise DomainError(
                "feed.ack_beyond",
                f"确认序号 {seq} 超出共享信息的最新序号 {newest}，不能确认尚未发布的信息",
                source=SOURCE,
                field="seq",
            )
        before = subscription.acknowledged_seq
        if seq <= before:
            return Ack(before, False, newest)
        subscription.acknowledged_seq = seq
        subscription.acknowledged_at = timezone.now()
        subscription.save(update_fields=["acknowledged_seq", "acknowledged_at"])
        audit_record(
            actor=actor,
            action="credit.feed_ack",
            court_id=None,
            obj=subscription,
            summary=f"{department.name}确认接收共享信息至第 {seq} 号",
            before={"acknowledged_seq": before},
            after={"acknowledged_seq": seq},
        )
    return Ack(seq, True, newest)


# --- sanction reports ----------------------------------------------------------------------------


def _occurred_on(occurred_on: Any) -> date:
    if not isinstance(occurred_on, date):
        raise InputError("sanction.date_required", "请填写实施日期", field="occurred_on")
    if occurred_on > timezone.localdate():
        raise InputError("sanction.future_date", "实施日期不能晚于今天", field="occurred_on")
    return occurred_on


def _received_subject(
    subscription: FeedSubscription, listing_id: int | None, restriction_id: int | None
) -> Any:
    """The listing or restriction the department received through the feed, or a refusal."""
    received = covered_entries(subscription).filter(
        listing_id=listing_id, restriction_id=restriction_id
    )
    entry = received.select_related("listing", "restriction").order_by("seq").first()
    if entry is None:
        raise DomainError(
            "sanction.not_received",
            "本单位未从共享信息中收到该失信被执行人或限制消费信息，不能报告惩戒情况",
            source=SOURCE,
            field="listing_id" if listing_id is not None else "restriction_id",
        )
    subject = entry.listing or entry.restriction
    assert subject is not None
    return subject


def _create_report(
    *, department: Any, subject: Any, report_id: str, **values: Any
) -> tuple[CreditSanctionReport, bool]:
    """The report created, or the stored one when the same report raced in on another
    connection (returns (report, created))."""
    try:
        with transaction.atomic():
            return CreditSanctionReport.objects.create(
                department=department,
                case_id=subject.case_id,
                court_id=subject.court_id,
                report_id=report_id,
                **values,
            ), True
    except IntegrityError:
        return CreditSanctionReport.objects.get(department=department, report_id=report_id), False


def sanction_report(
    *,
    actor: Any,
    kind: Any,
    detail: Any,
    occurred_on: Any,
    report_id: Any,
    listing_id: int | None = None,
    restriction_id: int | None = None,
) -> tuple[CreditSanctionReport, bool]:
    """A department reports the sanction it applied to a respondent it received from the feed;
    returns (report, created). Idempotent on (department, report_id): a repeated report returns
    the stored one and changes nothing. Refused for a listing or restriction the department never
    received (not in the feed, or of a kind its subscription does not cover)."""
    report_id = _area.text(report_id, "report_id", "报告编号", 64)
    kind_value = parse_choice(CreditSanctionReport.Kind, kind, field="kind", label="惩戒措施")
    if (listing_id is None) == (restriction_id is None):
        raise InputError(
            "sanction.subject",
            "请指明所针对的失信名单信息（listing_id）或限制消费令（restriction_id），二者择一",
            field="listing_id",
        )
    with transaction.atomic():
        department, subscription = department_of(actor)
        known = CreditSanctionReport.objects.filter(
            department=department, report_id=report_id
        ).first()
        if known is not None:
            return known, False
        text = _area.text(detail, "detail", "具体情况", 300)
        occurred_on = _occurred_on(occurred_on)
        subject = _received_subject(subscription, listing_id, restriction_id)
        report, created = _create_report(
            department=department,
            subject=subject,
            listing_id=listing_id,
            restriction_id=restriction_id,
            kind=kind_value.value,
            detail=text,
            occurred_on=occurred_on,
            report_id=report_id,
        )
        if not created:
            return report, False
        audit_record(
            actor=actor,
            action="credit.sanction_report",
            court_id=subject.court_id,
            obj=report,
            summary=f"{department.name}反馈对{subject.name}（{subject.case_number}）"
            f"{report.get_kind_display()}",
            after={
                "department": department.code,
                "report_id": report_id,
                "kind": report.kind,
                "occurred_on": occurred_on,
                "listing": listing_id,
                "restriction": restriction_id,
            },
        )
    return report, True
