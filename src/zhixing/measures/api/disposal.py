"""Disposal (财产处置) through /api/v1/: parse, select, call one service, return.

A property is addressed by its control measure (`measure_id`): its disposal file opens with the
first act. Only the court that sealed the property first disposes of it (法释〔2016〕6号 第1条); a
round needs the parties notified 3 days before (`notified_on`, 第16条) and a collegial decision on
the case (第27条). A rule refusal is a 409 `{code, message, source, field}` naming the article, e.g.
`{"code": "auction.start_price_below_70", "source": "法释〔2016〕18号 第10条", ...}`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhixing.cases import selectors as case_selectors
from zhixing.core.schemas import READ, WRITE

from ..models import AuctionRound
from ..rules import disposal as rules
from ..selectors import disposal as selectors
from ..services import disposal as services
from ._common import money, party_of

router = Router(tags=["财产处置"])
MONEY = money("700000.00")
BASE = "/cases/{int:case_id}/disposals"


# --- schemas ---------------------------------------------------------------------------------


class AppraisalOrderIn(Schema):
    decided_on: date = Field(..., description="决定委托评估日期（起算10日内确定评估机构）")


class AppraiserIn(Schema):
    agency: str
    selected_on: date


class ReportIn(Schema):
    basis: str = Field(..., description="appraisal（评估价）| market（市场价，询价）")
    price: str = MONEY
    reported_on: date


class RoundIn(Schema):
    platform: str = Field(..., description=" | ".join(p.value for p in rules.Platform))
    notified_on: date | None = Field(
        None,
        description="通知当事人和已知优先购买权人的日期，不晚于公告日前3日（法释〔2016〕18号 "
        "第16条；无法通知的，平台公示满五日之日）；缺少时返回 409",
    )
    announced_on: date
    starts_at: datetime = Field(..., description="竞价开始时间；不带时区的按北京时间")
    ends_at: datetime
    start_price: str = MONEY
    deposit: str = MONEY


class ResultIn(Schema):
    result: str = Field(..., description="sold | failed | withdrawn")
    on: date = Field(..., description="登记日期（成交、流拍不早于竞价结束日）")
    winning_price: str | None = None
    buyer: str = ""


class SettlementIn(Schema):
    mode: str = Field(..., description="sale（变卖）| in_kind（以物抵债）")
    on: date
    price: str | None = Field(None, description="变卖价（以物抵债时不填：为流拍一轮的保留价）")
    buyer: str = ""
    party_id: int | None = Field(
        None,
        description="以物抵债：接受抵债的申请执行人（其尚未实现的债权由法院按申请执行标的减"
        "已到账执行款计算，不再填写）",
    )
    consent_on: date | None = Field(None, description="以物抵债：申请执行人同意日期（必填）")
    consent_note: str = ""


class ReleaseIn(Schema):
    on: date
    reason: str


class HandoverIn(Schema):
    delivered_on: date


class RefusalOut(Schema):
    code: str
    message: str
    source: str
    field: str


class CheckOut(Schema):
    allowed: bool
    refusals: list[RefusalOut]


class PanelOut(Schema):
    id: int
    decided_on: date
    subject: str


class RoundOut(Schema):
    id: int
    number: int
    platform: str
    platform_label: str
    notified_on: date | None
    announced_on: date
    collegial_decision_id: int | None = Field(
        None, description="起拍价、保证金所依据的合议庭评议（法释〔2016〕18号 第27条）"
    )
    starts_at: datetime
    ends_at: datetime
    start_price: Decimal
    deposit: Decimal
    result: str
    result_label: str
    result_on: date | None
    winning_price: Decimal | None
    buyer: str


class LimitsOut(Schema):
    round: int
    min_start_price: Decimal | None
    min_start_basis: str
    min_start_source: str
    announce_days: int
    announce_source: str
    earliest_start_if_announced_today: date
    latest_start_on: date | None
    platform: str | None
    deposit_ratio: list[Decimal] = Field(..., description="[0.05, 0.20]（法释〔2016〕18号 第17条）")


class DisposalOut(Schema):
    measure_id: int
    case_id: int
    property: str
    property_kind: str
    opened: bool
    appraisal_decided_on: date | None
    appraiser_due_on: date | None
    appraiser_late: bool
    agency: str
    agency_selected_on: date | None
    price_basis: str
    reference_price: Decimal | None
    reported_on: date | None
    rounds: list[RoundOut]
    first_control: bool = Field(
        ..., description="本院是否首先查封；轮候查封的不能处置（法释〔2016〕6号 第1条）"
    )
    panel_decision: PanelOut | None = Field(
        None, description="今天公告拍卖所依据的合议庭评议；null 表示尚无（法释〔2016〕18号 第27条）"
    )
    next_steps: list[str]
    next_step_labels: list[str]
    next_round: LimitsOut | None
    sale_floor: Decimal | None
    in_kind_price: Decimal | None
    claim_outstanding: Decimal | None = Field(
        None,
        description="申请执行人尚未实现的债权：申请执行标的减已到账执行款（拍卖变卖规定 第16条）",
    )
    in_kind_due: Decimal | None = Field(
        None, description="今天以物抵债时接受人应补交的金额：抵债价减尚未实现的债权"
    )
    outcome: str
    outcome_label: str
    outcome_on: date | None
    outcome_price: Decimal | None
    taker: str
    amount_due: Decimal | None = Field(
        None, description="应缴入法院执行款账户的金额（拍卖、变卖价款；以物抵债超出债权部分）"
    )
    funds_url: str
    delivered_on: date | None


# --- building responses --------------------------------------------------------------------


def _round_out(r: AuctionRound) -> RoundOut:
    return RoundOut(
        id=r.pk,
        number=r.number,
        platform=r.platform,
        platform_label=r.get_platform_display(),
        notified_on=r.notified_on,
        announced_on=r.announced_on,
        collegial_decision_id=r.collegial_decision_id,
        starts_at=timezone.localtime(r.starts_at),
        ends_at=timezone.localtime(r.ends_at),
        start_price=r.start_price,
        deposit=r.deposit,
        result=r.result,
        result_label=r.get_result_display(),
        result_on=r.result_on,
        winning_price=r.winning_price,
        buyer=r.buyer,
    )


def _out(v: selectors.PropertyDisposal) -> DisposalOut:
    f, lim = v.file, v.limits
    today = timezone.localdate()
    return DisposalOut(
        measure_id=v.measure.pk,
        case_id=v.measure.case_id,
        property=v.measure.description,
        property_kind=v.measure.property_kind,
        opened=f is not None,
        appraisal_decided_on=f.appraisal_decided_on if f else None,
        appraiser_due_on=v.appraiser_due.due if v.appraiser_due else None,
        appraiser_late=v.appraiser_late,
        agency=f.agency if f else "",
        agency_selected_on=f.agency_selected_on if f else None,
        price_basis=f.price_basis if f else "",
        reference_price=f.reference_price if f else None,
        reported_on=f.reported_on if f else None,
        rounds=[_round_out(r) for r in v.rounds],
        first_control=not v.not_first,
        panel_decision=(
            PanelOut(id=v.panel.key, decided_on=v.panel.decided_on, subject=v.panel.subject)
            if v.panel
            else None
        ),
        next_steps=[s.value for s in v.steps],
        next_step_labels=v.step_labels,
        next_round=(
            LimitsOut(
                round=lim.number,
                min_start_price=lim.min_start_price,
                min_start_basis=lim.min_start_basis,
                min_start_source=lim.min_start_source,
                announce_days=lim.announce_days,
                announce_source=lim.announce_source,
                earliest_start_if_announced_today=lim.earliest_start_on(today),
                latest_start_on=lim.latest_start_on,
                platform=lim.platform,
                deposit_ratio=[rules.DEPOSIT_MIN_RATIO, rules.DEPOSIT_MAX_RATIO],
            )
            if lim
            else None
        ),
        sale_floor=v.sale_floor,
        in_kind_price=v.in_kind_price,
        claim_outstanding=v.claim_outstanding,
        in_kind_due=v.in_kind_due,
        outcome=f.outcome if f else "",
        outcome_label=f.get_outcome_display() if f and f.outcome else "",
        outcome_on=f.outcome_on if f else None,
        outcome_price=f.outcome_price if f else None,
        taker=f.taker if f else "",
        amount_due=f.amount_due if f else None,
        funds_url=f"/cases/{v.measure.case_id}/funds/",
        delivered_on=f.delivered_on if f else None,
    )


def _measure(request: HttpRequest, case_id: int, measure_id: int):
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    return selectors.measure_get(actor=request.user, case=case, pk=measure_id)


def _detail(request: HttpRequest, measure) -> DisposalOut:
    return _out(selectors.disposal_of(actor=request.user, measure=measure))


# --- endpoints -----------------------------------------------------------------------------


@router.get(
    BASE,
    response={200: list[DisposalOut], **READ},
    summary="本案财产处置：每项查控财产的评估、拍卖轮次、下一步与规则限额",
)
def disposal_list(request: HttpRequest, case_id: int) -> list[DisposalOut]:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    return [_out(v) for v in selectors.case_disposals(actor=request.user, case=case)]


@router.get(
    BASE + "/{int:measure_id}", response={200: DisposalOut, **READ}, summary="一项财产的处置"
)
def disposal_detail(request: HttpRequest, case_id: int, measure_id: int) -> DisposalOut:
    return _detail(request, _measure(request, case_id, measure_id))


@router.post(
    BASE + "/{int:measure_id}/appraisal-order",
    response={200: DisposalOut, **WRITE},
    summary="决定委托评估（法发〔2006〕35号 第7条：10日内确定评估机构）",
)
def appraisal_order(
    request: HttpRequest, case_id: int, measure_id: int, payload: AppraisalOrderIn
) -> DisposalOut:
    measure = _measure(request, case_id, measure_id)
    services.appraisal_order(actor=request.user, measure=measure, decided_on=payload.decided_on)
    return _detail(request, measure)


@router.post(
    BASE + "/{int:measure_id}/appraiser",
    response={200: DisposalOut, **WRITE},
    summary="确定评估机构",
)
def appraiser_select(
    request: HttpRequest, case_id: int, measure_id: int, payload: AppraiserIn
) -> DisposalOut:
    measure = _measure(request, case_id, measure_id)
    services.appraiser_select(
        actor=request.user, measure=measure, agency=payload.agency, selected_on=payload.selected_on
    )
    return _detail(request, measure)


@router.post(
    BASE + "/{int:measure_id}/appraisal-report",
    response={200: DisposalOut, **WRITE},
    summary="登记评估价或市场价（法释〔2016〕18号 第10条）",
)
def appraisal_report(
    request: HttpRequest, case_id: int, measure_id: int, payload: ReportIn
) -> DisposalOut:
    measure = _measure(request, case_id, measure_id)
    services.appraisal_report(
        actor=request.user,
        measure=measure,
        basis=payload.basis,
        price=payload.price,
        reported_on=payload.reported_on,
    )
    return _detail(request, measure)


@router.post(
    BASE + "/{int:measure_id}/rounds/check",
    response={200: CheckOut, **WRITE},
    summary="检查拟发布的拍卖轮次（不写入）：列出违反的每条规则及依据",
)
def round_check(request: HttpRequest, case_id: int, measure_id: int, payload: RoundIn) -> CheckOut:
    measure = _measure(request, case_id, measure_id)
    plan = services.planned_round(**payload.dict())
    refusals = selectors.round_check(actor=request.user, measure=measure, plan=plan)
    return CheckOut(allowed=not refusals, refusals=[RefusalOut(**vars(r)) for r in refusals])


@router.post(
    BASE + "/{int:measure_id}/rounds",
    response={201: RoundOut, **WRITE},
    summary="发布网络司法拍卖公告（第一次或第二次）",
    description="违反法释〔2016〕18号 第10条、第12条、第17条、第20条、第26条的，返回 409，"
    "source 载明条文。",
)
def round_create(request: HttpRequest, case_id: int, measure_id: int, payload: RoundIn) -> Status:
    measure = _measure(request, case_id, measure_id)
    row = services.auction_announce(actor=request.user, measure=measure, **payload.dict())
    return Status(201, _round_out(row))


@router.post(
    BASE + "/{int:measure_id}/rounds/{int:round_id}/result",
    response={200: RoundOut, **WRITE},
    summary="登记拍卖结果：成交、流拍或撤回",
)
def round_result(
    request: HttpRequest, case_id: int, measure_id: int, round_id: int, payload: ResultIn
) -> RoundOut:
    measure = _measure(request, case_id, measure_id)
    row = selectors.round_get(actor=request.user, measure=measure, pk=round_id)
    row = services.auction_result(
        actor=request.user,
        auction=row,
        result=payload.result,
        on=payload.on,
        winning_price=payload.winning_price,
        buyer=payload.buyer,
    )
    return _round_out(row)


@router.post(
    BASE + "/{int:measure_id}/settlement",
    response={200: DisposalOut, **WRITE},
    summary="变卖或以物抵债（二拍流拍后变卖；流拍后经申请执行人同意以物抵债）",
)
def settlement(
    request: HttpRequest, case_id: int, measure_id: int, payload: SettlementIn
) -> DisposalOut:
    measure = _measure(request, case_id, measure_id)
    party = None if payload.party_id is None else party_of(measure.case, payload.party_id)
    services.sale_or_in_kind(
        actor=request.user,
        measure=measure,
        mode=payload.mode,
        on=payload.on,
        price=payload.price,
        buyer=payload.buyer,
        party=party,
        consent_on=payload.consent_on,
        consent_note=payload.consent_note,
    )
    return _detail(request, measure)


@router.post(
    BASE + "/{int:measure_id}/release",
    response={200: DisposalOut, **WRITE},
    summary="解除处置（无法变卖且申请执行人不接受抵债等）",
)
def release(request: HttpRequest, case_id: int, measure_id: int, payload: ReleaseIn) -> DisposalOut:
    measure = _measure(request, case_id, measure_id)
    services.disposal_release(
        actor=request.user, measure=measure, on=payload.on, reason=payload.reason
    )
    return _detail(request, measure)


@router.post(
    BASE + "/{int:measure_id}/handover",
    response={200: DisposalOut, **WRITE},
    summary="交付处置财产",
)
def handover(
    request: HttpRequest, case_id: int, measure_id: int, payload: HandoverIn
) -> DisposalOut:
    measure = _measure(request, case_id, measure_id)
    services.handover(actor=request.user, measure=measure, delivered_on=payload.delivered_on)
    return _detail(request, measure)
