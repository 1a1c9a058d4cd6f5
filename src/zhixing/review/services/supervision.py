"""Upper-court supervision of a lower court's case and entrustment to another court (M6).

Each use case is one transaction: the case (or action) row locked, scope and role checked, the
rules asked, the node recorded on the case's timeline, the row written, the audit record appended.
A case that moves (提级、指定、交叉) gets its new case at the receiving court — received, docketed
with its own number, parties and basis copied — and the original is closed by 终结执行 with the
ground of 法发〔2014〕26号 第17条第10—11项, all in the same transaction: a refusal anywhere (the
closure refused, the new case's filing refused) leaves nothing behind.

Who acts (see `rules.supervision.DECIDER_ROLES`): taking or assigning a case is a ruling of the
upper court (执行程序解释 第11条) that dockets a case and closes the original in the same act, so a
judge of the upper court records it — the 结案 node needs 执行员 or 法官 (cases.rules.nodes
RULING_ROLES), the new case's 立案 a filing role; a president or vice-president whose approval the
court requires has a judge record the ruling. A 督促执行令 may be recorded by any supervising role.

Entrustment (民事诉讼法 第240条; 法释〔2011〕11号 第1—2条): the enforcing court entrusts
(`entrust`), the entrusted court dockets the case it receives (`entrustment_receive`: new case,
委托执行 arrival, the 15-day start and 30-day report clocks begin), the entrusting court then closes
its own case on the docketing notice (`entrustment_close`, 委托结案: 终结执行, ground 委托执行),
the entrusted court starts and reports (`entrustment_start`, `entrustment_report`), and after 15
days of silence the entrusting court may ask the entrusted court's superior to order it to act
(`entrustment_ask_superior`); that superior then issues a 督促执行令 on the entrusted case.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zhixing.cases import services as case_services
from zhixing.cases.hooks import on_node
from zhixing.cases.inputs import BasisInput, PartyInput
from zhixing.cases.models import EnforcementCase
from zhixing.cases.rules import filing as filing_rules
from zhixing.cases.rules.nodes import NodeCode
from zhixing.closure import services as closure_services
from zhixing.core.audit import audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.organization.models import Court, Staff
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..models import ReviewCase, SupervisionAction
from ..rules import supervision as rules
from ._supervision_common import (
    acting_staff,
    day,
    locked_open_case,
    raise_first,
    ref,
    text,
    who,
)

N = NodeCode
K = rules.Kind
Status = SupervisionAction.Status
OPEN_STATES = (Status.OPEN, Status.OVERDUE)

NODE_OF = {
    K.ENFORCE_ORDER: N.ENFORCE_ORDERED,
    K.ESCALATION: N.ESCALATED,
    K.DESIGNATION: N.DESIGNATED,
    K.CROSS_ASSIGNMENT: N.CROSS_ASSIGNED,
    K.ENTRUSTMENT: N.ENTRUSTED,
}
ARRIVAL_OF = {
    K.ESCALATION: filing_rules.Arrival.ESCALATION,
    K.DESIGNATION: filing_rules.Arrival.DESIGNATION,
    K.CROSS_ASSIGNMENT: filing_rules.Arrival.DESIGNATION,  # 交叉执行 is a designation in law
    K.ENTRUSTMENT: filing_rules.Arrival.ENTRUSTMENT,
}
# 法发〔2014〕26号 第17条第10—12项 (closure.rules.modes.Ground)
GROUND_OF = {
    K.ESCALATION: "escalated",
    K.DESIGNATION: "designated",
    K.CROSS_ASSIGNMENT: "designated",
    K.ENTRUSTMENT: "entrusted",
}
TERMINATED = "terminated"  # 终结执行 (closure.rules.modes.Mode.TERMINATED)
REASON_MAX = 2000


# --- the deciding court -------------------------------------------------------------------------


def _decider(actor: Any, case: EnforcementCase, kind: rules.Kind, what: str) -> Staff:
    """The upper court's staff member deciding `kind` on `case`: sees the case, works at a court
    above it, holds a deciding role."""
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    staff = staff_of(actor)
    if staff is None:
        raise AccessDenied(f"“{what}”须由法院工作人员办理", code="supervision.no_staff")
    raise_first(
        rules.check_decider(kind, case_court=ref(case.court), deciding_court=ref(staff.court))
    )
    allowed = rules.DECIDER_ROLES[kind]
    if not roles_of(actor) & allowed:
        raise AccessDenied(f"“{what}”只能由上级法院{who(allowed)}办理", code="supervision.role")
    return staff


def may_decide(actor: Any, case: EnforcementCase, kind: rules.Kind) -> bool:
    """Whether the actor may take `kind` on the case now (pages show only the forms that apply)."""
    if case.status != EnforcementCase.Status.DOCKETED:
        return False
    staff = staff_of(actor)
    if staff is None or not scope_of(actor).covers(case.court_id):
        return False
    if not roles_of(actor) & rules.DECIDER_ROLES[kind]:
        return False
    refusals = rules.check_decider(
        kind, case_court=ref(case.court), deciding_court=ref(staff.court)
    )
    return not refusals


def _ordered_on(case: EnforcementCase, on: Any) -> date:
    return day(on, "on", "决定日期", not_before=case.filed_on, what="立案日期")


# --- the new case at the receiving court --------------------------------------------------------


def _copy_case(
    *, actor: Any, case: EnforcementCase, court: Court, kind: rules.Kind, on: date
) -> EnforcementCase:
    """The case received and docketed at `court` with its own number, the original's parties and
    basis copied and the original linked (`previous_case`), through the filing services (which
    check the actor's filing role at that court)."""
    basis = case.basis
    basis_input = BasisInput(
        issuing_body=basis.issuing_body,
        document_number=basis.document_number,
        effective_on=basis.effective_on,
        obligations=basis.obligations,
        performance_deadline=basis.performance_deadline,
        amount=basis.amount,
    )
    parties = [
        PartyInput(
            role=p.role,
            kind=p.kind,
            name=p.name,
            id_number=p.id_number,
            credit_code=p.credit_code,
            legal_representative=p.legal_representative,
            phone=p.phone,
            email=p.email,
            address=p.address,
        )
        for p in case.parties.order_by("pk")
    ]
    new = case_services.case_receive(
        actor=actor,
        court=court,
        type_code=case.type_code,
        origin=case.origin,
        arrival=ARRIVAL_OF[kind].value,
        received_on=on,
        basis=basis_input,
        parties=parties,
        claim_amount=case.claim_amount,
        previous_case=case,
    )
    # The application was made at the original court: its limitation finding stands, not one
    # recomputed from the day the case moved (民事诉讼法 第250条 counts to the application).
    EnforcementCase.objects.filter(pk=new.pk).update(limitation_warning=case.limitation_warning)
    checklist = dict.fromkeys(filing_rules.ACCEPTANCE_ITEMS, True)
    return case_services.case_docket(actor=actor, case=new, on=on, checklist=checklist)


def _settle_orders(case: EnforcementCase) -> None:
    """Open 督促执行令 on a case that moves or closes are done: the upper court has acted."""
    SupervisionAction.objects.filter(
        kind=K.ENFORCE_ORDER, case=case, status__in=OPEN_STATES
    ).update(status=Status.DONE)


# --- 督促执行令 ---------------------------------------------------------------------------------


def enforce_order(
    *,
    actor: Any,
    case: EnforcementCase,
    on: date,
    until: date,
    reason: str,
    review: ReviewCase | None = None,
) -> SupervisionAction:
    """督促执行令: the upper court orders the court to finish within a time limit (民事诉讼法
    第237条; 执行程序解释 第11条). If the limit passes without good reason the upper court must take
    the case or assign it (第12条): the overdue duty marks it for the upper court's list."""
    what = rules.KIND_LABELS[K.ENFORCE_ORDER]
    reason = text(reason, "reason", "理由", REASON_MAX)
    with transaction.atomic():
        case = locked_open_case(case.pk, f"发出{what}", rules.ORDER_SOURCE)
        staff = _decider(actor, case, K.ENFORCE_ORDER, what)
        on = _ordered_on(case, on)
        raise_first(
            rules.check_order_until(decided_on=on, until=until),
            input_codes=frozenset({"supervision.until_required", "supervision.until_order"}),
        )
        if SupervisionAction.objects.filter(
            kind=K.ENFORCE_ORDER, case=case, status__in=OPEN_STATES
        ).exists():
            raise DomainError(
                "supervision.order_open",
                "本案已有尚未完成的督促执行令；期限届满仍未执行完结的，应当提级执行或指定执行",
                source=rules.LAPSE_SOURCE,
            )
        case_services.node_record_owned(
            actor=actor,
            case=case,
            code=N.ENFORCE_ORDERED,
            on=on,
            data={"until": until.isoformat(), "deciding_court": staff.court.code},
            note=reason,
        )
        action = SupervisionAction.objects.create(
            kind=K.ENFORCE_ORDER,
            case=case,
            court_id=case.court_id,
            deciding_court=staff.court,
            review=review,
            decided_on=on,
            decided_by=staff,
            reason=reason,
            until=until,
        )
        audit_record(
            actor=actor,
            action="supervision.enforce_order",
            court_id=case.court_id,
            obj=action,
            summary=f"{staff.court.name}对{case.case_number}发出督促执行令，限 {until:%Y年%m月%d日} 前执行",
            after={"until": until, "on": on, "reason": reason, "review": review and review.pk},
        )
    return action


def enforce_order_comply(
    *, actor: Any, action: SupervisionAction, on: date, note: str = ""
) -> SupervisionAction:
    """The upper court records that the order was complied with (the case enforced within the time
    limit); an order whose case closes is done by itself (see `register_hooks`)."""
    note = text(note, "note", "执行情况", 300, required=False)
    with transaction.atomic():
        row = _locked_action(action.pk, K.ENFORCE_ORDER)
        acting_staff(actor, row.deciding_court_id, rules.SUPERVISION_ROLES, "督促执行令办结")
        if row.status == Status.DONE:
            raise DomainError("supervision.done", "该督促执行令已办结", source=rules.ORDER_SOURCE)
        on = day(on, "on", "办结日期", not_before=row.decided_on, what="发出日期")
        before = row.status
        row.status = Status.DONE
        row.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="supervision.enforce_order_comply",
            court_id=row.court_id,
            obj=row,
            summary=f"督促执行令办结：{row.case}",
            before={"status": before},
            after={"status": row.status, "on": on, "note": note},
        )
    return row


