"""Participation in distribution (参与分配): every write, one use case per function.

Each service: keyword-only arguments and an explicit actor, one `transaction.atomic`, a row lock on
the distribution (`select_for_update`), scope and role checks (the hosting court's 执行员, 法官助理
or 执行法官), the rule from `measures.rules.distribution`, the write, the audit record and — for
making and finalising the plan — the node event on the host case, all in the same transaction.
A refusal raises before anything is written, so nothing changes.

The final plan only states amounts. The host case's own applicant is paid through the funds
payouts (`measures.services.funds`); money for creditors of other courts' cases is not moved here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase, Party
from zhixing.cases.rules.filing import PartyRole
from zhixing.core.audit import audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import DomainError, InputError, parse_choice, parse_money
from zhixing.core.rules.case_number import parse_case_number
from zhixing.core.rules.money import format_money as m
from zhixing.core.rules.roles import Role
from zhixing.organization.selectors import scope_of

from ..models import (
    ControlMeasure,
    CounterObjection,
    Distribution,
    DistributionClaim,
    DistributionObjection,
    DistributionPlan,
    PlanLine,
)
from ..rules import distribution as rules
from ..rules.distribution import ClaimKind, WindowKind
from ._common import Area, aware, checked_money, locked_case, raise_first, user

__all__ = [
    "DISTRIBUTION_ROLES",
    "OPEN_STATUSES",
    "FIRST_CONTROL_SOURCE",
    "may_distribute",
    "distribution_open",
    "claim_add",
    "claim_refuse",
    "plan_serve",
    "objection_record",
    "counter_objection_record",
    "suit_record",
    "distribution_finalize",
    "suit_decide",
    "rule_plan",
    "rule_objections",
]

DISTRIBUTION_ROLES = frozenset({Role.OFFICER, Role.ASSISTANT, Role.JUDGE})
S = Distribution.Status
OPEN_STATUSES = (S.DRAFTING, S.SERVED, S.OBJECTION)
FIRST_CONTROL_SOURCE = "法释〔2016〕6号 第1条（由首先查封、扣押、冻结的法院负责处分查封财产）"
EFFECTIVE_CONTROLS = (ControlMeasure.Status.IN_EFFECT, ControlMeasure.Status.DONE)


# --- helpers -------------------------------------------------------------------------------


# The hosting court's own staff; a superuser passes (maintenance, demo data).
_area = Area("distribution", staff="主持分配法院的人员")
_require, _text, _date = _area.require, _area.text, _area.date


def may_distribute(actor: Any, court_id: int) -> bool:
    """Whether the actor may act on the court's distributions (which forms a page offers)."""
    return _area.may(actor, court_id, DISTRIBUTION_ROLES)


def _amount(value: Any, field: str = "amount") -> Decimal:
    return checked_money(value, field, partial(rules.check_amount, field=field))


def _locked(distribution: Distribution) -> Distribution:
    return (
        Distribution.objects.select_for_update(of=("self",))
        .select_related("case", "debtor")
        .get(pk=distribution.pk)
    )


def _require_status(row: Distribution, allowed: tuple[str, ...], what: str) -> None:
    if row.status not in allowed:
        raise DomainError(
            "distribution.status",
            f"分配当前状态为“{row.get_status_display()}”，不能{what}",
            field=None,
        )


def _current_plan(row: Distribution) -> DistributionPlan:
    plan = DistributionPlan.objects.filter(distribution=row, version=row.version).first()
    if plan is None:
        raise DomainError("distribution.no_plan", "尚未制作、送达分配方案")
    return plan


def rule_plan(plan: DistributionPlan) -> rules.Plan:
    """The stored plan as the rules see it (line keys are the claim ids)."""
    lines = tuple(
        rules.PlanLine(
            key=str(line.claim_id),
            name=line.claim.creditor,
            kind=ClaimKind(line.claim.kind),
            rule=rules.OrderRule(line.rule),
            rank=line.rank,
            claimed=line.claimed,
            share=line.share,
        )
        for line in plan.lines.select_related("claim").order_by("position")
    )
    return rules.Plan(plan.amount, rules.DebtorKind(plan.debtor_kind), lines)


