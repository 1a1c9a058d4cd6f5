"""Every read of joint linkage, restricted to the actor's scope (rows outside it are 404). A
department's system account sees the decisions assigned to its department."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic, TypeVar

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import InputError, NotFound
from zhixing.organization.selectors import scope_of, staff_of

from ..models import (
    Decision,
    DecisionProgress,
    JointConference,
    LinkedDepartment,
    SpecialEntityFlag,
    SupervisionListing,
)

OPEN_LISTING = [SupervisionListing.Status.OPEN, SupervisionListing.Status.REPORTED]
# The status filters of the supervision list: what is still being supervised (督办中 and 已报结待审核)
# by default, the concluded ones (已销号) only when asked for.
LISTING_FILTERS: dict[str, tuple[str, list[str] | None]] = {
    "active": ("督办中、待审核", OPEN_LISTING),
    "concluded": ("已销号", [SupervisionListing.Status.CONCLUDED]),
    "all": ("全部", None),
}
PAGE_SIZE = 100
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a keyset-paginated list; `next_after` is the cursor of the next page, or ""."""

    rows: list[T]
    next_after: str


def _bad_cursor() -> InputError:
    return InputError("page.after", "分页游标无效，请使用上一页返回的 next_after", field="after")


def _page(rows: QuerySet[Any], limit: int, cursor: Any) -> Page[Any]:
    found = list(rows[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    return Page(found, cursor(found[-1]) if more and found else "")


def conference_list(*, actor: Any) -> QuerySet[JointConference]:
    return (
        scope_of(actor)
        .restrict(JointConference.objects.all())
        .select_related("court")
        .prefetch_related("departments")
        .order_by("-held_on", "-pk")
    )


def conference_get(*, actor: Any, pk: int) -> JointConference:
    conference = (
        JointConference.objects.select_related("court", "convened_by")
        .prefetch_related(
            "departments",
            Prefetch(
                "decisions",
                Decision.objects.select_related("department")
                .prefetch_related(
                    Prefetch("progress", DecisionProgress.objects.select_related("reported_by"))
                )
                .order_by("due_on", "pk"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if conference is None or not scope_of(actor).covers(conference.court_id):
        raise NotFound("未找到该联席会议，或您无权查看")
    return conference


def departments_of(actor: Any) -> list[LinkedDepartment]:
    """The departments whose system account the actor is (a department's API token)."""
    if not getattr(actor, "is_authenticated", False):
        return []
    return list(LinkedDepartment.objects.filter(system_user=actor))


def decision_list(*, actor: Any, today: date, open_only: bool = True) -> QuerySet[Decision]:
    """Decisions in scope (or of the actor's own department), overdue first, then by deadline."""
    own = departments_of(actor)
    rows = Decision.objects.all()
    if own and staff_of(actor) is None:
        rows = rows.filter(department__in=own)
    else:
        rows = scope_of(actor).restrict(rows)
    if open_only:
        rows = rows.filter(status=Decision.Status.OPEN)
    return (
        rows.select_related("department", "conference", "court")
        .annotate(
            late=Case(
                When(status=Decision.Status.OPEN, due_on__lt=today, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("late", "due_on", "pk")
    )


def overdue_decisions(*, actor: Any, today: date) -> QuerySet[Decision]:
    """Open and past the deadline: a query, never a stored flag."""
    return decision_list(actor=actor, today=today).filter(due_on__lt=today)


def decision_get(*, actor: Any, pk: int) -> Decision:
    row = Decision.objects.select_related("department", "conference", "court").filter(pk=pk).first()
    if row is None:
        raise NotFound("未找到该决定事项，或您无权查看")
    if row.department.system_user_id is not None and row.department.system_user_id == getattr(
        actor, "pk", None
    ):
        return row
    if not scope_of(actor).covers(row.court_id):
        raise NotFound("未找到该决定事项，或您无权查看")
    return row


def _listings_in_scope(actor: Any) -> QuerySet[SupervisionListing]:
    return (
        scope_of(actor)
        .restrict(SupervisionListing.objects.all())
        .select_related("case", "court", "listed_by_court")
        .order_by("due_on", "pk")
    )


def listing_list(
    *, actor: Any, status: str = "active", after: str = "", limit: int = PAGE_SIZE
) -> Page[SupervisionListing]:
    """The listings in scope, nearest deadline first, one keyset page at a time (`after` is the
    `due_on.pk` of the previous page's last row). By default only those still supervised (督办中,
    待审核): a concluded listing (已销号) never pushes an open one off the page."""
    if status not in LISTING_FILTERS:
        raise InputError("supervision.status", "请选择督办状态", field="status")
    rows = _listings_in_scope(actor)
    statuses = LISTING_FILTERS[status][1]
    if statuses is not None:
        rows = rows.filter(status__in=statuses)
    if after:
        day, _, pk = after.partition(".")
        try:
            due, last = date.fromisoformat(day), int(pk)
        except ValueError:
            raise _bad_cursor() from None
        rows = rows.filter(Q(due_on__gt=due) | Q(due_on=due, pk__gt=last))
    return _page(rows, limit, lambda row: f"{row.due_on.isoformat()}.{row.pk}")


def listing_get(*, actor: Any, pk: int) -> SupervisionListing:
    row = _listings_in_scope(actor).filter(pk=pk).first()
    if row is None:
        raise NotFound("未找到该督办事项，或您无权查看")
    return row


def case_listings(*, actor: Any, case: EnforcementCase) -> list[SupervisionListing]:
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    return list(
        SupervisionListing.objects.filter(case=case)
        .select_related("listed_by_court", "listed_by")
        .order_by("-listed_on", "-pk")
    )


def case_flags(*, actor: Any, case: EnforcementCase) -> list[SpecialEntityFlag]:
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    return list(SpecialEntityFlag.objects.filter(case=case).select_related("party"))


def _flags_in_scope(actor: Any) -> QuerySet[SpecialEntityFlag]:
    return (
        scope_of(actor)
        .restrict(SpecialEntityFlag.objects.all())
        .select_related("case", "party", "court")
        .order_by("-created_at", "-pk")
    )


def _flag_cursor(row: SpecialEntityFlag) -> str:
    """`<microseconds since 1970 UTC>.<pk>`: exact, and safe in a URL without escaping."""
    return f"{(row.created_at - _EPOCH) // timedelta(microseconds=1)}.{row.pk}"


def special_entity_list(
    *, actor: Any, kind: str = "", after: str = "", limit: int = PAGE_SIZE
) -> Page[SpecialEntityFlag]:
    """The flags in scope, newest first, optionally of one kind, one keyset page at a time."""
    rows = _flags_in_scope(actor)
    if kind:
        rows = rows.filter(kind=kind)
    if after:
        micro, _, pk = after.partition(".")
        try:
            at, last = _EPOCH + timedelta(microseconds=int(micro)), int(pk)
        except (ValueError, OverflowError):
            raise _bad_cursor() from None
        rows = rows.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=last))
    return _page(rows, limit, _flag_cursor)


def special_entity_get(*, actor: Any, pk: int) -> SpecialEntityFlag:
    row = _flags_in_scope(actor).filter(pk=pk).first()
    if row is None:
        raise NotFound("未找到该特殊主体标记，或您无权查看")
    return row


def listings_to_report(actor: Any, today: date) -> list[Any]:
    """Worklist: the open listings of the cases the actor handles (报告办理情况, 一(三))."""
    from django.urls import reverse

    from zhixing.cases.hooks import WorklistItem

    staff = staff_of(actor)
    if staff is None:
        return []
    rows = (
        SupervisionListing.objects.filter(
            court_id=staff.court_id,
            case__officer=staff,
            status=SupervisionListing.Status.OPEN,
        )
        .select_related("case", "listed_by_court")
        .order_by("due_on", "pk")[:50]
    )
    return [
        WorklistItem(
            on=row.due_on,
            case=row.case,
            text=f"{row.listed_by_court.name}挂牌督办：{row.reason}（{row.due_on:%Y-%m-%d} 前报告）",
            source="法发〔2009〕43号 一(三)",
            url=reverse("joint-supervision-listings") + f"#listing-{row.pk}",
            action="报告办理情况",
            urgent=row.due_on < today,
        )
        for row in rows
    ]
