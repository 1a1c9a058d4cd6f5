"""Pages for courts and staff: parse, select, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhixing.core.audit import audit_verify
from zhixing.core.errors import DomainError, NotFound, add_to_form
from zhixing.core.models import AuditRecord
from zhixing.core.rules.identity import mask_id_number
from zhixing.core.rules.roles import Role

from . import rules, selectors, services
from .forms import (
    ActiveForm,
    QualificationForm,
    RolesForm,
    StaffForm,
    StaffingForm,
    TrainingForm,
)
from .models import CourtStaffing, Unit


def _can_administer(request: HttpRequest, court_id: int) -> bool:
    try:
        services.require_administrator(request.user, court_id)
    except DomainError:
        return False
    return True


def _error_page(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(request, "core/error.html", {"error": error}, status=error.status)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    me = selectors.staff_of(request.user)
    scope = selectors.scope_of(request.user)
    visible = selectors.court_list(actor=request.user).count()
    return render(
        request,
        "organization/home.html",
        {"staff": me, "visible_courts": visible, "everything": scope.everything},
    )


@login_required
def court_tree(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organization/court_tree.html",
        {"forest": selectors.court_tree(actor=request.user)},
    )


@login_required
def court_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        court = selectors.court_get(actor=request.user, code=code)
    except DomainError as error:
        return _error_page(request, error)
    staff = list(selectors.staff_list(actor=request.user, court=court))
    units = list(Unit.objects.filter(court=court).order_by("id"))
    groups = []
    for key, label in [(u.kind, u.name) for u in units] + [
        (rules.COMMAND_CENTER, "执行指挥中心"),
        (rules.LEADERSHIP, "院局领导及综合岗位"),
    ]:
        members = [s for s in staff if s.placement == key]
        if members or key != rules.LEADERSHIP:
            groups.append({"label": label, "members": members, "key": key})
    if not hasattr(court, "command_center"):
        groups = [g for g in groups if g["key"] != rules.COMMAND_CENTER]
    can_admin = _can_administer(request, court.id)
    recent = AuditRecord.objects.filter(chain=court.id).order_by("-seq")[:15] if can_admin else []
    return render(
        request,
        "organization/court_detail.html",
        {
            "court": court,
            "children": court.children.order_by("code"),
            "groups": groups,
            "figures": selectors.team_figures_for(actor=request.user, court=court),
            "can_admin": can_admin,
            "staff_count": len(staff),
            "recent": recent,
            "level_label": rules.COURT_LEVEL_LABELS[rules.CourtLevel(court.level)],
        },
    )


@login_required
def staff_new(request: HttpRequest, code: str) -> HttpResponse:
    try:
        court = selectors.court_get(actor=request.user, code=code)
        services.require_administrator(request.user, court.id)
    except DomainError as error:
        return _error_page(request, error)
    form = StaffForm(request.POST or None, court=court)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        placement = data["placement"]
        unit = (
            Unit.objects.filter(court=court, kind=placement).first()
            if placement not in ("", rules.COMMAND_CENTER)
            else None
        )
        try:
            staff = services.staff_create(
                actor=request.user,
                court=court,
                username=data["username"],
                password=data["password"],
                name=data["name"],
                education=data["education"],
                roles=data["roles"],
                unit=unit,
                in_command_center=placement == rules.COMMAND_CENTER,
                id_number=data["id_number"],
                officer_qualified_on=data["officer_qualified_on"],
                appointed_officer_on=data["appointed_officer_on"],
                appointment_document=data["appointment_document"],
            )
        except DomainError as error:
            field_map = {"unit": "placement"}
            error.field = field_map.get(error.field or "", error.field)
            add_to_form(form, error)
        else:
            return redirect("staff-detail", pk=staff.pk)
    return render(request, "organization/staff_form.html", {"court": court, "form": form})


def _staff_page(request: HttpRequest, staff, status: int = 200, **bound) -> HttpResponse:
    """The staff page; for an administrator also the forms that change the record."""
    can_admin = _can_administer(request, staff.court_id)
    forms = {}
    if can_admin:
        forms = {
            "roles_form": RolesForm(initial={"roles": [r.value for r in staff.role_set]}),
            "qualification_form": QualificationForm(
                initial={
                    "officer_qualified_on": staff.officer_qualified_on,
                    "appointed_officer_on": staff.appointed_officer_on,
                    "appointment_document": staff.appointment_document,
                }
            ),
            "training_form": TrainingForm(),
            "active_form": ActiveForm(),
        }
        forms.update(bound)
    return render(
        request,
        "organization/staff_detail.html",
        {
            "staff": staff,
            "roles": sorted(staff.role_set, key=lambda r: list(Role).index(r)),
            "education_label": rules.EDUCATION_LABELS[rules.Education(staff.education)],
            "masked_id": mask_id_number(staff.id_number) if staff.id_number else "",
            "enforcement": rules.is_enforcement_staff(staff.placement, staff.role_set),
            "can_admin": can_admin,
            **forms,
        },
        status=status,
    )


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        staff = selectors.staff_get(actor=request.user, pk=pk)
    except DomainError as error:
        return _error_page(request, error)
    return _staff_page(request, staff)


# (form class, context name, service call, success message)
STAFF_ACTIONS = {
    "roles": (
        RolesForm,
        "roles_form",
        lambda actor, staff, d: services.staff_set_roles(
            actor=actor, staff=staff, roles=d["roles"]
        ),
        "角色已调整",
    ),
    "qualification": (
        QualificationForm,
        "qualification_form",
        lambda actor, staff, d: services.staff_set_qualification(actor=actor, staff=staff, **d),
        "执行员资格与任命已登记",
    ),
    "training": (
        TrainingForm,
        "training_form",
        lambda actor, staff, d: services.training_record_add(actor=actor, staff=staff, **d),
        "培训记录已添加",
    ),
    "deactivate": (
        ActiveForm,
        "active_form",
        lambda actor, staff, d: services.staff_set_active(
            actor=actor, staff=staff, active=False, reason=d["reason"]
        ),
        "已设为离岗",
    ),
    "activate": (
        ActiveForm,
        "active_form",
        lambda actor, staff, d: services.staff_set_active(
            actor=actor, staff=staff, active=True, reason=d["reason"]
        ),
        "已恢复在岗",
    ),
}


@login_required
@require_POST
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in STAFF_ACTIONS:
        return _error_page(request, NotFound())
    form_class, name, call, done = STAFF_ACTIONS[action]
    try:
        staff = selectors.staff_get(actor=request.user, pk=pk)
        services.require_administrator(request.user, staff.court_id)
    except DomainError as error:
        return _error_page(request, error)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(request.user, staff, form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, done)
            return redirect("staff-detail", pk=staff.pk)
    return _staff_page(request, staff, status=422, **{name: form})


@login_required
def court_staffing(request: HttpRequest, code: str) -> HttpResponse:
    """填报全院编制与学历构成 (seed 五: the base of the 15 % share and the education comparison)."""
    try:
        court = selectors.court_get(actor=request.user, code=code)
        services.require_administrator(request.user, court.id)
    except DomainError as error:
        return _error_page(request, error)
    report = CourtStaffing.objects.filter(court=court).first()
    initial = {"reported_on": timezone.localdate()}
    if report:
        initial |= {
            "authorized_headcount": report.authorized_headcount,
            **{k.value: v for k, v in report.education_counts().items()},
        }
    form = StaffingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.court_staffing_report(
                actor=request.user,
                court=court,
                authorized_headcount=data["authorized_headcount"],
                education_counts={level.value: data[level.value] for level in rules.Education},
                reported_on=data["reported_on"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "编制与学历构成已更新")
            return redirect("court-detail", code=court.code)
    return render(request, "organization/staffing_form.html", {"court": court, "form": form})


@login_required
@require_POST
def staff_reveal_id(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        staff = selectors.staff_get(actor=request.user, pk=pk)
        value = services.staff_id_number_reveal(actor=request.user, staff=staff)
    except DomainError as error:
        return HttpResponse(
            f'<span class="error">{error.message}</span>',
            status=200 if request.htmx else error.status,
        )
    return HttpResponse(
        f'<span class="revealed">{value}</span> <small class="muted">（本次查看已记入审计日志）</small>'
    )


@login_required
def team_figures(request: HttpRequest) -> HttpResponse:
    only_short = request.GET.get("all") != "1"
    rows = selectors.team_figures_list(actor=request.user, only_short=only_short)
    return render(
        request, "organization/team_figures.html", {"rows": rows, "only_short": only_short}
    )


@login_required
def audit_check(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        return _error_page(request, DomainError("access.denied", "只有超级管理员可以校验审计链"))
    return render(
        request,
        "organization/audit_check.html",
        {"breaks": audit_verify(), "count": AuditRecord.objects.count()},
    )
