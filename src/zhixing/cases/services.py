"""Every write to enforcement cases: one transaction, the case locked, rules checked, audit written.

Filing (case_receive, case_docket, case_refuse), the node timeline (node_record), extensions,
stage assignment, collegial decisions, trial coordination, reminders.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from zhixing.core.audit import audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.rules.case_number import format_case_number
from zhixing.core.rules.identity import parse_credit_code, parse_id_number
from zhixing.core.rules.money import to_money
from zhixing.core.rules.roles import Role
from zhixing.organization.models import Court, Staff
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from . import hooks, notifications
from .inputs import BasisInput, PartyInput
from .models import (
    CaseDeadline,
    CaseNumberSequence,
    CollegialDecision,
    EnforcementBasis,
    EnforcementCase,
    NodeEvent,
    Party,
    Reminder,
    StageAssignment,
    Team,
    TrialFeedback,
    VoluntaryPerformance,
)
from .rules import deadlines as dl
from .rules import filing
from .rules.nodes import (
    ASSIGNING_ROLES,
    NODE_TABLE,
    NodeCode,
    Recorded,
    Refusal,
    Stage,
    check_node,
    current_stage,
)

N = NodeCode
QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _raise(refusals: list[Refusal], cls: type[DomainError] = DomainError) -> None:
    if refusals:
        first = refusals[0]
        raise cls(first.code, first.message, source=first.source, field=first.field or None)


def _actor_staff(actor: Any, court: Court) -> Staff | None:
    """The acting staff member, who must see the court (own court or an upper court)."""
    if not scope_of(actor).covers(court.id):
        raise NotFound("未找到该案件，或您无权查看")
    return staff_of(actor)


def _money(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = to_money(value if isinstance(value, str | int | Decimal) else str(value))
    except (ValueError, TypeError) as error:
        raise InputError(
            getattr(error, "code", "money.format"),
            getattr(error, "message", "金额格式不正确"),
            field=field,
        ) from None
    if amount < 0:
        raise InputError("money.negative", "金额不能为负数", field=field)
    return amount


def _check_party(index: int, party: PartyInput, today: date) -> dict[str, Any]:
    prefix = f"parties.{index}"
    role = _enum(filing.PartyRole, party.role, f"{prefix}.role", "诉讼地位")
    kind = _enum(filing.PartyKind, party.kind, f"{prefix}.kind", "当事人类型")
    if not party.name.strip():
        raise InputError("party.name_required", "请填写当事人姓名或名称", field=f"{prefix}.name")
    values: dict[str, Any] = {
        "role": role.value,
        "kind": kind.value,
        "name": party.name.strip(),
        "minor_at_filing": False,
    }
    if kind is filing.PartyKind.PERSON:
        if party.id_number.strip():
            try:
                parsed = parse_id_number(party.id_number, today=today)
            except ValueError as error:
                raise DomainError.from_rule(error, field=f"{prefix}.id_number") from None
            values["id_number"] = parsed.value
            values["minor_at_filing"] = parsed.is_minor_on(today)
    else:
        if party.credit_code.strip():
            try:
                values["credit_code"] = parse_credit_code(party.credit_code)
            except ValueError as error:
                raise DomainError.from_rule(error, field=f"{prefix}.credit_code") from None
        if not party.legal_representative.strip():
            raise InputError(
                "party.representative_required",
                "法人或非法人组织须填写法定代表人或负责人",
                field=f"{prefix}.legal_representative",
            )
        values["legal_representative"] = party.legal_representative.strip()
    values.update(
        phone=party.phone.strip(), email=party.email.strip(), address=party.address.strip()
    )
    return values


def _enum(enum: type, value: Any, field: str, label: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise InputError(
            f"{field.split('.')[-1]}.invalid", f"{label}取值无效：{value}", field=field
        ) from None


def case_receive(
    *,
    actor: Any,
    court: Court,
    type_code: str,
    origin: str,
    arrival: str,
    received_on: date,
    basis: BasisInput,
    parties: list[PartyInput],
    claim_amount: Decimal | str | None = None,
    previous_case: EnforcementCase | None = None,
) -> EnforcementCase:
    """Registers an application or transfer (收案). Starts the 7-day docketing clock and the 10-day
    enforcement-notice clock. A late application gets the limitation warning, never a refusal."""
    today = timezone.localdate()
    case_type = _enum(filing.CaseType, type_code, "type_code", "案件类型")
    origin_value = _enum(filing.Origin, origin, "origin", "执行依据种类")
    arrival_value = _enum(filing.Arrival, arrival, "arrival", "案件来源")
    if origin_value not in filing.ORIGINS_BY_TYPE[case_type]:
        raise InputError(
            "case.origin_type",
            f"{filing.CASE_TYPE_LABELS[case_type]}案件不能以“{filing.ORIGIN_LABELS[origin_value]}”为执行依据",
            field="origin",
            source="法发〔2014〕26号 第1条",
        )
    if received_on > today:
        raise InputError("case.received_future", "收案日期不能晚于今天", field="received_on")
    claim = _money(claim_amount, "claim_amount")
    amount = _money(basis.amount, "basis.amount")
    _raise(
        filing.check_basis(
            effective_on=basis.effective_on,
            performance_deadline=basis.performance_deadline,
            amount=amount,
            claim_amount=claim,
            received_on=received_on,
        ),
        InputError,
    )
    if (
        not basis.document_number.strip()
        or not basis.issuing_body.strip()
        or not basis.obligations.strip()
    ):
        raise InputError(
            "basis.required", "请完整填写执行依据的作出机关、文书编号和确定的义务", field="basis"
        )
    checked = [_check_party(i, p, received_on) for i, p in enumerate(parties)]
    roles = {p["role"] for p in checked}
    if roles != {filing.PartyRole.APPLICANT.value, filing.PartyRole.RESPONDENT.value}:
        raise InputError("case.parties", "须至少有一名申请执行人和一名被执行人", field="parties")
    warning = filing.limitation_warning(
        effective_on=basis.effective_on,
        performance_deadline=basis.performance_deadline,
        received_on=received_on,
    )
    with transaction.atomic():
        staff = _actor_staff(actor, court)
        _require_roles(actor, NODE_TABLE[N.RECEIVED].roles, "收案登记")
        case = EnforcementCase.objects.create(
            court=court,
            high_court_id=court.high_court_id,
            type_code=case_type.value,
            year=received_on.year,
            origin=origin_value.value,
            arrival=arrival_value.value,
            received_on=received_on,
            claim_amount=claim,
            limitation_warning=warning,
            query_code=_new_query_code(),
            previous_case=previous_case,
        )
        EnforcementBasis.objects.create(
            case=case,
            issuing_body=basis.issuing_body.strip(),
            document_number=basis.document_number.strip(),
            effective_on=basis.effective_on,
            performance_deadline=basis.performance_deadline,
            obligations=basis.obligations.strip(),
            amount=amount,
        )
        Party.objects.bulk_create([Party(case=case, court=court, **values) for values in checked])
        audit_record(
            actor=actor,
            action="case.receive",
            court_id=court.id,
            obj=case,
            summary=f"收案：{checked[0]['name']} 申请执行 {checked[-1]['name']}",
            after={
                "type": case_type.value,
                "origin": origin_value.value,
                "received_on": received_on,
                "claim_amount": claim,
                "parties": [p["name"] for p in checked],
                "limitation_warning": bool(warning),
            },
        )
        _append(case, N.RECEIVED, received_on, actor, staff, {})
    return case


def _new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(10))


def _require_roles(actor: Any, allowed: frozenset[Role], what: str) -> None:
    if not (roles_of(actor) & allowed):
        who = "、".join(sorted(r.label for r in allowed))
        raise AccessDenied(f"“{what}”只能由{who}办理", code="node.role")


def _next_serial(court: Court, type_code: str, year: int) -> int:
    """Write first, then read: the UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite)
    before the value is read, so two clerks can never get the same number."""
    updated = CaseNumberSequence.objects.filter(court=court, type_code=type_code, year=year).update(
        last=F("last") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                CaseNumberSequence.objects.create(
                    court=court, type_code=type_code, year=year, last=1
                )
            return 1
        except IntegrityError:
            CaseNumberSequence.objects.filter(court=court, type_code=type_code, year=year).update(
                last=F("last") + 1
            )
    return CaseNumberSequence.objects.get(court=court, type_code=type_code, year=year).last


def _locked(case: EnforcementCase) -> EnforcementCase:
    return (
        EnforcementCase.objects.select_for_update(of=("self",))
        .select_related("court")
        .get(pk=case.pk)
    )


def case_docket(
    *, actor: Any, case: EnforcementCase, on: date, checklist: dict[str, bool]
) -> EnforcementCase:
    """立案: every acceptance condition of 执行工作规定 第16条 confirmed, then the case number
    （收案年度）+ 法院代字 + 类型代字 + 序号 + 号 (法〔2015〕137号)."""
    _raise(filing.check_acceptance(checklist), InputError)
    with transaction.atomic():
        case = _locked(case)
        staff = _actor_staff(actor, case.court)
        _check_and_date(actor, case, N.DOCKETED, on)
        case.serial = _next_serial(case.court, case.type_code, case.year)
        case.case_number = format_case_number(
            year=case.year, court_code=case.court.code, type_code=case.type_code, serial=case.serial
        )
        case.filed_on = on
        case.status = EnforcementCase.Status.DOCKETED
        case.acceptance = {key: bool(checklist.get(key)) for key in filing.ACCEPTANCE_ITEMS}
        case.save(update_fields=["serial", "case_number", "filed_on", "status", "acceptance"])
        audit_record(
            actor=actor,
            action="case.docket",
            court_id=case.court_id,
            obj=case,
            summary=f"立案 {case.case_number}",
            after={"case_number": case.case_number, "filed_on": on, "acceptance": case.acceptance},
        )
        _append(case, N.DOCKETED, on, actor, staff, {"case_number": case.case_number})
    return case


def case_refuse(*, actor: Any, case: EnforcementCase, on: date, reason: str) -> EnforcementCase:
    if not reason.strip():
        raise InputError("case.reason_required", "请填写不予受理的理由", field="reason")
    with transaction.atomic():
        case = _locked(case)
        staff = _actor_staff(actor, case.court)
        _check_and_date(actor, case, N.REFUSED, on)
        case.status = EnforcementCase.Status.REFUSED
        case.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="case.refuse",
            court_id=case.court_id,
            obj=case,
            summary="裁定不予受理",
            after={"reason": reason.strip(), "on": on},
        )
        _append(case, N.REFUSED, on, actor, staff, {"reason": reason.strip()})
    return case


def _history(case: EnforcementCase) -> list[Recorded]:
    return [
        Recorded(NodeCode(code), on)
        for code, on in case.events.order_by("seq").values_list("code", "occurred_on")
    ]


def _check_and_date(actor: Any, case: EnforcementCase, code: NodeCode, on: date) -> None:
    node = NODE_TABLE[code]
    roles = roles_of(actor)
    if getattr(actor, "is_superuser", False):
        roles = roles | node.roles
    _raise(check_node(code, _history(case), roles))
    if on > timezone.localdate():
        raise InputError(
            "node.future",
            f"“{node.label}”的日期不能晚于今天",
            field="occurred_on",
            source=node.source,
        )
    last = case.events.order_by("-seq").values_list("occurred_on", flat=True).first()
    if last is not None and on < last:
        raise InputError(
            "node.date_order",
            f"“{node.label}”的日期不能早于上一节点（{last:%Y年%m月%d日}）",
            field="occurred_on",
            source=node.source,
        )


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
        EnforcementCase.objects.filter(pk=case.pk).update(status=EnforcementCase.Status.CLOSED)
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


def recompute_deadlines(case: EnforcementCase) -> list[CaseDeadline]:
    """Rewrites the case's deadline rows from its node events (the recipe stays the truth)."""
    events = [
        dl.Event(NodeCode(code), on, seq, int((data or {}).get("months", 0) or 0))
        for code, on, seq, data in case.events.order_by("seq").values_list(
            "code", "occurred_on", "seq", "data"
        )
    ]
    states = dl.compute_deadlines(events, legal_calendar(), non_litigation=case.non_litigation)
    holders = _holders(case)
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
            responsible_id=holders.get(state.recipe.stage.value, case.officer_id),
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
    node_code = _enum(NodeCode, code, "code", "节点")
    if node_code in (
        N.RECEIVED,
        N.DOCKETED,
        N.REFUSED,
        N.OFFICER_ASSIGNED,
        N.EXTENSION_REQUESTED,
        N.EXTENSION_APPROVED,
        N.EXTENSION_REFUSED,
    ):
        raise InputError(
            "node.dedicated",
            f"“{NODE_TABLE[node_code].label}”请通过相应的办理功能记录",
            field="code",
        )
    with transaction.atomic():
        case = _locked(case)
        staff = _actor_staff(actor, case.court)
        _check_and_date(actor, case, node_code, on)
        return _append(case, node_code, on, actor, staff, data or {}, note)


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
    stage_value = _enum(Stage, stage, "stage", "阶段")
    if (staff is None) == (team is None):
        raise InputError("stage.holder", "请选择一名人员或一个团队", field="staff")
    separated = tuple(settings.ZHIXING_SEPARATED_STAGES)
    count = 0
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
            recompute_deadlines(case)
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


