"""Enforcement cases through /api/v1/: parse, select within the caller's scope, call one service.

Every write goes through `cases.services` (which audits); every read through `cases.selectors` or a
scope-restricted lookup. Refusals are DomainErrors, mapped to {code, message, source, field} once in
`zhixing.api`; the field names in them are the request body's (`on`, `basis.performance_deadline`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from zhixing.core.errors import DomainError, InputError, NotFound
from zhixing.core.rules.calendar import LegalCalendar
from zhixing.core.rules.identity import mask_id_number
from zhixing.core.schemas import READ, WRITE, ErrorOut
from zhixing.organization import selectors as org_selectors
from zhixing.organization.models import Court, Staff
from zhixing.organization.selectors import scope_of

from . import selectors, services
from .inputs import BasisInput, PartyInput
from .models import (
    CaseDeadline,
    CollegialDecision,
    EnforcementBasis,
    EnforcementCase,
    NodeEvent,
    Reminder,
    StageAssignment,
    Team,
    TrialFeedback,
    VoluntaryPerformance,
)
from .rules import deadlines as dl
from .rules.nodes import STAGE_LABELS, Stage
from .schemas import (
    BasisOut,
    CaseDetailOut,
    CaseIn,
    CasePage,
    CaseRowOut,
    CollegialDecisionIn,
    CollegialDecisionOut,
    CountOut,
    CourtDashboardOut,
    DeadlineOut,
    DocketIn,
    EventOut,
    ExtensionDecisionIn,
    ExtensionRequestIn,
    NodeIn,
    OfficerAssignIn,
    PartyOut,
    PersonOut,
    RefuseIn,
    ReminderIn,
    ReminderOut,
    StageAssignIn,
    StageAssignmentOut,
    StageCountOut,
    TrialFeedbackAnswerIn,
    TrialFeedbackIn,
    TrialFeedbackOut,
    VoluntaryPerformanceIn,
    VoluntaryPerformanceOut,
    WorkItemOut,
    WorkItemPage,
)

router = Router(tags=["执行案件"])
LIST = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
MAX_ID = 2**63 - 1
NODE_FIELDS = {"occurred_on": "on"}  # the services name the node date `occurred_on`


@contextmanager
def _fields(renamed: dict[str, str]) -> Iterator[None]:
    """Names a refused field as the request body names it."""
    try:
        yield
    except DomainError as error:
        if error.field in renamed:
            error.field = renamed[error.field]
        raise


# --- building responses --------------------------------------------------------------------------


def _person(staff: Staff | Team | None) -> PersonOut | None:
    return PersonOut(id=staff.pk, name=staff.name) if staff is not None else None


def _deadline_values(row: CaseDeadline, today: date) -> dict:
    status = row.status(today)
    open_clock = row.met_on is None and not row.paused and row.due_on is not None
    recipe = row.recipe
    return dict(
        id=row.pk,
        code=row.code,
        label=recipe.label,
        source=recipe.source,
        started_on=row.started_on,
        due_on=row.due_on,
        met_on=row.met_on,
        status=status.value,
        status_label=dl.STATUS_LABELS[status],
        days_remaining=LegalCalendar.days_remaining(row.due_on, today) if open_clock else None,
        provisional=row.provisional,
        moved_from=row.moved_from,
        extended_months=row.extended_months,
        responsible=_person(row.responsible),
    )


def _work_item(row: CaseDeadline, today: date) -> WorkItemOut:
    return WorkItemOut(
        **_deadline_values(row, today),
        case_id=row.case_id,
        case_number=row.case.case_number,
        court_code=row.court.code,
    )


def _row_values(case: EnforcementCase) -> dict:
    return dict(
        id=case.pk,
        case_number=case.case_number,
        court_code=case.court.code,
        court_name=case.court.name,
        type_code=case.type_code,
        status=case.status,
        status_label=case.get_status_display(),
        stage=case.stage,
        stage_label=case.get_stage_display(),
        received_on=case.received_on,
        filed_on=case.filed_on,
        claim_amount=case.claim_amount,
        officer=_person(case.officer),
    )


def _basis_out(case: EnforcementCase) -> BasisOut | None:
    try:
        basis = case.basis
    except EnforcementBasis.DoesNotExist:
        return None
    return BasisOut(
        issuing_body=basis.issuing_body,
        document_number=basis.document_number,
        effective_on=basis.effective_on,
        performance_deadline=basis.performance_deadline,
        obligations=basis.obligations,
        amount=basis.amount,
    )


def _detail(actor, case_id: int) -> CaseDetailOut:
    """Four queries whatever the case holds: case with court, officer and basis; parties;
    active stage holders; deadlines with their holders."""
    case = selectors.case_get(actor=actor, pk=case_id)
    today = timezone.localdate()
    order = list(Stage)
    assignments = sorted(
        StageAssignment.objects.filter(case=case, ended_on__isnull=True).select_related(
            "staff", "team"
        ),
        key=lambda a: order.index(Stage(a.stage)),
    )
    deadlines = CaseDeadline.objects.filter(case=case).select_related("responsible")
    return CaseDetailOut(
        **_row_values(case),
        type_label=case.get_type_code_display(),
        origin=case.origin,
        origin_label=case.get_origin_display(),
        arrival=case.arrival,
        arrival_label=case.get_arrival_display(),
        limitation_warning=case.limitation_warning,
        query_code=case.query_code,
        previous_case_number=case.previous_case.case_number if case.previous_case else None,
        basis=_basis_out(case),
        parties=[
            PartyOut(
                id=p.pk,
                role=p.role,
                role_label=p.get_role_display(),
                kind=p.kind,
                kind_label=p.get_kind_display(),
                name=p.name,
                id_number_masked=mask_id_number(p.id_number) if p.id_number else "",
                credit_code=p.credit_code,
                legal_representative=p.legal_representative,
                minor_at_filing=p.minor_at_filing,
                phone=p.phone,
                email=p.email,
                address=p.address,
            )
            for p in sorted(case.parties.all(), key=lambda p: (p.role != "applicant", p.pk))
        ],
        stage_assignments=[
            StageAssignmentOut(
                stage=a.stage,
                stage_label=a.get_stage_display(),
                staff=_person(a.staff),
                team=_person(a.team),
                assigned_on=a.assigned_on,
            )
            for a in assignments
        ],
        deadlines=[
            DeadlineOut(**_deadline_values(d, today)) for d in deadlines.order_by("instance", "id")
        ],
    )


def _event_out(event: NodeEvent) -> EventOut:
    return EventOut(
        id=event.pk,
        seq=event.seq,
        code=event.code,
        label=event.label,
        occurred_on=event.occurred_on,
        recorded_at=event.recorded_at,
        actor_name=event.actor_name,
        data=event.data or {},
        note=event.note,
    )


def _feedback_out(feedback: TrialFeedback) -> TrialFeedbackOut:
    return TrialFeedbackOut(
        id=feedback.pk,
        case_id=feedback.case_id,
        case_number=feedback.case.case_number,
        raised_on=feedback.raised_on,
        raised_by=_person(feedback.raised_by),
        issue=feedback.issue,
        answer=feedback.answer,
        answered_on=feedback.answered_on,
        answered_by=_person(feedback.answered_by),
    )


# --- scope-restricted lookups of rows the case selectors do not cover ------------------------------


def _court(actor, code: str | None) -> Court | None:
    return org_selectors.court_get(actor=actor, code=code) if code else None


def _cases(actor, ids: Iterable[int]) -> list[EnforcementCase]:
    """Every listed case, in id order (so concurrent bulk actions lock in the same order); 404 when
    one is missing or outside the caller's scope — then nothing is done."""
    wanted = sorted(set(ids))
    found = {c.pk: c for c in selectors.case_list(actor=actor).filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise NotFound(f"未找到案件（id {missing[0]}），或您无权查看")
    return [found[pk] for pk in wanted]


def _staff(actor, pk: int) -> Staff:
    return org_selectors.staff_get(actor=actor, pk=pk)


def _staff_many(actor, ids: list[int]) -> list[Staff]:
    wanted = list(dict.fromkeys(ids))
    found = {s.pk: s for s in org_selectors.staff_list(actor=actor).filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise NotFound(f"未找到人员（id {missing[0]}），或您无权查看")
    return [found[pk] for pk in wanted]


def _in_scope(actor, row, message: str):
    if row is None or not scope_of(actor).covers(row.court_id):
        raise NotFound(message)
    return row


def _team(actor, pk: int) -> Team:
    return _in_scope(actor, Team.objects.filter(pk=pk).first(), "未找到该团队，或您无权查看")


def _feedback(actor, pk: int) -> TrialFeedback:
    row = (
        TrialFeedback.objects.select_related("case", "court", "raised_by", "answered_by")
        .filter(pk=pk)
        .first()
    )
    return _in_scope(actor, row, "未找到该反馈，或您无权查看")


def _deadline(actor, pk: int) -> CaseDeadline:
    row = CaseDeadline.objects.filter(pk=pk).first()
    return _in_scope(actor, row, "未找到该期限，或您无权查看")


# --- filing ----------------------------------------------------------------------------------------


@router.post(
    "/cases",
    response={201: CaseDetailOut, **WRITE},
    summary="收案登记（可同时立案）",
    description="`docket` 给出时在同一事务中立案：立案被拒绝（如受理条件未全部满足）时收案也不写入。",
)
def case_create(request: HttpRequest, payload: CaseIn) -> Status:
    court = org_selectors.court_get(actor=request.user, code=payload.court_code)
    basis = payload.basis
    renamed = {
        "performance_deadline": "basis.performance_deadline",
        "effective_on": "basis.effective_on",
        "amount": "basis.amount",
        "checklist": "docket.checklist",
        "occurred_on": "docket.on",
    }
    with _fields(renamed), transaction.atomic():
        case = services.case_receive(
            actor=request.user,
            court=court,
            type_code=payload.type_code,
            origin=payload.origin,
            arrival=payload.arrival,
            received_on=payload.received_on,
            claim_amount=payload.claim_amount,
            basis=BasisInput(
                issuing_body=basis.issuing_body,
                document_number=basis.document_number,
                effective_on=basis.effective_on,
                obligations=basis.obligations,
                performance_deadline=basis.performance_deadline,
                amount=basis.amount,
            ),
            parties=[PartyInput(**party.dict()) for party in payload.parties],
        )
        if payload.docket is not None:
            services.case_docket(
                actor=request.user,
                case=case,
                on=payload.docket.on,
                checklist=payload.docket.checklist.dict(),
            )
    return Status(201, _detail(request.user, case.pk))


@router.post("/cases/{int:case_id}/docket", response={200: CaseDetailOut, **WRITE}, summary="立案")
def case_docket(request: HttpRequest, case_id: int, payload: DocketIn) -> CaseDetailOut:
    case = selectors.case_get(actor=request.user, pk=case_id)
    with _fields(NODE_FIELDS):
        services.case_docket(
            actor=request.user, case=case, on=payload.on, checklist=payload.checklist.dict()
        )
    return _detail(request.user, case_id)


@router.post(
    "/cases/{int:case_id}/refuse", response={200: CaseDetailOut, **WRITE}, summary="裁定不予受理"
)
def case_refuse(request: HttpRequest, case_id: int, payload: RefuseIn) -> CaseDetailOut:
    case = selectors.case_get(actor=request.user, pk=case_id)
    with _fields(NODE_FIELDS):
        services.case_refuse(actor=request.user, case=case, on=payload.on, reason=payload.reason)
    return _detail(request.user, case_id)


# --- reading cases ---------------------------------------------------------------------------------


@router.get("/cases", response={200: CasePage, **LIST}, summary="可见案件列表（按 id 游标分页）")
def case_list(
    request: HttpRequest,
    court_code: str | None = None,
    status: str | None = None,
    stage: str | None = None,
    after: int = Query(0, ge=0, le=MAX_ID, description="上一页最后一条的 id"),
    limit: int = Query(100, ge=1, le=500),
) -> CasePage:
    court = _court(request.user, court_code)
    if status and status not in EnforcementCase.Status.values:
        raise InputError("status.invalid", f"案件状态取值无效：{status}", field="status")
    if stage and stage not in {s.value for s in Stage}:
        raise InputError("stage.invalid", f"阶段取值无效：{stage}", field="stage")
    rows = selectors.case_list(
        actor=request.user, court_id=court.pk if court else None, status=status, stage=stage
    )
    page = list(rows.filter(id__gt=after).order_by("id")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return CasePage(
        items=[CaseRowOut(**_row_values(c)) for c in page],
        next_after=page[-1].pk if more else None,
    )


@router.get(
    "/cases/by-number",
    response={200: CaseDetailOut, **READ},
    summary="按案号查找案件",
    description="如 `（2026）京0105执1号`；半角括号 `(2026)京0105执1号` 亦可。",
)
def case_by_number(request: HttpRequest, number: str) -> CaseDetailOut:
    case = selectors.case_by_number(actor=request.user, number=number)
    return _detail(request.user, case.pk)


@router.get("/cases/{int:case_id}", response={200: CaseDetailOut, **READ}, summary="案件详情")
def case_detail(request: HttpRequest, case_id: int) -> CaseDetailOut:
    return _detail(request.user, case_id)


# --- the timeline ----------------------------------------------------------------------------------


@router.get(
    "/cases/{int:case_id}/events", response={200: list[EventOut], **READ}, summary="案件节点时间轴"
)
def case_events(request: HttpRequest, case_id: int) -> list[EventOut]:
    case = selectors.case_get(actor=request.user, pk=case_id)
    return [_event_out(e) for e in case.events.order_by("seq")]


@router.post(
    "/cases/{int:case_id}/events",
    response={201: EventOut, **WRITE},
    summary="记录节点",
    description="立案、不予受理、确定承办人、延长期限请使用各自的接口。",
)
def case_event_record(request: HttpRequest, case_id: int, payload: NodeIn) -> Status:
    case = selectors.case_get(actor=request.user, pk=case_id)
    with _fields(NODE_FIELDS):
        event = services.node_record(
            actor=request.user,
            case=case,
            code=payload.code,
            on=payload.on,
            data=payload.data,
            note=payload.note,
        )
    return Status(201, _event_out(event))


@router.post(
    "/cases/{int:case_id}/extension-request",
    response={201: EventOut, **WRITE},
    summary="申请延长执行期限",
)
def extension_request(request: HttpRequest, case_id: int, payload: ExtensionRequestIn) -> Status:
    case = selectors.case_get(actor=request.user, pk=case_id)
    with _fields(NODE_FIELDS):
        event = services.extension_request(
            actor=request.user,
            case=case,
            on=payload.on,
            months=payload.months,
            reason=payload.reason,
        )
    return Status(201, _event_out(event))


@router.post(
    "/cases/{int:case_id}/extension-decision",
    response={201: EventOut, **WRITE},
    summary="审批延长执行期限",
)
def extension_decision(request: HttpRequest, case_id: int, payload: ExtensionDecisionIn) -> Status:
    case = selectors.case_get(actor=request.user, pk=case_id)
    with _fields(NODE_FIELDS):
        event = services.extension_decide(
            actor=request.user,
            case=case,
            on=payload.on,
            approve=payload.approve,
            months=payload.months,
            note=payload.note,
        )
    return Status(201, _event_out(event))


# --- assignment ------------------------------------------------------------------------------------


@router.post(
    "/cases/assign-officer",
    response={200: CountOut, **WRITE},
    summary="批量确定承办人（全部成功或全部不办）",
)
def assign_officer(request: HttpRequest, payload: OfficerAssignIn) -> CountOut:
    officer = _staff(request.user, payload.officer_id)
    cases = _cases(request.user, payload.case_ids)
    with _fields({"officer": "officer_id", **NODE_FIELDS}):
        count = services.officer_assign(
            actor=request.user, cases=cases, officer=officer, on=payload.on
        )
    return CountOut(count=count)


@router.post(
    "/cases/assign-stage",
    response={200: CountOut, **WRITE},
    summary="批量分配办案阶段（分段集约；全部成功或全部不办）",
)
def assign_stage(request: HttpRequest, payload: StageAssignIn) -> CountOut:
    staff = _staff(request.user, payload.staff_id) if payload.staff_id is not None else None
    team = _team(request.user, payload.team_id) if payload.team_id is not None else None
    cases = _cases(request.user, payload.case_ids)
    with _fields({"staff": "staff_id"}):
        count = services.stage_assign(
            actor=request.user,
            cases=cases,
            stage=payload.stage,
            on=payload.on,
            staff=staff,
            team=team,
        )
    return CountOut(count=count)


# --- collegial decisions, trial coordination, voluntary performance -------------------------------


@router.post(
    "/cases/{int:case_id}/collegial-decisions",
    response={201: CollegialDecisionOut, **WRITE},
    summary="记录合议庭评议或主审法官联席会议",
)
def collegial_decision(request: HttpRequest, case_id: int, payload: CollegialDecisionIn) -> Status:
    case = selectors.case_get(actor=request.user, pk=case_id)
    members = _staff_many(request.user, payload.member_ids)
    presiding = _staff(request.user, payload.presiding_id)
    with _fields({"members": "member_ids", "presiding": "presiding_id"}):
        decision = services.collegial_decision_record(
            actor=request.user,
            case=case,
            kind=payload.kind,
            decided_on=payload.decided_on,
            subject=payload.subject,
            outcome=payload.outcome,
            members=members,
            presiding=presiding,
        )
    return Status(
        201,
        CollegialDecisionOut(
            id=decision.pk,
            case_id=case.pk,
            kind=decision.kind,
            kind_label=CollegialDecision.Kind(decision.kind).label,
            decided_on=decision.decided_on,
            subject=decision.subject,
            outcome=decision.outcome,
            presiding=_person(presiding),
            members=[_person(m) for m in members],
        ),
    )


@router.post(
    "/cases/{int:case_id}/trial-feedback",
    response={201: TrialFeedbackOut, **WRITE},
    summary="判项问题反馈审判部门",
)
def trial_feedback_raise(request: HttpRequest, case_id: int, payload: TrialFeedbackIn) -> Status:
    case = selectors.case_get(actor=request.user, pk=case_id)
    feedback = services.trial_feedback_raise(
        actor=request.user, case=case, issue=payload.issue, on=payload.on
    )
    return Status(201, _feedback_out(_feedback(request.user, feedback.pk)))


@router.post(
    "/trial-feedback/{int:feedback_id}/answer",
    response={200: TrialFeedbackOut, **WRITE},
    summary="审判部门答复执行反馈",
)
def trial_feedback_answer(
    request: HttpRequest, feedback_id: int, payload: TrialFeedbackAnswerIn
) -> TrialFeedbackOut:
    feedback = _feedback(request.user, feedback_id)
    services.trial_feedback_answer(
        actor=request.user, feedback=feedback, answer=payload.answer, on=payload.on
    )
    return _feedback_out(_feedback(request.user, feedback_id))


@router.post(
    "/voluntary-performances",
    response={201: VoluntaryPerformanceOut, **WRITE},
    summary="登记自动履行",
)
def voluntary_performance(request: HttpRequest, payload: VoluntaryPerformanceIn) -> Status:
    court = org_selectors.court_get(actor=request.user, code=payload.court_code)
    record: VoluntaryPerformance = services.voluntary_performance_record(
        actor=request.user,
        court=court,
        document_number=payload.document_number,
        performed_on=payload.performed_on,
        amount=payload.amount,
    )
    return Status(
        201,
        VoluntaryPerformanceOut(
            id=record.pk,
            court_code=court.code,
            document_number=record.document_number,
            performed_on=record.performed_on,
            amount=record.amount,
        ),
    )


# --- deadlines: worklist, overdue, dashboard, reminders --------------------------------------------


@router.get(
    "/worklist",
    response={200: list[WorkItemOut], 401: ErrorOut, 422: ErrorOut},
    summary="我的待办期限（最近到期在前，计时中止的在后）",
)
def worklist(request: HttpRequest, limit: int = Query(200, ge=1, le=500)) -> list[WorkItemOut]:
    today = timezone.localdate()
    rows = (
        selectors.worklist(actor=request.user, today=today)
        .select_related("case", "court", "responsible")
        .order_by(F("due_on").asc(nulls_last=True), "id")[:limit]
    )
    return [_work_item(row, today) for row in rows]


def _overdue_cursor(after: str | None) -> Q:
    if not after:
        return Q()
    try:
        day, pk = after.split(".")
        due, last = date.fromisoformat(day), int(pk)
        if not 0 < last <= MAX_ID:
            raise ValueError
    except ValueError:
        raise InputError(
            "page.after", "分页游标无效，请使用上一页返回的 next_after", field="after"
        ) from None
    return Q(due_on__gt=due) | Q(due_on=due, id__gt=last)


@router.get(
    "/overdue",
    response={200: WorkItemPage, **LIST},
    summary="可见范围内已超期的期限（到期最早在前，游标分页）",
)
def overdue(
    request: HttpRequest,
    court_code: str | None = None,
    after: str | None = Query(None, description="上一页返回的 next_after"),
    limit: int = Query(100, ge=1, le=500),
) -> WorkItemPage:
    today = timezone.localdate()
    court = _court(request.user, court_code)
    rows = selectors.overdue(
        actor=request.user, today=today, court_id=court.pk if court else None
    ).filter(_overdue_cursor(after))
    page = list(rows[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return WorkItemPage(
        items=[_work_item(row, today) for row in page],
        next_after=f"{page[-1].due_on.isoformat()}.{page[-1].pk}" if more else None,
    )


@router.get(
    "/dashboard",
    response={200: list[CourtDashboardOut], 401: ErrorOut},
    summary="各法院在办案件（按阶段）与超期期限数",
)
def dashboard(request: HttpRequest) -> list[CourtDashboardOut]:
    rows = selectors.dashboard(actor=request.user, today=timezone.localdate())
    codes = dict(Court.objects.filter(pk__in=[r.court_id for r in rows]).values_list("id", "code"))
    return [
        CourtDashboardOut(
            court_id=row.court_id,
            court_code=codes.get(row.court_id, ""),
            court_name=row.court_name,
            open_cases=row.open_cases,
            by_stage=[
                StageCountOut(
                    stage=s.value, label=STAGE_LABELS[s], count=row.by_stage.get(s.value, 0)
                )
                for s in Stage
            ],
            overdue_deadlines=row.overdue_deadlines,
        )
        for row in rows
    ]


@router.post(
    "/deadlines/{int:deadline_id}/reminders",
    response={201: ReminderOut, **WRITE},
    summary="催办",
)
def reminder_send(request: HttpRequest, deadline_id: int, payload: ReminderIn) -> Status:
    deadline = _deadline(request.user, deadline_id)
    reminder = services.reminder_send(
        actor=request.user, deadline=deadline, message=payload.message
    )
    reminder = Reminder.objects.select_related("case", "sent_by", "sent_to").get(pk=reminder.pk)
    return Status(
        201,
        ReminderOut(
            id=reminder.pk,
            deadline_id=reminder.deadline_id,
            case_id=reminder.case_id,
            case_number=reminder.case.case_number,
            sent_by=_person(reminder.sent_by),
            sent_to=_person(reminder.sent_to),
            message=reminder.message,
            created_at=reminder.created_at,
        ),
    )
