"""/api/v1/ routes of joint linkage: conferences, decisions and progress (a department posts its
progress with its system account's Bearer token), supervision listings, special-entity cases.
Parse, select within the caller's scope, call one service."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from zhixing.cases import selectors as case_selectors
from zhixing.core.errors import InputError
from zhixing.core.schemas import READ, WRITE, ErrorOut
from zhixing.core.views import today
from zhixing.organization.selectors import staff_of

from ..models import (
    Decision,
    JointConference,
    LinkedDepartment,
    SpecialEntityFlag,
    SupervisionListing,
)
from . import selectors, services
from .rules import is_overdue

router = Router(tags=["联动机制"])
LIMIT = 500


class ConferenceIn(Schema):
    title: str
    held_on: date
    place: str = ""
    departments: list[str]  # department codes


class ConferenceOut(Schema):
    id: int
    court_code: str
    title: str
    held_on: date
    place: str
    departments: list[str]
    minutes: str | None = None


class MinutesIn(Schema):
    text: str
    recorded_on: date


class DecisionIn(Schema):
    department: str  # department code
    task: str
    due_on: date


class DecisionOut(Schema):
    id: int
    conference_id: int
    court_code: str
    department: str
    department_name: str
    task: str
    due_on: date
    status: str
    done_on: date | None
    overdue: bool


class ProgressIn(Schema):
    reported_on: date
    text: str
    completes: bool = False


class ProgressOut(Schema):
    id: int
    decision: DecisionOut


class ListingIn(Schema):
    reason: str
    due_on: date


class ReportIn(Schema):
    report: str
    on: date


class ConcludeIn(Schema):
    on: date


class ListingOut(Schema):
    id: int
    case_id: int
    case_number: str
    court_code: str
    listed_by_court_code: str
    reason: str
    listed_on: date
    due_on: date
    status: str
    status_label: str
    report: str
    reported_on: date | None
    concluded_on: date | None
    overdue: bool


class ListingPage(Schema):
    items: list[ListingOut]
    next_after: str | None  # "YYYY-MM-DD.id" of the last item; pass as `after`; null at the end


class ListingFilter(Schema):
    status: Literal["active", "concluded", "all"] = Field(
        "active", description="active：督办中和待审核（默认）；concluded：已销号；all：全部"
    )
    after: str | None = Field(None, description="上一页返回的 next_after")
    limit: int = Field(100, ge=1, le=LIMIT)


class FlagIn(Schema):
    party_id: int
    kind: SpecialEntityFlag.Kind
    basis: str


class UnflagIn(Schema):
    reason: str


class FlagOut(Schema):
    id: int
    case_id: int
    case_number: str
    court_code: str
    party_id: int
    party_name: str
    kind: str
    kind_label: str
    basis: str
    automatic: bool


class FlagFilter(Schema):
    kind: SpecialEntityFlag.Kind | None = None
    after: str | None = Field(None, description="上一页返回的 next_after")
    limit: int = Field(100, ge=1, le=LIMIT)


class FlagPage(Schema):
    items: list[FlagOut]
    next_after: str | None  # cursor of the last item; pass as `after`; null at the end


def _conference_out(row: JointConference) -> ConferenceOut:
    minutes = getattr(row, "minutes", None)  # the reverse one-to-one: None when not recorded
    return ConferenceOut(
        id=row.pk,
        court_code=row.court.code,
        title=row.title,
        held_on=row.held_on,
        place=row.place,
        departments=[d.code for d in row.departments.all()],
        minutes=minutes.text if minutes else None,
    )


def _decision_out(row: Decision) -> DecisionOut:
    return DecisionOut(
        id=row.pk,
        conference_id=row.conference_id,
        court_code=row.court.code,
        department=row.department.code,
        department_name=row.department.name,
        task=row.task,
        due_on=row.due_on,
        status=row.status,
        done_on=row.done_on,
        overdue=is_overdue(row.due_on, row.status != Decision.Status.OPEN, today()),
    )


def _listing_out(row: SupervisionListing) -> ListingOut:
    return ListingOut(
        id=row.pk,
        case_id=row.case_id,
        case_number=row.case.case_number,
        court_code=row.court.code,
        listed_by_court_code=row.listed_by_court.code,
        reason=row.reason,
        listed_on=row.listed_on,
        due_on=row.due_on,
        status=row.status,
        status_label=row.get_status_display(),
        report=row.report,
        reported_on=row.reported_on,
        concluded_on=row.concluded_on,
        overdue=is_overdue(row.due_on, row.status != SupervisionListing.Status.OPEN, today()),
    )


def _flag_out(row: SpecialEntityFlag) -> FlagOut:
    return FlagOut(
        id=row.pk,
        case_id=row.case_id,
        case_number=row.case.case_number,
        court_code=row.court.code,
        party_id=row.party_id,
        party_name=row.party.name,
        kind=row.kind,
        kind_label=row.get_kind_display(),
        basis=row.basis,
        automatic=row.automatic,
    )


def _departments(codes: list[str], field: str) -> list[LinkedDepartment]:
    found = {d.code: d for d in LinkedDepartment.objects.filter(code__in=codes, active=True)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise InputError(
            "conference.unknown_department",
            f"未知的联动单位代码：{'、'.join(missing)}",
            field=field,
        )
    return [found[c] for c in codes]


# --- conferences and decisions -----------------------------------------------------------------


@router.get("/linkage/conferences", response={200: list[ConferenceOut], **READ}, summary="联席会议")
def conference_list(request: HttpRequest) -> list[ConferenceOut]:
    rows = selectors.conference_list(actor=request.user).select_related("minutes")[:LIMIT]
    return [_conference_out(c) for c in rows]


@router.post(
    "/linkage/conferences",
    response={201: ConferenceOut, **WRITE},
    summary="登记联席会议",
    description="由本院执行局长、院长、分管副院长或指挥中心工作人员登记；departments 为联动单位代码。",
)
def conference_create(request: HttpRequest, payload: ConferenceIn) -> Status:
    staff = staff_of(request.user)
    if staff is None:
        raise InputError("conference.no_staff", "召开联席会议须由法院工作人员办理")
    row = services.conference_convene(
        actor=request.user,
        court=staff.court,
        title=payload.title,
        held_on=payload.held_on,
        place=payload.place,
        departments=_departments(payload.departments, "departments"),
    )
    return Status(201, _conference_out(row))


@router.get(
    "/linkage/conferences/{int:conference_id}",
    response={200: ConferenceOut, **READ},
    summary="联席会议详情",
)
def conference_detail(request: HttpRequest, conference_id: int) -> ConferenceOut:
    return _conference_out(selectors.conference_get(actor=request.user, pk=conference_id))


@router.post(
    "/linkage/conferences/{int:conference_id}/minutes",
    response={201: ConferenceOut, **WRITE},
    summary="记录会议纪要",
)
def minutes_create(request: HttpRequest, conference_id: int, payload: MinutesIn) -> Status:
    row = selectors.conference_get(actor=request.user, pk=conference_id)
    services.minutes_record(
        actor=request.user, conference=row, text=payload.text, recorded_on=payload.recorded_on
    )
    return Status(201, _conference_out(selectors.conference_get(actor=request.user, pk=row.pk)))


@router.post(
    "/linkage/conferences/{int:conference_id}/decisions",
    response={201: DecisionOut, **WRITE},
    summary="交办决定事项",
)
def decision_create(request: HttpRequest, conference_id: int, payload: DecisionIn) -> Status:
    row = selectors.conference_get(actor=request.user, pk=conference_id)
    (department,) = _departments([payload.department], "department")
    decision = services.decision_assign(
        actor=request.user,
        conference=row,
        department=department,
        task=payload.task,
        due_on=payload.due_on,
    )
    return Status(201, _decision_out(decision))


@router.get(
    "/linkage/decisions",
    response={200: list[DecisionOut], **READ},
    summary="待落实的决定事项",
    description="本院辖区（或联动单位令牌：本单位）尚未办结的决定事项，超期的在前。",
)
def decision_list(request: HttpRequest) -> list[DecisionOut]:
    rows = selectors.decision_list(actor=request.user, today=today())[:LIMIT]
    return [_decision_out(d) for d in rows]


@router.post(
    "/linkage/decisions/{int:decision_id}/progress",
    response={201: ProgressOut, **WRITE},
    summary="报告办理进展",
    description="联动单位以其系统账号的 Bearer 令牌调用，或由本院人员报告；completes=true 即办结。",
)
def progress_create(request: HttpRequest, decision_id: int, payload: ProgressIn) -> Status:
    decision = selectors.decision_get(actor=request.user, pk=decision_id)
    progress = services.progress_report(
        actor=request.user,
        decision=decision,
        reported_on=payload.reported_on,
        text=payload.text,
        completes=payload.completes,
    )
    return Status(201, ProgressOut(id=progress.pk, decision=_decision_out(decision)))


# --- supervision listings ----------------------------------------------------------------------


@router.get(
    "/supervision-listings",
    response={200: ListingPage, **READ, 422: ErrorOut},
    summary="挂牌督办",
    description="可见范围内的挂牌督办案件，督办期限最早在前，游标分页；默认只列督办中和待审核的，"
    "已销号的用 status=concluded 或 all 查询。",
)
def listing_list(request: HttpRequest, filters: Query[ListingFilter]) -> ListingPage:
    page = selectors.listing_list(
        actor=request.user, status=filters.status, after=filters.after or "", limit=filters.limit
    )
    return ListingPage(
        items=[_listing_out(r) for r in page.rows], next_after=page.next_after or None
    )


@router.post(
    "/cases/{int:case_id}/supervision-listing",
    response={201: ListingOut, **WRITE},
    summary="挂牌督办案件",
    description="由承办法院的上级法院执行局长、院长、分管副院长或执行法官作出。",
)
def listing_create(request: HttpRequest, case_id: int, payload: ListingIn) -> Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    row = services.supervision_list(
        actor=request.user, case=case, reason=payload.reason, due_on=payload.due_on
    )
    return Status(201, _listing_out(selectors.listing_get(actor=request.user, pk=row.pk)))


@router.post(
    "/supervision-listings/{int:listing_id}/report",
    response={200: ListingOut, **WRITE},
    summary="报告督办案件办理情况",
)
def listing_report(request: HttpRequest, listing_id: int, payload: ReportIn) -> ListingOut:
    row = selectors.listing_get(actor=request.user, pk=listing_id)
    services.supervision_report(
        actor=request.user, listing=row, report=payload.report, on=payload.on
    )
    return _listing_out(selectors.listing_get(actor=request.user, pk=row.pk))


@router.post(
    "/supervision-listings/{int:listing_id}/conclude",
    response={200: ListingOut, **WRITE},
    summary="督办销号",
)
def listing_conclude(request: HttpRequest, listing_id: int, payload: ConcludeIn) -> ListingOut:
    row = selectors.listing_get(actor=request.user, pk=listing_id)
    services.supervision_conclude(actor=request.user, listing=row, on=payload.on)
    return _listing_out(selectors.listing_get(actor=request.user, pk=row.pk))


# --- special entities --------------------------------------------------------------------------


@router.get(
    "/special-entities",
    response={200: FlagPage, **READ, 422: ErrorOut},
    summary="特殊主体案件",
    description="可见范围内的特殊主体标记，最新在前，可按 kind 筛选，游标分页。",
)
def special_list(request: HttpRequest, filters: Query[FlagFilter]) -> FlagPage:
    page = selectors.special_entity_list(
        actor=request.user,
        kind=filters.kind.value if filters.kind else "",
        after=filters.after or "",
        limit=filters.limit,
    )
    return FlagPage(items=[_flag_out(f) for f in page.rows], next_after=page.next_after or None)


@router.post(
    "/cases/{int:case_id}/special-entities",
    response={201: FlagOut, **WRITE},
    summary="人工标记特殊主体",
)
def special_create(request: HttpRequest, case_id: int, payload: FlagIn) -> Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    party = case.parties.filter(pk=payload.party_id).first()
    if party is None:
        raise InputError(
            "special_entity.not_respondent", "只能标记本案的被执行人", field="party_id"
        )
    flag = services.special_entity_flag(
        actor=request.user, case=case, party=party, kind=payload.kind.value, basis=payload.basis
    )
    return Status(201, _flag_out(selectors.special_entity_get(actor=request.user, pk=flag.pk)))


@router.post(
    "/special-entities/{int:flag_id}/unflag",
    response={204: None, **WRITE},
    summary="取消特殊主体标记",
)
def special_unflag(request: HttpRequest, flag_id: int, payload: UnflagIn) -> Status:
    flag = selectors.special_entity_get(actor=request.user, pk=flag_id)
    services.special_entity_unflag(actor=request.user, flag=flag, reason=payload.reason)
    return Status(204, None)
