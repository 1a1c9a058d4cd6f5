"""督促执行令: the upper court orders the enforcing court to finish within a time limit
(民事诉讼法 第237条; 执行程序解释 第11条), and records that it was complied with; an order still
open when its time passes is marked overdue by the duty (第12条: the upper court must then take
the case or assign it, see `moves`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase
from zhixing.core.audit import audit_record
from zhixing.core.errors import DomainError

from ..models import ReviewCase, SupervisionAction
from ..rules import supervision as rules
from ._supervision_common import (
    OPEN_STATES,
    REASON_MAX,
    K,
    N,
    Status,
    acting_staff,
    day,
    decider,
    locked_action,
    locked_open_case,
    ordered_on,
    raise_first,
    text,
)

__all__ = ["enforce_order", "enforce_order_comply"]


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
        staff = decider(actor, case, K.ENFORCE_ORDER, what)
        on = ordered_on(case, on)
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
        row = locked_action(action.pk, K.ENFORCE_ORDER)
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
