"""Control measures (查封、扣押、冻结、扣划) through /api/v1/: parse, select within scope, call one
service, return. Bad input → 422, a rule's refusal → 409 with its source (mapped in zhixing.api).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhixing.cases import selectors as case_selectors
from zhixing.core.errors import InputError, NotFound
from zhixing.core.schemas import READ, WRITE, ErrorOut
from zhixing.linkage.models import LinkedDepartment, PropertyFound

from ..models import ControlMeasure
from ..rules import control as rules
from ..selectors import control as selectors
from ..services import control as services
from ._common import limited, money

router = Router(tags=["查控措施"])


# --- schemas ---------------------------------------------------------------------------------


class ControlIn(Schema):
    found_id: int | None = Field(None, description="网络查控发现的财产；不填则按下列字段手工登记")
    kind: str = Field(..., description="freeze 冻结 | seal 查封 | seize 扣押")
    property_kind: str = Field(
        "", description="手工登记时必填：deposit | movable | real_estate | other_rights"
    )
    description: str = ""
    identifier: str = ""
    party_id: int | None = Field(None, description="手工登记时必填：被执行人")
    department_code: str = Field(
        "", description="协助执行单位代码；不填为法院自行办理（现场查封、扣押），即时生效"
    )
    amount: str | None = money("50000.00", None)
    started_on: date
    expires_on: date | None = Field(None, description="届满日（民诉法解释 第485条 的最长期限内）")
    ruling: str = Field(..., description="执行裁定书文号")


class DeductIn(Schema):
    amount: str = Field(..., description="扣划金额（元）")
    on: date
    ruling: str


class RenewIn(Schema):
    renewed_on: date
    new_expiry: date
    ruling: str


class ReleaseIn(Schema):
    released_on: date
    reason: str


class RenewalOut(Schema):
    id: int
    renewed_on: date
    old_expiry: date
    new_expiry: date
    status: str
    status_label: str
    failure_reason: str


class PriorityOut(Schema):
    rank: int
    total: int
    label: str = Field(..., description="首封 / 首冻 / 轮候查封（第N顺位）")


class ControlOut(Schema):
    id: int
    case_id: int
    case_number: str | None
    kind: str
    kind_label: str
    property_kind: str
    property_kind_label: str
    description: str
    identifier: str
    respondent: str
    department_code: str | None
    department_name: str | None
    requested_amount: Decimal | None
    amount: Decimal | None = Field(..., description="冻结：实际冻结金额；扣划：实际划拨金额")
    deducted_total: Decimal
    frozen_remaining: Decimal | None
    status: str = Field(..., description="存储状态")
    state: str = Field(
        ...,
        description="显示状态：requested | in_effect | expiring | expired | releasing | "
        "released | done | failed（届满未续行即为 expired，按日期计算）",
    )
    state_label: str
    started_on: date
    expires_on: date | None
    days_left: int | None
    took_effect_at: datetime | None
    max_term: str
    latest_expiry: date | None
    source: str
    priority: PriorityOut | None
    ruling: str
    released_on: date | None
    release_reason: str
    failure_reason: str
    reference: str
    freeze_id: int | None
    message_key: str | None
    renewals: list[RenewalOut] = Field(
        ..., description="续行记录（到期预警列表中只列已发出、待协助单位回复的续行）"
    )
    renewal_pending: bool = Field(False, description="续行已发出，待协助单位回复")


class CaseControlsOut(Schema):
    case_id: int
    frozen: Decimal = Field(..., description="本案冻结而尚未扣划的存款合计")
    deducted: Decimal = Field(..., description="已扣划到本案账户的合计")
    controls: list[ControlOut]
    deductions: list[ControlOut]


class ExpiringOut(Schema):
    warn_days: int
    today: date
    expiring: list[ControlOut]
    expired: list[ControlOut]


# --- building responses --------------------------------------------------------------------


def _out(row: selectors.ControlRow) -> ControlOut:
    m = row.measure
    return ControlOut(
        id=m.pk,
        case_id=m.case_id,
        case_number=m.case.case_number,
        kind=m.kind,
        kind_label=m.get_kind_display(),
        property_kind=m.property_kind,
        property_kind_label=m.get_property_kind_display(),
        description=m.description,
        identifier=m.identifier,
        respondent=m.party.name,
        department_code=m.department.code if m.department else None,
        department_name=m.department.name if m.department else None,
        requested_amount=m.requested_amount,
        amount=m.amount,
        deducted_total=m.deducted_total,
        frozen_remaining=m.frozen_remaining if m.kind == rules.ControlKind.FREEZE else None,
        status=m.status,
        state=row.state.value,
        state_label=row.state_label,
        started_on=m.started_on,
        expires_on=m.expires_on,
        days_left=row.days_left,
        took_effect_at=m.took_effect_at,
        max_term=row.max_term,
        latest_expiry=row.latest_expiry,
        source=row.source,
        priority=PriorityOut(**vars(row.priority)) if row.priority else None,
        ruling=m.ruling,
        released_on=m.released_on,
        release_reason=m.release_reason,
        failure_reason=m.failure_reason,
        reference=m.reference,
        freeze_id=m.freeze_id,
        message_key=m.message.idempotency_key if m.message_id else None,
        renewals=[
            RenewalOut(
                id=r.pk,
                renewed_on=r.renewed_on,
                old_expiry=r.old_expiry,
                new_expiry=r.new_expiry,
                status=r.status,
                status_label=r.get_status_display(),
                failure_reason=r.failure_reason,
            )
            for r in row.renewals
        ],
        renewal_pending=row.renewal_pending,
    )


def _measure_out(actor, pk: int) -> ControlOut:
    """One measure as its case's page shows it (rank included)."""
    measure = selectors.measure_get(actor=actor, pk=pk)
    book = selectors.case_controls(actor=actor, case=measure.case)
    for row in book.rows:
        if row.measure.pk == pk:
            return _out(row)
    measure = next(m for m in book.deductions if m.pk == pk)
    return _out(selectors.row_of(measure, book.today))


