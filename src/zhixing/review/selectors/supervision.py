"""Reads of supervision actions and instruction requests, restricted to what the actor may see:
an action is seen by the courts covering the case's court or the receiving court (an entrusted
court sees what it was sent; the superior of an entrusted court sees the entrustments below it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhixing.cases.models import EnforcementCase
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import NotFound
from zhixing.core.rules.calendar import LegalCalendar
from zhixing.organization.models import Court
from zhixing.organization.selectors import scope_of, staff_of

from ..models import InstructionRequest, SupervisionAction
from ..rules import supervision as rules

LIST_LIMIT = 300
K = rules.Kind
Status = SupervisionAction.Status


def _visible(actor: Any) -> Q:
    scope = scope_of(actor)
    if scope.everything:
        return Q()
    ids = sorted(scope.court_ids or ())
    return Q(court_id__in=ids) | Q(to_court_id__in=ids)


def actions(actor: Any) -> QuerySet[SupervisionAction]:
    return (
        SupervisionAction.objects.filter(_visible(actor))
        .select_related(
            "case", "court", "deciding_court", "to_court", "new_case", "decided_by", "review"
        )
        .order_by("-decided_on", "-pk")
    )


def action_get(*, actor: Any, pk: int) -> SupervisionAction:
    row = actions(actor).filter(pk=pk).first()
    if row is None:
        raise NotFound("未找到该记录，或您无权查看")
    return row


@dataclass
class ActionRow:
    """One action as the lists show it: what is due and who must act now."""

    action: SupervisionAction
    clock: rules.EntrustmentClock | None
    attention: str  # "" or what must be done now, in words
    urgent: bool

    @property
    def kind_label(self) -> str:
        return rules.KIND_LABELS[rules.Kind(self.action.kind)]


def _row(action: SupervisionAction, today: date, calendar: LegalCalendar) -> ActionRow:
    clock = None
    attention, urgent = "", False
    open_ = action.status != Status.DONE
    if action.kind == K.ENFORCE_ORDER:
        if action.status == Status.OVERDUE:
            attention, urgent = (
                "限期已过仍未执行完结：上级法院应当裁定提级执行或指定执行（执行程序解释 第12条）",
                True,
            )
    elif action.kind == K.ENTRUSTMENT and open_:
        if action.received_on is None:
            attention = "待受托法院立案受理"
        else:
            finished = action.new_case.closed_on if action.new_case else None
            clock = rules.entrustment_clock(
                received_on=action.received_on,
                started_on=action.started_on,
                reported_on=action.reported_on,
                finished_on=finished,
                today=today,
                calendar=calendar,
            )
            notes: list[str] = []
            if action.superior_asked_on:
                urgent = True
                notes.append(
                    f"委托法院已于 {action.superior_asked_on:%Y年%m月%d日} 请求上级法院指令受托法院执行"
                )
            elif clock.silent:
                urgent = True
                notes.append(
                    f"受托法院超过十五日未开始执行（应于 {clock.start_due:%Y年%m月%d日} 前开始），"
                    "委托法院可以请求其上级法院指令执行（民事诉讼法 第240条）"
                )
            elif not clock.started:
                notes.append(f"受托法院应于 {clock.start_due:%Y年%m月%d日} 前开始执行")
            if clock.report_late:
                urgent = True
                notes.append(
                    f"三十日内未执行完毕，应于 {clock.report_due:%Y年%m月%d日} 前函告执行情况"
                )
            if action.case.status == EnforcementCase.Status.DOCKETED:
                notes.append("受托法院已立案，委托法院应作委托结案处理（法释〔2011〕11号 第2条）")
            attention = "；".join(notes)
    return ActionRow(action, clock, attention, urgent)


def rows(actor: Any, qs: QuerySet[SupervisionAction], today: date | None = None) -> list[ActionRow]:
    today = today or timezone.localdate()
    calendar = legal_calendar()
    return [_row(a, today, calendar) for a in qs]


def supervision_list(actor: Any, today: date | None = None) -> tuple[list[ActionRow], bool]:
    """Every visible action, what needs acting on first (overdue orders, silent entrustments), then
    the open ones, then the done ones, newest first; at most LIST_LIMIT (and whether there were
    more)."""
    qs = list(actions(actor)[: LIST_LIMIT + 1])
    more = len(qs) > LIST_LIMIT
    result = rows(actor, qs[:LIST_LIMIT], today)  # type: ignore[arg-type]
    result.sort(key=lambda r: (not r.urgent, r.action.status == Status.DONE))
    return result, more


def case_actions(actor: Any, case: EnforcementCase) -> list[ActionRow]:
    """The actions on this case, and the one that brought it here (its new case)."""
    qs = actions(actor).filter(Q(case=case) | Q(new_case=case))
    return rows(actor, qs)


def received_entrustments(actor: Any) -> list[SupervisionAction]:
    """Entrustments sent to the actor's own court not yet docketed there."""
    staff = staff_of(actor)
    if staff is None:
        return []
    return list(
        SupervisionAction.objects.filter(
            kind=K.ENTRUSTMENT, to_court_id=staff.court_id, received_on__isnull=True
        )
        .exclude(status=Status.DONE)
        .select_related("case", "court")
        .order_by("decided_on")
    )


def courts_for(kind: rules.Kind, *, case_court: Court, deciding_court: Court) -> list[Court]:
    """The courts a form offers as the receiving court, checked by the rules as the service will."""
    if kind is K.ENTRUSTMENT:
        qs = Court.objects.filter(level=case_court.level).exclude(pk=case_court.pk)
    else:
        qs = Court.objects.filter(path__startswith=deciding_court.path).exclude(
            pk__in=[case_court.pk, deciding_court.pk]
        )
    ref = _ref
    return [
        c
        for c in qs.order_by("path")
        if not rules.check_target(
            kind, case_court=ref(case_court), deciding_court=ref(deciding_court), target=ref(c)
        )
    ]


def _ref(court: Court) -> rules.CourtRef:
    return rules.CourtRef(court.id, court.name, court.level, court.path)


# --- instruction requests ----------------------------------------------------------------------


def instructions(actor: Any) -> QuerySet[InstructionRequest]:
    return (
        InstructionRequest.objects.filter(_visible(actor))
        .select_related("case", "court", "to_court", "asked_by", "answered_by")
        .order_by("-asked_on", "-pk")
    )


def instruction_get(*, actor: Any, pk: int) -> InstructionRequest:
    row = instructions(actor).filter(pk=pk).first()
    if row is None:
        raise NotFound("未找到该请示，或您无权查看")
    return row


def instruction_lists(actor: Any) -> tuple[list[InstructionRequest], list[InstructionRequest]]:
    """(received by the actor's court, unanswered first; sent by the actor's court)."""
    staff = staff_of(actor)
    qs = instructions(actor)
    if staff is None:
        received = list(qs[:LIST_LIMIT])
        return sorted(received, key=lambda r: r.answered_on is not None), []
    received = list(qs.filter(to_court_id=staff.court_id)[:LIST_LIMIT])
    received.sort(key=lambda r: r.answered_on is not None)
    sent = list(qs.filter(court_id=staff.court_id)[:LIST_LIMIT])
    return received, sent


def case_instructions(actor: Any, case: EnforcementCase) -> list[InstructionRequest]:
    return list(instructions(actor).filter(case=case))
