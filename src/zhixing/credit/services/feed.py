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
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound, parse_choice
from zhixing.linkage.models import LinkedDepartment

from ..models import (
    CreditSanctionReport,
    DishonestDebtorListing,
    FeedCounter,
    FeedSubscription,
)
from ..selectors.feed import (
    SOURCE,
    covered_entries,
    department_of,
    may_change_subscriptions,
    newest_seq,
)

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


# --- subscription changes (court administrators) -------------------------------------------------

SUBSCRIPTION_FIELDS = {
    "listings": "接收失信名单",
    "restrictions": "接收限制消费令",
    "full_identity": "接收完整身份证号码",
    "push": "经发件箱推送",
}


def subscription_change(
    *,
    actor: Any,
    department: Any,
    listings: bool | None = None,
    restrictions: bool | None = None,
    full_identity: bool | None = None,
    push: bool | None = None,
) -> FeedSubscription:
    """A system administrator (or superuser) changes what a department receives (None: unchanged;
    a department without a subscription gets one). Audited. The department catches up:

    - a kind newly added (listings or restrictions): its `acknowledged_seq` is reset to 0, so the
      department re-reads the feed from the start (GET /api/v1/credit-feed?after=<acknowledged>,
      the feed returns `acknowledged_seq`) and gets every row of that kind with its latest state —
      those still in force and what became of the others. Entries it already holds come again:
      departments de-duplicate by seq (the feed contract).
    - push on after the change, and push newly turned on or a kind newly added: every covered
      entry after its (possibly reset) `acknowledged_seq` is queued through the outbox, in batches
      of 500 by seq (`credit.outbox.push_backlog`; one already queued is skipped by its key). More
      than CATCH_UP_MAX (5000) behind is refused (409): the department reads the backlog through
      the feed first (its acknowledgements move its position), then push is turned on — queuing
      millions of messages in one transaction is not a catch-up.
    Turning a kind or push off changes nothing else; messages already queued are still sent."""
    from ..outbox import CATCH_UP_MAX, push_backlog

    if not may_change_subscriptions(actor):
        raise AccessDenied("只有系统管理员可以变更联动单位的信用信息共享订阅", code="feed.admin")
    wanted = {
        "listings": listings,
        "restrictions": restrictions,
        "full_identity": full_identity,
        "push": push,
    }
    for name, value in wanted.items():
        if value is not None and not isinstance(value, bool):
            raise InputError(
                "feed.subscription", f"“{SUBSCRIPTION_FIELDS[name]}”应为是或否", field=name
            )
    with transaction.atomic():
        if not isinstance(department, LinkedDepartment) or not department.active:
            raise NotFound("未找到该联动单位，或该单位已停用")
        # Wait for feed writers in flight (they hold the counter row until they commit) and keep
        # new ones out until this change commits: none of them can miss the new subscription,
        # and the backlog below ends where their entries begin.
        list(FeedCounter.objects.select_for_update().filter(pk=1))
        subscription, _ = FeedSubscription.objects.get_or_create(department=department)
        subscription = (
            FeedSubscription.objects.select_for_update()
            .select_related("department")
            .get(pk=subscription.pk)
        )
        before = {name: getattr(subscription, name) for name in wanted}
        before["acknowledged_seq"] = subscription.acknowledged_seq
        added = [
            name
            for name in ("listings", "restrictions")
            if wanted[name] is True and not before[name]
        ]
        for name, value in wanted.items():
            if value is not None:
                setattr(subscription, name, value)
        if added:
            subscription.acknowledged_seq = 0
        queued = 0
        if subscription.push and (added or (wanted["push"] and not before["push"])):
            backlog = covered_entries(subscription).filter(
                seq__gt=subscription.acknowledged_seq, seq__lte=newest_seq()
            )
            behind = backlog[: CATCH_UP_MAX + 1].count()
            if behind > CATCH_UP_MAX:
                raise DomainError(
                    "feed.catch_up_too_large",
                    f"{department.name}尚有 {CATCH_UP_MAX} 条以上共享信息未确认接收，不宜经发件箱"
                    "逐条补推：请该单位先经接口读取并确认至最新，再开通推送",
                    source=SOURCE,
                    field="push",
                )
            queued = push_backlog(subscription, backlog)
        subscription.save()
        after = {name: getattr(subscription, name) for name in wanted}
        after["acknowledged_seq"] = subscription.acknowledged_seq
        after["queued"] = queued
        changed = [SUBSCRIPTION_FIELDS[n] for n in wanted if before[n] != after[n]]
        audit_record(
            actor=actor,
            action="credit.subscription_change",
            court_id=None,
            obj=subscription,
            summary=f"变更{department.name}的信用信息共享订阅："
            + ("、".join(changed) or "无变化")
            + (f"；补推 {queued} 条" if queued else "")
            + ("；已确认序号重置为 0，由该单位重新读取" if added else ""),
            before=before,
            after=after,
        )
    return subscription


# --- sanction reports ----------------------------------------------------------------------------


def _within_subject(occurred_on: date, subject: Any) -> None:
    """A sanction follows the listing or order it relies on (失信规定 第8条): it can only have been
    applied while the listing was published (published_on to removed_on, or today) or the order in
    force (signed_on to lifted_on, or today)."""
    if isinstance(subject, DishonestDebtorListing):
        start, end, what = subject.published_on, subject.removed_on, "失信名单公布期间"
    else:
        start, end, what = subject.signed_on, subject.lifted_on, "限制消费令有效期间"
    end = end or timezone.localdate()
    if start is None or not start <= occurred_on <= end:
        span = f"{start.isoformat()} 至 {end.isoformat()}" if start else "尚未公布"
        raise DomainError(
            "sanction.outside_listing",
            f"实施日期 {occurred_on.isoformat()} 不在{what}（{span}）内：联合惩戒只能依据"
            "已公布的失信信息或有效的限制消费令实施",
            source=SOURCE,
            field="occurred_on",
        )


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
        occurred_on = _area.date(occurred_on, "occurred_on", "实施日期")
        subject = _received_subject(subscription, listing_id, restriction_id)
        _within_subject(occurred_on, subject)
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
