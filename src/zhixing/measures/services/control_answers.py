"""Control measures: the linked departments' answers to the court's freeze, deduct and release
requests (民诉法解释 第485条, 民事诉讼法 第253条).

`freeze_answered`, `deduction_answered` and `release_answered` are registered with `linkage.hooks`
by `register_answer_handlers()` (from `MeasuresConfig.ready()`) and run inside the
transaction that stores the answer, so a repeated answer (recognised by linkage) never reaches
them and a refused one leaves nothing behind.

The time a department says a freeze took effect decides which court froze first (首封, 民诉法解释
第506条; 执行工作规定 第55条), so it is checked against what the court knows: not before the court
sent the request (the message's `created_at`), not after the answer arrives. The two clocks are
different machines, so `CLOCK_SKEW` (5 minutes) is allowed either way.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhixing.cases import services as case_services
from zhixing.cases.rules.nodes import NodeCode
from zhixing.core.audit import audit_record
from zhixing.core.errors import DomainError, InputError
from zhixing.core.rules.money import format_money
from zhixing.linkage.models import OutboxMessage, PartnerAnswer
from zhixing.linkage.rules.outbox import ControlAnswer

from ..models import Channel, ControlMeasure, ControlRenewal
from ..rules import control as rules
from ..rules.control import ControlKind, PropertyKind
from ._common import aware
from .control import M, R, describe, locked_measure
from .funds import receipt_record

__all__ = ["CLOCK_SKEW", "deduction_answered", "freeze_answered", "release_answered"]

log = logging.getLogger("zhixing.measures")
CLOCK_SKEW = timedelta(minutes=5)  # the department's clock against the court's, either way


def _aware(moment: datetime | None) -> datetime:
    return timezone.now() if moment is None else aware(moment)


def _checked_effective_at(message: OutboxMessage, parsed: ControlAnswer) -> datetime:
    """The time the department says it acted: not before the court's request was made, not after
    now (each allowing `CLOCK_SKEW`). A wrong time would put this court ahead of, or behind, another
    court's control of the same property; the answer is refused whole (422) and the department
    answers again."""
    moment = _aware(parsed.effective_at)
    skew = int(CLOCK_SKEW.total_seconds() // 60)
    asked = message.created_at
    if moment < asked - CLOCK_SKEW:
        raise InputError(
            "answer.effective_before_request",
            f"协助办理的生效时间（{timezone.localtime(moment):%Y-%m-%d %H:%M}）早于法院发出请求的时间"
            f"（{timezone.localtime(asked):%Y-%m-%d %H:%M}），请核对后重新答复（允许 {skew} 分钟时钟误差）",
            field="payload.effective_at",
        )
    now = timezone.now()
    if moment > now + CLOCK_SKEW:
        raise InputError(
            "answer.effective_in_future",
            f"协助办理的生效时间（{timezone.localtime(moment):%Y-%m-%d %H:%M}）晚于当前时间，"
            f"请核对后重新答复（允许 {skew} 分钟时钟误差）",
            field="payload.effective_at",
        )
    return moment


def _registered_term(parsed: ControlAnswer, asked: date, after: date) -> date:
    """The end of the term the department registered (`until`), when it names one: never beyond the
    end the court's ruling asked for (第485条 and the ruling bound it); a shorter one is the term
    that binds, so the measure's expiry (and its warning) follows it. It must still end after
    `after` (the start of a new control, the old end of a renewed one)."""
    until = parsed.until
    if until is None:
        return asked
    if until > asked:
        raise InputError(
            "answer.term_beyond_request",
            f"协助单位登记的期限届满日（{until:%Y-%m-%d}）晚于法院裁定的届满日（{asked:%Y-%m-%d}）",
            field="payload.until",
        )
    if until <= after:
        raise InputError(
            "answer.term_too_early",
            f"协助单位登记的期限届满日（{until:%Y-%m-%d}）应晚于 {after:%Y-%m-%d}",
            field="payload.until",
        )
    return until


def _effective_on(moment: datetime) -> date:
    return min(timezone.localtime(moment).date(), timezone.localdate())


def _answer_audit(row: Any, court_id: int, action: str, summary: str, after: dict) -> None:
    audit_record(
        actor=None, action=action, court_id=court_id, obj=row, summary=summary, after=after
    )


def freeze_answered(
    *, message: OutboxMessage, answer: PartnerAnswer, parsed: ControlAnswer
) -> None:
    """The department froze or sealed (or could not): the measure takes effect at the time it
    says, for the amount it actually froze (the balance may be lower than asked). An answer to a
    renewal moves the measure's term."""
    renewal = (
        ControlRenewal.objects.select_for_update(of=("self",))
        .select_related("measure")
        .filter(message=message)
        .first()
    )
    if renewal is not None:
        _renewal_answered(renewal, parsed)
        return
    row = (
        ControlMeasure.objects.select_for_update(of=("self",))
        .select_related("case")
        .filter(message=message, kind__in=[ControlKind.FREEZE, ControlKind.SEAL])
        .first()
    )
    if row is None or row.status != M.REQUESTED:
        return
    if not parsed.done:
        row.status, row.failure_reason = M.FAILED, parsed.reason
        row.save(update_fields=["status", "failure_reason"])
        _answer_audit(
            row,
            row.court_id,
            "measures.control_failed",
            f"{row.case} {describe(row)}：协助单位未能办理（{parsed.reason}）",
            {"status": row.status, "reason": parsed.reason},
        )
        return
    amount = row.requested_amount if parsed.amount is None else parsed.amount
    if row.property_kind == PropertyKind.DEPOSIT:
        if parsed.amount is None:
            raise InputError(
                "answer.freeze_amount_required",
                "冻结存款的答复须载明实际冻结金额",
                field="payload.amount",
            )
        if row.requested_amount is not None and parsed.amount > row.requested_amount:
            raise InputError(
                "answer.freeze_beyond_request",
                f"实际冻结金额超过法院请求冻结的 {format_money(row.requested_amount)} 元",
                field="payload.amount",
            )
    took_effect_at = _checked_effective_at(message, parsed)
    expires_on = row.expires_on
    if expires_on is not None:
        expires_on = _registered_term(parsed, expires_on, row.started_on)
    row.status = M.IN_EFFECT
    row.amount = amount
    row.took_effect_at = took_effect_at
    row.expires_on = expires_on
    row.save(update_fields=["status", "amount", "took_effect_at", "expires_on"])
    partly = (
        f"（请求 {format_money(row.requested_amount)} 元，实际冻结 {format_money(amount)} 元）"
        if amount is not None and row.requested_amount is not None and amount < row.requested_amount
        else ""
    )
    _answer_audit(
        row,
        row.court_id,
        "measures.control_effective",
        f"{row.case} {describe(row)} 已生效{partly}",
        {
            "status": row.status,
            "amount": amount,
            "took_effect_at": row.took_effect_at,
            "expires_on": row.expires_on,
        },
    )


