"""Disposal (财产处置): every write, one use case per function.

Each service: keyword-only arguments and an explicit actor; one `transaction.atomic`; the case row
locked, then the property's disposal file; scope (own court) and role (执行员、法官助理、执行法官);
the rules of `measures.rules.disposal` (every broken rule is reported, the first one as the error);
the write; the audit record and the node event on the case in the same transaction. A refusal
changes nothing.

The proceeds are paid into the court's account by the buyer (or the in-kind taker's excess):
that is the funds area's work; a file only records the amount due.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhixing.cases.models import CollegialDecision, EnforcementCase, Party
from zhixing.cases.rules.deadlines import FOR_SEQ
from zhixing.cases.rules.filing import PartyRole
from zhixing.core.audit import audit_record
from zhixing.core.errors import DomainError, InputError, parse_choice, parse_money
from zhixing.core.rules.roles import Role

from ..hooks import refuse_if_held
from ..models import AuctionRound, ControlMeasure, DisposalFile
from ..rules import disposal as rules
from ..rules.control import PropertyKind, is_expired
from ..rules.disposal import (
    Facts,
    Outcome,
    PanelDecision,
    PlannedRound,
    Platform,
    PriceBasis,
    Refusal,
    RoundFact,
    RoundResult,
)
from ..selectors.control import Priority, priorities
from ._common import Area, aware, node_record, user
from .control import owed

__all__ = [
    "DISPOSAL_ROLES",
    "RuleRefusals",
    "appraisal_order",
    "appraisal_report",
    "appraiser_select",
    "auction_announce",
    "auction_result",
    "disposal_release",
    "facts_of",
    "facts_of_rounds",
    "first_control_refusals",
    "handover",
    "in_effect",
    "may",
    "outstanding_claim",
    "panel_decisions",
    "planned_round",
    "round_facts",
    "round_refusals",
    "sale_floor_ratio",
    "sale_or_in_kind",
]

DISPOSAL_ROLES = frozenset({Role.OFFICER, Role.ASSISTANT, Role.JUDGE})


class RuleRefusals(DomainError):
    """Every rule an action breaks (HTTP 409); the first is the error's own code and message, the
    page shows each beside its field."""

    def __init__(self, refusals: list[Refusal]) -> None:
        first = refusals[0]
        super().__init__(first.code, first.message, source=first.source, field=first.field or None)
        self.refusals = refusals


def sale_floor_ratio() -> Decimal:
    """The 变卖 floor as a share of the second round's start price (default 1.00; UNVERIFIED)."""
    return Decimal(
        str(getattr(settings, "ZHIXING_DISPOSAL_SALE_FLOOR_RATIO", rules.SALE_FLOOR_RATIO))
    )


# --- helpers -------------------------------------------------------------------------------


def _raise(refusals: list[Refusal]) -> None:
    if refusals:
        raise RuleRefusals(refusals)


# Own court's staff (an upper court's staff may look, not act); a superuser passes.
_area = Area("disposal")
_text, _date = _area.text, _area.date


def may(actor: Any, court_id: int) -> bool:
    """Whether the actor may act on the court's disposals (the page decides which forms to offer;
    the services check again)."""
    return _area.may(actor, court_id, DISPOSAL_ROLES)


def _price(value: Any, field: str, label: str) -> Decimal:
    amount = parse_money(value, field=field)
    if amount <= 0:
        raise InputError("disposal.amount_not_positive", f"{label}须大于零", field=field)
    return amount


def _aware(value: datetime, field: str) -> datetime:
    """A naive datetime is read in the court's zone (Asia/Shanghai); the rules get local time."""
    if not isinstance(value, datetime):
        raise InputError("disposal.datetime", "时间格式不正确", field=field)
    return timezone.localtime(aware(value))


def _property(measure: ControlMeasure) -> str:
    return measure.description + (f"（{measure.identifier}）" if measure.identifier else "")


def _locked_file(measure: ControlMeasure) -> DisposalFile | None:
    return DisposalFile.objects.select_for_update().filter(measure_id=measure.pk).first()


def _open_file(
    actor: Any, case: EnforcementCase, measure: ControlMeasure, on: date, field: str
) -> DisposalFile:
    """The property's file, opened (and 启动财产处置 recorded on the case) by its first act."""
    row = _locked_file(measure)
    if row is not None:
        return row
    _raise(_disposable(measure))
    row = DisposalFile.objects.create(
        measure=measure,
        case_id=case.pk,
        court_id=case.court_id,
        opened_on=on,
        opened_by=user(actor),
    )
    node_record(
        field,
        actor=actor,
        case=case,
        code="disposal_started",
        on=on,
        data={"property": _property(measure)},
    )
    return row


