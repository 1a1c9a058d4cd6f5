"""Review cases (执行审查类案件), filing: the court that hears each kind, its 类型代字 and 案号, the
facts the filing rules read (how an item's enforcement ended, the six months of 第237条), and
docketing the matter with its filing node on the enforcement case (the clock starts on the day the
application was received; `deadline_holders` has the presiding judge answer for it).

Sources: 民事诉讼法 第236—238条; 执行程序解释 第5条、第7条、第10条、第13条; 民诉法解释 第462条.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase, Party
from zhixing.cases.rules.deadlines import Event as DeadlineEvent
from zhixing.cases.rules.deadlines import pause_intervals
from zhixing.cases.rules.nodes import NodeCode
from zhixing.cases.services.toolkit import (
    NOT_FOUND,
    holds_at,
    locked_case,
    node_record_owned,
    raise_first,
    user,
)
from zhixing.closure.rules.modes import ENDING_MODES
from zhixing.core.audit import audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import DomainError, InputError, NotFound, parse_choice
from zhixing.core.rules.case_number import format_case_number
from zhixing.organization.models import Court
from zhixing.organization.selectors import scope_of

from ..models import ReviewCase
from ..rules import review as rules
from ..rules.review import Hearing, Kind, Outcome
from ._cases_common import (
    FILED_NODE,
    FILERS,
    RECONSIDERATION_ONCE_SOURCE,
    TEXT_MAX,
    area,
    locked_review,
    staff_at,
)

__all__ = [
    "court_change_facts",
    "deadline_holders",
    "hearing_court",
    "item_end",
    "item_hold",
    "may_file",
    "may_file_reconsideration",
    "review_file",
    "type_code_of",
]

N = NodeCode


def hearing_court(
    kind: Kind, case: EnforcementCase, parent: ReviewCase | None = None
) -> Court | None:
    """The court that hears `kind` about `case`: the enforcing court, or the next-higher court.
    A matter that challenges a ruling (`parent`: a 执监 against a 复议 ruling of the upper court)
    goes above the court that made that ruling, not above the enforcing court (人民法院组织法
    第10条: a court's work is supervised by the court above it)."""
    if rules.KINDS[kind].hearing is Hearing.OWN:
        return case.court
    if kind is Kind.SUPERVISION and parent is not None:
        return parent.court.parent
    return case.court.parent


def type_code_of(kind: Kind) -> str:
    """The 类型代字; a 第237条 application's is a setting (UNVERIFIED, see rules.review.KINDS)."""
    if kind is Kind.COURT_CHANGE:
        return str(getattr(settings, "ZHIXING_COURT_CHANGE_TYPE_CODE", rules.KINDS[kind].type_code))
    return rules.KINDS[kind].type_code


# --- facts the rules read ----------------------------------------------------------------------


def item_end(case: EnforcementCase, control_id: int | None) -> tuple[rules.ItemEnd, date] | None:
    """How and when enforcement of the item ended: its control measure released or wholly
    deducted, its property delivered after disposal, or the whole case ended (民诉法解释 第462条).
    None while it goes on or when no control measure is named and the case is open."""
    from zhixing.measures.models import ControlMeasure, DisposalFile

    if control_id is not None:
        measure = ControlMeasure.objects.filter(pk=control_id, case=case).first()
        if measure is None:
            raise InputError("review.control", "本案没有该查控措施", field="control_id")
        disposal = DisposalFile.objects.filter(measure=measure).first()
        if disposal is not None and disposal.delivered_on:
            return rules.ItemEnd.DELIVERED, disposal.delivered_on
        if measure.status == ControlMeasure.Status.RELEASED and measure.released_on:
            return rules.ItemEnd.RELEASED, measure.released_on
        if measure.status == ControlMeasure.Status.DONE:
            return rules.ItemEnd.DEDUCTED, measure.released_on or measure.started_on
    if case.status == EnforcementCase.Status.CLOSED and case.closure_mode in ENDING_MODES:
        return rules.ItemEnd.CASE_ENDED, case.closed_on or timezone.localdate()
    return None


def item_hold(measure: Any) -> str | None:
    """Registered with `measures.hooks.register_item_hold`: why enforcement of the control
    measure's item is suspended — a third-party objection decided upheld that names it
    (民事诉讼法 第238条), or None."""
    upheld = (
        ReviewCase.objects.filter(
            kind=Kind.THIRD_PARTY_OBJECTION.value,
            status=ReviewCase.Status.DECIDED,
            outcome=Outcome.UPHELD.value,
            control_id=measure.pk,
        )
        .order_by("decided_on", "pk")
        .first()
    )
    if upheld is None:
        return None
    return f"{upheld.case_number} 案外人异议成立，已中止对“{upheld.item or measure}”的执行"


def court_change_facts(case: EnforcementCase, on: date) -> rules.ChangeCourtCount:
    """The six months of 第237条 on `on`, less what the record shows of the excluded periods:
    中止 and 暂缓 (their nodes), 执行争议协调 (a coordination matter from filing to decision) and
    鉴定评估 (a disposal file from the decision to appraise to the report). Public-notice and
    jurisdiction-dispute periods are not recorded anywhere yet, so they are not subtracted."""
    from zhixing.measures.models import DisposalFile

    events = [
        DeadlineEvent(NodeCode(code), day, seq)
        for code, day, seq in case.events.order_by("seq").values_list("code", "occurred_on", "seq")
    ]
    excluded = []
    for begin, end in pause_intervals(events):
        paused = next(
            (e.code for e in events if e.on == begin and e.code in (N.SUSPENDED, N.DEFERRED)),
            N.SUSPENDED,
        )
        kind = (
            rules.ExcludedKind.SUSPENSION if paused is N.SUSPENDED else rules.ExcludedKind.DEFERRAL
        )
        excluded.append(rules.Excluded(kind, begin, end))
    for review in ReviewCase.objects.filter(case=case, kind=Kind.COORDINATION.value):
        excluded.append(
            rules.Excluded(rules.ExcludedKind.COORDINATION, review.received_on, review.decided_on)
        )
    for start, end in DisposalFile.objects.filter(
        case=case, appraisal_decided_on__isnull=False
    ).values_list("appraisal_decided_on", "reported_on"):
        excluded.append(rules.Excluded(rules.ExcludedKind.APPRAISAL, start, end))
    return rules.court_change_count(
        received_on=case.received_on, on=on, excluded=excluded, calendar=legal_calendar()
    )


def deadline_holders(case: EnforcementCase) -> dict[int, int]:
    """{seq of a review's filing node: its presiding judge} — registered with cases.hooks so the
    judge, not the enforcement officer, answers for the review's clock."""
    return dict(
        ReviewCase.objects.filter(
            case_id=case.pk, node_seq__isnull=False, judge__isnull=False
        ).values_list("node_seq", "judge_id")
    )


# --- filing ------------------------------------------------------------------------------------


def review_file(
    *,
    actor: Any,
    case: EnforcementCase,
    kind: str,
    applicant: str,
    subject: str,
    received_on: date,
    item: str = "",
    control_id: int | None = None,
    parent: ReviewCase | None = None,
    applicant_party: Party | None = None,
    against_closure: bool = False,
) -> ReviewCase:
    """Dockets a review matter with its own 案号 at the court that hears it and records its filing
    node on the enforcement case (the clock starts on the day the application was received).

    A reconsideration is filed against a decided, served act-objection ruling within 10 days
    (第236条、第85条), by the upper court or through the enforcing court (执行程序解释 第7条); a
    third-party objection only while enforcement of its item goes on (民诉法解释 第462条); a
    第237条 application only after six counted months (执行程序解释 第10条、第13条)."""
    kind_value = parse_choice(Kind, kind, field="kind", label="审查类型")
    rule = rules.KINDS[kind_value]
    applicant = area.text(applicant, "applicant", "申请人（异议人）", 100)
    subject = area.text(subject, "subject", "异议、复议或申请事项", TEXT_MAX)
    item = area.text(item, "item", "执行标的", 200, required=False)
    received_on = area.date(received_on, "received_on", "收到申请日期")
    if not scope_of(actor).covers(case.court_id):
        raise NotFound(NOT_FOUND)
    if kind_value is Kind.RECONSIDERATION and parent is None:
        raise InputError(
            "reconsideration.parent_required", "请选择所针对的异议裁定", field="parent"
        )
    with transaction.atomic():
        case = locked_case(case.pk, "court__parent")
        if case.status not in (EnforcementCase.Status.DOCKETED, EnforcementCase.Status.CLOSED):
            raise DomainError("review.case_not_docketed", "执行案件尚未立案，不能受理审查事项")
        if parent is not None:
            parent = locked_review(parent)
            if parent.case_id != case.pk:
                raise InputError("review.parent", "所针对的裁定不属于本案", field="parent")
        court = hearing_court(kind_value, case, parent)
        if court is None:
            raise DomainError(
                "review.no_upper_court",
                f"{case.court.name}没有上一级法院，{rule.label}无从受理",
                source=rule.source,
            )
        courts = [court.pk]
        if kind_value is Kind.RECONSIDERATION:
            courts.append(case.court_id)  # 执行程序解释 第7条: 可以通过执行法院转交
        staff_at(actor, courts, FILERS, f"受理{rule.label}")
        if applicant_party is not None and applicant_party.case_id != case.pk:
            raise InputError("review.party", "申请人不是本案当事人", field="applicant_party")
        if kind_value is Kind.ACT_OBJECTION:
            ended = (
                case.closed_on
                if case.status == EnforcementCase.Status.CLOSED
                and case.closure_mode in ENDING_MODES
                else None
            )
            raise_first(
                rules.check_act_objection(case_ended_on=ended, against_closure=against_closure)
            )
        elif kind_value is Kind.THIRD_PARTY_OBJECTION:
            raise_first(
                rules.check_third_party_objection(
                    filed_on=received_on, item=item, ended=item_end(case, control_id)
                )
            )
        elif kind_value is Kind.RECONSIDERATION:
            assert parent is not None
            _refuse_second_reconsideration(parent)
            raise_first(
                rules.check_reconsideration(
                    parent_kind=Kind(parent.kind),
                    parent_decided=parent.status == ReviewCase.Status.DECIDED,
                    served_on=parent.served_on,
                    filed_on=received_on,
                    calendar=legal_calendar(),
                )
            )
        elif kind_value is Kind.COURT_CHANGE:
            raise_first(
                rules.check_court_change(
                    court_change_facts(case, received_on),
                    case_closed=case.status == EnforcementCase.Status.CLOSED,
                )
            )
        if control_id is not None and kind_value is not Kind.THIRD_PARTY_OBJECTION:
            item_end(case, control_id)  # the measure must belong to the case
        type_code = type_code_of(kind_value)
        year = received_on.year
        serial = case_services.next_serial(court.pk, type_code, year)
        number = format_case_number(
            year=year, court_code=court.code, type_code=type_code, serial=serial
        )
        try:
            with transaction.atomic():
                review = ReviewCase.objects.create(
                    court=court,
                    case_court_id=case.court_id,
                    kind=kind_value.value,
                    type_code=type_code,
                    year=year,
                    serial=serial,
                    case_number=number,
                    case=case,
                    parent=parent,
                    applicant=applicant,
                    applicant_party=applicant_party,
                    subject=subject,
                    item=item,
                    control_id=control_id,
                    received_on=received_on,
                    created_by=user(actor),
                )
        except IntegrityError:  # a number taken outside the counter (imported data)
            if kind_value is Kind.RECONSIDERATION and parent is not None:
                _refuse_second_reconsideration(parent)
            raise DomainError("review.number_taken", f"案号 {number} 已被使用，请重试") from None
        event = node_record_owned(
            "received_on",
            actor=actor,
            case=case,
            code=FILED_NODE[kind_value],
            on=received_on,
            data={"review": number, "review_id": review.pk, "item": item},
            note=f"{number} {applicant}：{subject}"[:300],
        )
        review.node_seq = event.seq
        review.save(update_fields=["node_seq"])
        case_services.recompute_deadlines(case)
        audit_record(
            actor=actor,
            action="review.file",
            court_id=court.pk,
            obj=review,
            summary=f"受理{rule.label} {number}（{case.case_number}）",
            after={
                "kind": kind_value.value,
                "case_number": number,
                "case": case.case_number,
                "received_on": received_on,
                "parent": parent.case_number if parent else None,
            },
        )
        return review


def _refuse_second_reconsideration(parent: ReviewCase) -> None:
    """民事诉讼法 第236条: a party may apply for reconsideration of an objection ruling once. The
    ruling's row is locked by the caller, so two filings against it are serialised here; the
    database's partial unique constraint (`one_reconsideration`) stands behind this check."""
    earlier = ReviewCase.objects.filter(parent=parent, kind=Kind.RECONSIDERATION.value).first()
    if earlier is not None:
        raise DomainError(
            "reconsideration.repeated",
            f"异议裁定 {parent.case_number} 已有复议案件（{earlier.case_number}），"
            "对同一异议裁定只能申请复议一次",
            source=RECONSIDERATION_ONCE_SOURCE,
            field="parent",
        )


def may_file(actor: Any, case: EnforcementCase) -> bool:
    """Staff who may docket some review matter about `case` (its court or the next-higher one)."""
    courts = [case.court_id] + ([case.court.parent_id] if case.court.parent_id else [])
    return holds_at(actor, courts, FILERS)


def may_file_reconsideration(actor: Any, review: ReviewCase) -> bool:
    """An act-objection ruling served: its court (执行程序解释 第7条) or the next-higher court."""
    if (
        review.kind != Kind.ACT_OBJECTION.value
        or review.status != ReviewCase.Status.DECIDED
        or review.served_on is None
        or review.children.filter(kind=Kind.RECONSIDERATION.value).exists()
    ):
        return False
    courts = [review.court_id] + ([review.court.parent_id] if review.court.parent_id else [])
    return holds_at(actor, courts, FILERS)
