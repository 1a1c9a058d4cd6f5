"""Control measures (查封、扣押、冻结、扣划): every write, one use case per function.

民诉法解释 第485条 (terms and renewal), 民事诉讼法 第253条 (not beyond the obligation; a ruling
and an assistance notice for each measure). Each service: keyword-only arguments and an explicit
actor, one `transaction.atomic`, the case locked, scope and role checked, the rule checked, the
write, the node event on the case and the audit record in the same transaction.

A measure on property a linked department holds for the court (a bank's deposit, a registry's
real estate or vehicle) travels as an outbox message (`linkage.services.message_enqueue`) and
takes effect when the department answers (`control_answers`, registered with `linkage.hooks` by
`register_answer_handlers`). A seizure on site (扣押), or a seal the court posts itself, takes
effect at once.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase, Party
from zhixing.cases.rules.filing import PartyRole
from zhixing.cases.rules.nodes import NodeCode
from zhixing.core.audit import audit_record
from zhixing.core.errors import DomainError, InputError, NotFound, parse_choice, parse_money
from zhixing.core.rules.money import format_money
from zhixing.core.rules.roles import Role
from zhixing.linkage import services as linkage_services
from zhixing.linkage.models import LinkedDepartment, PropertyFound
from zhixing.linkage.rules.outbox import MessageKind

from ..hooks import refuse_if_held
from ..models import CaseAccount, ControlMeasure, ControlRenewal
from ..rules import control as rules
from ..rules.control import ControlKind, PropertyKind, Refusal
from ._common import Area, optional_money, raise_first, user

M = ControlMeasure.Status
R = ControlRenewal.Status
N = NodeCode

CONTROL_ROLES = frozenset({Role.OFFICER, Role.ASSISTANT})  # 查封、扣押、冻结、续行
DEDUCT_ROLES = frozenset({Role.OFFICER})  # 扣划: money leaves the respondent's account
RELEASE_ROLES = frozenset({Role.OFFICER})  # 解除
ACTIVE = (M.REQUESTED, M.IN_EFFECT)
# Refusals that concern what was typed rather than the law's limits (422, not 409).
INPUT_CODES = frozenset(
    {
        "control.term_required",
        "control.amount_required",
        "control.deduct_term",
        "renewal.future",
        "renewal.before_start",
    }
)


# --- helpers -------------------------------------------------------------------------------


# The rules name their inputs; the services' callers name them like this.
FIELDS = {"until": "expires_on", "control": "kind"}


def _raise(refusals: list[Refusal]) -> None:
    raise_first(refusals, input_codes=INPUT_CODES, fields=FIELDS)


# A court acts on its own cases' property; a superuser passes (maintenance, demo data).
_area = Area("control")
_require, _text, _date = _area.require, _area.text, _area.date
may = _area.may  # which forms a page offers; the services check again


def _ruling(value: Any) -> str:
    """第253条: the court decides each measure by a ruling; its number goes to the department."""
    return _text(value, "ruling", "执行裁定书文号", 60)


def _open_case(case: EnforcementCase, *, closed_too: bool = False) -> EnforcementCase:
    """The case, locked; only a docketed, open case gets new controls. A release may also come
    after 结案 (`closed_too`): what is still controlled when a case ends is released then."""
    return _area.open_case(
        case.pk, "court", what="办理查控措施", source=rules.SCOPE_SOURCE, closed_too=closed_too
    )


def locked_measure(measure: ControlMeasure) -> ControlMeasure:
    return (
        ControlMeasure.objects.select_for_update(of=("self",))
        .select_related("department", "party", "message", "release_message", "freeze")
        .get(pk=measure.pk)
    )


def owed(case: EnforcementCase) -> Decimal | None:
    """What the respondent still owes: the claim less what the court has received for the case
    (its realized amount). None for a case without a money claim."""
    if case.claim_amount is None:
        return None
    received = (
        CaseAccount.objects.filter(case_id=case.pk).values_list("received_total", flat=True).first()
    )
    return case.claim_amount - (received or rules.ZERO)


def frozen_total(case: EnforcementCase, today: date | None = None) -> Decimal:
    """Deposits the case holds frozen and not yet transferred (a freeze awaiting its answer counts
    at the amount requested), the base of the 第253条 cap."""
    today = today or timezone.localdate()
    total = rules.ZERO
    rows = ControlMeasure.objects.filter(
        case_id=case.pk,
        kind=ControlKind.FREEZE,
        property_kind=PropertyKind.DEPOSIT,
        status__in=ACTIVE,
    ).values_list("status", "amount", "requested_amount", "deducted_total", "expires_on")
    for status, amount, requested, deducted, expires_on in rows:
        if rules.is_expired(expires_on, today):
            continue
        base = amount if status == M.IN_EFFECT else requested
        total += (base or rules.ZERO) - deducted
    return total


def _in_flight(**filters: Any) -> Decimal:
    """Deductions sent and not yet answered: reserved, so two requests cannot take the same money."""
    total = ControlMeasure.objects.filter(
        kind=ControlKind.DEDUCT, status=M.REQUESTED, **filters
    ).aggregate(s=Sum("requested_amount"))["s"]
    return total or rules.ZERO


def describe(measure: ControlMeasure) -> str:
    """One line for the timeline and the department: 冻结 中国工商银行活期存款账户（6222…）50,000.00 元."""
    what = f"{rules.CONTROL_LABELS[ControlKind(measure.kind)]} {measure.description}"
    if measure.identifier:
        what += f"（{measure.identifier}）"
    amount = measure.amount if measure.amount is not None else measure.requested_amount
    if amount is not None and measure.property_kind == PropertyKind.DEPOSIT:
        what += f" {format_money(amount)} 元"
    return what[:200]


def _property(measure: ControlMeasure) -> dict[str, str]:
    return {
        "kind": measure.property_kind,
        "kind_label": rules.PROPERTY_LABELS[PropertyKind(measure.property_kind)],
        "description": measure.description,
        "identifier": measure.identifier,
    }


def _took_effect(on: date) -> datetime:
    """When a control the court takes itself took effect: now, or that day at this hour."""
    now = timezone.localtime()
    if on == now.date():
        return now
    return timezone.make_aware(datetime.combine(on, now.time().replace(microsecond=0)))


# --- taking a control ----------------------------------------------------------------------


def _respondent(case: EnforcementCase, party: Party | None) -> Party:
    if party is None or party.case_id != case.pk or party.role != PartyRole.RESPONDENT.value:
        raise InputError(
            "control.not_respondent", "只能对本案被执行人的财产采取措施", field="party"
        )
    return party


def _duplicate(case: EnforcementCase, property_kind: str, identifier: str, today: date) -> None:
    """One case controls one property once; a second court's control of it is a 轮候 one."""
    if not identifier:
        return
    for row in ControlMeasure.objects.filter(
        case_id=case.pk,
        property_kind=property_kind,
        identifier=identifier,
        status__in=ACTIVE,
    ).exclude(kind=ControlKind.DEDUCT):
        if not rules.is_expired(row.expires_on, today):
            raise DomainError(
                "control.duplicate",
                f"本案已对该财产采取“{row.get_kind_display()}”措施（{row.get_status_display()}），"
                "如需延长期限请办理续行",
                source=rules.SOURCE,
                field="identifier",
            )