def in_effect(measure: ControlMeasure) -> bool:
    """In force today: status in effect and not past its term (expiry is computed, 第485条)."""
    return measure.status == ControlMeasure.Status.IN_EFFECT and not is_expired(
        measure.expires_on, timezone.localdate()
    )


def first_control_refusals(measure: ControlMeasure, priority: Priority | None) -> list[Refusal]:
    """法释〔2016〕6号 第1条 on this property: its place among every court's controls of it
    (`selectors.control.priorities`, the same order the control page shows)."""
    if priority is None:
        return []
    return rules.check_first_control(priority.rank, priority.label)


def _disposable(measure: ControlMeasure) -> list[Refusal]:
    """Sealed and in force, not a deposit account, and sealed here first (法释〔2016〕6号 第1条)."""
    refusals = rules.check_disposable(PropertyKind(measure.property_kind), in_effect(measure))
    if refusals:
        return refusals
    rank = priorities([measure], timezone.localdate()).get(measure.pk)
    return first_control_refusals(measure, rank)


def outstanding_claim(case: EnforcementCase) -> Decimal | None:
    """The applicant's claim still outstanding: the case's claim less what has been realized
    (`control.owed`), never below zero; None for a case without a money claim. 拍卖变卖规定
    第16条: an in-kind taker pays in what the price exceeds it."""
    claim = owed(case)
    return None if claim is None else max(claim, rules.ZERO)


def panel_decisions(case_id: int) -> list[PanelDecision]:
    """The case's collegial decisions as the rules see them (网拍规定 第27条)."""
    return [
        PanelDecision(on, subject, kind == CollegialDecision.Kind.PANEL, pk)
        for pk, on, subject, kind in CollegialDecision.objects.filter(case_id=case_id)
        .order_by("decided_on", "pk")
        .values_list("pk", "decided_on", "subject", "kind")
    ]


def _begin(
    actor: Any, measure: ControlMeasure, what: str
) -> tuple[EnforcementCase, ControlMeasure]:
    """Checks scope and role, locks the case, re-reads the measure."""
    _area.require(actor, measure.court_id, DISPOSAL_ROLES, what)
    case = _area.open_case(measure.case_id, what="办理财产处置", source=rules.SRC_DISPOSABLE)
    measure = ControlMeasure.objects.select_related("party").get(pk=measure.pk)
    return case, measure


def _round_fact(r: AuctionRound) -> RoundFact:
    return RoundFact(
        number=r.number,
        platform=r.platform,
        start_price=r.start_price,
        result=RoundResult(r.result),
        ended_on=timezone.localtime(r.ends_at).date(),
    )


def round_facts(file: DisposalFile | None) -> list[RoundFact]:
    if file is None:
        return []
    return [_round_fact(r) for r in file.rounds.order_by("id")]


def facts_of_rounds(
    measure: ControlMeasure, file: DisposalFile | None, rounds: list[AuctionRound]
) -> Facts:
    """The file as the rules see it, from rounds already read (in id order)."""
    return Facts(
        property_kind=PropertyKind(measure.property_kind),
        appraisal_ordered=bool(file and file.appraisal_decided_on),
        agency_selected=bool(file and file.agency_selected_on),
        reference_price=file.reference_price if file else None,
        rounds=tuple(_round_fact(r) for r in rounds),
        outcome=file.outcome_enum if file else None,
        delivered=bool(file and file.delivered_on),
    )


def facts_of(measure: ControlMeasure, file: DisposalFile | None) -> Facts:
    return facts_of_rounds(measure, file, list(file.rounds.order_by("id")) if file else [])


def _audit(actor: Any, file: DisposalFile, verb: str, summary: str, **kw: Any) -> None:
    audit_record(
        actor=actor,
        action=f"measures.{verb}",
        court_id=file.court_id,
        obj=file,
        summary=summary,
        **kw,
    )


# --- appraisal -----------------------------------------------------------------------------


