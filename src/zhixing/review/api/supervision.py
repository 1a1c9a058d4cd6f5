"""Upper-court supervision and entrustment through /api/v1/: the actions visible to the actor and
on one case, each action's creation (督促执行令, 提级, 指定, 交叉, 委托) and the entrustment steps.
Every refusal is a DomainError mapped once to {code, message, source, field} (zhixing.api)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from zhixing.cases import selectors as case_selectors
from zhixing.core.errors import InputError
from zhixing.core.schemas import READ, WRITE
from zhixing.organization.models import Court

from ..models import SupervisionAction
from ..rules import supervision as rules
from ..selectors import supervision as selectors
from ..services import supervision as services

router = Router(tags=["上级监督与委托执行"])


class ActionOut(Schema):
    id: int
    kind: str = Field(
        ..., description="enforce_order | escalation | designation | cross_assignment | entrustment"
    )
    kind_label: str
    case_id: int
    case_number: str
    court: str = Field(..., description="原执行法院代字")
    deciding_court: str
    to_court: str | None
    new_case_id: int | None
    new_case_number: str | None
    decided_on: date
    decided_by: str
    reason: str
    until: date | None
    status: str = Field(..., description="open | done | overdue")
    received_on: date | None
    started_on: date | None
    reported_on: date | None
    superior_asked_on: date | None
    overdue_since: date | None
    start_due: date | None = Field(
        None, description="受托法院应开始执行的最后一日（民事诉讼法 第240条）"
    )
    attention: str


def _out(row: selectors.ActionRow) -> ActionOut:
    a = row.action
    return ActionOut(
        id=a.pk,
        kind=a.kind,
        kind_label=row.kind_label,
        case_id=a.case_id,
        case_number=a.case.case_number,
        court=a.court.code,
        deciding_court=a.deciding_court.code,
        to_court=a.to_court.code if a.to_court else None,
        new_case_id=a.new_case_id,
        new_case_number=a.new_case.case_number if a.new_case else None,
        decided_on=a.decided_on,
        decided_by=a.decided_by.name,
        reason=a.reason,
        until=a.until,
        status=a.status,
        received_on=a.received_on,
        started_on=a.started_on,
        reported_on=a.reported_on,
        superior_asked_on=a.superior_asked_on,
        overdue_since=a.overdue_since,
        start_due=row.clock.start_due if row.clock else None,
        attention=row.attention,
    )


def _one(request: HttpRequest, action: SupervisionAction) -> ActionOut:
    fresh = selectors.action_get(actor=request.user, pk=action.pk)
    return _out(selectors.rows(request.user, [fresh])[0])  # type: ignore[list-item]


def _move(
    request: HttpRequest,
    case_id: int,
    payload: MoveIn,
    move: Callable[..., SupervisionAction],
) -> Status:
    """指定执行 and 交叉执行 alike: the case read in the actor's scope, the receiving court named by
    its code, the service called; 201 with the action."""
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    action = move(
        actor=request.user,
        case=case,
        on=payload.on,
        to_court=_court(payload.to_court),
        reason=payload.reason,
    )
    return Status(201, _one(request, action))


def _court(code: str | None) -> Court | None:
    if not code:
        return None
    court = Court.objects.filter(code=code.strip()).first()
    if court is None:
        raise InputError("court.not_found", f"没有法院代字为“{code}”的法院", field="to_court")
    return court


class OrderIn(Schema):
    on: date
    until: date = Field(..., description="限期执行的最后一日")
    reason: str


class MoveIn(Schema):
    on: date
    reason: str
    to_court: str | None = Field(
        None, description="接受案件的法院代字（指定、交叉、委托执行；提级执行不填）"
    )


class EntrustIn(Schema):
    on: date
    to_court: str = Field(..., description="受托法院代字（同级法院）")
    reason: str
    matters: str = ""


class StepIn(Schema):
    on: date
    text: str = Field("", description="函告的执行情况（函告时必填）、请求事项或办结说明")


@router.get(
    "/supervision-actions",
    response={200: list[ActionOut], **READ},
    summary="可见的上级监督与委托执行记录（需处理的在前）",
)
def action_list(request: HttpRequest) -> list[ActionOut]:
    rows, _more = selectors.supervision_list(request.user)
    return [_out(r) for r in rows]


@router.get(
    "/cases/{int:case_id}/supervision-actions",
    response={200: list[ActionOut], **READ},
    summary="本案的上级监督与委托执行记录",
)
def case_actions(request: HttpRequest, case_id: int) -> list[ActionOut]:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    return [_out(r) for r in selectors.case_actions(request.user, case)]


@router.post(
    "/cases/{int:case_id}/enforce-orders",
    response={201: ActionOut, **WRITE},
    summary="发出督促执行令（民事诉讼法 第237条；执行程序解释 第11条）",
)
def order_create(request: HttpRequest, case_id: int, payload: OrderIn) -> Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    action = services.enforce_order(
        actor=request.user, case=case, on=payload.on, until=payload.until, reason=payload.reason
    )
    return Status(201, _one(request, action))


@router.post(
    "/cases/{int:case_id}/escalation",
    response={201: ActionOut, **WRITE},
    summary="裁定提级执行：本院立案，原案终结执行",
)
def escalate(request: HttpRequest, case_id: int, payload: MoveIn) -> Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    action = services.escalate(actor=request.user, case=case, on=payload.on, reason=payload.reason)
    return Status(201, _one(request, action))


@router.post(
    "/cases/{int:case_id}/designation",
    response={201: ActionOut, **WRITE},
    summary="裁定指定执行：辖区内其他法院立案，原案终结执行",
)
def designate(request: HttpRequest, case_id: int, payload: MoveIn) -> Status:
    return _move(request, case_id, payload, services.designate)


@router.post(
    "/cases/{int:case_id}/cross-assignment",
    response={201: ActionOut, **WRITE},
    summary="交叉执行（同级法院之间的指定执行）",
)
def cross_assign(request: HttpRequest, case_id: int, payload: MoveIn) -> Status:
    return _move(request, case_id, payload, services.cross_assign)


@router.post(
    "/cases/{int:case_id}/entrustment",
    response={201: ActionOut, **WRITE},
    summary="委托同级法院执行（民事诉讼法 第240条；法释〔2011〕11号 第1条）",
)
def entrust(request: HttpRequest, case_id: int, payload: EntrustIn) -> Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    action = services.entrust(
        actor=request.user,
        case=case,
        on=payload.on,
        to_court=_court(payload.to_court),
        reason=payload.reason,
        matters=payload.matters,
    )
    return Status(201, _one(request, action))


STEPS = {
    "receive": "受托法院立案受理（开始十五日、三十日期限）",
    "close": "委托法院作委托结案处理（法释〔2011〕11号 第2条）",
    "start": "受托法院开始执行",
    "report": "受托法院函告执行情况",
    "ask-superior": "受托法院十五日未执行，请求其上级法院指令执行",
    "comply": "督促执行令办结",
}


@router.post(
    "/supervision-actions/{int:action_id}/{step}",
    response={200: ActionOut, **WRITE},
    summary="委托执行的各步骤与督促执行令办结：receive | close | start | report | ask-superior | comply",
)
def action_step(request: HttpRequest, action_id: int, step: str, payload: StepIn) -> ActionOut:
    if step not in STEPS:
        raise InputError("supervision.step", "没有这项办理步骤：" + "、".join(STEPS), field="step")
    action = selectors.action_get(actor=request.user, pk=action_id)
    actor, on = request.user, payload.on
    if step == "receive":
        services.entrustment_receive(actor=actor, action=action, on=on)
    elif step == "close":
        services.entrustment_close(actor=actor, action=action, on=on)
    elif step == "start":
        services.entrustment_start(actor=actor, action=action, on=on)
    elif step == "report":
        services.entrustment_report(actor=actor, action=action, on=on, report=payload.text)
    elif step == "ask-superior":
        services.entrustment_ask_superior(actor=actor, action=action, on=on, note=payload.text)
    else:
        services.enforce_order_comply(actor=actor, action=action, on=on, note=payload.text)
    return _one(request, action)


__all__ = ["router", "rules"]