def control_take(
    *,
    actor: Any,
    case: EnforcementCase,
    kind: str,
    started_on: date,
    expires_on: date | None,
    ruling: str,
    found: PropertyFound | None = None,
    property_kind: str = "",
    description: str = "",
    identifier: str = "",
    party: Party | None = None,
    department: LinkedDepartment | None = None,
    amount: Any = None,
) -> ControlMeasure:
    """Freezes, seals or seizes one piece of a respondent's property: one found by network inquiry
    (`found`) or one the officer enters by hand.

    Deposits are frozen through their bank (the amount must not exceed what is still owed, 第253条);
    real estate and vehicles are sealed through their registry, or by the court itself; other
    rights frozen; a seizure (扣押) is done on site and takes effect at once. The term is checked
    against 第485条. Records 采取查封、扣押、冻结、扣划措施 on the case when the court sends or takes it."""
    control = parse_choice(ControlKind, kind, field="kind", label="措施")
    if control is ControlKind.DEDUCT:
        raise InputError("control.deduct_from_freeze", "扣划请在已冻结的存款上办理", field="kind")
    if found is not None:
        if found.case_id != case.pk:
            raise NotFound("本案没有该项查控发现的财产", code="control.found_unknown")
        prop = rules.FOUND_KINDS.get(found.kind, PropertyKind.OTHER_RIGHTS)
        description, identifier = found.description, found.identifier
        party = found.party
        department = found.department
        if amount in (None, "") and prop is not PropertyKind.DEPOSIT:
            amount = found.amount
    else:
        prop = parse_choice(PropertyKind, property_kind, field="property_kind", label="财产类别")
        description = _text(description, "description", "财产情况", 200)
        identifier = _text(identifier, "identifier", "账号或登记编号", 60, required=False)
    party = _respondent(case, party)
    started_on = _date(started_on, "started_on", "起始日")
    ruling = _ruling(ruling)
    value = optional_money(amount, "amount")
    if value is not None and value < 0:
        raise InputError("control.amount_negative", "金额不能为负数", field="amount")
    _raise(
        rules.check_control(control=control, property_kind=prop, start=started_on, until=expires_on)
    )
    on_site = control is ControlKind.SEIZE or department is None
    if control is ControlKind.SEIZE:
        department = None
    if prop is PropertyKind.DEPOSIT and department is None:
        raise InputError(
            "control.bank_required", "冻结存款须由开户银行协助办理，请选择银行", field="department"
        )
    _require(actor, case.court_id, CONTROL_ROLES, f"{rules.CONTROL_LABELS[control]}财产")
    with transaction.atomic():
        case = _open_case(case)
        if case.filed_on and started_on < case.filed_on:
            raise InputError("control.before_filing", "起始日不能早于立案日期", field="started_on")
        today = timezone.localdate()
        _duplicate(case, prop.value, identifier, today)
        if prop is PropertyKind.DEPOSIT:
            _raise(
                rules.check_freeze_amount(
                    amount=value, owed=owed(case), already_frozen=frozen_total(case, today)
                )
            )
        measure = ControlMeasure.objects.create(
            case=case,
            court_id=case.court_id,
            party=party,
            kind=control.value,
            property_kind=prop.value,
            description=description,
            identifier=identifier,
            amount=value if on_site or prop is not PropertyKind.DEPOSIT else None,
            requested_amount=value,
            found=found,
            department=department,
            status=M.IN_EFFECT if on_site else M.REQUESTED,
            started_on=started_on,
            expires_on=expires_on,
            took_effect_at=_took_effect(started_on) if on_site else None,
            ruling=ruling,
            decided_by=user(actor),
        )
        how = "现场办理，即时生效"
        if department is not None and not on_site:
            how = f"已向{department.name}发出协助执行通知"
            measure.message = linkage_services.message_enqueue(
                actor=actor,
                case=case,
                party=party,
                department=department,
                kind=MessageKind.FREEZE,
                payload={
                    "what": describe(measure) + f"，期限至 {expires_on:%Y-%m-%d}",
                    "control": control.value,
                    "control_label": rules.CONTROL_LABELS[control],
                    "property": _property(measure),
                    "amount": None if value is None else str(value),
                    "from": started_on.isoformat(),
                    "until": expires_on.isoformat() if expires_on else None,
                    "renewal": False,
                    "case_number": case.case_number,
                    "court": case.court.name,
                    "ruling": ruling,
                },
                on=started_on,
            )
            measure.save(update_fields=["message"])
        case_services.node_record(
            actor=actor,
            case=case,
            code=N.MEASURE_TAKEN.value,
            on=started_on,
            data={"measure": describe(measure)},
            note=f"{ruling}；{how}",
        )
        audit_record(
            actor=actor,
            action="measures.control_take",
            court_id=case.court_id,
            obj=measure,
            summary=f"{case} {describe(measure)}，期限至 {expires_on}（{how}）",
            after={
                "kind": control.value,
                "property_kind": prop.value,
                "identifier": identifier,
                "amount": value,
                "started_on": started_on,
                "expires_on": expires_on,
                "department": department.code if department else None,
                "ruling": ruling,
                "status": measure.status,
            },
        )
    return measure


