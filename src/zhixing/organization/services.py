"""Every write to courts and staff: one transaction, permission and rule checks, the audit record."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhixing.core.audit import audit_read, audit_record
from zhixing.core.errors import AccessDenied, DomainError, InputError, parse_choice
from zhixing.core.rules.identity import mask_id_number, parse_id_number
from zhixing.core.rules.roles import Role

from . import rules
from .models import (
    CommandCenter,
    Court,
    CourtStaffing,
    EnforcementBureau,
    Staff,
    StaffRole,
    TrainingRecord,
    Unit,
)
from .selectors import roles_of, scope_of, staff_of

MIN_PASSWORD_LENGTH = 8


def require_administrator(actor: Any, court_id: int | None) -> None:
    """Configuration is done by a system administrator whose scope covers the court."""
    if getattr(actor, "is_superuser", False):
        return
    if (
        Role.ADMINISTRATOR not in roles_of(actor)
        or court_id is None
        or not scope_of(actor).covers(court_id)
    ):
        raise AccessDenied("只有本院或上级法院的系统管理员可以进行此项配置")


def _raise_first(refusals: list[rules.Refusal]) -> None:
    if refusals:
        first = refusals[0]
        raise InputError(first.code, first.message, field=first.field or None, source=first.source)


def court_create(
    *,
    actor: Any,
    name: str,
    level: str,
    code: str,
    parent: Court | None,
    province: str = "",
    short_name: str = "",
    slug: str = "",
) -> Court:
    """Creates a court with its enforcement bureau, the units its level must have and, for high and
    intermediate courts, a command center (法发〔2009〕43号 一(一), 三(二))."""
    court_level = parse_choice(rules.CourtLevel, level, field="level", label="法院级别")
    name, code = name.strip(), code.strip()
    if not name:
        raise InputError("court.name_required", "请填写法院名称", field="name")
    with transaction.atomic():
        if parent is not None:
            parent = Court.objects.select_for_update().get(pk=parent.pk)
            require_administrator(actor, parent.id)
        elif not getattr(actor, "is_superuser", False):
            raise AccessDenied("只有超级管理员可以创建没有上级的法院")
        parent_level = rules.CourtLevel(parent.level) if parent else None
        _raise_first(
            rules.check_court_placement(
                level=court_level,
                code=code,
                parent_level=parent_level,
                parent_code=parent.code if parent else None,
            )
        )
        if Court.objects.filter(code=code).exists():
            raise InputError("court.code_taken", f"法院代字“{code}”已被使用", field="code")
        if Court.objects.filter(name=name).exists():
            raise InputError("court.name_taken", f"法院“{name}”已存在", field="name")
        if court_level is rules.CourtLevel.HIGH and not province.strip():
            raise InputError("court.province_required", "高级人民法院须填写省份", field="province")
        try:
            with transaction.atomic():
                court = Court.objects.create(
                    name=name,
                    short_name=short_name.strip(),
                    level=court_level.value,
                    code=code,
                    parent=parent,
                    province=province.strip() or (parent.province if parent else ""),
                    slug=slug,
                    path="",
                    depth=(parent.depth + 1) if parent else 0,
                )
        except IntegrityError:
            raise InputError(
                "court.code_taken", f"法院代字“{code}”或名称已被使用", field="code"
            ) from None
        court.path = f"{parent.path if parent else '/'}{court.id}/"
        if court_level is rules.CourtLevel.HIGH:
            court.high_court = court
        elif parent is not None:
            court.high_court_id = parent.high_court_id
        court.save(update_fields=["path", "high_court"])
        tier = rules.tier_of(court_level, parent_level)
        bureau = EnforcementBureau.objects.create(court=court, name=f"{name}执行局")
        units = [
            Unit(bureau=bureau, court=court, kind=kind.value, name=rules.UNIT_LABELS[kind])
            for kind in rules.UNITS_BY_TIER[tier]
        ]
        Unit.objects.bulk_create(units)
        has_center = tier in rules.COMMAND_CENTER_TIERS
        if has_center:
            CommandCenter.objects.create(bureau=bureau, court=court, name=f"{name}执行指挥中心")
        audit_record(
            actor=actor,
            action="court.create",
            court_id=court.id,
            obj=court,
            summary=f"设立{name}（{code}）",
            after={
                "name": name,
                "code": code,
                "level": court_level.value,
                "parent": parent.code if parent else None,
                "units": [u.kind for u in units],
                "command_center": has_center,
            },
        )
    return court


def _placement(
    court: Court, unit: Unit | None, in_command_center: bool
) -> tuple[Unit | None, CommandCenter | None]:
    if unit is not None and in_command_center:
        raise InputError("staff.placement", "人员只能归属一个内设机构或指挥中心", field="unit")
    if unit is not None and unit.court_id != court.id:
        raise InputError("staff.unit_court", "所选内设机构不属于该法院", field="unit")
    center = None
    if in_command_center:
        center = CommandCenter.objects.filter(court=court).first()
        if center is None:
            raise InputError(
                "staff.no_command_center",
                f"{court.name}未设执行指挥中心（仅高级、中级法院设立）",
                field="unit",
            )
    return unit, center


def _check_roles(roles: Iterable[str | Role], placement: str) -> list[Role]:
    parsed = [parse_choice(Role, r, field="roles", label="角色") for r in roles]
    if not parsed:
        raise InputError("staff.roles_required", "请至少选择一个角色", field="roles")
    _raise_first(rules.check_roles(parsed, placement))
    return sorted(set(parsed))


def _staff_snapshot(staff: Staff, roles: Iterable[Role]) -> dict[str, Any]:
    return {
        "name": staff.name,
        "court": staff.court.code,
        "placement": staff.placement,
        "roles": sorted(r.value for r in roles),
        "education": staff.education,
        "id_number": mask_id_number(staff.id_number) if staff.id_number else "",
        "officer_qualified_on": staff.officer_qualified_on,
        "appointed_officer_on": staff.appointed_officer_on,
        "is_active": staff.is_active,
    }


def staff_create(
    *,
    actor: Any,
    court: Court,
    username: str,
    password: str,
    name: str,
    education: str,
    roles: Iterable[str | Role],
    unit: Unit | None = None,
    in_command_center: bool = False,
    id_number: str = "",
    officer_qualified_on: date | None = None,
    appointed_officer_on: date | None = None,
    appointment_document: str = "",
    password_hash: str = "",
) -> Staff:
    """Adds a member of staff with a login. Roles must fit where they sit (rules.ROLE_PLACEMENTS).

    `password_hash` takes an already-hashed password (staff imported from a court's personnel
    system, or demo data that would otherwise hash one shared password hundreds of times).
    """
    username, name = username.strip(), name.strip()
    if not username:
        raise InputError("staff.username_required", "请填写登录名", field="username")
    if not name:
        raise InputError("staff.name_required", "请填写姓名", field="name")
    if password_hash:
        try:
            identify_hasher(password_hash)
        except ValueError:
            raise InputError(
                "staff.password_hash", "密码散列格式无法识别", field="password"
            ) from None
    elif len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(
            "staff.password_short", f"初始密码至少 {MIN_PASSWORD_LENGTH} 位", field="password"
        )
    edu = parse_choice(rules.Education, education, field="education", label="学历")
    normalized_id = ""
    if id_number.strip():
        try:
            normalized_id = parse_id_number(id_number, today=timezone.localdate()).value
        except ValueError as error:
            raise DomainError.from_rule(error, field="id_number") from None
    unit, center = _placement(court, unit, in_command_center)
    role_list = _check_roles(
        roles, rules.placement_of(unit.kind if unit else None, center is not None)
    )
    if appointed_officer_on and not officer_qualified_on:
        raise InputError(
            "staff.appointment_without_qualification",
            "未取得执行员资格，不能任命为执行员",
            field="appointed_officer_on",
        )
    user_model = get_user_model()
    with transaction.atomic():
        require_administrator(actor, court.id)
        if user_model.objects.filter(username=username).exists():
            raise InputError(
                "staff.username_taken", f"登录名“{username}”已被使用", field="username"
            )
        try:
            with transaction.atomic():
                user = user_model.objects.create_user(
                    username=username, password=None if password_hash else password
                )
        except IntegrityError:
            raise InputError(
                "staff.username_taken", f"登录名“{username}”已被使用", field="username"
            ) from None
        user.first_name = name[:150]
        if password_hash:
            user.password = password_hash
        user.save(update_fields=["first_name", "password"])
        staff = Staff.objects.create(
            user=user,
            court=court,
            unit=unit,
            command_center=center,
            name=name,
            id_number=normalized_id,
            education=edu.value,
            officer_qualified_on=officer_qualified_on,
            appointed_officer_on=appointed_officer_on,
            appointment_document=appointment_document.strip(),
        )
        StaffRole.objects.bulk_create([StaffRole(staff=staff, role=r.value) for r in role_list])
        audit_record(
            actor=actor,
            action="staff.create",
            court_id=court.id,
            obj=staff,
            summary=f"新增人员 {name}（{username}）",
            after=_staff_snapshot(staff, role_list),
        )
    return staff


def staff_set_roles(*, actor: Any, staff: Staff, roles: Iterable[str | Role]) -> Staff:
    with transaction.atomic():
        staff = (
            Staff.objects.select_for_update(of=("self",))
            .select_related("court", "unit")
            .get(pk=staff.pk)
        )
        require_administrator(actor, staff.court_id)
        role_list = _check_roles(roles, staff.placement)
        before = _staff_snapshot(staff, staff.role_set)
        staff.roles.all().delete()
        StaffRole.objects.bulk_create([StaffRole(staff=staff, role=r.value) for r in role_list])
        audit_record(
            actor=actor,
            action="staff.set_roles",
            court_id=staff.court_id,
            obj=staff,
            summary=f"调整 {staff.name} 的角色",
            before=before,
            after=_staff_snapshot(staff, role_list),
        )
    return staff


def staff_set_qualification(
    *,
    actor: Any,
    staff: Staff,
    officer_qualified_on: date | None,
    appointed_officer_on: date | None,
    appointment_document: str = "",
) -> Staff:
    """执行员资格与任命 (法发〔2009〕43号 五: 执行员的任职条件、任免程序)."""
    if appointed_officer_on and not officer_qualified_on:
        raise InputError(
            "staff.appointment_without_qualification",
            "未取得执行员资格，不能任命为执行员",
            field="appointed_officer_on",
        )
    if (
        appointed_officer_on
        and officer_qualified_on
        and appointed_officer_on < officer_qualified_on
    ):
        raise InputError(
            "staff.appointment_before_qualification",
            "任命日期不能早于取得资格日期",
            field="appointed_officer_on",
        )
    with transaction.atomic():
        staff = (
            Staff.objects.select_for_update(of=("self",))
            .select_related("court", "unit")
            .get(pk=staff.pk)
        )
        require_administrator(actor, staff.court_id)
        before = _staff_snapshot(staff, staff.role_set)
        staff.officer_qualified_on = officer_qualified_on
        staff.appointed_officer_on = appointed_officer_on
        staff.appointment_document = appointment_document.strip()
        staff.save(
            update_fields=["officer_qualified_on", "appointed_officer_on", "appointment_document"]
        )
        audit_record(
            actor=actor,
            action="staff.set_qualification",
            court_id=staff.court_id,
            obj=staff,
            summary=f"登记 {staff.name} 的执行员资格与任命",
            before=before,
            after=_staff_snapshot(staff, staff.role_set),
        )
    return staff


def staff_set_active(*, actor: Any, staff: Staff, active: bool, reason: str) -> Staff:
    """离岗 / 复岗. A member who left keeps their records but can no longer log in."""
    if not reason.strip():
        raise InputError("staff.reason_required", "请填写原因", field="reason")
    with transaction.atomic():
        staff = (
            Staff.objects.select_for_update(of=("self",))
            .select_related("court", "unit", "user")
            .get(pk=staff.pk)
        )
        require_administrator(actor, staff.court_id)
        if me := staff_of(actor):
            if me.pk == staff.pk and not active:
                raise DomainError("staff.self_deactivate", "不能将自己设为离岗", field="active")
        before = {"is_active": staff.is_active}
        staff.is_active = active
        staff.save(update_fields=["is_active"])
        staff.user.is_active = active
        staff.user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="staff.set_active",
            court_id=staff.court_id,
            obj=staff,
            summary=f"{staff.name}{'复岗' if active else '离岗'}：{reason.strip()}",
            before=before,
            after={"is_active": active, "reason": reason.strip()},
        )
    return staff


def training_record_add(
    *,
    actor: Any,
    staff: Staff,
    title: str,
    organizer: str,
    started_on: date,
    ended_on: date,
    hours: Decimal | str,
) -> TrainingRecord:
    if not title.strip():
        raise InputError("training.title_required", "请填写培训名称", field="title")
    if ended_on < started_on:
        raise InputError("training.dates", "结束日期不能早于开始日期", field="ended_on")
    try:
        hours_value = Decimal(str(hours)).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise InputError("training.hours", "学时格式不正确", field="hours") from None
    if hours_value <= 0:
        raise InputError("training.hours", "学时须大于零", field="hours")
    with transaction.atomic():
        require_administrator(actor, staff.court_id)
        record = TrainingRecord.objects.create(
            staff=staff,
            court_id=staff.court_id,
            title=title.strip(),
            organizer=organizer.strip(),
            started_on=started_on,
            ended_on=ended_on,
            hours=hours_value,
        )
        audit_record(
            actor=actor,
            action="training.add",
            court_id=staff.court_id,
            obj=record,
            summary=f"{staff.name} 参加培训“{record.title}”",
            after={
                "staff": staff.pk,
                "title": record.title,
                "hours": hours_value,
                "from": started_on,
                "to": ended_on,
            },
        )
    return record


def court_staffing_report(
    *,
    actor: Any,
    court: Court,
    authorized_headcount: int,
    education_counts: dict[str, int],
    reported_on: date,
) -> CourtStaffing:
    """The court's establishment and education profile, the base of the team figures (seed 五)."""
    if authorized_headcount <= 0:
        raise InputError("staffing.headcount", "编制总数须大于零", field="authorized_headcount")
    counts = {}
    for level in rules.Education:
        value = int(education_counts.get(level.value, 0))
        if value < 0:
            raise InputError("staffing.education", "学历人数不能为负", field=level.value)
        counts[level.value] = value
    if sum(counts.values()) > authorized_headcount:
        raise InputError(
            "staffing.education_total", "各学历人数之和超过编制总数", field="authorized_headcount"
        )
    with transaction.atomic():
        require_administrator(actor, court.id)
        existing = CourtStaffing.objects.select_for_update().filter(court=court).first()
        before = None
        if existing:
            before = {
                "authorized_headcount": existing.authorized_headcount,
                **{k.value: v for k, v in existing.education_counts().items()},
            }
        staffing, _ = CourtStaffing.objects.update_or_create(
            court=court,
            defaults={
                "authorized_headcount": authorized_headcount,
                "reported_on": reported_on,
                **counts,
            },
        )
        audit_record(
            actor=actor,
            action="staffing.report",
            court_id=court.id,
            obj=staffing,
            summary=f"填报{court.name}编制与学历构成",
            before=before,
            after={"authorized_headcount": authorized_headcount, **counts},
        )
    return staffing


ID_NUMBER_VIEWERS = frozenset({Role.ADMINISTRATOR, Role.BUREAU_CHIEF, Role.INTEGRITY_INSPECTOR})


def staff_id_number_reveal(*, actor: Any, staff: Staff) -> str:
    """The full identity number, for those who need it; every look is written to the audit log."""
    me = staff_of(actor)
    own = me is not None and me.pk == staff.pk
    allowed = (
        own or getattr(actor, "is_superuser", False) or bool(ID_NUMBER_VIEWERS & roles_of(actor))
    )
    if not allowed or not scope_of(actor).covers(staff.court_id):
        raise AccessDenied("您无权查看完整身份证号码")
    audit_read(
        actor=actor,
        obj=staff,
        court_id=staff.court_id,
        fields=["id_number"],
        summary=f"查看 {staff.name} 的身份证号码",
    )
    return staff.id_number