def _renewal_answered(renewal: ControlRenewal, parsed: ControlAnswer) -> None:
    if renewal.status != R.REQUESTED:
        return
    measure = locked_measure(renewal.measure)
    term = renewal.new_expiry
    if not parsed.done:
        renewal.status, renewal.failure_reason = R.FAILED, parsed.reason
        renewal.save(update_fields=["status", "failure_reason"])
        summary = f"{describe(measure)} 续行未能办理（{parsed.reason}）"
    else:
        term = _registered_term(parsed, renewal.new_expiry, renewal.old_expiry)
        renewal.status = R.IN_EFFECT
        renewal.save(update_fields=["status"])
        if measure.status == M.IN_EFFECT and (
            measure.expires_on is None or measure.expires_on < term
        ):
            measure.expires_on = term
            measure.save(update_fields=["expires_on"])
        summary = f"{describe(measure)} 已续行至 {term}"
    _answer_audit(
        renewal,
        measure.court_id,
        "measures.renewal_answered",
        summary,
        {
            "status": renewal.status,
            "new_expiry": renewal.new_expiry,
            "registered_until": parsed.until,
            "reason": parsed.reason,
        },
    )


def deduction_answered(
    *, message: OutboxMessage, answer: PartnerAnswer, parsed: ControlAnswer
) -> None:
    """The bank transferred the money: the deduction is done, the freeze's remainder drops and the
    money is received into the case account (channel 法院扣划) under the bank's transfer serial —
    once: a repeated answer never gets here, and the receipt is idempotent on its reference.

    The receipt is recorded in the name of the officer who ordered the deduction; if that officer
    can no longer act for the court, the answer is refused whole and stays with the department
    (and on the reconciliation list) until another officer takes the case over."""
    row = (
        ControlMeasure.objects.select_for_update(of=("self",))
        .select_related("case", "party", "department")
        .filter(message=message, kind=ControlKind.DEDUCT)
        .first()
    )
    if row is None or row.status != M.REQUESTED:
        return
    if not parsed.done:
        row.status, row.failure_reason = M.FAILED, parsed.reason
        row.save(update_fields=["status", "failure_reason"])
        _answer_audit(
            row,
            row.court_id,
            "measures.deduction_failed",
            f"{row.case} {describe(row)}：银行未能扣划（{parsed.reason}）",
            {"status": row.status, "reason": parsed.reason},
        )
        return
    assert parsed.amount is not None and row.freeze_id is not None
    freeze = locked_measure(row.freeze)  # type: ignore[arg-type]
    if row.requested_amount is not None and parsed.amount > row.requested_amount:
        raise InputError(
            "answer.deduct_beyond_request",
            f"划拨金额超过法院请求扣划的 {format_money(row.requested_amount)} 元",
            field="payload.amount",
        )
    if parsed.amount > (freeze.frozen_remaining or rules.ZERO):
        raise InputError(
            "answer.deduct_beyond_frozen",
            f"划拨金额超过该账户尚未扣划的冻结金额 {format_money(freeze.frozen_remaining or rules.ZERO)} 元",
            field="payload.amount",
        )
    moment = _checked_effective_at(message, parsed)
    reference = f"{row.department.code}:{parsed.reference}"[:64]
    receipt_record(
        actor=row.decided_by or message.requested_by,
        case=row.case,
        amount=parsed.amount,
        received_on=_effective_on(moment),
        payer=f"{row.party.name}（{row.department.name}协助扣划）"[:100],
        channel=Channel.DEDUCTION.value,
        reference=reference,
    )
    row.status, row.amount = M.DONE, parsed.amount
    row.took_effect_at, row.reference = moment, reference
    row.save(update_fields=["status", "amount", "took_effect_at", "reference"])
    ControlMeasure.objects.filter(pk=freeze.pk).update(
        deducted_total=F("deducted_total") + parsed.amount
    )
    freeze.refresh_from_db(fields=["deducted_total"])
    if freeze.frozen_remaining is not None and freeze.frozen_remaining <= 0:
        freeze.status = M.DONE
        freeze.save(update_fields=["status"])
    _answer_audit(
        row,
        row.court_id,
        "measures.deduction_received",
        f"{row.case} {row.department.name}已扣划 {format_money(parsed.amount)} 元，"
        f"入本案账户（流水号 {reference}）",
        {
            "amount": parsed.amount,
            "reference": reference,
            "freeze": freeze.pk,
            "frozen_remaining": freeze.frozen_remaining,
        },
    )