# --- 提级、指定、交叉 -------------------------------------------------------------------------------


def _move(
    *,
    actor: Any,
    case: EnforcementCase,
    kind: rules.Kind,
    on: date,
    to_court: Court | None,
    reason: str,
    review: ReviewCase | None,
) -> SupervisionAction:
    what = rules.KIND_LABELS[kind]
    source = rules.KIND_SOURCES[kind]
    reason = text(reason, "reason", "理由", REASON_MAX)
    with transaction.atomic():
        case = locked_open_case(case.pk, what, source)
        staff = _decider(actor, case, kind, what)
        target = staff.court if kind is K.ESCALATION else to_court
        raise_first(
            rules.check_target(
                kind,
                case_court=ref(case.court),
                deciding_court=ref(staff.court),
                target=ref(target) if target is not None else None,
            ),
            input_codes=frozenset({"supervision.target_required"}),
        )
        assert target is not None
        on = _ordered_on(case, on)
        new_case = _copy_case(actor=actor, case=case, court=target, kind=kind, on=on)
        case_services.node_record_owned(
            actor=actor,
            case=case,
            code=NODE_OF[kind],
            on=on,
            data={"to_court": target.code, "case_number": new_case.case_number},
            note=reason,
        )
        closure_services.case_close(
            actor=actor,
            case=case,
            mode=TERMINATED,
            on=on,
            ground=GROUND_OF[kind],
            note=f"{what}：{target.name} {new_case.case_number}",
        )
        _settle_orders(case)
        action = SupervisionAction.objects.create(
            kind=kind,
            case=case,
            court_id=case.court_id,
            deciding_court=staff.court,
            to_court=target,
            review=review,
            new_case=new_case,
            decided_on=on,
            decided_by=staff,
            reason=reason,
            status=Status.DONE,
        )
        audit_record(
            actor=actor,
            action=f"supervision.{kind.value}",
            court_id=case.court_id,
            obj=action,
            summary=f"{staff.court.name}{what}：{case.case_number} → {target.name} {new_case.case_number}，原案终结执行",
            after={
                "to_court": target.code,
                "new_case": new_case.case_number,
                "on": on,
                "reason": reason,
                "review": review and review.pk,
            },
        )
    return action