def appraisal_order(*, actor: Any, measure: ControlMeasure, decided_on: date) -> DisposalFile:
    """决定委托评估: starts the 10-day clock for choosing the agency (法发〔2006〕35号 第7条)."""
    _date(decided_on, "decided_on", "决定委托评估日期")
    with transaction.atomic():
        case, measure = _begin(actor, measure, "决定委托评估")
        _raise(_disposable(measure))
        refuse_if_held(measure, "决定委托评估")  # 民事诉讼法 第238条
        row = _open_file(actor, case, measure, decided_on, "decided_on")
        _raise(rules.check_appraisal_order(row.appraisal_decided_on is not None, round_facts(row)))
        event = node_record(
            "decided_on",
            actor=actor,
            case=case,
            code="appraisal_ordered",
            on=decided_on,
            data={"property": _property(measure)},
        )
        row.appraisal_decided_on, row.appraisal_seq = decided_on, event.seq
        row.save(update_fields=["appraisal_decided_on", "appraisal_seq"])
        _audit(
            actor,
            row,
            "appraisal_order",
            f"{case} 决定委托评估：{_property(measure)}",
            after={"decided_on": decided_on},
        )
        return row


def appraiser_select(
    *, actor: Any, measure: ControlMeasure, agency: str, selected_on: date
) -> DisposalFile:
    """确定评估机构 (法发〔2006〕35号 第7条: within 10 days of the decision; the case's deadline
    row shows whether it was met)."""
    agency = _text(agency, "agency", "评估机构名称", 100)
    _date(selected_on, "selected_on", "确定评估机构日期")
    with transaction.atomic():
        case, measure = _begin(actor, measure, "确定评估机构")
        _raise(_disposable(measure))
        row = _locked_file(measure)
        _raise(
            rules.check_appraiser(
                decided_on=row.appraisal_decided_on if row else None,
                selected_on=selected_on,
                agency=agency,
                already=bool(row and row.agency_selected_on),
            )
        )
        assert row is not None
        row.agency, row.agency_selected_on = agency, selected_on
        row.save(update_fields=["agency", "agency_selected_on"])
        data: dict[str, Any] = {"property": _property(measure), "agency": agency}
        decision = row.appraisal_seq or _appraisal_seq(case, measure)
        if decision is not None:  # meets this property's 10 days, not the oldest open ones
            data[FOR_SEQ] = decision
        node_record(
            "selected_on",
            actor=actor,
            case=case,
            code="appraiser_selected",
            on=selected_on,
            data=data,
        )
        _audit(
            actor,
            row,
            "appraiser_select",
            f"{case} 确定评估机构：{agency}（{_property(measure)}）",
            after={"agency": agency, "selected_on": selected_on},
        )
        return row


def _appraisal_seq(case: EnforcementCase, measure: ControlMeasure) -> int | None:
    """A file opened before it kept its node's seq: the last `appraisal_ordered` event of the
    case naming this property (None if there is none: the deadline falls back to the order)."""
    return (
        case.events.filter(code="appraisal_ordered", data__property=_property(measure))
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )


def appraisal_report(
    *, actor: Any, measure: ControlMeasure, basis: str, price: Any, reported_on: date
) -> DisposalFile:
    """登记参考价: the appraisal price from the agency's report, or the market price by inquiry when
    there is no appraisal (网拍规定 第10条). No node: the announcement is the next one."""
    kind = parse_choice(PriceBasis, basis, field="basis", label="参考价类型")
    value = _price(price, "price", "参考价")
    _date(reported_on, "reported_on", "评估报告或询价日期")
    with transaction.atomic():
        case, measure = _begin(actor, measure, "登记评估价")
        _raise(_disposable(measure))
        row = _open_file(actor, case, measure, reported_on, "reported_on")
        _raise(
            rules.check_report(
                basis=kind,
                price=value,
                reported_on=reported_on,
                agency_selected_on=row.agency_selected_on,
                rounds=round_facts(row),
            )
        )
        before = {"basis": row.price_basis, "price": row.reference_price}
        row.price_basis, row.reference_price, row.reported_on = kind.value, value, reported_on
        row.save(update_fields=["price_basis", "reference_price", "reported_on"])
        _audit(
            actor,
            row,
            "appraisal_report",
            f"{case} 登记{rules.PRICE_BASIS_LABELS[kind]} {value} 元（{_property(measure)}）",
            before=before,
            after={"basis": kind.value, "price": value, "reported_on": reported_on},
        )
        return row


# --- auction rounds ------------------------------------------------------------------------


