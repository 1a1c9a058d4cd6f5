"""Reads of the sharing feed: what one department's token may read (only what its subscription
covers, identity numbers masked unless it receives them whole), the court staff's view of the
subscriptions and their lag, and the sanction reports shown on a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zhixing.cases.models import EnforcementCase
from zhixing.core.audit import audit_read
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.rules.identity import mask_id_number
from zhixing.core.rules.roles import Role
from zhixing.linkage.models import LinkedDepartment, OutboxMessage
from zhixing.linkage.rules.outbox import MessageKind
from zhixing.organization.selectors import roles_of, scope_of

from ..models import CreditSanctionReport, FeedCounter, FeedEntry, FeedSubscription
from ..rules.listing import age_on

SOURCE = "失信规定 第8条"
MAX_LIMIT = 500
# Court staff who follow the sharing with the departments (/credit/feed/).
FEED_STAFF_ROLES = frozenset({Role.ADMINISTRATOR, Role.BUREAU_CHIEF, Role.COMMAND_STAFF})


def newest_seq() -> int:
    """The last committed sequence number (0 before the first entry)."""
    return FeedCounter.objects.filter(pk=1).values_list("last", flat=True).first() or 0


def department_of(actor: Any) -> tuple[LinkedDepartment, FeedSubscription]:
    """The department whose system account `actor` is, and its subscription; anybody else is
    refused (403): the feed is for the departments' systems, not for people."""
    department = (
        LinkedDepartment.objects.filter(system_user_id=getattr(actor, "pk", None), active=True)
        .order_by("pk")
        .first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if department is None:
        raise AccessDenied(
            "信用信息共享接口只能由联动单位以其对接系统账号的令牌访问", code="feed.not_department"
        )
    subscription = FeedSubscription.objects.filter(department=department).first()
    if subscription is None:
        raise AccessDenied(
            f"{department.name}尚未开通失信信息共享订阅，请与法院联系开通",
            code="feed.no_subscription",
        )
    return department, subscription


def _masked_payload(payload: dict[str, Any], on: date) -> dict[str, Any]:
    """The identity number masked as published (失信规定 第6条 publishes a person's age, not the
    birth date, which would give back the masked digits)."""
    data = dict(payload)
    if data.get("id_number"):
        data["id_number"] = mask_id_number(data["id_number"])
    if data.get("birth_date"):
        data["age"] = age_on(date.fromisoformat(data["birth_date"]), on)
        data["birth_date"] = None
    if isinstance(data.get("covered"), list):
        data["covered"] = [
            {**person, "id_number": mask_id_number(person["id_number"])}
            if person.get("id_number")
            else dict(person)
            for person in data["covered"]
        ]
    return data


def entry_out(entry: FeedEntry, *, full_identity: bool) -> dict[str, Any]:
    """One entry as a department receives it (feed API and outbox push alike)."""
    return {
        "seq": entry.seq,
        "change": entry.change,
        "change_label": FeedEntry.Change(entry.change).label,
        "subject": "listing" if entry.listing_id else "restriction",
        "listing_id": entry.listing_id,
        "restriction_id": entry.restriction_id,
        "recorded_at": entry.created_at.isoformat() if entry.created_at else None,
        "identity": "full" if full_identity else "masked",
        "data": dict(entry.payload)
        if full_identity
        else _masked_payload(entry.payload, timezone.localdate(entry.created_at)),
    }


def covered_entries(subscription: FeedSubscription) -> QuerySet[FeedEntry]:
    """The entries of the kinds the subscription covers (nothing when it covers neither)."""
    wanted = Q(pk__in=[])
    if subscription.listings:
        wanted |= Q(listing__isnull=False)
    if subscription.restrictions:
        wanted |= Q(restriction__isnull=False)
    return FeedEntry.objects.filter(wanted)


@dataclass(frozen=True)
class FeedPage:
    entries: list[dict[str, Any]]
    next_cursor: int
    newest: int
    has_more: bool
    acknowledged_seq: int = 0  # reset to 0 when a kind is added: re-read from here


def check_cursor(after: int, newest: int) -> None:
    """A cursor is a sequence number the feed has reached: 0 to the newest. A negative one is bad
    input (422); one beyond the newest names an entry that does not exist (409)."""
    if after < 0:
        raise InputError(
            "feed.cursor", "游标不能为负数：首次读取请从 0 开始", source=SOURCE, field="after"
        )
    if after > newest:
        raise DomainError(
            "feed.cursor",
            f"游标 {after} 不存在：共享信息目前最新序号为 {newest}，请从已确认或已读取的序号继续读取",
            source=SOURCE,
            field="after",
        )


def feed_page(*, actor: Any, after: int, limit: int = 100) -> FeedPage:
    """The entries after `after` that the actor's department may read, oldest first.

    The newest committed seq is read first and bounds the page, so `next_cursor` may skip past
    entries the subscription does not cover, never past one that has not committed yet (the
    counter row stays locked until its writer commits: `credit.feed`)."""
    department, subscription = department_of(actor)
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(
            "feed.limit", f"每次读取条数应为 1 至 {MAX_LIMIT} 条", source=SOURCE, field="limit"
        )
    newest = newest_seq()
    check_cursor(after, newest)
    rows = list(
        covered_entries(subscription)
        .filter(seq__gt=after, seq__lte=newest)
        .order_by("seq")[: limit + 1]
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1].seq if has_more else newest
    if rows and subscription.full_identity:  # design.md decision 4: who read whole id numbers
        audit_read(
            actor=actor,
            obj=subscription,
            court_id=None,
            fields=["id_number"],
            summary=f"{department.name}读取共享信息第 {rows[0].seq}—{rows[-1].seq} 号"
            f"（{len(rows)} 条，含完整身份证号码）",
        )
    return FeedPage(
        entries=[entry_out(e, full_identity=subscription.full_identity) for e in rows],
        next_cursor=next_cursor,
        newest=newest,
        has_more=has_more,
        acknowledged_seq=subscription.acknowledged_seq,
    )


# --- court staff ---------------------------------------------------------------------------------


def may_follow_feed(actor: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False) or roles_of(actor) & FEED_STAFF_ROLES)