def escalate(
    *,
    actor: Any,
    case: EnforcementCase,
    on: date,
    reason: str,
    review: ReviewCase | None = None,
) -> SupervisionAction:
    """提级执行: the upper court takes the case (民事诉讼法 第237条; 执行程序解释 第11条). A new case is
    docketed at the upper court and the original is closed by 终结执行, ground 提级执行, with no
    ruling of its own (法发〔2014〕26号 第17条第10项)."""
    return _move(
        actor=actor,
        case=case,
        kind=K.ESCALATION,
        on=on,
        to_court=None,
        reason=reason,
        review=review,
    )


def designate(
    *,
    actor: Any,
    case: EnforcementCase,
    on: date,
    to_court: Court | None,
    reason: str,
    review: ReviewCase | None = None,
) -> SupervisionAction:
    """指定执行: another enforcing court within the upper court's district takes the case
    (执行程序解释 第11条 "本辖区其他人民法院"); the original closes by 终结执行, ground 指定执行
    (法发〔2014〕26号 第17条第11项)."""
    return _move(
        actor=actor,
        case=case,
        kind=K.DESIGNATION,
        on=on,
        to_court=to_court,
        reason=reason,
        review=review,
    )


def cross_assign(
    *, actor: Any, case: EnforcementCase, on: date, to_court: Court | None, reason: str
) -> SupervisionAction:
    """交叉执行: the upper court has a peer court of the same level take the case. In law it is a
    designation (最高人民法院关于交叉执行工作的指导意见, 2024: "通过法律规定的指定、提级执行"), so its
    effect is a designation's: new case (arrival 指定执行) and the original closed by 终结执行, ground
    指定执行; the action keeps its own kind so the upper court's lists tell them apart."""
    return _move(
        actor=actor,
        case=case,
        kind=K.CROSS_ASSIGNMENT,
        on=on,
        to_court=to_court,
        reason=reason,
        review=None,
    )


