"""The 终本 gate on a real case (法〔2016〕373号 第1—5条; 民诉法解释 第517条): the facts read from the
database, the checklist decided by `closure.rules.round_termination`, and the president's approval after a
collegial review.

What is read, and from where:
- the node timeline (`cases.NodeEvent`): notice, service, report checked, 限制消费令, 失信 decision or
  the reason it does not apply, field investigation, missing respondent and the search, obstruction,
  interview (counted only when its record is named), applicant's confirmation, president's approval;
- 网络查控 rounds (`linkage.OutboxMessage` of kind inquiry) and whether every one was answered;
- property leads not yet verified (`measures.PropertyLead`);
- property the court knows of: controls still held (`measures.ControlMeasure`, with their disposal
  file and failed auction rounds) and network finds never controlled (`linkage.PropertyFound`);
- approved fines and detentions (`measures.CoerciveMeasure`), those for refusing to report apart;
- collegial panels' reviews of topic 终本审查 (`cases.CollegialDecision` of kind 合议庭 — a 主审法官
  联席会议 is no 合议庭), each with the president's approvals that name it.

Node dates are the ones people recorded; a closure cannot be dated before the case's last node, so
the gate reads every node on the case. Outbox rounds and answers are read as they stand now.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhixing.cases import services as case_services
from zhixing.cases.models import CollegialDecision, EnforcementCase, NodeEvent
from zhixing.cases.rules.nodes import NODE_TABLE, ROUND_TERMINATION_APPROVERS, NodeCode, Refusal
from zhixing.cases.services.toolkit import NOT_FOUND, locked_case
from zhixing.core.audit import audit_record
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.linkage.models import OutboxMessage, PropertyFound
from zhixing.linkage.rules.outbox import MessageKind
from zhixing.measures.models import CoerciveMeasure, ControlMeasure, PropertyLead
from zhixing.measures.rules.coercive import Measure
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..rules import round_termination as rules

N = NodeCode
APPROVAL_SOURCE = "民诉法解释 第517条"
SANCTIONS = (Measure.FINE.value, Measure.DETENTION.value)
HELD = (ControlMeasure.Status.REQUESTED, ControlMeasure.Status.IN_EFFECT)


def _nodes(case: EnforcementCase) -> dict[NodeCode, tuple[date, ...]]:
    found: dict[NodeCode, list[date]] = {}
    rows = case.events.order_by("seq").values_list("code", "occurred_on", "data", "note")
    for code, on, data, note in rows:
        node = NodeCode(code)
        if node is N.APPLICANT_INTERVIEWED and not ((data or {}).get("record") or note):
            continue  # 第5条: the interview counts with its record kept
        found.setdefault(node, []).append(on)
    return {code: tuple(days) for code, days in found.items()}


def _held(case: EnforcementCase) -> tuple[rules.HeldProperty, ...]:
    controls = list(
        ControlMeasure.objects.filter(case=case, status__in=HELD)
        .exclude(kind="deduct")
        .select_related("disposal")
        .order_by("pk")
    )
    seized = set(
        ControlMeasure.objects.filter(case=case, kind="seize")
        .exclude(status=ControlMeasure.Status.FAILED)
        .exclude(identifier="")
        .values_list("identifier", flat=True)
    )
    items = []
    for m in controls:
        file = getattr(m, "disposal", None)  # the reverse one-to-one: None when never opened
        remaining: Decimal | None = None
        if m.kind == "freeze" and m.status == ControlMeasure.Status.IN_EFFECT:
            remaining = None if m.amount is None else m.amount - m.deducted_total
        items.append(
            rules.HeldProperty(
                description=f"{m.get_kind_display()}：{m.description}",
                property_kind=m.property_kind,
                control=m.kind,
                remaining=remaining,
                outcome=file.outcome if file else "",
                failed_rounds=file.rounds.filter(result="failed").count() if file else 0,
                physically_seized=bool(m.identifier) and m.identifier in seized,
                awaiting_answer=m.status == ControlMeasure.Status.REQUESTED,
            )
        )
    controlled = ControlMeasure.objects.filter(case=case, found__isnull=False).values("found_id")
    finds = (
        PropertyFound.objects.filter(case=case, message__kind=MessageKind.INQUIRY.value)
        .exclude(pk__in=controlled)
        .order_by("pk")
    )
    for f in finds:
        money = f.kind in ("deposit", "wealth")
        items.append(
            rules.HeldProperty(
                description=f"{f.get_kind_display()}：{f.description}"
                + (f"（{f.identifier}）" if f.identifier else ""),
                property_kind=f.kind,
                remaining=(f.amount or Decimal(0)) if money else None,
            )
        )
    return tuple(items)


def _panel_reviews(case: EnforcementCase) -> Any:
    """The case's collegial-panel reviews of 终本, oldest first (民诉法解释 第517条: 合议庭)."""
    return CollegialDecision.objects.filter(
        case=case,
        topic=CollegialDecision.Topic.ROUND_TERMINATION,
        kind=CollegialDecision.Kind.PANEL,
    ).order_by("decided_on", "pk")


