"""What the supervision and entrustment services (`orders`, `moves`, `entrustment`) and the
instruction requests share: the `supervision.*` error codes bound to the shared service toolkit
(`zhixing.cases.services.toolkit`), a court as the rules see it, the upper court's deciding staff
member, the new case docketed at a receiving court, the locked action row, and settling open
actions — by hand or when their case closes (`register_hooks`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhixing.cases import services as case_services
from zhixing.cases.hooks import on_node
from zhixing.cases.models import EnforcementCase
from zhixing.cases.rules import filing as filing_rules
from zhixing.cases.rules.nodes import NodeCode
from zhixing.cases.services.toolkit import NOT_FOUND, Area, raise_first, who
from zhixing.closure.rules.modes import Ground, Mode
from zhixing.core.audit import audit_record
from zhixing.core.errors import AccessDenied, NotFound
from zhixing.organization.models import Court, Staff
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..models import SupervisionAction
from ..rules import supervision as rules

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
# 法发〔2014〕26号 第17条第10—12项
GROUND_OF = {
    K.ESCALATION: Ground.ESCALATED,
    K.DESIGNATION: Ground.DESIGNATED,
    K.CROSS_ASSIGNMENT: Ground.DESIGNATED,
    K.ENTRUSTMENT: Ground.ENTRUSTED,
}
TERMINATED = Mode.TERMINATED  # 终结执行
REASON_MAX = 2000

_area = Area("supervision")
acting_staff = _area.acting_staff
may = _area.may_act
text = _area.text
day = _area.date


def locked_open_case(case_id: int, what: str, source: str) -> EnforcementCase:
    """The case row locked; refused unless docketed and not yet closed."""
    return _area.open_case(case_id, "court", what=what, source=source)


def ref(court: Court) -> rules.CourtRef:
    return rules.CourtRef(court.id, court.name, court.level, court.path)


# --- the deciding court -------------------------------------------------------------------------


def decider(actor: Any, case: EnforcementCase, kind: rules.Kind, what: str) -> Staff:
    """The upper court's staff member deciding `kind` on `case`: sees the case, works at a court
    above it, holds a deciding role."""
    if not scope_of(actor).covers(case.court_id):
        raise NotFound(NOT_FOUND)
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


def ordered_on(case: EnforcementCase, on: Any) -> date:
    return day(on, "on", "决定日期", not_before=case.filed_on, what="立案日期")


# --- the new case at the receiving court --------------------------------------------------------


def copy_case(
    *, actor: Any, case: EnforcementCase, court: Court, kind: rules.Kind, on: date
) -> EnforcementCase:
    """The case received and docketed at `court` with its own number, the original's parties and
    basis copied and the original linked (`previous_case`), through the filing services (which
    check the actor's filing role at that court)."""
    copied = case_services.case_inputs_from(case)
    new = case_services.case_receive(
        actor=actor,
        court=court,
        type_code=case.type_code,
        origin=case.origin,
        arrival=ARRIVAL_OF[kind].value,
        received_on=on,
        basis=copied.basis,
        parties=copied.parties,
        claim_amount=copied.claim_amount,
        previous_case=case,
    )
    # The application was made at the original court: its limitation finding stands, not one
    # recomputed from the day the case moved (民事诉讼法 第250条 counts to the application).
    EnforcementCase.objects.filter(pk=new.pk).update(limitation_warning=case.limitation_warning)
    checklist = dict.fromkeys(filing_rules.ACCEPTANCE_ITEMS, True)
    return case_services.case_docket(actor=actor, case=new, on=on, checklist=checklist)


def locked_action(pk: int, kind: rules.Kind) -> SupervisionAction:
    row = (
        SupervisionAction.objects.select_for_update(of=("self",))
        .select_related("case", "court", "to_court", "deciding_court", "new_case")
        .filter(pk=pk, kind=kind)
        .first()
    )
    if row is None:
        raise NotFound("未找到该记录，或您无权查看")
    return row


def visible(actor: Any, row: SupervisionAction) -> None:
    """An entrustment is seen by the entrusting court, the entrusted court and the courts above."""
    scope = scope_of(actor)
    if not (scope.covers(row.court_id) or (row.to_court_id and scope.covers(row.to_court_id))):
        raise NotFound("未找到该记录，或您无权查看")


# --- settling ----------------------------------------------------------------------------------


def settle(actor: Any, rows: Any, why: str) -> int:
    """Marks `rows` (open or overdue actions) done, one audit record per row actually changed: each
    UPDATE matches only while the row is still open, so a concurrent settle changes it once."""
    changed = 0
    for pk, before, court_id in rows.values_list("pk", "status", "court_id"):
        if not SupervisionAction.objects.filter(pk=pk, status__in=OPEN_STATES).update(
            status=Status.DONE
        ):
            continue
        changed += 1
        audit_record(
            actor=actor,
            action="supervision.settled",
            court_id=court_id,
            object_type="review.supervisionaction",
            object_id=str(pk),
            summary=why,
            before={"status": before},
            after={"status": Status.DONE.value},
        )
    return changed


def settle_orders(case: EnforcementCase, actor: Any) -> None:
    """Open 督促执行令 on a case that moves or closes are done: the upper court has acted."""
    settle(
        actor,
        SupervisionAction.objects.filter(kind=K.ENFORCE_ORDER, case=case, status__in=OPEN_STATES),
        f"{case.case_number} 已移送或结案，督促执行令办结",
    )


def _case_closed(*, case: EnforcementCase, event: Any, actor: Any) -> None:
    """A closed case settles what was waiting on it, in the closing transaction: its open
    督促执行令 (the case was enforced or otherwise ended), and the entrustment whose entrusted case
    it is (受托案件执行完毕)."""
    settle_orders(case, actor)
    settle(
        actor,
        SupervisionAction.objects.filter(kind=K.ENTRUSTMENT, new_case=case, status__in=OPEN_STATES),
        f"受托案件 {case.case_number} 已结案，委托执行办结",
    )


def register_hooks() -> None:
    """Called from ReviewConfig.ready()."""
    on_node(N.CLOSED)(_case_closed)