PANEL_SOURCE = "执行工作规定 第5条"


def collegial_decision_record(
    *,
    actor: Any,
    case: EnforcementCase,
    kind: str,
    decided_on: date,
    subject: str,
    outcome: str,
    members: list[Staff],
    presiding: Staff,
) -> CollegialDecision:
    """A 合议庭 has at least three members, an odd number, and its presiding judge among them."""
    kind_value = _enum(CollegialDecision.Kind, kind, "kind", "评议形式")
    ids = {m.pk for m in members}
    if len(ids) < 3:
        raise InputError(
            "panel.size", "合议或联席会议至少须三名人员参加", field="members", source=PANEL_SOURCE
        )
    if kind_value == CollegialDecision.Kind.PANEL and len(ids) % 2 == 0:
        raise InputError(
            "panel.odd", "合议庭成员人数应为单数", field="members", source="人民法院组织法 第30条"
        )
    if presiding.pk not in ids:
        raise InputError("panel.presiding", "审判长（主持人）须为参加人员之一", field="presiding")
    if not subject.strip() or not outcome.strip():
        raise InputError("panel.required", "请填写评议事项和评议结果", field="outcome")
    with transaction.atomic():
        case = _locked(case)
        _actor_staff(actor, case.court)
        _require_roles(
            actor, frozenset({Role.JUDGE, Role.OFFICER, Role.BUREAU_CHIEF}), "记录合议评议"
        )
        if any(m.court_id != case.court_id for m in members):
            raise InputError("panel.other_court", "参加人员须为本院人员", field="members")
        decision = CollegialDecision.objects.create(
            case=case,
            court_id=case.court_id,
            kind=kind_value,
            decided_on=decided_on,
            subject=subject.strip(),
            outcome=outcome.strip(),
            presiding=presiding,
        )
        decision.members.set(members)
        audit_record(
            actor=actor,
            action="case.collegial_decision",
            court_id=case.court_id,
            obj=decision,
            summary=f"{case} {decision.get_kind_display()}：{decision.subject}",
            after={"members": sorted(ids), "presiding": presiding.pk, "outcome": decision.outcome},
        )
    return decision