def _rule_objection(row: DistributionObjection) -> rules.Objection:
    counter = getattr(row, "counter", None)
    return rules.Objection(
        key=str(row.pk),
        objector_key=str(row.objector_line.claim_id) if row.objector_line_id else None,
        target_key=str(row.target_line.claim_id),
        disputed=row.disputed,
        notified_on=row.notified_on,
        counter_notified_on=counter.notified_on if counter else None,
        suit_filed_on=row.suit_filed_on,
    )


def rule_objections(plan: DistributionPlan) -> list[rules.Objection]:
    rows = DistributionObjection.objects.filter(plan=plan).select_related(
        "objector_line", "target_line", "counter"
    )
    return [_rule_objection(row) for row in rows.order_by("pk")]


def _supersede(row: Distribution) -> str:
    """A served plan that no longer fits the admitted claims is withdrawn: a new one must be made
    and served (its objection windows start again)."""
    before = row.status
    if before != S.DRAFTING:
        row.status = S.DRAFTING
        row.save(update_fields=["status"])
    return before


# --- opening and claims --------------------------------------------------------------------


def _check_first_control(case: EnforcementCase, debtor: Party, control: ControlMeasure) -> None:
    if control.case_id != case.pk or control.party_id != debtor.pk:
        raise InputError(
            "distribution.control_other_case",
            "所选查控措施不是本案对该被执行人财产采取的措施",
            field="control",
        )
    if control.status not in EFFECTIVE_CONTROLS or control.took_effect_at is None:
        raise DomainError(
            "distribution.control_not_effective",
            "所选查控措施尚未生效或已解除，不能据以主持分配",
            field="control",
        )
    if not control.identifier:
        return
    # Another case's earlier control is looked up across every court (the law asks who took the
    # property first), but the refusal names neither that court nor its case: the actor may not
    # see them, and the refusal must not tell them apart.
    earlier = (
        ControlMeasure.objects.filter(
            property_kind=control.property_kind,
            identifier=control.identifier,
            status__in=EFFECTIVE_CONTROLS,
            took_effect_at__lt=control.took_effect_at,
        )
        .exclude(case_id=case.pk)
        .exists()
    )
    if earlier:
        raise DomainError(
            "distribution.not_first_control",
            "该财产另有更早生效的查封、扣押、冻结措施，本案不是首先查封的案件，"
            "应由首先查封的法院处分并主持分配",
            source=FIRST_CONTROL_SOURCE,
            field="control",
        )


def distribution_open(
    *,
    actor: Any,
    case: EnforcementCase,
    debtor: Party,
    amount: Any,
    property_description: str,
    opened_on: date,
    control: ControlMeasure | None = None,
) -> Distribution:
    """Starts a distribution of the debtor's property in the case that controls it first.

    The debtor's kind decides the order of ordinary claims (第506条、第508条 against 第514条)."""
    value = _amount(amount)
    description = _text(property_description, "property_description", "分配财产", 200)
    _date(opened_on, "opened_on", "启动分配日期")
    _require(actor, case.court_id, DISTRIBUTION_ROLES, "启动参与分配")
    with transaction.atomic():
        host = locked_case(case.pk)
        if host.status != EnforcementCase.Status.DOCKETED or host.filed_on is None:
            raise DomainError(
                "distribution.case_not_docketed",
                "案件尚未立案或已结案，不能主持分配",
                source=rules.ART_507,
            )
        if debtor.case_id != host.pk or debtor.role != PartyRole.RESPONDENT.value:
            raise InputError(
                "distribution.not_respondent", "分配的须是本案被执行人的财产", field="debtor"
            )
        _date(opened_on, "opened_on", "启动分配日期", not_before=host.filed_on, what="立案日期")
        if control is not None:
            _check_first_control(host, debtor, control)
        kind = rules.debtor_kind_of(debtor.kind)
        row = Distribution.objects.create(
            case=host,
            court_id=host.court_id,
            debtor=debtor,
            debtor_kind=kind.value,
            property_description=description,
            control=control,
            amount=value,
            opened_on=opened_on,
            opened_by=user(actor),
        )
        audit_record(
            actor=actor,
            action="measures.distribution_open",
            court_id=host.court_id,
            obj=row,
            summary=f"{host} 启动参与分配：{description}，可供分配 {m(value)} 元"
            f"（被执行人{debtor.name}，{rules.DEBTOR_LABELS[kind]}）",
            after={"amount": value, "debtor": debtor.name, "debtor_kind": kind.value},
        )
        return row