def may_change_subscriptions(actor: Any) -> bool:
    """Who changes a department's subscription: a system administrator or the superuser."""
    return bool(getattr(actor, "is_superuser", False) or Role.ADMINISTRATOR in roles_of(actor))


@dataclass(frozen=True)
class SubscriptionRow:
    subscription: FeedSubscription
    lag: int
    unanswered: int = 0  # credit pushes the department has not answered
    overdue: int = 0  # of which past their answer date


def unanswered_pushes(today: date) -> dict[int, tuple[int, int]]:
    """Per department: (unanswered credit pushes, of which past their answer date). They are
    followed here, not on the linkage reconciliation page, which lists inquiries."""
    rows = (
        OutboxMessage.objects.filter(kind=MessageKind.CREDIT.value, answered_at__isnull=True)
        .values("department_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(answer_due_on__lt=today)))
    )
    return {row["department_id"]: (row["n"], row["late"]) for row in rows}


def feed_overview(*, actor: Any, latest: int = 30) -> dict[str, Any]:
    """/credit/feed/: every subscription with its acknowledged position and lag behind the newest
    entry, and the latest entries of the courts in the actor's scope."""
    if not may_follow_feed(actor):
        raise AccessDenied(
            "信用信息共享情况只能由系统管理员、执行局长、指挥中心工作人员查看", code="feed.role"
        )
    newest = newest_seq()
    pending = unanswered_pushes(timezone.localdate())
    subscriptions = (
        FeedSubscription.objects.select_related("department")
        .filter(department__active=True)
        .order_by("department__kind", "department__code")
    )
    entries = (
        scope_of(actor)
        .restrict(FeedEntry.objects.all())
        .select_related("court")
        .order_by("-seq")[:latest]
    )
    return {
        "newest": newest,
        "rows": [
            SubscriptionRow(
                s,
                max(newest - s.acknowledged_seq, 0),
                *pending.get(s.department_id, (0, 0)),
            )
            for s in subscriptions
        ],
        "entries": list(entries),
    }


def sanctions_for_case(*, actor: Any, case_id: int) -> tuple[EnforcementCase, list[Any]]:
    """The case (404 outside scope) and the sanctions departments reported on it, newest first."""
    case = (
        scope_of(actor)
        .restrict(EnforcementCase.objects.select_related("court"))
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound("未找到该案件，或您无权查看")
    reports = list(
        CreditSanctionReport.objects.filter(case=case)
        .select_related("department", "listing", "restriction")
        .order_by("-occurred_on", "-pk")
    )
    return case, reports
