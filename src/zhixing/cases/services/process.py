"""The node timeline (节点控制), deadline recomputation, extensions (法发〔2006〕35号 第1条)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction

from zhixing.core.audit import audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import DomainError, InputError, parse_choice
from zhixing.core.rules.calendar import LegalCalendar
from zhixing.organization.models import Staff

from .. import hooks, notifications
from ..models import (
    CaseDeadline,
    EnforcementCase,
    NodeEvent,
    StageAssignment,
)
from ..rules import deadlines as dl
from ..rules.nodes import (
    DEDICATED_NODES,
    NODE_TABLE,
    NodeCode,
    current_stage,
)
from ._common import (
    _actor_staff,
    _check_and_date,
    _history,
    _locked,
    _raise,
)

N = NodeCode


def _append(
    case: EnforcementCase,
    code: NodeCode,
    on: date,
    actor: Any,
    staff: Staff | None,
    data: dict[str, Any],
    note: str = "",
) -> NodeEvent:
    """Appends the node, moves the case's stage, recomputes its deadlines, queues party messages,
    runs the registered reactions — all in the caller's transaction."""
    seq = (case.events.order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    event = NodeEvent.objects.create(
        case=case,
        court_id=case.court_id,
        seq=seq,
        code=code.value,
        occurred_on=on,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=staff.name if staff else getattr(actor, "username", "系统"),
        data=data,
        note=note[:300],
    )
    stage = current_stage(_history(case)).value
    if stage != case.stage:
        case.stage = stage
        case.save(update_fields=["stage"])
    if code is N.CLOSED:
        EnforcementCase.objects.filter(pk=case.pk).update(
            status=EnforcementCase.Status.CLOSED, closure_mode=data.get("mode", ""), closed_on=on
        )
    recompute_deadlines(case)
    audit_record(
        actor=actor,
        action=f"node.{code.value}",
        court_id=case.court_id,
        obj=event,
        summary=f"{case} 记录节点：{NODE_TABLE[code].label}",
        after={"on": on, "data": data, "note": note},
    )
    if NODE_TABLE[code].concerns_parties:
        notifications.queue_for_event(case, event)
    hooks.run_handlers(code, case=case, event=event, actor=actor)
    return event


def recompute_deadlines(
    case: EnforcementCase, calendar: LegalCalendar | None = None
) -> list[CaseDeadline]:
    """Rewrites the case's deadline rows from its node events (the recipe stays the truth).

    Bulk callers pass one `calendar` so the holiday table is read once, not once per case."""
    events = [
        dl.Event(
            NodeCode(code),
            on,
            seq,
            int((data or {}).get("months", 0) or 0),
            dl.answered_seq(data),
        )
        for code, on, seq, data in case.events.order_by("seq").values_list(
            "code", "occurred_on", "seq", "data"
        )
    ]
    states = dl.compute_deadlines(
        events, calendar or legal_calendar(), non_litigation=case.non_litigation
    )
    holders = _holders(case)
    owners = hooks.deadline_holders(case)
    existing = {(d.code, d.instance): d for d in CaseDeadline.objects.filter(case=case)}
    keep = []
    for state in states:
        values = dict(
            started_on=state.started_on,
            due_on=state.due_on,
            met_on=state.met_on,
            paused=state.paused_now,
            extended_months=state.extended_months,
            moved_from=state.moved_from,
            provisional=state.provisional,
            ended=state.ended,
            responsible_id=owners.get(
                state.instance, holders.get(state.recipe.stage.value, case.officer_id)
            ),
        )
        row = existing.pop((state.code.value, state.instance), None)
        if row is None:
            row = CaseDeadline.objects.create(
                case=case,
                court_id=case.court_id,
                code=state.code.value,
                instance=state.instance,
                **values,
            )
        elif any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.save()
        keep.append(row)
    if existing:
        CaseDeadline.objects.filter(pk__in=[d.pk for d in existing.values()]).delete()
    return keep


def _holders(case: EnforcementCase) -> dict[str, int]:
    """stage → staff id of its active individual holder (a team's stage falls back to the 承办人)."""
    return dict(
        StageAssignment.objects.filter(
            case=case, ended_on__isnull=True, staff__isnull=False
        ).values_list("stage", "staff_id")
    )


def node_record(
    *,
    actor: Any,
    case: EnforcementCase,
    code: str,
    on: date,
    data: dict[str, Any] | None = None,
    note: str = "",
) -> NodeEvent:
    """Records one node of the process (节点控制), refused when out of order or by the wrong role."""
    node_code = parse_choice(NodeCode, code, field="code", label="节点")
    if node_code in DEDICATED_NODES:
        raise InputError(
            "node.dedicated",
            f"“{NODE_TABLE[node_code].label}”请通过相应的办理功能记录",
            field="code",
        )
    return node_record_owned(actor=actor, case=case, code=node_code, on=on, data=data, note=note)


def node_record_owned(
    *,
    actor: Any,
    case: EnforcementCase,
    code: NodeCode,
    on: date,
    data: dict[str, Any] | None = None,
    note: str = "",
) -> NodeEvent:
    """Records a node, dedicated ones included: called only by the service that owns the node (the
    closure service after the 终本 gate, a review decision, an escalation), which has checked its
    own rules first. Order, role and date checks of the node table still apply."""
    with transaction.atomic():
        case = _locked(case)
        staff = _actor_staff(actor, case.court)
        _check_and_date(actor, case, code, on)
        return _append(case, code, on, actor, staff, data or {}, note)


def _closure_deadline(case: EnforcementCase) -> CaseDeadline | None:
    return CaseDeadline.objects.filter(case=case, code=dl.DeadlineCode.CLOSURE.value).first()


def _pending_extension(case: EnforcementCase) -> bool:
    codes = list(
        case.events.filter(
            code__in=[N.EXTENSION_REQUESTED, N.EXTENSION_APPROVED, N.EXTENSION_REFUSED]
        )
        .order_by("seq")
        .values_list("code", flat=True)
    )
    return bool(codes) and codes[-1] == N.EXTENSION_REQUESTED.value


def extension_request(
    *, actor: Any, case: EnforcementCase, on: date, months: int, reason: str
) -> NodeEvent:
    """法发〔2006〕35号 第1条: requested within the 5 days before the period expires."""
    if not reason.strip():
        raise InputError("extension.reason_required", "请填写申请延长的理由", field="reason")
    with transaction.atomic():
        case = _locked(case)
        staff = _actor_staff(actor, case.court)
        _check_and_date(actor, case, N.EXTENSION_REQUESTED, on)
        deadline = _closure_deadline(case)
        _raise(
            dl.check_extension_request(
                due_on=deadline.due_on if deadline else None,
                requested_on=on,
                pending=_pending_extension(case),
            )
        )
        _raise(
            dl.check_extension_approval(
                months=months, max_months=settings.ZHIXING_MAX_EXTENSION_MONTHS
            ),
            InputError,
        )
        return _append(
            case,
            N.EXTENSION_REQUESTED,
            on,
            actor,
            staff,
            {"months": 0, "requested_months": months},
            reason,
        )


def extension_decide(
    *, actor: Any, case: EnforcementCase, on: date, approve: bool, months: int = 0, note: str = ""
) -> NodeEvent:
    """院长或副院长 decides; an approval extends the closure period by the approved months."""
    with transaction.atomic():
        case = _locked(case)
        staff = _actor_staff(actor, case.court)
        code = N.EXTENSION_APPROVED if approve else N.EXTENSION_REFUSED
        _check_and_date(actor, case, code, on)
        if not _pending_extension(case):
            raise DomainError(
                "extension.none_pending", "没有待审批的延长申请", source=dl.EXTENSION_SOURCE
            )
        if approve:
            _raise(
                dl.check_extension_approval(
                    months=months, max_months=settings.ZHIXING_MAX_EXTENSION_MONTHS
                ),
                InputError,
            )
        return _append(case, code, on, actor, staff, {"months": months if approve else 0}, note)