def _creditor_case(actor: Any, number: str) -> EnforcementCase | None:
    """A creditor's case by its number, among the cases the actor may see (its court and the
    courts below). A case of another court is answered exactly as a number no court has used: one
    refusal for both, so typing numbers tells nobody whether another court has such a case, and
    nothing of it (its controls' times) is read. That creditor's seizure time is typed in by hand
    (`controlled_at`)."""
    number = (number or "").strip()
    if not number:
        return None
    try:
        parsed = parse_case_number(number)
    except ValueError as error:
        raise InputError(
            "distribution.case_number",
            getattr(error, "message", "案号格式不正确"),
            field="creditor_case_number",
        ) from None
    rows = EnforcementCase.objects.filter(case_number=str(parsed))
    found = scope_of(actor).restrict(rows).first()
    if found is None:
        raise InputError(
            "distribution.case_unknown",
            f"不能关联案号 {parsed}：只能关联您有权查看的执行案件。其他法院的案件请不填案号，"
            "直接填写查封（冻结）生效时间",
            field="creditor_case_number",
        )
    return found


def _control_time(row: Distribution, creditor_case: EnforcementCase | None) -> datetime | None:
    """When the creditor's case took the distributed property (same kind and registration number as
    the host's control), for the seizure order of 第514条."""
    control = row.control
    if creditor_case is None or control is None or not control.identifier:
        return None
    first = (
        ControlMeasure.objects.filter(
            case=creditor_case,
            property_kind=control.property_kind,
            identifier=control.identifier,
            status__in=EFFECTIVE_CONTROLS,
            took_effect_at__isnull=False,
        )
        .order_by("took_effect_at")
        .values_list("took_effect_at", flat=True)
        .first()
    )
    return first


def claim_add(
    *,
    actor: Any,
    distribution: Distribution,
    creditor: str,
    kind: str,
    amount: Any,
    filed_on: date,
    title_number: str = "",
    created_on: date | None = None,
    controlled_at: datetime | None = None,
    creditor_case_number: str = "",
) -> DistributionClaim:
    """Admits a claim after checking 第506—507条. Refused with the article, nothing written.

    A claim admitted after a plan was served withdraws that plan: a new one must be served."""
    claim_kind = parse_choice(ClaimKind, kind, field="kind", label="债权性质")
    value = _amount(amount)
    name = _text(creditor, "creditor", "债权人", 100)
    title = _text(title_number, "title_number", "执行依据文书编号", 60, required=False)
    _date(filed_on, "filed_on", "申请日期")
    if created_on is not None:
        _date(created_on, "created_on", "优先权设立（登记）日期")
    if controlled_at is not None:
        controlled_at = aware(controlled_at)
    if controlled_at is not None and controlled_at > timezone.now():
        raise InputError(
            "distribution.future_date", "查封（冻结）生效时间不能晚于现在", field="controlled_at"
        )
    _require(actor, distribution.court_id, DISTRIBUTION_ROLES, "登记参与分配申请")
    other_case = _creditor_case(actor, creditor_case_number)
    with transaction.atomic():
        row = _locked(distribution)
        if row.status not in OPEN_STATUSES:
            raise DomainError(
                "distribution.after_end",
                "分配方案已经确定，对该财产的执行已经终结，不能再申请参与分配",
                source=rules.ART_507,
                field="filed_on",
            )
        if controlled_at is None and claim_kind is ClaimKind.ORDINARY:
            controlled_at = _control_time(row, other_case)
        raise_first(
            rules.check_application(
                rules.Application(
                    kind=claim_kind,
                    amount=value,
                    filed_on=filed_on,
                    debtor_kind=rules.DebtorKind(row.debtor_kind),
                    enforcement_started_on=row.case.filed_on,
                    property_ended_on=row.final_on,
                    title_number=title,
                    created_on=created_on,
                    controlled_at=controlled_at,
                )
            )
        )
        if (
            other_case is not None
            and row.claims.filter(creditor_case=other_case, accepted=True, kind=claim_kind).exists()
        ):
            raise DomainError(
                "distribution.duplicate_claim",
                f"{other_case} 的{rules.CLAIM_LABELS[claim_kind]}已经登记",
                field="creditor_case_number",
            )
        claim = DistributionClaim.objects.create(
            distribution=row,
            court_id=row.court_id,
            creditor=name,
            creditor_case=other_case,
            kind=claim_kind.value,
            amount=value,
            filed_on=filed_on,
            title_number=title,
            created_on=created_on if claim_kind is ClaimKind.PRIORITY else None,
            controlled_at=controlled_at if claim_kind is ClaimKind.ORDINARY else None,
            recorded_by=user(actor),
        )
        before = _supersede(row)
        audit_record(
            actor=actor,
            action="measures.distribution_claim_add",
            court_id=row.court_id,
            obj=claim,
            summary=f"{row.case} 参与分配：准许{name}以{rules.CLAIM_LABELS[claim_kind]}"
            f" {m(value)} 元参与分配",
            before={"status": before},
            after={"kind": claim_kind.value, "amount": value, "status": row.status},
        )
        return claim


