"""Participation in distribution (参与分配) through /api/v1/: parse, select, call one service, return.

Refusals are DomainErrors, mapped once to {code, message, source, field} in `zhixing.api`.
`POST /cases/{case_id}/distributions/preview` computes a plan from the posted claims and stores
nothing (民诉法解释 第508条、第514条).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhixing.cases import selectors as case_selectors
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import InputError, NotFound, parse_choice, parse_money
from zhixing.core.schemas import READ, WRITE, ErrorOut

from ..models import ControlMeasure, Distribution
from ..rules import distribution as rules
from ..rules.distribution import ClaimKind, DebtorKind, WindowKind
from ..selectors import distribution as selectors
from ..services import distribution as services
from ._common import money, party_of

router = Router(tags=["参与分配"])
MONEY = money("1000.00")
BASE = "/cases/{int:case_id}/distributions"


# --- schemas ---------------------------------------------------------------------------------


class OpenIn(Schema):
    debtor_id: int = Field(..., description="本案被执行人（当事人 id）")
    amount: str = MONEY
    property_description: str = Field(..., description="分配财产，如“朝阳区某房屋拍卖价款”")
    opened_on: date
    control_id: int | None = Field(None, description="本院对该财产的查控措施（可选）")


class ClaimIn(Schema):
    creditor: str
    kind: str = Field(
        ..., description="cost（执行费用）| priority（优先受偿）| ordinary（普通债权）"
    )
    amount: str = MONEY
    filed_on: date = Field(..., description="申请参与分配日期")
    title_number: str = Field("", description="执行依据文书编号（普通债权必填）")
    creditor_case_number: str = Field(
        "",
        description="债权人的执行案件案号（可选；只能关联您有权查看的案件，其他法院的案件请直接填写 controlled_at）",
    )
    created_on: date | None = Field(None, description="优先受偿权设立或登记日期")
    controlled_at: datetime | None = Field(
        None, description="被执行人为法人时：债权人案件查封、扣押、冻结该财产的生效时间"
    )


class RefuseIn(Schema):
    reason: str


class ServeIn(Schema):
    served_on: date = Field(..., description="向各债权人和被执行人送达分配方案的日期")


class ObjectionIn(Schema):
    target_claim_id: int = Field(..., description="异议所涉的债权（其分配额被主张减少）")
    objector_claim_id: int | None = Field(None, description="异议债权人；为空表示被执行人提出")
    disputed: str = MONEY
    reason: str
    filed_on: date
    notified_on: date = Field(..., description="通知未提出异议的债权人、被执行人的日期")


class CounterIn(Schema):
    by_name: str
    filed_on: date
    notified_on: date = Field(..., description="通知异议人的日期（起诉期间自此起算）")


class SuitIn(Schema):
    filed_on: date


class JudgmentIn(Schema):
    awarded: str = Field(..., description="提存金额中判归异议人的金额（元）")
    decided_on: date


class FinalIn(Schema):
    on: date


class PreviewClaimIn(Schema):
    name: str
    kind: str = Field(..., description="cost | priority | ordinary")
    amount: str = MONEY
    created_on: date | None = None
    controlled_at: datetime | None = None


class PreviewIn(Schema):
    amount: str = Field(..., description="可供分配金额（元）")
    debtor_kind: str = Field(..., description="citizen | other_org | legal_person")
    claims: list[PreviewClaimIn]
    served_on: date | None = Field(None, description="给出送达日期时，同时计算异议期间")


class LineOut(Schema):
    claim_id: int | None
    name: str
    kind: str
    kind_label: str
    rank: int
    rule: str
    rule_label: str = Field(
        ..., description="费用 / 优先受偿 按设立先后 / 普通债权 按比例 或 按查封先后"
    )
    source: str
    claimed: Decimal
    share: Decimal
    unpaid: Decimal = Field(..., description="未受偿部分，债权人可继续申请执行（第508条第2款）")
    pay: Decimal | None = Field(None, description="方案确定后的分配额")
    held: Decimal | None = Field(None, description="提存金额（异议之诉审理中）")


class WindowOut(Schema):
    kind: str
    label: str
    starts: date
    due: date
    moved_from: date | None
    provisional: bool
    source: str
    open: bool


class PreviewOut(Schema):
    available: Decimal
    debtor_kind: str
    debtor_kind_label: str
    lines: list[LineOut]
    claimed: Decimal
    distributed: Decimal
    surplus: Decimal
    rounding: str
    objection_window: WindowOut | None


class ClaimOut(Schema):
    id: int
    creditor: str
    creditor_case_number: str | None
    kind: str
    kind_label: str
    amount: Decimal
    filed_on: date
    title_number: str
    created_on: date | None
    controlled_at: datetime | None
    accepted: bool
    refusal_reason: str


class ObjectionOut(Schema):
    id: int
    objector_claim_id: int | None
    objector_name: str
    target_claim_id: int
    target_name: str
    disputed: Decimal
    reason: str
    filed_on: date
    notified_on: date
    counter_by: str | None
    counter_filed_on: date | None
    counter_notified_on: date | None
    suit_filed_on: date | None
    resolution: str
    resolution_label: str
    awarded: Decimal | None
    windows: list[WindowOut]


class DistributionOut(Schema):
    id: int
    case_id: int
    case_number: str | None
    debtor_id: int
    debtor_name: str
    debtor_kind: str
    debtor_kind_label: str
    ordinary_rule_label: str
    property_description: str
    amount: Decimal
    status: str
    status_label: str
    version: int
    opened_on: date
    final_on: date | None
    served_on: date | None
    undistributed: Decimal
    claims: list[ClaimOut]
    lines: list[LineOut]
    objection_window: WindowOut | None
    objections: list[ObjectionOut]
    can_finalize: bool
    pending: list[str] = Field(..., description="尚不能确定方案的原因（各期间未届满）")
    payouts_url: str = Field(..., description="本案申请执行人的款项经执行款页面发放")


# --- building responses --------------------------------------------------------------------


def _window(win: rules.Window, today: date) -> WindowOut:
    return WindowOut(
        kind=win.kind.value,
        label=win.label,
        starts=win.starts,
        due=win.due.due,
        moved_from=win.due.moved_from,
        provisional=win.due.provisional,
        source=win.source,
        open=win.open_on(today),
    )


def _rule_line(line: rules.PlanLine, claim_id: int | None = None) -> LineOut:
    return LineOut(
        claim_id=claim_id,
        name=line.name,
        kind=line.kind.value,
        kind_label=rules.CLAIM_LABELS[line.kind],
        rank=line.rank,
        rule=line.rule.value,
        rule_label=line.rule_label,
        source=line.source,
        claimed=line.claimed,
        share=line.share,
        unpaid=line.unpaid,
    )


def _stored_line(line: Any) -> LineOut:
    rule = rules.OrderRule(line.rule)
    kind = ClaimKind(line.claim.kind)
    return LineOut(
        claim_id=line.claim_id,
        name=line.claim.creditor,
        kind=kind.value,
        kind_label=rules.CLAIM_LABELS[kind],
        rank=line.rank,
        rule=rule.value,
        rule_label=rules.ORDER_RULE_LABELS[rule],
        source=rules.ORDER_RULE_SOURCES[rule],
        claimed=line.claimed,
        share=line.share,
        unpaid=line.unpaid,
        pay=line.pay,
        held=line.held,
    )


def _claim(row: Any) -> ClaimOut:
    return ClaimOut(
        id=row.pk,
        creditor=row.creditor,
        creditor_case_number=row.creditor_case.case_number if row.creditor_case_id else None,
        kind=row.kind,
        kind_label=row.get_kind_display(),
        amount=row.amount,
        filed_on=row.filed_on,
        title_number=row.title_number,
        created_on=row.created_on,
        controlled_at=row.controlled_at,
        accepted=row.accepted,
        refusal_reason=row.refusal_reason,
    )


def _objection(view: selectors.ObjectionView, today: date) -> ObjectionOut:
    row, counter = view.row, view.counter
    windows = [_window(view.counter_window, today)]
    if view.suit_window is not None:
        windows.append(_window(view.suit_window, today))
    return ObjectionOut(
        id=row.pk,
        objector_claim_id=row.objector_line.claim_id if row.objector_line_id else None,
        objector_name=row.objector_name,
        target_claim_id=row.target_line.claim_id,
        target_name=row.target_line.claim.creditor,
        disputed=row.disputed,
        reason=row.reason,
        filed_on=row.filed_on,
        notified_on=row.notified_on,
        counter_by=counter.by_name if counter else None,
        counter_filed_on=counter.filed_on if counter else None,
        counter_notified_on=counter.notified_on if counter else None,
        suit_filed_on=row.suit_filed_on,
        resolution=view.resolution.value,
        resolution_label=view.resolution_label,
        awarded=row.awarded,
        windows=windows,
    )


def ordinary_rule(debtor_kind: str) -> rules.OrderRule:
    return (
        rules.OrderRule.SEIZURE_ORDER
        if debtor_kind == DebtorKind.LEGAL_PERSON.value
        else rules.OrderRule.PRO_RATA
    )


def _out(actor: Any, row: Distribution) -> DistributionOut:
    view = selectors.distribution_view(actor=actor, distribution=row)
    today = view.today
    kind = DebtorKind(row.debtor_kind)
    pending = (
        [r.message for r in view.settlement.refusals]
        if view.settlement is not None and not view.settlement.ready
        else []
    )
    return DistributionOut(
        id=row.pk,
        case_id=row.case_id,
        case_number=row.case.case_number,
        debtor_id=row.debtor_id,
        debtor_name=row.debtor.name,
        debtor_kind=kind.value,
        debtor_kind_label=rules.DEBTOR_LABELS[kind],
        ordinary_rule_label=rules.ORDER_RULE_LABELS[ordinary_rule(kind.value)],
        property_description=row.property_description,
        amount=row.amount,
        status=row.status,
        status_label=row.get_status_display(),
        version=row.version,
        opened_on=row.opened_on,
        final_on=row.final_on,
        served_on=view.plan.served_on if view.plan else None,
        undistributed=row.undistributed,
        claims=[_claim(c) for c in view.claims],
        lines=[_stored_line(line) for line in view.lines],
        objection_window=_window(view.objection_window, today) if view.objection_window else None,
        objections=[_objection(o, today) for o in view.objections],
        can_finalize=view.may_finalize,
        pending=pending,
        payouts_url=reverse("case-funds", args=[row.case_id]),
    )


def _distribution(request: HttpRequest, case_id: int, distribution_id: int) -> Distribution:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    return selectors.distribution_get(actor=request.user, pk=distribution_id, case=case)


# --- endpoints -----------------------------------------------------------------------------


@router.get(BASE, response={200: list[DistributionOut], **READ}, summary="本案主持的参与分配")
def distribution_list(request: HttpRequest, case_id: int) -> list[DistributionOut]:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    return [
        _out(request.user, row) for row in selectors.distributions_of(actor=request.user, case=case)
    ]


@router.post(BASE, response={201: DistributionOut, **WRITE}, summary="启动参与分配")
def distribution_open(request: HttpRequest, case_id: int, payload: OpenIn) -> Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    debtor = party_of(case, payload.debtor_id)
    control = None
    if payload.control_id is not None:
        control = ControlMeasure.objects.filter(pk=payload.control_id, case=case).first()
        if control is None:
            raise NotFound("本案没有该查控措施", code="control.not_found")
    row = services.distribution_open(
        actor=request.user,
        case=case,
        debtor=debtor,
        amount=payload.amount,
        property_description=payload.property_description,
        opened_on=payload.opened_on,
        control=control,
    )
    return Status(
        201, _out(request.user, selectors.distribution_get(actor=request.user, pk=row.pk))
    )


@router.post(
    f"{BASE}/preview",
    response={200: PreviewOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="分配方案试算（不保存）",
    description="按民诉法解释第508条、第514条与执行工作规定第55条计算：先费用，再优先受偿债权"
    "（按设立先后），再普通债权（公民、其他组织按比例；法人按查封先后）。按比例分配以分为单位，"
    "采用最大余数法，余数相同的依次按债权金额大、列入先后确定，各份额之和等于可分配金额。",
)
def distribution_preview(request: HttpRequest, case_id: int, payload: PreviewIn) -> PreviewOut:
    case_selectors.case_get(actor=request.user, pk=case_id)
    available = parse_money(payload.amount, field="amount")
    kind = parse_choice(DebtorKind, payload.debtor_kind, field="debtor_kind", label="被执行人类型")
    claims = [
        rules.Claim(
            key=str(i),
            name=c.name.strip() or f"债权人{i}",
            kind=parse_choice(ClaimKind, c.kind, field=f"claims.{i}.kind", label="债权性质"),
            amount=parse_money(c.amount, field=f"claims.{i}.amount"),
            created_on=c.created_on,
            controlled_at=_aware(c.controlled_at),
        )
        for i, c in enumerate(payload.claims, start=1)
    ]
    if not claims:
        raise InputError("distribution.no_claims", "请至少列入一项债权", field="claims")
    try:
        plan = rules.compute_plan(available, kind, claims)
    except rules.PlanError as error:
        raise InputError(error.code, error.message, field=error.field or None) from None
    win = (
        rules.window(WindowKind.OBJECTION, payload.served_on, legal_calendar())
        if payload.served_on
        else None
    )
    return PreviewOut(
        available=plan.available,
        debtor_kind=kind.value,
        debtor_kind_label=rules.DEBTOR_LABELS[kind],
        lines=[_rule_line(line) for line in plan.lines],
        claimed=plan.claimed,
        distributed=plan.distributed,
        surplus=plan.surplus,
        rounding="最大余数法（以分为单位；余数相同的，依次按债权金额大、列入在先确定）",
        objection_window=_window(win, timezone.localdate()) if win else None,
    )


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


@router.get(
    f"{BASE}/{{int:distribution_id}}",
    response={200: DistributionOut, **READ},
    summary="参与分配详情",
)
def distribution_detail(
    request: HttpRequest, case_id: int, distribution_id: int
) -> DistributionOut:
    return _out(request.user, _distribution(request, case_id, distribution_id))


@router.post(
    f"{BASE}/{{int:distribution_id}}/claims",
    response={201: ClaimOut, **WRITE},
    summary="登记参与分配申请（审查第506—507条）",
)
def claim_create(
    request: HttpRequest, case_id: int, distribution_id: int, payload: ClaimIn
) -> Status:
    row = _distribution(request, case_id, distribution_id)
    claim = services.claim_add(actor=request.user, distribution=row, **payload.model_dump())
    return Status(201, _claim(claim))


@router.post(
    f"{BASE}/{{int:distribution_id}}/claims/{{int:claim_id}}/refusal",
    response={200: ClaimOut, **WRITE},
    summary="不予准许参与分配",
)
def claim_refusal(
    request: HttpRequest, case_id: int, distribution_id: int, claim_id: int, payload: RefuseIn
) -> ClaimOut:
    row = _distribution(request, case_id, distribution_id)
    claim = selectors.claim_get(actor=request.user, pk=claim_id, distribution=row)
    return _claim(services.claim_refuse(actor=request.user, claim=claim, reason=payload.reason))


@router.post(
    f"{BASE}/{{int:distribution_id}}/plan",
    response={201: DistributionOut, **WRITE},
    summary="制作并送达分配方案（第509条）",
)
def plan_create(
    request: HttpRequest, case_id: int, distribution_id: int, payload: ServeIn
) -> Status:
    row = _distribution(request, case_id, distribution_id)
    services.plan_serve(actor=request.user, distribution=row, served_on=payload.served_on)
    return Status(201, _out(request.user, _distribution(request, case_id, distribution_id)))


@router.post(
    f"{BASE}/{{int:distribution_id}}/objections",
    response={201: ObjectionOut, **WRITE},
    summary="登记分配方案异议（收到方案之日起15日内）",
)
def objection_create(
    request: HttpRequest, case_id: int, distribution_id: int, payload: ObjectionIn
) -> Status:
    row = _distribution(request, case_id, distribution_id)
    target = selectors.line_get(
        actor=request.user, claim_id=payload.target_claim_id, distribution=row
    )
    objector = (
        selectors.line_get(actor=request.user, claim_id=payload.objector_claim_id, distribution=row)
        if payload.objector_claim_id is not None
        else None
    )
    objection = services.objection_record(
        actor=request.user,
        distribution=row,
        target_line=target,
        objector_line=objector,
        disputed=payload.disputed,
        reason=payload.reason,
        filed_on=payload.filed_on,
        notified_on=payload.notified_on,
    )
    return Status(201, _objection_of(request, row, objection.pk))


def _objection_of(request: HttpRequest, row: Distribution, objection_id: int) -> ObjectionOut:
    fresh = selectors.distribution_get(actor=request.user, pk=row.pk)
    view = selectors.distribution_view(actor=request.user, distribution=fresh)
    found = next((o for o in view.objections if o.row.pk == objection_id), None)
    if found is None:
        raise NotFound("本分配没有该异议", code="distribution.objection_not_found")
    return _objection(found, view.today)


@router.post(
    f"{BASE}/{{int:distribution_id}}/objections/{{int:objection_id}}/counter-objection",
    response={201: ObjectionOut, **WRITE},
    summary="登记反对意见（收到异议通知之日起15日内）",
)
def counter_create(
    request: HttpRequest, case_id: int, distribution_id: int, objection_id: int, payload: CounterIn
) -> Status:
    row = _distribution(request, case_id, distribution_id)
    objection = selectors.objection_get(actor=request.user, pk=objection_id, distribution=row)
    services.counter_objection_record(
        actor=request.user,
        objection=objection,
        by_name=payload.by_name,
        filed_on=payload.filed_on,
        notified_on=payload.notified_on,
    )
    return Status(201, _objection_of(request, row, objection_id))


@router.post(
    f"{BASE}/{{int:distribution_id}}/objections/{{int:objection_id}}/suit",
    response={200: ObjectionOut, **WRITE},
    summary="登记分配方案异议之诉（收到反对意见通知之日起15日内）",
)
def suit_create(
    request: HttpRequest, case_id: int, distribution_id: int, objection_id: int, payload: SuitIn
) -> ObjectionOut:
    row = _distribution(request, case_id, distribution_id)
    objection = selectors.objection_get(actor=request.user, pk=objection_id, distribution=row)
    services.suit_record(actor=request.user, objection=objection, filed_on=payload.filed_on)
    return _objection_of(request, row, objection_id)


@router.post(
    f"{BASE}/{{int:distribution_id}}/objections/{{int:objection_id}}/judgment",
    response={200: ObjectionOut, **WRITE},
    summary="登记异议之诉结果，释放提存金额",
)
def judgment_create(
    request: HttpRequest,
    case_id: int,
    distribution_id: int,
    objection_id: int,
    payload: JudgmentIn,
) -> ObjectionOut:
    row = _distribution(request, case_id, distribution_id)
    objection = selectors.objection_get(actor=request.user, pk=objection_id, distribution=row)
    services.suit_decide(
        actor=request.user,
        objection=objection,
        awarded=payload.awarded,
        decided_on=payload.decided_on,
    )
    return _objection_of(request, row, objection_id)


@router.post(
    f"{BASE}/{{int:distribution_id}}/final",
    response={200: DistributionOut, **WRITE},
    summary="确定分配方案（各期间届满后；争议金额提存）",
)
def distribution_final(
    request: HttpRequest, case_id: int, distribution_id: int, payload: FinalIn
) -> DistributionOut:
    row = _distribution(request, case_id, distribution_id)
    services.distribution_finalize(actor=request.user, distribution=row, on=payload.on)
    return _out(request.user, _distribution(request, case_id, distribution_id))
