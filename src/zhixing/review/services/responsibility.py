"""Responsibility analysis (责任分析): when an upper court revokes or changes a lower court's ruling
or act, the case is examined for how it was handled and by whom (一案双查, 法〔2021〕322号 第31条).

Opened by the decision itself (`review_decide`), in its transaction; listed for the quality office
(质效考评、廉政监察、执行局长、院领导) until it is closed with findings and a conclusion.

Whom an analysis names (the choice documented here, since no text lists them):
- a 复议 against an objection ruling: the lower court's panel and presiding judge of that ruling,
  with its filing and decision nodes;
- the act the objection was about: when the objection named a control measure, the officer who
  decided it and its `measure_taken` node; otherwise the case's 承办人 (the officer answering for
  its implementation acts), with no node, since a free-text objection names no recorded act;
- a supervision matter with no earlier ruling: the act as above;
- always the upper court's own decision node, so the analysis shows what was revoked and when.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhixing.cases.models import NodeEvent
from zhixing.cases.rules.nodes import NodeCode
from zhixing.core.audit import audit_record
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound, parse_choice
from zhixing.core.rules.roles import Role
from zhixing.organization.models import Staff
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..models import ResponsibilityAnalysis, ReviewCase

__all__ = ["QUALITY_OFFICE", "analysis_open", "may_close", "responsibility_close"]

N = NodeCode
QUALITY_OFFICE = frozenset(
    {
        Role.EVALUATOR,
        Role.INTEGRITY_INSPECTOR,
        Role.BUREAU_CHIEF,
        Role.PRESIDENT,
        Role.VICE_PRESIDENT,
    }
)
SOURCE = "法〔2021〕322号 第31条（一案双查）"


def _decision_seq(review: ReviewCase) -> int | None:
    return (
        NodeEvent.objects.filter(
            case_id=review.case_id, code=N.REVIEW_DECIDED.value, data__review_id=review.pk
        )
        .values_list("seq", flat=True)
        .first()
    )


def _act(review: ReviewCase) -> tuple[list[int], list[int]]:
    """(node seqs, staff ids) of the act an objection or supervision matter was about."""
    from zhixing.measures.models import ControlMeasure

    if review.control_id is not None:
        measure = ControlMeasure.objects.filter(pk=review.control_id).first()
        if measure is not None and measure.decided_by_id is not None:
            officer = Staff.objects.filter(user_id=measure.decided_by_id).first()
            seqs = list(
                NodeEvent.objects.filter(
                    case_id=review.case_id,
                    code=N.MEASURE_TAKEN.value,
                    actor_id=measure.decided_by_id,
                    occurred_on=measure.started_on,
                ).values_list("seq", flat=True)
            )
            return seqs, [officer.pk] if officer else []
    officer_id = review.case.officer_id
    return [], [officer_id] if officer_id else []


def analysis_open(
    *, actor: Any, review: ReviewCase, on: date, decided_seq: int
) -> ResponsibilityAnalysis:
    """Opens the analysis for the case whose ruling or act `review` revoked or changed (called by
    `review_decide` inside its transaction; one analysis per review matter)."""
    seqs: list[int] = []
    people: list[int] = []
    lower = review.parent
    if lower is not None:
        seqs += [s for s in (lower.node_seq, _decision_seq(lower)) if s]
        if lower.judge_id:
            people.append(lower.judge_id)
        people += list(lower.panel.values_list("pk", flat=True))
        act_seqs, act_people = _act(lower)
    else:
        act_seqs, act_people = _act(review)
    seqs += act_seqs + [decided_seq]
    people += act_people
    analysis = ResponsibilityAnalysis.objects.create(
        case_id=review.case_id,
        court_id=review.case.court_id,
        review=review,
        opened_on=on,
        node_seqs=sorted(set(seqs)),
    )
    analysis.people.set(Staff.objects.filter(pk__in=set(people)))
    audit_record(
        actor=actor,
        action="review.responsibility_open",
        court_id=analysis.court_id,
        obj=analysis,
        summary=f"{review.case.case_number} 因{review.case_number}{review.get_outcome_display()}，"
        "启动责任分析",
        after={"nodes": analysis.node_seqs, "people": sorted(set(people)), "source": SOURCE},
    )
    return analysis


def _named(actor: Any, analysis: ResponsibilityAnalysis) -> bool:
    """Whether the actor is among the people the analysis names: nobody concludes on their own
    conduct (the recusal principle of 民事诉讼法 第47条, applied to the quality office's review)."""
    staff = staff_of(actor)
    return staff is not None and analysis.people.filter(pk=staff.pk).exists()


def may_close(actor: Any, analysis: ResponsibilityAnalysis) -> bool:
    if _named(actor, analysis):
        return False
    if getattr(actor, "is_superuser", False):
        return True
    staff = staff_of(actor)
    return (
        staff is not None
        and scope_of(actor).covers(analysis.court_id)
        and bool(roles_of(actor) & QUALITY_OFFICE)
    )


def responsibility_close(
    *,
    actor: Any,
    analysis: ResponsibilityAnalysis,
    findings: str,
    conclusion: str,
    on: date | None = None,
) -> ResponsibilityAnalysis:
    """The quality office closes the analysis with its findings and conclusion."""
    result = parse_choice(
        ResponsibilityAnalysis.Conclusion, conclusion, field="conclusion", label="分析结论"
    )
    findings = str(findings or "").strip()
    if not findings:
        raise InputError("responsibility.required", "请填写分析意见", field="findings")
    if len(findings) > 4000:
        raise InputError("responsibility.too_long", "分析意见不能超过 4000 个字", field="findings")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise InputError("responsibility.future_date", "结论日期不能晚于今天", field="on")
    if not scope_of(actor).covers(analysis.court_id):
        raise NotFound("未找到该责任分析，或您无权查看")
    if _named(actor, analysis):
        raise AccessDenied(
            "您是本责任分析所涉及的人员，不能办结本分析（应由其他人员办结）",
            code="responsibility.named",
        )
    if not may_close(actor, analysis):
        who = "、".join(sorted(r.label for r in QUALITY_OFFICE))
        raise AccessDenied(f"责任分析由{who}办结", code="responsibility.role")
    with transaction.atomic():
        row = (
            ResponsibilityAnalysis.objects.select_for_update(of=("self",))
            .select_related("case", "review")
            .get(pk=analysis.pk)
        )
        if row.closed_on is not None:
            raise DomainError("responsibility.closed", "该责任分析已经办结")
        if on < row.opened_on:
            raise InputError(
                "responsibility.date_order",
                f"结论日期不能早于启动日期（{row.opened_on:%Y年%m月%d日}）",
                field="on",
            )
        row.findings, row.conclusion, row.closed_on = findings, result.value, on
        row.closed_by = staff_of(actor)
        row.save(update_fields=["findings", "conclusion", "closed_on", "closed_by"])
        audit_record(
            actor=actor,
            action="review.responsibility_close",
            court_id=row.court_id,
            obj=row,
            summary=f"{row.case.case_number} 责任分析办结：{row.get_conclusion_display()}",
            after={"conclusion": result.value, "on": on},
        )
        return row