def trial_feedback_raise(
    *, actor: Any, case: EnforcementCase, issue: str, on: date
) -> TrialFeedback:
    """判项不明确等问题反馈审判部门 (法发〔2009〕43号 一(二))."""
    if not issue.strip():
        raise InputError("feedback.required", "请写明需要审判部门答复的问题", field="issue")
    with transaction.atomic():
        case = _locked(case)
        staff = _actor_staff(actor, case.court)
        _require_roles(actor, frozenset({Role.OFFICER, Role.JUDGE}), "向审判部门反馈")
        feedback = TrialFeedback.objects.create(
            case=case, court_id=case.court_id, raised_on=on, raised_by=staff, issue=issue.strip()
        )
        audit_record(
            actor=actor,
            action="case.trial_feedback",
            court_id=case.court_id,
            obj=feedback,
            summary=f"{case} 反馈审判部门：判项问题",
            after={"issue": feedback.issue},
        )
    return feedback


def trial_feedback_answer(
    *, actor: Any, feedback: TrialFeedback, answer: str, on: date
) -> TrialFeedback:
    if not answer.strip():
        raise InputError("feedback.answer_required", "请填写答复内容", field="answer")
    with transaction.atomic():
        feedback = TrialFeedback.objects.select_for_update().get(pk=feedback.pk)
        staff = _actor_staff(actor, feedback.court)
        _require_roles(actor, frozenset({Role.JUDGE}), "答复执行部门反馈")
        if feedback.answered_on:
            raise DomainError("feedback.answered", "该反馈已经答复")
        feedback.answer, feedback.answered_on, feedback.answered_by = answer.strip(), on, staff
        feedback.save(update_fields=["answer", "answered_on", "answered_by"])
        audit_record(
            actor=actor,
            action="case.trial_feedback_answer",
            court_id=feedback.court_id,
            obj=feedback,
            summary="审判部门答复执行反馈",
            after={"answer": feedback.answer},
        )
    return feedback