# --- 委托执行 -----------------------------------------------------------------------------------


def _locked_action(pk: int, kind: rules.Kind) -> SupervisionAction:
    row = (
        SupervisionAction.objects.select_for_update(of=("self",))
        .select_related("case", "court", "to_court", "deciding_court", "new_case")
        .filter(pk=pk, kind=kind)
        .first()
    )
    if row is None:
        raise NotFound("未找到该记录，或您无权查看")
    return row


def _visible(actor: Any, row: SupervisionAction) -> None:
    """An entrustment is seen by the entrusting court, the entrusted court and the courts above."""
    scope = scope_of(actor)
    if not (scope.covers(row.court_id) or (row.to_court_id and scope.covers(row.to_court_id))):
        raise NotFound("未找到该记录，或您无权查看")


def entrust(
    *,
    actor: Any,
    case: EnforcementCase,
    on: date,
    to_court: Court | None,
    reason: str,
    matters: str = "",
) -> SupervisionAction:
    """委托执行: the enforcing court entrusts the case to a court of the same level elsewhere
    (民事诉讼法 第240条; 法释〔2011〕11号 第1条). The case stays open until the entrusted court has
    docketed it (`entrustment_receive`, then `entrustment_close`, 法释〔2011〕11号 第2条)."""
    what = rules.KIND_LABELS[K.ENTRUSTMENT]
    reason = text(reason, "reason", "委托理由", REASON_MAX)
    matters = text(matters, "matters", "委托执行事项", REASON_MAX, required=False)
    with transaction.atomic():
        case = locked_open_case(case.pk, what, rules.ENTRUSTMENT_SOURCE)
        staff = acting_staff(actor, case.court_id, rules.DECIDER_ROLES[K.ENTRUSTMENT], what)
        raise_first(
            rules.check_decider(
                K.ENTRUSTMENT, case_court=ref(case.court), deciding_court=ref(staff.court)
            )
            or rules.check_target(
                K.ENTRUSTMENT,
                case_court=ref(case.court),
                deciding_court=ref(staff.court),
                target=ref(to_court) if to_court is not None else None,
            ),
            input_codes=frozenset({"supervision.target_required"}),
        )
        assert to_court is not None
        on = _ordered_on(case, on)
        if SupervisionAction.objects.filter(
            kind=K.ENTRUSTMENT, case=case, status__in=OPEN_STATES
        ).exists():
            raise DomainError(
                "entrustment.open", "本案已委托其他法院执行", source=rules.ENTRUSTMENT_SOURCE
            )
        case_services.node_record_owned(
            actor=actor,
            case=case,
            code=N.ENTRUSTED,
            on=on,
            data={"to_court": to_court.code, "case_number": ""},
            note=reason,
        )
        full_reason = f"{reason}\n委托执行事项：{matters}" if matters else reason
        action = SupervisionAction.objects.create(
            kind=K.ENTRUSTMENT,
            case=case,
            court_id=case.court_id,
            deciding_court_id=case.court_id,
            to_court=to_court,
            decided_on=on,
            decided_by=staff,
            reason=full_reason,
        )
        audit_record(
            actor=actor,
            action="supervision.entrust",
            court_id=case.court_id,
            obj=action,
            summary=f"{case.case_number} 委托{to_court.name}执行",
            after={"to_court": to_court.code, "on": on, "reason": reason, "matters": matters},
        )
    return action