def planned_round(
    *,
    platform: str,
    announced_on: date,
    starts_at: datetime,
    ends_at: datetime,
    start_price: Any,
    deposit: Any,
    notified_on: date | None,
) -> PlannedRound:
    """Parses a round's input (422 on malformed values) into what the rules check."""
    parse_choice(Platform, platform, field="platform", label="拍卖平台")
    if notified_on is not None:
        _date(notified_on, "notified_on", "通知当事人日期")
    return PlannedRound(
        platform=platform,
        announced_on=announced_on,
        starts_at=_aware(starts_at, "starts_at"),
        ends_at=_aware(ends_at, "ends_at"),
        start_price=_price(start_price, "start_price", "起拍价"),
        deposit=_price(deposit, "deposit", "保证金"),
        notified_on=notified_on,
    )


def round_refusals(
    measure: ControlMeasure,
    file: DisposalFile | None,
    plan: PlannedRound,
    decisions: list[PanelDecision] | None = None,
) -> list[Refusal]:
    """Every rule the planned round breaks, on the file as it stands (also used for a dry run);
    `decisions`: the case's collegial decisions, read here when not given."""
    return _disposable(measure) or rules.check_round(
        plan,
        property_kind=PropertyKind(measure.property_kind),
        reference_price=file.reference_price if file else None,
        decisions=panel_decisions(measure.case_id) if decisions is None else decisions,
        basis=PriceBasis(file.price_basis) if file and file.price_basis else None,
        rounds=round_facts(file),
        outcome=file.outcome_enum if file else None,
    )


def auction_announce(
    *,
    actor: Any,
    measure: ControlMeasure,
    platform: str,
    announced_on: date,
    starts_at: datetime,
    ends_at: datetime,
    start_price: Any,
    deposit: Any,
    notified_on: date | None,
) -> AuctionRound:
    """发布网络司法拍卖公告 for round 1 or 2; refused with the article when a rule breaks
    (网拍规定 第10条、第12条、第16条、第17条、第20条、第26条、第27条; 法释〔2016〕6号 第1条). The
    round keeps the collegial decision its start price and deposit rest on (第27条)."""
    plan = planned_round(
        platform=platform,
        announced_on=announced_on,
        starts_at=starts_at,
        ends_at=ends_at,
        start_price=start_price,
        deposit=deposit,
        notified_on=notified_on,
    )
    _date(announced_on, "announced_on", "公告日期")
    with transaction.atomic():
        case, measure = _begin(actor, measure, "发布拍卖公告")
        refuse_if_held(measure, "发布拍卖公告")  # 民事诉讼法 第238条
        row = _locked_file(measure)
        decisions = panel_decisions(case.pk)
        _raise(round_refusals(measure, row, plan, decisions))
        basis = rules.panel_basis(decisions, plan.announced_on)
        assert basis is not None  # check_collegial passed
        row = row or _open_file(actor, case, measure, announced_on, "announced_on")
        number = rules.next_round_number(round_facts(row))
        auction = AuctionRound.objects.create(
            file=row,
            court_id=row.court_id,
            number=number,
            platform=plan.platform,
            notified_on=plan.notified_on,
            announced_on=plan.announced_on,
            starts_at=plan.starts_at,
            ends_at=plan.ends_at,
            start_price=plan.start_price,
            deposit=plan.deposit,
            collegial_decision_id=basis.key,
            announced_by=user(actor),
        )
        node_record(
            "announced_on",
            actor=actor,
            case=case,
            code="auction_announced",
            on=announced_on,
            data={"property": _property(measure), "round": number},
        )
        audit_record(
            actor=actor,
            action="measures.auction_announce",
            court_id=row.court_id,
            obj=auction,
            summary=f"{case} 发布第{number}次拍卖公告：{_property(measure)}，"
            f"起拍价 {plan.start_price} 元（合议庭 {basis.decided_on} 评议：{basis.subject}）",
            after={
                "round": number,
                "platform": plan.platform,
                "notified_on": plan.notified_on,
                "announced_on": plan.announced_on,
                "starts_at": plan.starts_at,
                "ends_at": plan.ends_at,
                "start_price": plan.start_price,
                "deposit": plan.deposit,
                "collegial_decision": basis.key,
            },
        )
        return auction