# --- deduction -----------------------------------------------------------------------------


def deduction_request(
    *, actor: Any, freeze: ControlMeasure, amount: Any, on: date, ruling: str
) -> ControlMeasure:
    """扣划: asks the bank to transfer money from a frozen deposit to the case account (一案一账号).
    Not more than the frozen amount not yet transferred, nor than what is still owed (第253条);
    deductions already sent and unanswered count as taken."""
    value = parse_money(amount, field="amount")
    on = _date(on, "on", "扣划日期")
    ruling = _ruling(ruling)
    _require(actor, freeze.court_id, DEDUCT_ROLES, "扣划存款")
    with transaction.atomic():
        case = _open_case(freeze.case)
        row = locked_measure(freeze)
        refuse_if_held(row, "扣划")  # 民事诉讼法 第238条: an upheld 案外人异议 holds the item
        if row.kind != ControlKind.FREEZE or row.property_kind != PropertyKind.DEPOSIT:
            raise DomainError(
                "deduct.not_deposit_freeze", "只能从已冻结的银行存款中扣划", source=rules.SOURCE
            )
        if row.status != M.IN_EFFECT:
            raise DomainError(
                "deduct.freeze_not_in_effect",
                f"该冻结{row.get_status_display()}，不能扣划",
                source=rules.SOURCE,
            )
        # 第485条: a lapsed freeze holds nothing. Judged on the day of the request as well as on
        # the date typed, so an earlier `on` cannot reach back into a freeze that has since ended.
        today = timezone.localdate()
        if rules.is_expired(row.expires_on, on) or rules.is_expired(row.expires_on, today):
            raise DomainError(
                "deduct.freeze_ended",
                f"该冻结已于 {row.expires_on:%Y年%m月%d日} 届满失效，不能扣划",
                source=rules.SOURCE,
            )
        if row.released_on is not None:
            raise DomainError(
                "deduct.freeze_ended", "该冻结正在解除，不能扣划", source=rules.SOURCE
            )
        if on < row.started_on:
            raise InputError(
                "deduct.before_start",
                f"扣划日期不能早于冻结的起始日（{row.started_on:%Y年%m月%d日}）",
                field="on",
            )
        remaining = (row.frozen_remaining or rules.ZERO) - _in_flight(freeze=row)
        still_owed = owed(case)
        if still_owed is not None:
            still_owed -= _in_flight(case_id=case.pk)
        _raise(rules.check_deduction(amount=value, frozen_remaining=remaining, owed=still_owed))
        from ..selectors.funds import account_number_of

        deduction = ControlMeasure.objects.create(
            case=case,
            court_id=case.court_id,
            party=row.party,
            kind=ControlKind.DEDUCT.value,
            property_kind=row.property_kind,
            description=row.description,
            identifier=row.identifier,
            requested_amount=value,
            freeze=row,
            department=row.department,
            status=M.REQUESTED,
            started_on=on,
            ruling=ruling,
            decided_by=user(actor),
        )
        deduction.message = linkage_services.message_enqueue(
            actor=actor,
            case=case,
            party=row.party,
            department=row.department,
            kind=MessageKind.DEDUCT,
            payload={
                "what": f"扣划 {row.description}（{row.identifier}）{format_money(value)} 元",
                "property": _property(row),
                "amount": str(value),
                "frozen": str(row.frozen_remaining),
                "freeze_key": row.message.idempotency_key if row.message else None,
                "account": account_number_of(case),
                "account_name": f"{case.court.name}执行款专户（本案虚拟子账户）",
                "case_number": case.case_number,
                "court": case.court.name,
                "ruling": ruling,
            },
            on=on,
        )
        deduction.save(update_fields=["message"])
        case_services.node_record(
            actor=actor,
            case=case,
            code=N.MEASURE_TAKEN.value,
            on=on,
            data={"measure": describe(deduction)},
            note=f"{ruling}；已向{row.department.name}发出协助扣划通知",
        )
        audit_record(
            actor=actor,
            action="measures.deduction_request",
            court_id=case.court_id,
            obj=deduction,
            summary=f"{case} 请求{row.department.name}扣划 {format_money(value)} 元（{row.identifier}）",
            after={"freeze": row.pk, "amount": value, "on": on, "ruling": ruling},
        )
    return deduction