def entrustment_receive(*, actor: Any, action: SupervisionAction, on: date) -> SupervisionAction:
    """The entrusted court receives the letter and dockets the case (法释〔2011〕11号 第2条): a new
    case with its own number (arrival 委托执行), the 受托法院收到委托执行函 node on it, which starts
    the 15-day start and 30-day report clocks (民事诉讼法 第240条)."""
    with transaction.atomic():
        row = _locked_action(action.pk, K.ENTRUSTMENT)
        _visible(actor, row)
        assert row.to_court is not None
        acting_staff(actor, row.to_court_id, rules.RECEIVE_ROLES, "委托执行立案")
        if row.received_on is not None:
            raise DomainError(
                "entrustment.received",
                f"已于 {row.received_on:%Y年%m月%d日} 立案受理（{row.new_case}）",
                source=rules.ENTRUSTMENT_SOURCE,
            )
        on = day(on, "on", "收到委托函件日期", not_before=row.decided_on, what="委托日期")
        original = (
            EnforcementCase.objects.select_related("basis", "court").filter(pk=row.case_id).get()
        )
        new_case = _copy_case(
            actor=actor, case=original, court=row.to_court, kind=K.ENTRUSTMENT, on=on
        )
        case_services.node_record_owned(
            actor=actor,
            case=new_case,
            code=N.ENTRUSTMENT_RECEIVED,
            on=on,
            data={"from_case": original.case_number, "from_court": original.court.code},
        )
        row.received_on, row.new_case = on, new_case
        row.save(update_fields=["received_on", "new_case"])
        audit_record(
            actor=actor,
            action="supervision.entrustment_receive",
            court_id=row.to_court_id,
            obj=row,
            summary=f"受托立案 {new_case.case_number}（委托法院：{original.court.name} {original.case_number}）",
            after={"received_on": on, "new_case": new_case.case_number},
        )
    return row


def entrustment_close(*, actor: Any, action: SupervisionAction, on: date) -> SupervisionAction:
    """委托结案: once the entrusted court has docketed the case, the entrusting court closes its
    own case by 终结执行, ground 委托执行 (法释〔2011〕11号 第2条; 法发〔2014〕26号 第17条第12项)."""
    with transaction.atomic():
        row = _locked_action(action.pk, K.ENTRUSTMENT)
        _visible(actor, row)
        acting_staff(actor, row.court_id, rules.RULING_ROLES, "委托结案")
        if row.received_on is None or row.new_case is None:
            raise DomainError(
                "entrustment.not_received",
                "受托法院立案后，委托法院收到立案通知书方可作委托结案处理",
                source=rules.ENTRUSTMENT_CLOSE_SOURCE,
            )
        case = locked_open_case(row.case_id, "委托结案", rules.ENTRUSTMENT_CLOSE_SOURCE)
        on = day(on, "on", "结案日期", not_before=row.received_on, what="受托法院立案日期")
        closure_services.case_close(
            actor=actor,
            case=case,
            mode=TERMINATED,
            on=on,
            ground=GROUND_OF[K.ENTRUSTMENT],
            note=f"委托执行：{row.to_court} {row.new_case.case_number}",
        )
        audit_record(
            actor=actor,
            action="supervision.entrustment_close",
            court_id=row.court_id,
            obj=row,
            summary=f"{case.case_number} 委托结案（受托案号 {row.new_case.case_number}）",
            after={"on": on},
        )
    return row