def _department(code: str) -> LinkedDepartment | None:
    if not code:
        return None
    department = LinkedDepartment.objects.filter(code=code).first()
    if department is None:
        raise InputError(
            "control.department_unknown", f"未找到联动单位：{code}", field="department_code"
        )
    return department


# --- endpoints -----------------------------------------------------------------------------


@router.get(
    "/cases/{int:case_id}/controls",
    response={200: CaseControlsOut, **READ},
    summary="本案查控措施（含状态、剩余天数、法定最长期限、顺位）",
)
def case_controls(request: HttpRequest, case_id: int) -> CaseControlsOut:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    book = selectors.case_controls(actor=request.user, case=case)
    return CaseControlsOut(
        case_id=case.pk,
        frozen=book.frozen,
        deducted=book.deducted,
        controls=[_out(r) for r in book.rows],
        deductions=[_out(selectors.row_of(d, book.today)) for d in book.deductions],
    )


@router.post(
    "/cases/{int:case_id}/controls",
    response={201: ControlOut, **WRITE},
    summary="采取查封、扣押、冻结措施",
    description="对查控发现的财产（found_id）或手工登记的财产采取措施。经协助执行单位办理的，"
    "发出协助执行通知（发件箱），单位答复后生效；现场扣押或法院自行查封即时生效。"
    "期限依民诉法解释 第485条；冻结存款金额不得超出尚欠金额（民事诉讼法 第253条）。",
)
def control_create(request: HttpRequest, case_id: int, payload: ControlIn) -> Status:
    actor = request.user
    case = case_selectors.case_get(actor=actor, pk=case_id)
    found = None
    party = None
    if payload.found_id is not None:
        found = PropertyFound.objects.filter(pk=payload.found_id, case_id=case.pk).first()
        if found is None:
            raise NotFound("本案没有该项查控发现的财产", code="control.found_unknown")
    elif payload.party_id is not None:
        party = next((p for p in case.parties.all() if p.pk == payload.party_id), None)
    measure = services.control_take(
        actor=actor,
        case=case,
        kind=payload.kind,
        started_on=payload.started_on,
        expires_on=payload.expires_on,
        ruling=payload.ruling,
        found=found,
        property_kind=payload.property_kind,
        description=payload.description,
        identifier=payload.identifier,
        party=party,
        department=_department(payload.department_code),
        amount=payload.amount,
    )
    return Status(201, _measure_out(actor, measure.pk))