# --- renewal and release -------------------------------------------------------------------


def control_renew(
    *, actor: Any, measure: ControlMeasure, renewed_on: date, new_expiry: date, ruling: str
) -> ControlRenewal:
    """续行 before the term ends, for no longer than the same maximum (第485条): "before" as of
    today, so a lapsed control is not revived by a past `renewed_on`. A control a department
    holds is renewed when it answers (the request carries the renewal flag)."""
    renewed_on = _date(renewed_on, "renewed_on", "续行日期")
    ruling = _ruling(ruling)
    if not isinstance(new_expiry, date):
        raise InputError("control.date_required", "请填写续行后的届满日", field="new_expiry")
    _require(actor, measure.court_id, CONTROL_ROLES, "续行查封、扣押、冻结")
    with transaction.atomic():
        case = _open_case(measure.case)
        row = locked_measure(measure)
        if row.kind == ControlKind.DEDUCT or row.expires_on is None:
            raise DomainError("renewal.no_term", "扣划即时完成，无需续行", source=rules.SOURCE)
        if row.status != M.IN_EFFECT or row.released_on is not None:
            state = "正在解除" if row.status == M.IN_EFFECT else row.get_status_display()
            raise DomainError(
                "renewal.not_in_effect", f"该措施{state}，不能续行", source=rules.SOURCE
            )
        if row.renewals.filter(status=R.REQUESTED).exists():
            raise DomainError(
                "renewal.pending", "上一次续行尚待协助单位回复，请勿重复发出", source=rules.SOURCE
            )
        _raise(
            rules.check_renewal(
                property_kind=PropertyKind(row.property_kind),
                started_on=row.started_on,
                current_expiry=row.expires_on,
                renewed_on=renewed_on,
                new_expiry=new_expiry,
                today=timezone.localdate(),
            )
        )
        by_department = row.department is not None
        renewal = ControlRenewal.objects.create(
            measure=row,
            renewed_on=renewed_on,
            old_expiry=row.expires_on,
            new_expiry=new_expiry,
            status=R.REQUESTED if by_department else R.IN_EFFECT,
            ruling=ruling,
            decided_by=user(actor),
        )
        if by_department:
            renewal.message = linkage_services.message_enqueue(
                actor=actor,
                case=case,
                party=row.party,
                department=row.department,
                kind=MessageKind.FREEZE,
                payload={
                    "what": f"续行{describe(row)}，期限由 {row.expires_on:%Y-%m-%d} 延至 {new_expiry:%Y-%m-%d}",
                    "control": row.kind,
                    "control_label": rules.CONTROL_LABELS[ControlKind(row.kind)],
                    "property": _property(row),
                    "amount": None if row.frozen_remaining is None else str(row.frozen_remaining),
                    "from": row.expires_on.isoformat(),
                    "until": new_expiry.isoformat(),
                    "renewal": True,
                    "previous_until": row.expires_on.isoformat(),
                    "freeze_key": row.message.idempotency_key if row.message else None,
                    "case_number": case.case_number,
                    "court": case.court.name,
                    "ruling": ruling,
                },
                on=renewed_on,
            )
            renewal.save(update_fields=["message"])
        else:
            row.expires_on = new_expiry
            row.save(update_fields=["expires_on"])
        how = f"已向{row.department.name}发出续行通知" if by_department else "续行生效"
        case_services.node_record(
            actor=actor,
            case=case,
            code=N.CONTROL_RENEWED.value,
            on=renewed_on,
            data={"measure": f"{describe(row)}，续行至 {new_expiry:%Y-%m-%d}"},
            note=f"{ruling}；{how}",
        )
        audit_record(
            actor=actor,
            action="measures.control_renew",
            court_id=case.court_id,
            obj=renewal,
            summary=f"{case} 续行{describe(row)}至 {new_expiry}（{how}）",
            before={"expires_on": renewal.old_expiry},
            after={"new_expiry": new_expiry, "renewed_on": renewed_on, "ruling": ruling},
        )
    return renewal


