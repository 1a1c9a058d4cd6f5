"""Control measures: the linked departments' answers to the court's freeze, deduct and release
requests (民诉法解释 第485条, 民事诉讼法 第253条).

`freeze_answered`, `deduction_answered` and `release_answered` are registered with `linkage.hooks`
by `register_answer_handlers()` (from `MeasuresConfig.ready()`) and run inside the
transaction that stores the answer, so a repeated answer (recognised by linkage) never reaches
them and a refused one leaves nothing behind.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import F
from django.utils import timezone

from zhixing.core.audit import audit_record
from zhixing.core.errors import InputError
from zhixing.core.rules.money import format_money
from zhixing.linkage.models import OutboxMessage, PartnerAnswer
from zhixing.linkage.rules.outbox import ControlAnswer

from ..models import Channel, ControlMeasure, ControlRenewal
from ..rules import control as rules
from ..rules.control import ControlKind, PropertyKind
from ._common import aware
from .control import M, R, describe, locked_measure
from .funds import receipt_record

__all__ = ["deduction_answered", "freeze_answered", "release_answered"]


def _aware(moment: datetime | None) -> datetime:
    return timezone.now() if moment is None else aware(moment)


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
    row.status = M.IN_EFFECT
    row.amount = amount
    row.took_effect_at = _aware(parsed.effective_at)
    row.save(update_fields=["status", "amount", "took_effect_at"])
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
        {"status": row.status, "amount": amount, "took_effect_at": row.took_effect_at},
    )


def _renewal_answered(renewal: ControlRenewal, parsed: ControlAnswer) -> None:
    if renewal.status != R.REQUESTED:
        return
    measure = locked_measure(renewal.measure)
    if not parsed.done:
        renewal.status, renewal.failure_reason = R.FAILED, parsed.reason
        renewal.save(update_fields=["status", "failure_reason"])
        summary = f"{describe(measure)} 续行未能办理（{parsed.reason}）"
    else:
        renewal.status = R.IN_EFFECT
        renewal.save(update_fields=["status"])
        if measure.status == M.IN_EFFECT and (
            measure.expires_on is None or measure.expires_on < renewal.new_expiry
        ):
            measure.expires_on = renewal.new_expiry
            measure.save(update_fields=["expires_on"])
        summary = f"{describe(measure)} 已续行至 {renewal.new_expiry}"
    _answer_audit(
        renewal,
        measure.court_id,
        "measures.renewal_answered",
        summary,
        {"status": renewal.status, "new_expiry": renewal.new_expiry, "reason": parsed.reason},
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
    moment = _aware(parsed.effective_at)
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
    """The department released the control (or could not: the release may then be sent again)."""
    row = (
        ControlMeasure.objects.select_for_update(of=("self",))
        .select_related("case")
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
    _answer_audit(
        row,
        row.court_id,
        "measures.release_answered",
        summary,
        {"status": row.status, "reason": parsed.reason},
    )


def register_answer_handlers() -> None:
    """Called once from MeasuresConfig.ready(): linkage calls back, never imports measures."""
    from zhixing.linkage.hooks import on_answer
    from zhixing.linkage.rules.outbox import MessageKind

    on_answer(MessageKind.FREEZE, freeze_answered)
    on_answer(MessageKind.DEDUCT, deduction_answered)
    on_answer(MessageKind.RELEASE, release_answered)