def voluntary_performance_record(
    *,
    actor: Any,
    court: Court,
    document_number: str,
    performed_on: date,
    amount: Decimal | str | None,
) -> VoluntaryPerformance:
    """自动履行 before any enforcement application (M13: the voluntary-performance rate)."""
    value = _money(amount, "amount")
    if not document_number.strip():
        raise InputError(
            "voluntary.document_required", "请填写生效法律文书编号", field="document_number"
        )
    if performed_on > timezone.localdate():
        raise InputError("voluntary.future", "履行日期不能晚于今天", field="performed_on")
    with transaction.atomic():
        staff = _actor_staff(actor, court)
        _require_roles(
            actor, frozenset({Role.JUDGE, Role.CLERK, Role.ASSISTANT, Role.OFFICER}), "登记自动履行"
        )
        record = VoluntaryPerformance.objects.create(
            court=court,
            document_number=document_number.strip(),
            performed_on=performed_on,
            amount=value,
            recorded_by=staff,
        )
        audit_record(
            actor=actor,
            action="voluntary_performance.record",
            court_id=court.id,
            obj=record,
            summary=f"登记自动履行 {record.document_number}",
            after={"amount": value, "on": performed_on},
        )
    return record


def reminder_send(*, actor: Any, deadline: CaseDeadline, message: str) -> Reminder:
    """催办 an overdue or due-soon deadline: bureau chiefs of the court and anyone of an upper court."""
    if not message.strip():
        raise InputError("reminder.required", "请填写催办意见", field="message")
    with transaction.atomic():
        deadline = CaseDeadline.objects.select_related("case", "court").get(pk=deadline.pk)
        staff = _actor_staff(actor, deadline.court)
        upper = staff is not None and staff.court_id != deadline.court_id
        if not upper and not (
            roles_of(actor) & frozenset({Role.BUREAU_CHIEF, Role.PRESIDENT, Role.VICE_PRESIDENT})
        ):
            raise AccessDenied("只有执行局长、院领导或上级法院可以催办", code="reminder.role")
        if staff is None:
            raise AccessDenied("催办人须为法院工作人员", code="reminder.role")
        if deadline.met_on is not None:
            raise DomainError("reminder.met", "该期限已经完成，无需催办")
        reminder = Reminder.objects.create(
            deadline=deadline,
            case=deadline.case,
            court_id=deadline.court_id,
            sent_by=staff,
            sent_to_id=deadline.responsible_id or deadline.case.officer_id,
            message=message.strip(),
        )
        audit_record(
            actor=actor,
            action="case.remind",
            court_id=deadline.court_id,
            obj=reminder,
            summary=f"催办 {deadline.case}：{deadline.recipe.label}",
            after={"message": reminder.message},
        )
    return reminder


def reminder_mark_read(*, actor: Any, reminder: Reminder) -> Reminder:
    """The recipient acknowledges a 催办 (it leaves the worklist's unread list; the record stays)."""
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().get(pk=reminder.pk)
        me = staff_of(actor)
        if me is None or reminder.sent_to_id != me.pk:
            raise NotFound("未找到该催办")
        if reminder.read_at is None:
            reminder.read_at = timezone.now()
            reminder.save(update_fields=["read_at"])
            audit_record(
                actor=actor,
                action="case.reminder_read",
                court_id=reminder.court_id,
                obj=reminder,
                summary=f"{me.name} 已阅催办",
                after={"read_at": reminder.read_at},
            )
    return reminder