def auction_result(
    *,
    actor: Any,
    auction: AuctionRound,
    result: str,
    on: date,
    winning_price: Any = None,
    buyer: str = "",
) -> AuctionRound:
    """登记拍卖结果: sold (节点“拍卖成交”, the file's outcome and the amount the buyer pays in),
    failed (节点“拍卖流拍”, the day that opens round 2's 30 days), or withdrawn (no node)."""
    outcome = parse_choice(RoundResult, result, field="result", label="拍卖结果")
    price = (
        _price(winning_price, "winning_price", "成交价")
        if winning_price not in (None, "")
        else None
    )
    buyer = _text(buyer, "buyer", "买受人", 100, required=False)
    _date(on, "on", "结果登记日期")
    with transaction.atomic():
        file = DisposalFile.objects.select_related("measure").get(pk=auction.file_id)
        case, measure = _begin(actor, file.measure, "登记拍卖结果")
        file = DisposalFile.objects.select_for_update().get(pk=file.pk)
        row = AuctionRound.objects.select_for_update().get(pk=auction.pk)
        ends_at = timezone.localtime(row.ends_at)
        _raise(
            rules.check_result(
                outcome,
                start_price=row.start_price,
                starts_at=timezone.localtime(row.starts_at),
                ends_at=ends_at,
                now=timezone.localtime(),
                winning_price=price,
                buyer=buyer,
                current=RoundResult(row.result),
            )
        )
        if outcome is not RoundResult.WITHDRAWN and on < ends_at.date():
            raise InputError(
                "auction.result_before_end",
                f"结果登记日期不能早于竞价结束日（{ends_at:%Y年%m月%d日}）",
                field="on",
            )
        row.result, row.result_on = outcome.value, on
        if outcome is RoundResult.SOLD:
            row.winning_price, row.buyer = price, buyer
        row.save(update_fields=["result", "result_on", "winning_price", "buyer"])
        what = _property(measure)
        if outcome is RoundResult.SOLD:
            assert price is not None
            file.outcome, file.outcome_on = Outcome.AUCTION.value, on
            file.outcome_price, file.taker, file.amount_due = price, buyer, price
            file.save(
                update_fields=["outcome", "outcome_on", "outcome_price", "taker", "amount_due"]
            )
            node_record(
                "on",
                actor=actor,
                case=case,
                code="auction_sold",
                on=on,
                data={"property": what, "price": str(price)},
            )
        elif outcome is RoundResult.FAILED:
            node_record(
                "on",
                actor=actor,
                case=case,
                code="auction_failed",
                on=on,
                data={"property": what, "round": row.number},
            )
        audit_record(
            actor=actor,
            action="measures.auction_result",
            court_id=row.court_id,
            obj=row,
            summary=f"{case} 第{row.number}次拍卖{rules.RESULT_LABELS[outcome]}：{what}"
            + (f"，成交价 {price} 元，买受人 {buyer}" if price is not None else ""),
            before={"result": RoundResult.PENDING.value},
            after={"result": outcome.value, "on": on, "winning_price": price, "buyer": buyer},
        )
        return row


# --- after the online rounds ---------------------------------------------------------------