def control_release(
    *, actor: Any, measure: ControlMeasure, released_on: date, reason: str
) -> ControlMeasure:
    """解除 a control by ruling, with the reason recorded. Released at once when the court holds
    the property itself; when a department holds it, released on the department's answer."""
    released_on = _date(released_on, "released_on", "解除日期")
    reason = _text(reason, "reason", "解除理由", 200)
    _require(actor, measure.court_id, RELEASE_ROLES, "解除查封、扣押、冻结")
    with transaction.atomic():
        case = _open_case(measure.case, closed_too=True)
        row = locked_measure(measure)
        if row.kind == ControlKind.DEDUCT:
            raise DomainError("release.deduction", "扣划已完成，无可解除", source=rules.SOURCE)
        if row.status == M.REQUESTED:
            raise DomainError(
                "release.not_in_effect",
                "协助单位尚未回复该措施的办理结果，待其生效后再解除",
                source=rules.SOURCE,
            )
        if row.status != M.IN_EFFECT:
            raise DomainError(
                "release.not_in_effect",
                f"该措施{row.get_status_display()}，无需解除",
                source=rules.SOURCE,
            )
        if rules.is_expired(row.expires_on, released_on):
            raise DomainError(
                "release.expired",
                f"该措施已于 {row.expires_on:%Y年%m月%d日} 届满失效，无需解除",
                source=rules.SOURCE,
            )
        if row.released_on is not None:
            raise DomainError(
                "release.pending", "解除通知已发出，正待协助单位回复", source=rules.SOURCE
            )
        if _in_flight(freeze=row) > 0:
            raise DomainError(
                "release.deduction_pending",
                "尚有扣划待银行回复，请待回复后再解除冻结",
                source=rules.SCOPE_SOURCE,
            )
        if row.started_on > released_on:
            raise InputError(
                "release.before_start", "解除日期不能早于措施的起始日", field="released_on"
            )
        row.released_on, row.release_reason = released_on, reason
        fields = ["released_on", "release_reason"]
        if row.department is not None:
            row.release_message = linkage_services.message_enqueue(
                actor=actor,
                case=case,
                party=row.party,
                department=row.department,
                kind=MessageKind.RELEASE,
                payload={
                    "what": f"解除{describe(row)}",
                    "control": row.kind,
                    "property": _property(row),
                    "freeze_key": row.message.idempotency_key if row.message else None,
                    "reason": reason,
                    "case_number": case.case_number,
                    "court": case.court.name,
                    "ruling": row.ruling,
                },
                on=released_on,
            )
            fields.append("release_message")
            how = f"已向{row.department.name}发出解除通知"
        else:
            row.status = M.RELEASED
            fields.append("status")
            how = "解除生效"
        row.save(update_fields=fields)
        case_services.node_record(
            actor=actor,
            case=case,
            code=N.CONTROL_RELEASED.value,
            on=released_on,
            data={"measure": describe(row)},
            note=f"{reason}；{how}"[:300],
        )
        audit_record(
            actor=actor,
            action="measures.control_release",
            court_id=case.court_id,
            obj=row,
            summary=f"{case} 解除{describe(row)}：{reason}（{how}）",
            before={"status": M.IN_EFFECT},
            after={"status": row.status, "released_on": released_on, "reason": reason},
        )
    return row


__all__ = [
    "CONTROL_ROLES",
    "DEDUCT_ROLES",
    "RELEASE_ROLES",
    "control_release",
    "control_renew",
    "control_take",
    "deduction_request",
    "describe",
    "frozen_total",
    "may",
    "owed",
]
