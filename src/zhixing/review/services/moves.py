"""提级、指定、交叉执行: the upper court takes a lower court's case, or has another court take it
(民事诉讼法 第237条; 执行程序解释 第11条). The new case is docketed at the receiving court —
received, numbered, parties and basis copied — and the original is closed by 终结执行 with the
ground of 法发〔2014〕26号 第17条第10—11项, in one transaction: a refusal anywhere (the closure
refused, the new case's filing refused) leaves nothing behind."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase
from zhixing.closure import services as closure_services
from zhixing.core.audit import audit_record
from zhixing.organization.models import Court

from ..models import ReviewCase, SupervisionAction
from ..rules import supervision as rules
from ._supervision_common import (
    GROUND_OF,
    NODE_OF,
    REASON_MAX,
    TERMINATED,
    K,
    Status,
    copy_case,
    decider,
    locked_open_case,
    ordered_on,
    raise_first,
    ref,
    settle_orders,
    text,
)

__all__ = ["cross_assign", "designate", "escalate"]


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
        staff = decider(actor, case, kind, what)
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
        on = ordered_on(case, on)
        new_case = copy_case(actor=actor, case=case, court=target, kind=kind, on=on)
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
            by_upper_court=True,  # the upper court's decision closes the original (第17条)
        )
        settle_orders(case, actor)
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