def claim_refuse(*, actor: Any, claim: DistributionClaim, reason: str) -> DistributionClaim:
    """Takes an admitted claim out (e.g. its title was set aside); the served plan is withdrawn."""
    reason = _text(reason, "reason", "不予准许的理由", 300)
    _require(actor, claim.court_id, DISTRIBUTION_ROLES, "不予准许参与分配")
    with transaction.atomic():
        row = _locked(claim.distribution)
        _require_status(row, OPEN_STATUSES, "变更参与分配的债权")
        target = DistributionClaim.objects.select_for_update().get(pk=claim.pk)
        if not target.accepted:
            raise DomainError("distribution.already_refused", "该债权已不予准许参与分配")
        target.accepted, target.refusal_reason = False, reason
        target.save(update_fields=["accepted", "refusal_reason"])
        before = _supersede(row)
        audit_record(
            actor=actor,
            action="measures.distribution_claim_refuse",
            court_id=row.court_id,
            obj=target,
            summary=f"{row.case} 参与分配：{target.creditor}的债权不予准许（{reason}）",
            before={"accepted": True, "status": before},
            after={"accepted": False, "reason": reason, "status": row.status},
        )
        return target


# --- the plan ------------------------------------------------------------------------------


def plan_serve(*, actor: Any, distribution: Distribution, served_on: date) -> DistributionPlan:
    """Makes the plan from the admitted claims and records its service on every creditor and the
    debtor (第509条): the 15-day objection window starts. The lines are stored, so what was served
    stays fixed. Records the node `distribution_plan_made` on the host case."""
    _date(served_on, "served_on", "送达日期")
    _require(actor, distribution.court_id, DISTRIBUTION_ROLES, "制作、送达分配方案")
    with transaction.atomic():
        row = _locked(distribution)
        _require_status(row, (S.DRAFTING,), "重新制作分配方案")
        _date(served_on, "served_on", "送达日期", not_before=row.opened_on, what="启动分配日期")
        claims = list(row.claims.filter(accepted=True).order_by("pk"))
        if not claims:
            raise DomainError("distribution.no_claims", "尚无准许参与分配的债权，不能制作分配方案")
        try:
            plan = rules.compute_plan(
                row.amount,
                rules.DebtorKind(row.debtor_kind),
                [
                    rules.Claim(
                        key=str(c.pk),
                        name=c.creditor,
                        kind=ClaimKind(c.kind),
                        amount=c.amount,
                        created_on=c.created_on,
                        controlled_at=c.controlled_at,
                    )
                    for c in claims
                ],
            )
        except rules.PlanError as error:
            raise DomainError(error.code, error.message, source=rules.ART_508) from None
        row.version += 1
        stored = DistributionPlan.objects.create(
            distribution=row,
            court_id=row.court_id,
            version=row.version,
            amount=row.amount,
            debtor_kind=row.debtor_kind,
            served_on=served_on,
            made_by=user(actor),
        )
        PlanLine.objects.bulk_create(
            PlanLine(
                plan=stored,
                claim_id=int(line.key),
                position=position,
                rank=line.rank,
                rule=line.rule.value,
                claimed=line.claimed,
                share=line.share,
            )
            for position, line in enumerate(plan.lines, start=1)
        )
        row.status = S.SERVED
        row.save(update_fields=["version", "status"])
        summary = "；".join(f"{line.name} {m(line.share)} 元" for line in plan.lines)
        case_services.node_record(
            actor=actor,
            case=row.case,
            code="distribution_plan_made",
            on=served_on,
            data={
                "plan": row.version,
                "amount": str(row.amount),
                "lines": [[line.name, str(line.share)] for line in plan.lines],
            },
            note=f"分配方案第{row.version}版：{summary}"[:300],
        )
        audit_record(
            actor=actor,
            action="measures.distribution_plan_serve",
            court_id=row.court_id,
            obj=stored,
            summary=f"{row.case} 制作并送达分配方案第{row.version}版（{summary}）"[:500],
            after={
                "version": row.version,
                "served_on": served_on,
                "lines": {line.name: line.share for line in plan.lines},
            },
        )
        return stored