def _reviews(case: EnforcementCase) -> tuple[rules.Review, ...]:
    """Each panel review with the dates the president approved it (the approval node names the
    decision it approves: `data.decision_id`)."""
    approvals: dict[int, list[date]] = {}
    rows = case.events.filter(code=N.ROUND_TERMINATION_APPROVED.value)
    for data, day in rows.order_by("seq").values_list("data", "occurred_on"):
        decision = (data or {}).get("decision_id")
        if decision is not None:
            approvals.setdefault(int(decision), []).append(day)
    return tuple(
        rules.Review(pk, decided_on, tuple(approvals.get(pk, ())))
        for pk, decided_on in _panel_reviews(case).values_list("pk", "decided_on")
    )


def latest_panel_review(case: EnforcementCase) -> CollegialDecision | None:
    """The review the president's approval must name: the panel's latest (by date, then as
    recorded) — as `rules.round_termination.latest_review` decides."""
    return _panel_reviews(case).order_by("-decided_on", "-pk").first()


def gate_facts(case: EnforcementCase, on: date) -> rules.Facts:
    """The facts of the 终本 gate for `case` on the closing date `on` (about a dozen queries)."""
    inquiries = OutboxMessage.objects.filter(case=case, kind=MessageKind.INQUIRY.value)
    approved = CoerciveMeasure.objects.filter(
        case=case, status=CoerciveMeasure.Status.APPROVED, measure__in=SANCTIONS
    )
    return rules.Facts(
        filed_on=case.filed_on,
        today=on,
        nodes=_nodes(case),
        inquiry_rounds=inquiries.values("created_at").distinct().count(),
        inquiries_unanswered=inquiries.filter(answered_at__isnull=True).count(),
        unverified_leads=PropertyLead.objects.filter(case=case, result="").count(),
        held=_held(case),
        report_sanctions=tuple(
            approved.filter(conduct="report_refused").values_list("decided_on", flat=True)
        ),
        coercive_on=tuple(approved.values_list("decided_on", flat=True)),
        round_termination_reviews=_reviews(case),
    )


def gate_checklist(case: EnforcementCase, on: date) -> list[rules.Condition]:
    """Every condition of the 终本 gate for the case on `on`, met or not."""
    return rules.checklist(gate_facts(case, on))


def gate_refusals(case: EnforcementCase, on: date) -> list[Refusal]:
    """One refusal per unmet condition of the 终本 gate on `on` (empty = the case may close by 终本)."""
    return [
        Refusal(c.code, f"{c.label}（{c.missing}）", c.source)
        for c in gate_checklist(case, on)
        if not c.met
    ]


def round_termination_reviews(case: EnforcementCase) -> list[CollegialDecision]:
    """The case's collegial reviews of 终本 (民诉法解释 第517条), newest first."""
    return list(
        CollegialDecision.objects.filter(case=case, topic=CollegialDecision.Topic.ROUND_TERMINATION)
        .select_related("presiding")
        .prefetch_related("members")
        .order_by("-decided_on", "-pk")
    )