def _entrusted_step(
    *, actor: Any, action: SupervisionAction, on: date, step: str, report: str = ""
) -> SupervisionAction:
    label = "开始执行" if step == "start" else "函告执行情况"
    with transaction.atomic():
        row = _locked_action(action.pk, K.ENTRUSTMENT)
        _visible(actor, row)
        assert row.to_court_id is not None
        acting_staff(actor, row.to_court_id, rules.PROGRESS_ROLES, f"受托法院{label}")
        if not isinstance(on, date):
            raise InputError("supervision.date_required", "请填写日期", field="on")
        raise_first(
            rules.check_entrustment_step(
                step=step, received_on=row.received_on, started_on=row.started_on, on=on
            ),
            input_codes=frozenset({"entrustment.date_order"}),
        )
        on = day(on, "on", f"{label}日期")
        assert row.new_case is not None
        code = N.ENTRUSTMENT_STARTED if step == "start" else N.ENTRUSTMENT_REPORTED
        data = {"report": report} if report else {}
        case_services.node_record_owned(
            actor=actor, case=row.new_case, code=code, on=on, data=data, note=report[:300]
        )
        field = "started_on" if step == "start" else "reported_on"
        setattr(row, field, on)
        row.save(update_fields=[field])
        audit_record(
            actor=actor,
            action=f"supervision.entrustment_{step}",
            court_id=row.to_court_id,
            obj=row,
            summary=f"受托法院{label}：{row.new_case.case_number}",
            after={field: on, "report": report},
        )
    return row


def entrustment_start(*, actor: Any, action: SupervisionAction, on: date) -> SupervisionAction:
    """The entrusted court starts enforcing — within 15 days of receiving the letter (民事诉讼法
    第240条)."""
    return _entrusted_step(actor=actor, action=action, on=on, step="start")


def entrustment_report(
    *, actor: Any, action: SupervisionAction, on: date, report: str
) -> SupervisionAction:
    """The entrusted court reports progress by letter when not finished within 30 days (民事诉讼法
    第240条); it may report more than once."""
    report = text(report, "report", "执行情况", 2000)
    return _entrusted_step(actor=actor, action=action, on=on, step="report", report=report)


def entrustment_ask_superior(
    *, actor: Any, action: SupervisionAction, on: date, note: str = ""
) -> SupervisionAction:
    """After 15 days of silence the entrusting court asks the entrusted court's superior to order it
    to act (民事诉讼法 第240条). The request is recorded on the entrustment, which the superior's
    supervision list shows first; the superior acts by a 督促执行令 on the entrusted case."""
    note = text(note, "note", "请求事项", 1000, required=False)
    with transaction.atomic():
        row = _locked_action(action.pk, K.ENTRUSTMENT)
        _visible(actor, row)
        acting_staff(actor, row.court_id, rules.ASK_ROLES, "请求受托法院的上级法院指令执行")
        if not isinstance(on, date):
            raise InputError("supervision.date_required", "请填写请求日期", field="on")
        on = day(on, "on", "请求日期")
        raise_first(
            rules.check_ask_superior(
                received_on=row.received_on,
                started_on=row.started_on,
                asked_on=row.superior_asked_on,
                on=on,
                calendar=legal_calendar(),
            ),
            input_codes=frozenset({"entrustment.too_early"}),
        )
        row.superior_asked_on = on
        if row.overdue_since is None:
            assert row.received_on is not None
            row.overdue_since = rules.silence_from(row.received_on, legal_calendar())
        row.save(update_fields=["superior_asked_on", "overdue_since"])
        superior = row.to_court.parent if row.to_court else None
        audit_record(
            actor=actor,
            action="supervision.entrustment_ask_superior",
            court_id=row.court_id,
            obj=row,
            summary=f"请求{superior or '受托法院的上级法院'}指令{row.to_court}执行（{row.new_case}）",
            after={"on": on, "note": note, "superior": superior.code if superior else ""},
        )
    return row


# --- reactions ----------------------------------------------------------------------------------


def _case_closed(*, case: EnforcementCase, event: Any, actor: Any) -> None:
    """A closed case settles what was waiting on it, in the closing transaction: its open
    督促执行令 (the case was enforced or otherwise ended), and the entrustment whose entrusted case
    it is (受托案件执行完毕)."""
    _settle_orders(case)
    SupervisionAction.objects.filter(
        kind=K.ENTRUSTMENT, new_case=case, status__in=OPEN_STATES
    ).update(status=Status.DONE)


def register_hooks() -> None:
    """Called from ReviewConfig.ready()."""
    on_node(N.CLOSED)(_case_closed)