def _line_of(plan: DistributionPlan, line: PlanLine | None, field: str) -> PlanLine | None:
    if line is None:
        return None
    if line.plan_id != plan.pk:
        raise InputError("distribution.line_unknown", "所选债权不在现行分配方案中", field=field)
    return line


def objection_record(
    *,
    actor: Any,
    distribution: Distribution,
    target_line: PlanLine,
    objector_line: PlanLine | None,
    disputed: Any,
    reason: str,
    filed_on: date,
    notified_on: date,
) -> DistributionObjection:
    """A written objection within 15 days of receiving the plan (第509条); the others are told on
    `notified_on`, which starts their 15 days to counter-object (第510条). `objector_line` None:
    the debtor objects."""
    value = _amount(disputed, "disputed")
    reason = _text(reason, "reason", "异议理由", 300)
    _date(filed_on, "filed_on", "提出异议日期")
    _date(notified_on, "notified_on", "通知日期", not_before=filed_on, what="提出异议日期")
    _require(actor, distribution.court_id, DISTRIBUTION_ROLES, "登记分配方案异议")
    with transaction.atomic():
        row = _locked(distribution)
        _require_status(row, (S.SERVED, S.OBJECTION), "登记异议")
        plan = _current_plan(row)
        target = _line_of(plan, target_line, "target")
        objector = _line_of(plan, objector_line, "objector")
        assert target is not None
        calendar = legal_calendar()
        raise_first(
            rules.check_within(
                rules.window(WindowKind.OBJECTION, plan.served_on, calendar), filed_on
            )
        )
        new = rules.Objection(
            key="new",
            objector_key=str(objector.claim_id) if objector else None,
            target_key=str(target.claim_id),
            disputed=value,
            notified_on=notified_on,
        )
        raise_first(rules.check_objection(rule_plan(plan), rule_objections(plan), new))
        objector_name = objector.claim.creditor if objector else f"被执行人{row.debtor.name}"
        objection = DistributionObjection.objects.create(
            plan=plan,
            court_id=row.court_id,
            objector_line=objector,
            objector_name=objector_name,
            target_line=target,
            disputed=value,
            reason=reason,
            filed_on=filed_on,
            notified_on=notified_on,
            recorded_by=user(actor),
        )
        before = row.status
        row.status = S.OBJECTION
        row.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="measures.distribution_objection",
            court_id=row.court_id,
            obj=objection,
            summary=f"{row.case} 分配方案异议：{objector_name}对{target.claim.creditor}的分配额"
            f"提出异议，争议 {m(value)} 元",
            before={"status": before},
            after={"disputed": value, "filed_on": filed_on, "notified_on": notified_on},
        )
        return objection


def _locked_objection(
    objection: DistributionObjection,
) -> tuple[Distribution, DistributionObjection]:
    row = _locked(objection.plan.distribution)
    fresh = (
        DistributionObjection.objects.select_for_update(of=("self",))
        .select_related("plan", "target_line__claim", "objector_line")
        .get(pk=objection.pk)
    )
    if fresh.plan.version != row.version:
        raise DomainError(
            "distribution.plan_withdrawn", "该异议针对的分配方案已被新方案取代，无需处理"
        )
    return row, fresh