def release_answered(
    *, message: OutboxMessage, answer: PartnerAnswer, parsed: ControlAnswer
) -> None:
    """The department released the control, or could not: the control then stands, the release
    may be sent again, and the case's timeline says so (`control_release_failed` after the
    `control_released` the officer recorded when asking)."""
    row = (
        ControlMeasure.objects.select_for_update(of=("self",))
        .select_related("case", "department")
        .filter(release_message=message)
        .first()
    )
    if row is None or row.status != M.IN_EFFECT:
        return
    if parsed.done:
        row.status = M.RELEASED
        row.save(update_fields=["status"])
        summary = f"{row.case} {describe(row)} 已解除"
    else:
        # Kept in effect: the officer sees why and may send the release again.
        row.released_on, row.release_message = None, None
        row.failure_reason = f"解除未能办理：{parsed.reason}"[:200]
        row.save(update_fields=["released_on", "release_message", "failure_reason"])
        summary = f"{row.case} {describe(row)} 解除未能办理（{parsed.reason}）"
        _release_failed_node(message, row, parsed.reason)
    _answer_audit(
        row,
        row.court_id,
        "measures.release_answered",
        summary,
        {"status": row.status, "reason": parsed.reason},
    )


def _release_failed_node(message: OutboxMessage, row: ControlMeasure, reason: str) -> None:
    """Records 协助单位未能解除 on the case in the name of the officer who asked for the release
    (the department is nobody on the court's staff). If the timeline refuses it (that officer has
    left, the case moved on), the answer still stands and the officer sees the reason on the
    control; the refusal is logged, as `linkage` does for 完成财产调查."""
    actor = message.requested_by
    if actor is None:
        log.warning("%s 未能记录协助单位未能解除：解除请求没有记录发出人", row.case)
        return
    department = row.department.name if row.department else "协助单位"
    try:
        with transaction.atomic():
            case_services.node_record(
                actor=actor,
                case=row.case,
                code=NodeCode.CONTROL_RELEASE_FAILED.value,
                on=timezone.localdate(),
                data={"measure": describe(row)},
                note=f"{department}未能解除：{reason}；措施仍然有效"[:300],
            )
    except DomainError as error:
        log.warning("%s 未能记录协助单位未能解除：%s", row.case, error.message)


def register_answer_handlers() -> None:
    """Called once from MeasuresConfig.ready(): linkage calls back, never imports measures."""
    from zhixing.linkage.hooks import on_answer
    from zhixing.linkage.rules.outbox import MessageKind

    on_answer(MessageKind.FREEZE, freeze_answered)
    on_answer(MessageKind.DEDUCT, deduction_answered)
    on_answer(MessageKind.RELEASE, release_answered)