def sale_or_in_kind(
    *,
    actor: Any,
    measure: ControlMeasure,
    mode: str,
    on: date,
    price: Any = None,
    buyer: str = "",
    party: Party | None = None,
    consent_on: date | None = None,
    consent_note: str = "",
) -> DisposalFile:
    """变卖 after the second failed round at no less than the floor (网拍规定 第26条第2款), or 以物抵债
    after a failed round at that round's reserve to an applicant who consented (拍卖变卖规定
    第16条; 民诉法解释 第489条、第490条); the taker pays in what the price exceeds its claim still
    outstanding, which is computed here (`outstanding_claim`), never typed."""
    kind = parse_choice(Outcome, mode, field="mode", label="处置方式")
    if kind not in (Outcome.SALE, Outcome.IN_KIND):
        raise InputError("mode.invalid", "处置方式只能是变卖或以物抵债", field="mode")
    _date(on, "on", "变卖或抵债日期")
    if kind is Outcome.SALE:
        value = _price(price, "price", "变卖价")
        buyer = _text(buyer, "buyer", "买受人", 100)
    else:
        if party is None:
            raise InputError("in_kind.party_required", "请选择接受抵债的申请执行人", field="party")
        consent_note = _text(consent_note, "consent_note", "同意的记录", 200, required=False)
        if consent_on is not None:
            _date(consent_on, "consent_on", "申请执行人同意日期")
    with transaction.atomic():
        case, measure = _begin(actor, measure, "变卖或以物抵债")
        _raise(_disposable(measure))
        refuse_if_held(measure, "变卖或以物抵债")  # 民事诉讼法 第238条
        row = _locked_file(measure)
        rounds = round_facts(row)
        outcome = row.outcome_enum if row else None
        if kind is Outcome.SALE:
            _raise(
                rules.check_sale(
                    rounds, outcome, price=value, buyer=buyer, floor_ratio=sale_floor_ratio()
                )
            )
            taker, due = buyer, value
        else:
            assert party is not None
            claim = outstanding_claim(case)
            _raise(
                rules.check_in_kind(
                    rounds,
                    outcome,
                    taker_is_applicant=party.case_id == case.pk
                    and party.role == PartyRole.APPLICANT.value,
                    consent_on=consent_on,
                    claim=claim,
                    decided_on=on,
                )
            )
            reserve = rules.in_kind_price(rounds)
            assert reserve is not None and claim is not None
            value, taker, due = reserve, party.name, rules.in_kind_excess(reserve, claim)
        assert row is not None
        row.outcome, row.outcome_on, row.outcome_price = kind.value, on, value
        row.taker, row.amount_due = taker, due
        fields = ["outcome", "outcome_on", "outcome_price", "taker", "amount_due"]
        if kind is Outcome.IN_KIND:
            row.taker_party, row.claim_amount = party, claim
            row.consent_on, row.consent_note = consent_on, consent_note
            fields += ["taker_party", "claim_amount", "consent_on", "consent_note"]
        row.save(update_fields=fields)
        node_record(
            "on",
            actor=actor,
            case=case,
            code="property_sold",
            on=on,
            data={"property": _property(measure), "mode": kind.value, "price": str(value)},
        )
        _audit(
            actor,
            row,
            "sale_or_in_kind",
            f"{case} {rules.OUTCOME_LABELS[kind]}：{_property(measure)}，价款 {value} 元，"
            f"{taker}；应缴入法院账户 {due} 元",
            after={
                "mode": kind.value,
                "on": on,
                "price": value,
                "taker": taker,
                "amount_due": due,
                "consent_on": consent_on if kind is Outcome.IN_KIND else None,
                "claim_outstanding": row.claim_amount if kind is Outcome.IN_KIND else None,
            },
        )
        return row


def disposal_release(*, actor: Any, measure: ControlMeasure, on: date, reason: str) -> DisposalFile:
    """解除处置: the property could not be sold and the applicant would not take it (民诉法解释
    第490条), or disposal is no longer needed. Lifting the seal itself is the control area's act."""
    reason = _text(reason, "reason", "解除处置理由", 200)
    _date(on, "on", "解除处置日期")
    with transaction.atomic():
        case, measure = _begin(actor, measure, "解除处置")
        row = _open_file(actor, case, measure, on, "on")
        _raise(rules.check_release(round_facts(row), row.outcome_enum))
        row.outcome, row.outcome_on, row.release_reason = Outcome.RELEASED.value, on, reason
        row.save(update_fields=["outcome", "outcome_on", "release_reason"])
        _audit(
            actor,
            row,
            "disposal_release",
            f"{case} 解除处置：{_property(measure)}（{reason}）",
            after={"outcome": Outcome.RELEASED.value, "on": on, "reason": reason},
        )
        return row


def handover(*, actor: Any, measure: ControlMeasure, delivered_on: date) -> DisposalFile:
    """交付处置财产 to the buyer or in-kind taker (法发〔2006〕35号 第8条)."""
    _date(delivered_on, "delivered_on", "交付日期")
    with transaction.atomic():
        case, measure = _begin(actor, measure, "交付处置财产")
        row = _locked_file(measure)
        _raise(
            rules.check_handover(
                row.outcome_enum if row else None,
                row.outcome_on if row else None,
                delivered_on,
                bool(row and row.delivered_on),
            )
        )
        assert row is not None
        row.delivered_on = delivered_on
        row.save(update_fields=["delivered_on"])
        node_record(
            "delivered_on",
            actor=actor,
            case=case,
            code="property_delivered",
            on=delivered_on,
            data={"property": _property(measure)},
        )
        _audit(
            actor,
            row,
            "handover",
            f"{case} 交付处置财产：{_property(measure)}，交付{row.taker}",
            after={"delivered_on": delivered_on},
        )
        return row