def counter_objection_record(
    *,
    actor: Any,
    objection: DistributionObjection,
    by_name: str,
    filed_on: date,
    notified_on: date,
) -> CounterObjection:
    """A counter-objection within 15 days of being told of the objection (第510条); the objector is
    told on `notified_on`, which starts the 15 days to sue."""
    by_name = _text(by_name, "by_name", "反对人", 100)
    _date(filed_on, "filed_on", "提出反对意见日期")
    _date(
        notified_on, "notified_on", "通知异议人日期", not_before=filed_on, what="提出反对意见日期"
    )
    _require(actor, objection.court_id, DISTRIBUTION_ROLES, "登记反对意见")
    with transaction.atomic():
        row, fresh = _locked_objection(objection)
        _require_status(row, (S.OBJECTION,), "登记反对意见")
        if CounterObjection.objects.filter(objection=fresh).exists():
            raise DomainError("distribution.counter_exists", "该异议已有反对意见")
        raise_first(
            rules.check_within(
                rules.window(WindowKind.COUNTER_OBJECTION, fresh.notified_on, legal_calendar()),
                filed_on,
            )
        )
        counter = CounterObjection.objects.create(
            objection=fresh,
            court_id=row.court_id,
            by_name=by_name,
            filed_on=filed_on,
            notified_on=notified_on,
            recorded_by=user(actor),
        )
        audit_record(
            actor=actor,
            action="measures.distribution_counter_objection",
            court_id=row.court_id,
            obj=counter,
            summary=f"{row.case} 分配方案异议：{by_name}对{fresh.objector_name}的异议提出反对意见",
            after={"filed_on": filed_on, "notified_on": notified_on},
        )
        return counter


def suit_record(
    *, actor: Any, objection: DistributionObjection, filed_on: date
) -> DistributionObjection:
    """The objector sued the counter-objectors within 15 days of being told (第510条)."""
    _date(filed_on, "filed_on", "起诉日期")
    _require(actor, objection.court_id, DISTRIBUTION_ROLES, "登记分配方案异议之诉")
    with transaction.atomic():
        row, fresh = _locked_objection(objection)
        _require_status(row, (S.OBJECTION,), "登记起诉")
        counter = CounterObjection.objects.filter(objection=fresh).first()
        if counter is None:
            raise DomainError(
                "distribution.no_counter",
                "没有反对意见的，按异议修正分配方案，无需起诉",
                source=rules.ART_510,
            )
        if fresh.suit_filed_on is not None:
            raise DomainError("distribution.suit_exists", "已登记起诉")
        raise_first(
            rules.check_within(
                rules.window(WindowKind.SUIT, counter.notified_on, legal_calendar()), filed_on
            )
        )
        fresh.suit_filed_on = filed_on
        fresh.save(update_fields=["suit_filed_on"])
        audit_record(
            actor=actor,
            action="measures.distribution_suit",
            court_id=row.court_id,
            obj=fresh,
            summary=f"{row.case} {fresh.objector_name}提起分配方案异议之诉，争议金额"
            f" {m(fresh.disputed)} 元将提存",
            after={"suit_filed_on": filed_on},
        )
        return fresh