@router.get(
    "/controls/expiring",
    response={200: ExpiringOut, 401: ErrorOut},
    summary="查控措施到期预警（辖区内，最早到期的在前）及届满未续行的措施",
)
def controls_expiring(request: HttpRequest, limit: int = 500) -> ExpiringOut:
    today = timezone.localdate()
    limit = limited(limit, 2000)
    soon = selectors.expiring(actor=request.user, today=today)[:limit]
    lapsed = selectors.expired(actor=request.user, today=today)[:limit]
    return ExpiringOut(
        warn_days=selectors.warn_days(),
        today=today,
        expiring=[_listed(m, today) for m in soon],
        expired=[_listed(m, today) for m in lapsed],
    )


def _listed(measure: ControlMeasure, today: date) -> ControlOut:
    """A row of the expiry list with the renewals awaiting an answer (prefetched by the selector,
    as the page shows them): `renewal_pending` tells the officer a renewal is already on its way."""
    return _out(selectors.row_of(measure, today, renewals=measure.pending_renewals))


@router.get("/controls/{int:control_id}", response={200: ControlOut, **READ}, summary="查控措施")
def control_detail(request: HttpRequest, control_id: int) -> ControlOut:
    return _measure_out(request.user, control_id)


@router.post(
    "/controls/{int:control_id}/deductions",
    response={201: ControlOut, **WRITE},
    summary="扣划已冻结的存款",
    description="向开户银行发出协助扣划通知；银行答复后款项按划款流水号计入本案账户（一案一账号），"
    "重复答复不重复入账。扣划金额不得超过尚未扣划的冻结金额，也不得超过尚欠金额（民事诉讼法 第253条）。",
)
def deduction_create(request: HttpRequest, control_id: int, payload: DeductIn) -> Status:
    freeze = selectors.measure_get(actor=request.user, pk=control_id)
    row = services.deduction_request(
        actor=request.user,
        freeze=freeze,
        amount=payload.amount,
        on=payload.on,
        ruling=payload.ruling,
    )
    return Status(201, _measure_out(request.user, row.pk))


@router.post(
    "/controls/{int:control_id}/renewals",
    response={201: ControlOut, **WRITE},
    summary="续行（届满前办理，期限不超过同一最长期限）",
)
def renewal_create(request: HttpRequest, control_id: int, payload: RenewIn) -> Status:
    measure = selectors.measure_get(actor=request.user, pk=control_id)
    services.control_renew(
        actor=request.user,
        measure=measure,
        renewed_on=payload.renewed_on,
        new_expiry=payload.new_expiry,
        ruling=payload.ruling,
    )
    return Status(201, _measure_out(request.user, control_id))


@router.post(
    "/controls/{int:control_id}/release",
    response={200: ControlOut, **WRITE},
    summary="解除查封、扣押、冻结（须说明理由）",
)
def release(request: HttpRequest, control_id: int, payload: ReleaseIn) -> ControlOut:
    measure = selectors.measure_get(actor=request.user, pk=control_id)
    services.control_release(
        actor=request.user,
        measure=measure,
        released_on=payload.released_on,
        reason=payload.reason,
    )
    return _measure_out(request.user, control_id)
