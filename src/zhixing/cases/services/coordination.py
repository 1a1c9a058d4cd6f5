"""Collegial decisions, trial coordination (M13), voluntary performance, reminders (催办)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhixing.core.audit import audit_record
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound, parse_choice
from zhixing.core.rules.roles import Role
from zhixing.organization.models import Court, Staff
from zhixing.organization.selectors import roles_of, staff_of

from ..models import (
    CaseDeadline,
    CollegialDecision,
    EnforcementCase,
    Reminder,
    TrialFeedback,
    VoluntaryPerformance,
)
from ..rules.nodes import (
    NodeCode,
)
from ._common import (
    _actor_staff,
    _locked,
    _money,
    _require_roles,
)

N = NodeCode


PANEL_SOURCE = "执行工作规定 第5条"


def collegial_decision_record(
    *,
    actor: Any,
    case: EnforcementCase,
    kind: str,
    decided_on: date,
    subject: str,
    outcome: str,
    members: list[Staff],
    presiding: Staff,
    topic: str = CollegialDecision.Topic.PLAN,
) -> CollegialDecision:
    """A 合议庭 has at least three members, an odd number, and its presiding judge among them."""
    kind_value = parse_choice(CollegialDecision.Kind, kind, field="kind", label="评议形式")
    topic_value = parse_choice(CollegialDecision.Topic, topic, field="topic", label="评议类别")
    ids = {m.pk for m in members}
    if len(ids) < 3:
        raise InputError(
            "panel.size", "合议或联席会议至少须三名人员参加", field="members", source=PANEL_SOURCE
        )
    if kind_value == CollegialDecision.Kind.PANEL and len(ids) % 2 == 0:
        raise InputError(
            "panel.odd", "合议庭成员人数应为单数", field="members", source="人民法院组织法 第30条"
        )
    if presiding.pk not in ids:
        raise InputError("panel.presiding", "审判长（主持人）须为参加人员之一", field="presiding")
    if not subject.strip() or not outcome.strip():
        raise InputError("panel.required", "请填写评议事项和评议结果", field="outcome")
    with transaction.atomic():
        case = _locked(case)
        _actor_staff(actor, case.court)
        _require_roles(
            actor, frozenset({Role.JUDGE, Role.OFFICER, Role.BUREAU_CHIEF}), "记录合议评议"
        )
        if any(m.court_id != case.court_id for m in members):
            raise InputError("panel.other_court", "参加人员须为本院人员", field="members")
        decision = CollegialDecision.objects.create(
            case=case,
            court_id=case.court_id,
            kind=kind_value,
            topic=topic_value,
            decided_on=decided_on,
            subject=subject.strip(),
            outcome=outcome.strip(),
            presiding=presiding,
        )
        decision.members.set(members)
        audit_record(
            actor=actor,
            action="case.collegial_decision",
            court_id=case.court_id,
            obj=decision,
            summary=f"{case} {decision.get_kind_display()}：{decision.subject}",
            after={"members": sorted(ids), "presiding": presiding.pk, "outcome": decision.outcome},
        )
    return decision


def trial_feedback_raise(
    *, actor: Any, case: EnforcementCase, issue: str, on: date
) -> TrialFeedback:
    """判项不明确等问题反馈审判部门 (法发〔2009〕43号 一(二))."""
    if not issue.strip():
        raise InputError("feedback.required", "请写明需要审判部门答复的问题", field="issue")
    with transaction.atomic():
        case = _locked(case)
        staff = _actor_staff(actor, case.court)
        _require_roles(actor, frozenset({Role.OFFICER, Role.JUDGE}), "向审判部门反馈")
        feedback = TrialFeedback.objects.create(
            case=case, court_id=case.court_id, raised_on=on, raised_by=staff, issue=issue.strip()
        )
        audit_record(
            actor=actor,
            action="case.trial_feedback",
            court_id=case.court_id,
            obj=feedback,
            summary=f"{case} 反馈审判部门：判项问题",
            after={"issue": feedback.issue},
        )
    return feedback


def trial_feedback_answer(
    *, actor: Any, feedback: TrialFeedback, answer: str, on: date
) -> TrialFeedback:
    if not answer.strip():
        raise InputError("feedback.answer_required", "请填写答复内容", field="answer")
    with transaction.atomic():
        feedback = TrialFeedback.objects.select_for_update().get(pk=feedback.pk)
        staff = _actor_staff(actor, feedback.court)
        _require_roles(actor, frozenset({Role.JUDGE}), "答复执行部门反馈")
        if feedback.answered_on:
            raise DomainError("feedback.answered", "该反馈已经答复")
        feedback.answer, feedback.answered_on, feedback.answered_by = answer.strip(), on, staff
        feedback.save(update_fields=["answer", "answered_on", "answered_by"])
        audit_record(
            actor=actor,
            action="case.trial_feedback_answer",
            court_id=feedback.court_id,
            obj=feedback,
            summary="审判部门答复执行反馈",
            after={"answer": feedback.answer},
        )
    return feedback


def voluntary_performance_record(
    *,
    actor: Any,
    court: Court,
    document_number: str,
    performed_on: date,
    amount: Decimal | str | None,
) -> VoluntaryPerformance:
    """自动履行 before any enforcement application (M13: the voluntary-performance rate)."""
    value = _money(amount, "amount")
    if not document_number.strip():
        raise InputError(
            "voluntary.document_required", "请填写生效法律文书编号", field="document_number"
        )
    if performed_on > timezone.localdate():
        raise InputError("voluntary.future", "履行日期不能晚于今天", field="performed_on")
    with transaction.atomic():
        staff = _actor_staff(actor, court)
        _require_roles(
            actor, frozenset({Role.JUDGE, Role.CLERK, Role.ASSISTANT, Role.OFFICER}), "登记自动履行"
        )
        record = VoluntaryPerformance.objects.create(
            court=court,
            document_number=document_number.strip(),
            performed_on=performed_on,
            amount=value,
            recorded_by=staff,
        )
        audit_record(
            actor=actor,
            action="voluntary_performance.record",
            court_id=court.id,
            obj=record,
            summary=f"登记自动履行 {record.document_number}",
            after={"amount": value, "on": performed_on},
        )
    return record


def reminder_send(*, actor: Any, deadline: CaseDeadline, message: str) -> Reminder:
    """催办 an overdue or due-soon deadline: bureau chiefs of the court and anyone of an upper court."""
    if not message.strip():
        raise InputError("reminder.required", "请填写催办意见", field="message")
    with transaction.atomic():
        deadline = CaseDeadline.objects.select_related("case", "court").get(pk=deadline.pk)
        staff = _actor_staff(actor, deadline.court)
        upper = staff is not None and staff.court_id != deadline.court_id
        if not upper and not (
            roles_of(actor) & frozenset({Role.BUREAU_CHIEF, Role.PRESIDENT, Role.VICE_PRESIDENT})
        ):
            raise AccessDenied("只有执行局长、院领导或上级法院可以催办", code="reminder.role")
        if staff is None:
            raise AccessDenied("催办人须为法院工作人员", code="reminder.role")
        if deadline.met_on is not None:
            raise DomainError("reminder.met", "该期限已经完成，无需催办")
        reminder = Reminder.objects.create(
            deadline=deadline,
            case=deadline.case,
            court_id=deadline.court_id,
            sent_by=staff,
            sent_to_id=deadline.responsible_id or deadline.case.officer_id,
            message=message.strip(),
        )
        audit_record(
            actor=actor,
            action="case.remind",
            court_id=deadline.court_id,
            obj=reminder,
            summary=f"催办 {deadline.case}：{deadline.recipe.label}",
            after={"message": reminder.message},
        )
    return reminder


def reminder_mark_read(*, actor: Any, reminder: Reminder) -> Reminder:
    """The recipient acknowledges a 催办 (it leaves the worklist's unread list; the record stays)."""
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().get(pk=reminder.pk)
        me = staff_of(actor)
        if me is None or reminder.sent_to_id != me.pk:
            raise NotFound("未找到该催办")
        if reminder.read_at is None:
            reminder.read_at = timezone.now()
            reminder.save(update_fields=["read_at"])
            audit_record(
                actor=actor,
                action="case.reminder_read",
                court_id=reminder.court_id,
                obj=reminder,
                summary=f"{me.name} 已阅催办",
                after={"read_at": reminder.read_at},
            )
    return reminder
