"""Review cases (执行审查类案件), the decision: the panel's ruling recorded by its presiding judge
or a member (separation checked first, a refusal audited), its effects — an item's enforcement
suspended on a third-party objection upheld (第238条), a responsibility analysis opened when a
ruling or act is revoked, a 第237条 decision carried out by the supervision services (督促执行令,
提级、指定执行) — and service of the ruling, which starts the time for 复议 or a lawsuit.

Sources: 民事诉讼法 第236—238条; 执行程序解释 第8条、第11—13条; 执行异议复议规定 第6条、第17条、
第23条.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from zhixing.cases.models import EnforcementCase
from zhixing.cases.rules.deadlines import FOR_SEQ
from zhixing.cases.rules.nodes import NodeCode
from zhixing.cases.services.toolkit import holds_at, node_record_owned, raise_first
from zhixing.core.audit import audit_record
from zhixing.core.errors import AccessDenied, DomainError, InputError, parse_choice
from zhixing.organization.models import Court
from zhixing.organization.selectors import staff_of

from ..models import ReviewCase
from ..rules import review as rules
from ..rules.review import Kind, Outcome
from . import responsibility
from ._cases_common import (
    DECIDERS,
    FILERS,
    TEXT_MAX,
    area,
    court_staff,
    in_scope,
    locked_case_of,
    locked_review,
    staff_at,
)
from .separation import audits_refusals, case_conflicts, refuse

__all__ = ["may_decide", "may_serve", "review_decide", "review_serve"]

N = NodeCode


@audits_refusals
def review_decide(
    *,
    actor: Any,
    review: ReviewCase,
    outcome: str,
    reasoning: str,
    on: date,
    until: date | None = None,
    to_court: Court | None = None,
) -> ReviewCase:
    """The panel's ruling, recorded by its presiding judge or a member (REVIEW_DECIDED on the
    enforcement case, naming the filing node). Separation is checked first: someone who handled
    the implementation case is refused whatever their role, and the refusal is audited.

    Effects: a third-party objection upheld suspends enforcement of that item (ITEM_SUSPENDED;
    a named control measure is shown as suspended, not released — 民事诉讼法 第238条); a 复议 or
    supervision that revokes or changes the lower court's ruling or act opens a responsibility
    analysis; a 第237条 decision issues the 督促执行令, takes the case or designates another court
    through the supervision services."""
    result = parse_choice(Outcome, outcome, field="outcome", label="处理结果")
    reasoning = area.text(reasoning, "reasoning", "裁定理由", TEXT_MAX)
    in_scope(actor, review)
    with transaction.atomic():
        review = locked_review(review)
        kind = Kind(review.kind)
        rule = rules.KINDS[kind]
        what = "作出执行审查裁定"
        # The court first (someone of another court is simply not this court's: a plain 403),
        # then separation (an implementation officer is told why, and the refusal is audited),
        # then the role and the panel. Nobody decides without being named: a superuser too must
        # be a staff member on the panel (the ruling is signed by its judges).
        staff = court_staff(actor, review.court_id, what)
        conflicts = case_conflicts(review.case, review)
        refuse(
            actor=actor,
            review=review,
            conflicts=conflicts,
            staff_ids=[staff.pk],
            action="作出审查裁定",
        )
        area.require_roles(actor, DECIDERS, what)
        if review.status != ReviewCase.Status.FILED:
            raise DomainError(
                "review.decided", f"该审查案件已{review.get_status_display()}，不能再作出裁定"
            )
        panel = list(review.panel.all())
        if review.judge_id is None:
            raise DomainError(
                "review.no_judge", "尚未指定审判长（合议庭），不能作出裁定", source=rule.source
            )
        raise_first(
            rules.check_panel(
                required=rule.panel_required,
                members=[s.pk for s in panel],
                presiding=review.judge_id,
            )
        )
        if staff.pk != review.judge_id and staff.pk not in {s.pk for s in panel}:
            raise AccessDenied("只有本案合议庭成员（审判长）可以作出裁定", code="review.not_panel")
        refuse(
            actor=actor,
            review=review,
            conflicts=conflicts,
            staff_ids=[review.judge_id, *(s.pk for s in panel)],
            action="作出审查裁定（合议庭成员不符合审执分离）",
        )
        raise_first(rules.check_outcome(kind, result))
        on = area.date(on, "on", "裁定日期", not_before=review.received_on, what="收到申请日期")
        case = locked_case_of(review)
        review.status = ReviewCase.Status.DECIDED
        review.outcome, review.reasoning, review.decided_on = result.value, reasoning, on
        review.save(update_fields=["status", "outcome", "reasoning", "decided_on"])
        label = review.get_outcome_display()
        event = node_record_owned(
            "on",
            actor=actor,
            case=case,
            code=N.REVIEW_DECIDED,
            on=on,
            data={
                "review": review.case_number,
                "review_id": review.pk,
                "outcome": label,
                FOR_SEQ: review.node_seq,
            },
            note=f"{review.case_number}：{label}",
        )
        if kind is Kind.THIRD_PARTY_OBJECTION and result is Outcome.UPHELD:
            node_record_owned(
                "on",
                actor=actor,
                case=case,
                code=N.ITEM_SUSPENDED,
                on=on,
                data={
                    "review": review.case_number,
                    "item": review.item,
                    "control_id": review.control_id,
                },
                note=f"{review.case_number} 案外人异议成立，中止对“{review.item}”的执行",
            )
        if rules.needs_responsibility_analysis(kind, result):
            responsibility.analysis_open(actor=actor, review=review, on=on, decided_seq=event.seq)
        if kind is Kind.COURT_CHANGE and result in (
            Outcome.ORDERED,
            Outcome.TAKEN,
            Outcome.DESIGNATED,
        ):
            _supervise(
                actor=actor,
                review=review,
                case=case,
                result=result,
                on=on,
                until=until,
                to_court=to_court,
                reason=reasoning,
            )
        audit_record(
            actor=actor,
            action="review.decide",
            court_id=review.court_id,
            obj=review,
            summary=f"{review.case_number} {rule.label}：{label}",
            before={"status": ReviewCase.Status.FILED.value},
            after={"status": review.status, "outcome": result.value, "on": on},
        )
        return review


def _supervise(
    *,
    actor: Any,
    review: ReviewCase,
    case: EnforcementCase,
    result: Outcome,
    on: date,
    until: date | None,
    to_court: Court | None,
    reason: str,
) -> None:
    """民事诉讼法 第237条; 执行程序解释 第11条: the upper court's decision on the application is
    carried out by the supervision services (H4's), in this transaction."""
    from . import supervision

    if result is Outcome.ORDERED:
        if until is None:
            raise InputError("review.until_required", "责令限期执行须填写限期", field="until")
        supervision.enforce_order(
            actor=actor, case=case, on=on, until=until, reason=reason, review=review
        )
    elif result is Outcome.TAKEN:
        supervision.escalate(actor=actor, case=case, on=on, reason=reason, review=review)
    else:
        if to_court is None:
            raise InputError(
                "review.to_court_required", "指定执行须选择被指定的法院", field="to_court"
            )
        supervision.designate(
            actor=actor, case=case, on=on, to_court=to_court, reason=reason, review=review
        )


def review_serve(*, actor: Any, review: ReviewCase, served_on: date) -> ReviewCase:
    """Records service of the ruling: it starts the 10 days for 复议 (第236条) or the 15 days for a
    lawsuit after a third-party objection ruling (第238条)."""
    in_scope(actor, review)
    with transaction.atomic():
        review = locked_review(review)
        staff_at(actor, [review.court_id], FILERS, "记录裁定送达")
        if review.status != ReviewCase.Status.DECIDED or review.decided_on is None:
            raise DomainError("review.undecided", "尚未作出裁定，无从送达")
        served_on = area.date(
            served_on, "served_on", "送达日期", not_before=review.decided_on, what="裁定日期"
        )
        if review.served_on is not None and review.served_on != served_on:
            raise DomainError(
                "review.served",
                f"送达日期已记录为 {review.served_on:%Y年%m月%d日}",
                field="served_on",
            )
        review.served_on = served_on
        review.save(update_fields=["served_on"])
        audit_record(
            actor=actor,
            action="review.serve",
            court_id=review.court_id,
            obj=review,
            summary=f"{review.case_number} 裁定于 {served_on:%Y年%m月%d日} 送达",
            after={"served_on": served_on},
        )
        return review


def may_decide(actor: Any, review: ReviewCase, panel_ids: Iterable[int]) -> bool:
    """A member of the panel (or the presiding judge) of an undecided matter."""
    if review.status != ReviewCase.Status.FILED or review.judge_id is None:
        return False
    staff = staff_of(actor)
    return staff is not None and (staff.pk == review.judge_id or staff.pk in set(panel_ids))


def may_serve(actor: Any, review: ReviewCase) -> bool:
    return (
        review.status == ReviewCase.Status.DECIDED
        and review.served_on is None
        and holds_at(actor, [review.court_id], FILERS)
    )