def distribution_finalize(*, actor: Any, distribution: Distribution, on: date) -> Distribution:
    """The plan becomes final once every window has run (第509—510条): corrected per objections
    nobody opposed, original where the objector did not sue, the disputed amount held (提存) where
    a suit is pending. Records the node `distribution_plan_final` on the host case."""
    _date(on, "on", "确定日期")
    _require(actor, distribution.court_id, DISTRIBUTION_ROLES, "确定分配方案")
    with transaction.atomic():
        row = _locked(distribution)
        _require_status(row, (S.SERVED, S.OBJECTION), "确定分配方案")
        plan = _current_plan(row)
        rows = {
            str(o.pk): o
            for o in DistributionObjection.objects.filter(plan=plan).select_related(
                "objector_line", "target_line", "counter"
            )
        }
        settlement = rules.settle(
            rule_plan(plan),
            [_rule_objection(o) for o in rows.values()],
            served_on=plan.served_on,
            today=on,
            calendar=legal_calendar(),
        )
        if not settlement.ready:
            first = settlement.refusals[0]
            message = "；".join(r.message for r in settlement.refusals)
            raise DomainError(first.code, message, source=first.source, field="on")
        by_claim = {line.key: line for line in settlement.lines}
        lines = list(plan.lines.select_related("claim"))
        for line in lines:
            settled = by_claim[str(line.claim_id)]
            line.pay, line.held = settled.pay, settled.held
        PlanLine.objects.bulk_update(lines, ["pay", "held"])
        for key, state in settlement.resolutions.items():
            rows[key].resolution = state.value
            rows[key].save(update_fields=["resolution"])
        before = row.status
        row.status = S.SUIT_PENDING if settlement.held > 0 else S.FINAL
        row.final_on = on
        row.undistributed = settlement.undistributed
        row.save(update_fields=["status", "final_on", "undistributed"])
        summary = "；".join(
            f"{line.claim.creditor} {m(line.pay)} 元"
            + (f"（提存 {m(line.held)} 元）" if line.held else "")
            for line in lines
        )
        case_services.node_record(
            actor=actor,
            case=row.case,
            code="distribution_plan_final",
            on=on,
            data={
                "plan": row.version,
                "held": str(settlement.held),
                "lines": [[line.claim.creditor, str(line.pay), str(line.held)] for line in lines],
            },
            note=f"分配方案第{row.version}版确定：{summary}"[:300],
        )
        audit_record(
            actor=actor,
            action="measures.distribution_finalize",
            court_id=row.court_id,
            obj=row,
            summary=f"{row.case} 分配方案确定（{summary}）"[:500],
            before={"status": before},
            after={
                "status": row.status,
                "final_on": on,
                "held": settlement.held,
                "resolutions": {k: v.value for k, v in settlement.resolutions.items()},
            },
        )
        return row


def suit_decide(
    *, actor: Any, objection: DistributionObjection, awarded: Any, decided_on: date
) -> DistributionObjection:
    """The suit is decided: of the held amount, `awarded` goes to the objector (for the debtor's
    objection: to no one), the rest to the line objected to. When nothing is held any more the
    distribution is done."""
    value = parse_money(awarded, field="awarded")
    _date(decided_on, "decided_on", "判决生效日期")
    _require(actor, objection.court_id, DISTRIBUTION_ROLES, "登记异议之诉的结果")
    with transaction.atomic():
        row = _locked(objection.plan.distribution)
        _require_status(row, (S.SUIT_PENDING,), "登记异议之诉的结果")
        fresh = (
            DistributionObjection.objects.select_for_update(of=("self",))
            .select_related("target_line", "objector_line")
            .get(pk=objection.pk)
        )
        if fresh.resolution != rules.Resolution.SUIT.value or fresh.awarded is not None:
            raise DomainError("distribution.no_pending_suit", "该异议没有待处理的异议之诉")
        raise_first(rules.check_award(fresh.disputed, value), InputError)
        target = PlanLine.objects.select_for_update().get(pk=fresh.target_line_id)
        assert target.pay is not None and target.held is not None
        target.pay += fresh.disputed - value
        target.held -= fresh.disputed
        target.save(update_fields=["pay", "held"])
        if fresh.objector_line_id:
            objector = PlanLine.objects.select_for_update().get(pk=fresh.objector_line_id)
            objector.pay = (objector.pay or Decimal("0")) + value
            objector.save(update_fields=["pay"])
        else:
            row.undistributed += value
        fresh.awarded, fresh.decided_on = value, decided_on
        fresh.save(update_fields=["awarded", "decided_on"])
        still_held = PlanLine.objects.filter(plan=fresh.plan, held__gt=0).exists()
        before = row.status
        if not still_held:
            row.status = S.DONE
        row.save(update_fields=["status", "undistributed"])
        audit_record(
            actor=actor,
            action="measures.distribution_suit_decide",
            court_id=row.court_id,
            obj=fresh,
            summary=f"{row.case} 分配方案异议之诉：提存的 {m(fresh.disputed)} 元中"
            f" {m(value)} 元归{fresh.objector_name}",
            before={"status": before},
            after={"awarded": value, "decided_on": decided_on, "status": row.status},
        )
        return fresh