def may_approve(actor: Any, case: EnforcementCase) -> bool:
    """The president of the case's own court (not a superuser, not an upper court's president)."""
    member = staff_of(actor)
    return (
        member is not None
        and member.court_id == case.court_id
        and bool(roles_of(actor) & ROUND_TERMINATION_APPROVERS)
    )


def round_termination_approve(
    *,
    actor: Any,
    case: EnforcementCase,
    decision: CollegialDecision,
    on: date,
    note: str = "",
) -> NodeEvent:
    """院长批准终结本次执行程序 after the collegial panel's review (民诉法解释 第517条): only the
    president of the case's court, only on a review of topic 终本审查 of this case made by a 合议庭
    (not a 主审法官联席会议), only the panel's latest review (an earlier one has been superseded),
    not before it was made, once per review. Records ROUND_TERMINATION_APPROVED (a dedicated node,
    naming the review it approves) and an audit record."""
    if not isinstance(on, date):
        raise InputError("round_termination.date_required", "请填写批准日期", field="on")
    with transaction.atomic():
        locked = locked_case(case.pk, "court")
        if not scope_of(actor).covers(locked.court_id):
            raise NotFound(NOT_FOUND)
        if not may_approve(actor, locked):
            raise AccessDenied(
                "“批准终结本次执行程序”只能由本院院长办理（民诉法解释 第517条）",
                code="round_termination.role",
            )
        if locked.status != EnforcementCase.Status.DOCKETED:
            raise DomainError(
                "round_termination.case_not_open",
                "案件未立案或已结案，不能批准终本",
                source=APPROVAL_SOURCE,
            )
        review = CollegialDecision.objects.filter(pk=getattr(decision, "pk", None)).first()
        if (
            review is None
            or review.case_id != locked.pk
            or review.topic != CollegialDecision.Topic.ROUND_TERMINATION
        ):
            raise DomainError(
                "round_termination.no_review",
                "须先经合议庭对终结本次执行程序进行审查（评议类别：终结本次执行程序审查）",
                source=APPROVAL_SOURCE,
                field="decision",
            )
        if review.kind != CollegialDecision.Kind.PANEL:
            raise DomainError(
                "round_termination.not_panel",
                "终结本次执行程序须经合议庭审查；主审法官联席会议的意见不能代替合议庭审查，"
                "请由合议庭评议后再报院长批准",
                source=APPROVAL_SOURCE,
                field="decision",
            )
        latest = latest_panel_review(locked)
        if latest is not None and latest.pk != review.pk:
            raise DomainError(
                "round_termination.superseded",
                f"合议庭已于 {latest.decided_on:%Y年%m月%d日} 重新审查，"
                "请批准最近一次的合议庭审查意见",
                source=APPROVAL_SOURCE,
                field="decision",
            )
        if on < review.decided_on:
            raise InputError(
                "round_termination.before_review",
                f"批准日期不能早于合议庭评议日期（{review.decided_on:%Y年%m月%d日}）",
                field="on",
            )
        if locked.events.filter(
            code=N.ROUND_TERMINATION_APPROVED.value, data__decision_id=review.pk
        ).exists():
            raise DomainError(
                "round_termination.already_approved",
                "该合议庭审查意见已经院长批准",
                source=APPROVAL_SOURCE,
            )
        event = case_services.node_record_owned(
            actor=actor,
            case=locked,
            code=N.ROUND_TERMINATION_APPROVED,
            on=on,
            data={
                "decision": f"{review.decided_on:%Y-%m-%d} {review.subject}",
                "decision_id": review.pk,
            },
            note=note,
        )
        audit_record(
            actor=actor,
            action="closure.round_termination_approve",
            court_id=locked.court_id,
            obj=event,
            summary=f"{locked} 院长批准终结本次执行程序（{NODE_TABLE[N.ROUND_TERMINATION_APPROVED].source}）",
            after={"decision": review.pk, "on": on, "note": note},
        )
        return event
