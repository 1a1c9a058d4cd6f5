"""Courts and staff, within the caller's jurisdiction scope."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from zhixing.core.errors import InputError
from zhixing.core.rules.identity import mask_id_number
from zhixing.core.rules.roles import Role
from zhixing.core.schemas import ErrorOut

from . import selectors, services
from .models import Court, Staff, Unit
from .schemas import (
    ActiveIn,
    CourtDetailOut,
    CourtIn,
    CourtOut,
    MeOut,
    QualificationIn,
    RolesIn,
    StaffIn,
    StaffingIn,
    StaffOut,
    StaffPage,
    TeamFiguresOut,
    TrainingIn,
    TrainingOut,
    UnitOut,
)

router = Router(tags=["法院与人员"])
READ = {401: ErrorOut, 404: ErrorOut}
WRITE = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _court_out(court: Court, parent_codes: dict[int, str]) -> CourtOut:
    return CourtOut(
        id=court.id,
        name=court.name,
        short_name=court.short_name,
        level=court.level,
        code=court.code,
        parent_code=parent_codes.get(court.parent_id) if court.parent_id else None,
        province=court.province,
    )


def _staff_out(staff: Staff) -> StaffOut:
    return StaffOut(
        id=staff.id,
        username=staff.user.username,
        name=staff.name,
        court_code=staff.court.code,
        placement=staff.placement,
        placement_label=staff.placement_label,
        roles=sorted(r.role for r in staff.roles.all()),
        education=staff.education,
        id_number_masked=mask_id_number(staff.id_number) if staff.id_number else "",
        officer_qualified_on=staff.officer_qualified_on,
        appointed_officer_on=staff.appointed_officer_on,
        is_active=staff.is_active,
    )


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="当前用户、角色与可见范围")
def me(request: HttpRequest) -> MeOut:
    staff = selectors.staff_of(request.user)
    scope = selectors.scope_of(request.user)
    codes = None
    if not scope.everything:  # tree order: the home court first, then its subtree
        codes = list(selectors.court_list(actor=request.user).values_list("code", flat=True))
    return MeOut(
        username=request.user.get_username(),
        name=staff.name if staff else None,
        court_code=staff.court.code if staff else None,
        court_name=staff.court.name if staff else None,
        roles=sorted(r.value for r in selectors.roles_of(request.user)),
        sees_all_courts=scope.everything,
        visible_court_codes=codes,
    )


@router.get("/courts", response={200: list[CourtOut], 401: ErrorOut}, summary="可见法院列表")
def courts(request: HttpRequest) -> list[CourtOut]:
    rows = list(selectors.court_list(actor=request.user).select_related("parent"))
    codes = {c.id: c.code for c in rows} | {c.parent_id: c.parent.code for c in rows if c.parent_id}
    return [_court_out(c, codes) for c in rows]


@router.get("/courts/{code}", response={200: CourtDetailOut, **READ}, summary="法院详情")
def court_detail(request: HttpRequest, code: str) -> CourtDetailOut:
    court = selectors.court_get(actor=request.user, code=code)
    center = getattr(court.bureau, "command_center", None) if hasattr(court, "bureau") else None
    base = _court_out(court, {court.parent_id: court.parent.code} if court.parent_id else {})
    return CourtDetailOut(
        **base.dict(),
        bureau=court.bureau.name,
        units=[UnitOut(id=u.id, kind=u.kind, name=u.name) for u in court.units.order_by("id")],
        command_center=center.name if center else None,
    )


@router.post(
    "/courts",
    response={201: CourtOut, **WRITE},
    summary="设立法院（自动建执行局、内设机构与指挥中心）",
)
def court_create(request: HttpRequest, payload: CourtIn) -> Status:
    parent = (
        selectors.court_get(actor=request.user, code=payload.parent_code)
        if payload.parent_code
        else None
    )
    court = services.court_create(
        actor=request.user,
        name=payload.name,
        level=payload.level,
        code=payload.code,
        parent=parent,
        province=payload.province,
        short_name=payload.short_name,
    )
    return Status(201, _court_out(court, {parent.id: parent.code} if parent else {}))


@router.get(
    "/courts/{code}/team-figures",
    response={200: TeamFiguresOut, **READ},
    summary="执行队伍比例与学历",
)
def court_team_figures(request: HttpRequest, code: str) -> TeamFiguresOut:
    court = selectors.court_get(actor=request.user, code=code)
    return _figures_out(court, selectors.team_figures_for(actor=request.user, court=court))


def _figures_out(court: Court, figures) -> TeamFiguresOut:
    return TeamFiguresOut(
        court_code=court.code,
        court_name=court.name,
        enforcement_staff=figures.enforcement_staff,
        authorized_headcount=figures.authorized_headcount,
        share=figures.share,
        enforcement_education_years=figures.enforcement_education_years,
        court_education_years=figures.court_education_years,
        meets_standard=figures.meets_standard,
        shortfalls=[r.message for r in figures.refusals],
    )


@router.get(
    "/team-figures", response={200: list[TeamFiguresOut], 401: ErrorOut}, summary="辖区执行队伍情况"
)
def team_figures(request: HttpRequest, only_short: bool = False) -> list[TeamFiguresOut]:
    rows = selectors.team_figures_list(actor=request.user, only_short=only_short)
    return [_figures_out(row.court, row.figures) for row in rows]


@router.get(
    "/staff",
    response={200: StaffPage, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="可见人员列表（按 id 游标分页）",
)
def staff_list(
    request: HttpRequest,
    court_code: str | None = None,
    role: str | None = None,
    after: int = Query(0, ge=0, le=2**63 - 1, description="上一页最后一条的 id"),
    limit: int = Query(100, ge=1, le=500),
) -> StaffPage:
    court = selectors.court_get(actor=request.user, code=court_code) if court_code else None
    try:
        role_value = Role(role) if role else None
    except ValueError:
        raise InputError("role.invalid", f"角色取值无效：{role}", field="role") from None
    rows = selectors.staff_list(actor=request.user, court=court, role=role_value)
    page = list(rows.filter(id__gt=after).order_by("id")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return StaffPage(items=[_staff_out(s) for s in page], next_after=page[-1].id if more else None)


@router.get("/staff/{staff_id}", response={200: StaffOut, **READ}, summary="人员详情")
def staff_detail(request: HttpRequest, staff_id: int) -> StaffOut:
    return _staff_out(selectors.staff_get(actor=request.user, pk=staff_id))


@router.post("/staff", response={201: StaffOut, **WRITE}, summary="新增人员")
def staff_create(request: HttpRequest, payload: StaffIn) -> Status:
    court = selectors.court_get(actor=request.user, code=payload.court_code)
    unit = None
    if payload.unit_kind:
        unit = Unit.objects.filter(court=court, kind=payload.unit_kind).first()
        if unit is None:
            raise InputError(
                "staff.unit_missing",
                f"{court.name}没有该内设机构：{payload.unit_kind}",
                field="unit_kind",
            )
    staff = services.staff_create(
        actor=request.user,
        court=court,
        username=payload.username,
        password=payload.password,
        name=payload.name,
        education=payload.education,
        roles=payload.roles,
        unit=unit,
        in_command_center=payload.in_command_center,
        id_number=payload.id_number,
        officer_qualified_on=payload.officer_qualified_on,
        appointed_officer_on=payload.appointed_officer_on,
        appointment_document=payload.appointment_document,
    )
    return Status(201, _staff_out(selectors.staff_get(actor=request.user, pk=staff.pk)))


@router.put("/staff/{staff_id}/roles", response={200: StaffOut, **WRITE}, summary="调整人员角色")
def staff_set_roles(request: HttpRequest, staff_id: int, payload: RolesIn) -> StaffOut:
    staff = selectors.staff_get(actor=request.user, pk=staff_id)
    services.staff_set_roles(actor=request.user, staff=staff, roles=payload.roles)
    return _staff_out(selectors.staff_get(actor=request.user, pk=staff_id))


@router.put(
    "/staff/{staff_id}/qualification",
    response={200: StaffOut, **WRITE},
    summary="登记执行员资格与任命",
)
def staff_set_qualification(
    request: HttpRequest, staff_id: int, payload: QualificationIn
) -> StaffOut:
    staff = selectors.staff_get(actor=request.user, pk=staff_id)
    services.staff_set_qualification(actor=request.user, staff=staff, **payload.dict())
    return _staff_out(selectors.staff_get(actor=request.user, pk=staff_id))


@router.put("/staff/{staff_id}/active", response={200: StaffOut, **WRITE}, summary="离岗或复岗")
def staff_set_active(request: HttpRequest, staff_id: int, payload: ActiveIn) -> StaffOut:
    staff = selectors.staff_get(actor=request.user, pk=staff_id)
    services.staff_set_active(
        actor=request.user, staff=staff, active=payload.active, reason=payload.reason
    )
    return _staff_out(selectors.staff_get(actor=request.user, pk=staff_id))


@router.get(
    "/staff/{staff_id}/trainings", response={200: list[TrainingOut], **READ}, summary="培训记录"
)
def staff_trainings(request: HttpRequest, staff_id: int) -> list[TrainingOut]:
    staff = selectors.staff_get(actor=request.user, pk=staff_id)
    return [TrainingOut.model_validate(t) for t in staff.trainings.all()]


@router.post(
    "/staff/{staff_id}/trainings", response={201: TrainingOut, **WRITE}, summary="添加培训记录"
)
def staff_training_add(request: HttpRequest, staff_id: int, payload: TrainingIn) -> Status:
    staff = selectors.staff_get(actor=request.user, pk=staff_id)
    record = services.training_record_add(actor=request.user, staff=staff, **payload.dict())
    return Status(201, TrainingOut.model_validate(record))


@router.put(
    "/courts/{code}/staffing",
    response={200: TeamFiguresOut, **WRITE},
    summary="填报全院编制与学历构成",
)
def court_staffing(request: HttpRequest, code: str, payload: StaffingIn) -> TeamFiguresOut:
    court = selectors.court_get(actor=request.user, code=code)
    data = payload.dict()
    services.court_staffing_report(
        actor=request.user,
        court=court,
        authorized_headcount=data.pop("authorized_headcount"),
        reported_on=data.pop("reported_on"),
        education_counts=data,
    )
    return _figures_out(court, selectors.team_figures_for(actor=request.user, court=court))
