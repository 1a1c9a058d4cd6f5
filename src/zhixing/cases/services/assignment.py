"""Officer and stage assignment (分段集约), many cases at once, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction

from zhixing.core.audit import audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import DomainError, InputError, parse_choice
from zhixing.core.rules.roles import Role
from zhixing.organization.models import Staff

from ..models import (
    EnforcementCase,
    StageAssignment,
    Team,
)
from ..rules import filing
from ..rules.nodes import (
    ASSIGNING_ROLES,
    NodeCode,
    Stage,
)
from ._common import (
    _actor_staff,
    _check_and_date,
    _locked,
    _require_roles,
)
from .process import _append, recompute_deadlines

N = NodeCode


def _people(staff: Staff | None, team: Team | None) -> frozenset[int]:
    if staff is not None:
        return frozenset({staff.pk})
    return frozenset(team.members.values_list("pk", flat=True)) if team is not None else frozenset()


def stage_assign(
    *,
    actor: Any,
    cases: Iterable[EnforcementCase],
    stage: str,
    on: date,
    staff: Staff | None = None,
    team: Team | None = None,
) -> int:
    """Gives a stage of many cases to one person or team at once (分段集约); all or nothing.

    Refused when the holder would also hold another stage that must be kept apart
    (ZHIXING_SEPARATED_STAGES, by default inquiry-and-control, disposal and payout)."""
    stage_value = parse_choice(Stage, stage, field="stage", label="阶段")
    if (staff is None) == (team is None):
        raise InputError("stage.holder", "请选择一名人员或一个团队", field="staff")
    separated = tuple(settings.ZHIXING_SEPARATED_STAGES)
    count = 0
    calendar = legal_calendar()  # one read of the holiday table for the whole batch
    with transaction.atomic():
        for case in cases:
            case = _locked(case)
            _actor_staff(actor, case.court)
            _require_roles(actor, ASSIGNING_ROLES, "分配办案阶段")
            holder_court = staff.court_id if staff else team.court_id
            if holder_court != case.court_id:
                raise InputError(
                    "stage.other_court", f"{case}：只能分配给本院人员或团队", field="staff"
                )
            if case.status != EnforcementCase.Status.DOCKETED:
                raise DomainError("stage.case_not_open", f"{case} 不在办理中，不能分配阶段")
            active = list(
                StageAssignment.objects.filter(case=case, ended_on__isnull=True).select_related(
                    "team"
                )
            )
            holdings = [
                filing.Holding(a.stage, _people(a.staff, a.team))
                for a in active
                if a.stage != stage_value.value
            ]
            holdings.append(filing.Holding(stage_value.value, _people(staff, team)))
            refusals = filing.check_separation(holdings, separated)
            if refusals:
                raise DomainError(
                    refusals[0].code,
                    f"{case}：{refusals[0].message}",
                    source=refusals[0].source,
                    field="staff",
                )
            StageAssignment.objects.filter(
                case=case, stage=stage_value.value, ended_on__isnull=True
            ).update(ended_on=on)
            StageAssignment.objects.create(
                case=case,
                court_id=case.court_id,
                stage=stage_value.value,
                staff=staff,
                team=team,
                assigned_on=on,
                assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit_record(
                actor=actor,
                action="case.stage_assign",
                court_id=case.court_id,
                obj=case,
                summary=f"{case} 阶段“{stage_value.value}”分配给 {staff or team}",
                after={
                    "stage": stage_value.value,
                    "staff": staff.pk if staff else None,
                    "team": team.pk if team else None,
                },
            )
            recompute_deadlines(case, calendar)
            count += 1
    return count


def officer_assign(
    *, actor: Any, cases: Iterable[EnforcementCase], officer: Staff, on: date
) -> int:
    """确定承办人 (法发〔2006〕35号 第2条: within 7 days of filing), for many cases at once."""
    if Role.OFFICER not in officer.role_set and Role.JUDGE not in officer.role_set:
        raise InputError(
            "officer.role", f"{officer.name} 不是执行员或执行法官，不能担任承办人", field="officer"
        )
    count = 0
    with transaction.atomic():
        for case in cases:
            case = _locked(case)
            staff = _actor_staff(actor, case.court)
            if officer.court_id != case.court_id:
                raise InputError(
                    "officer.other_court", f"{case}：承办人须为本院人员", field="officer"
                )
            _check_and_date(actor, case, N.OFFICER_ASSIGNED, on)
            case.officer = officer
            case.save(update_fields=["officer"])
            _append(
                case,
                N.OFFICER_ASSIGNED,
                on,
                actor,
                staff,
                {"officer": officer.pk, "officer_name": officer.name},
            )
            count += 1
    return count
