"""Review matters (执行审查) and responsibility analyses through /api/v1/: parse, select within
scope, call one service, return. Scope: the court that hears a matter and every court above it,
and the enforcing court (which sees the 复议 of its rulings). Refusals are DomainErrors mapped once
to {code, message, source, field}; a separation refusal (code `review.separation`, 403) is also
written to the audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhixing.cases import selectors as case_selectors
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import NotFound
from zhixing.core.rules.calendar import LegalCalendar
from zhixing.core.schemas import READ, WRITE, ErrorOut
from zhixing.organization.models import Court, Staff

from ..models import ResponsibilityAnalysis, ReviewCase
from ..rules import review as rules
from ..rules.review import Kind
from ..selectors import cases as selectors
from ..selectors import responsibility as analysis_selectors
from ..services import cases as services
from ..services import responsibility as analysis_services

router = Router(tags=["执行审查"])
KINDS = " | ".join(f"{k.value}（{r.label}）" for k, r in rules.KINDS.items())


# --- schemas ---------------------------------------------------------------------------------


class FileIn(Schema):
    kind: str = Field(..., description=KINDS)
    applicant: str
    subject: str
    received_on: date = Field(..., description="收到书面申请之日；审查期限自次日起算")
    item: str = Field("", description="执行标的（案外人异议必填）")
    control_id: int | None = Field(None, description="所涉查控措施的 id")
    parent_id: int | None = Field(None, description="执行复议所针对的异议案件 id")
    against_closure: bool = Field(False, description="异议针对终结执行的措施本身")


class AssignIn(Schema):
    judge_id: int = Field(..., description="审判长")
    panel_ids: list[int] = Field(
        default_factory=list, description="合议庭成员（含审判长；异议、复议须三人以上单数）"
    )


class RecusalIn(Schema):
    staff_id: int
    reason: str
    on: date
    applied_by_party: bool = False
    granted: bool = True


class DecideIn(Schema):
    outcome: str = Field(..., description=" | ".join(ReviewCase.Outcome.values))
    reasoning: str
    on: date
    until: date | None = Field(None, description="责令限期执行的期限（第237条，outcome=ordered）")
    to_court_code: str = Field("", description="被指定执行的法院代字（outcome=designated）")


class ServeIn(Schema):
    served_on: date


class CloseIn(Schema):
    findings: str
    conclusion: str = Field(..., description=" | ".join(ResponsibilityAnalysis.Conclusion.values))
    on: date | None = None


class PersonOut(Schema):
    id: int
    name: str


class WindowOut(Schema):
    label: str
    due_on: date
    moved_from: date | None
    open: bool
    source: str


class ReviewOut(Schema):
    id: int
    case_number: str
    kind: str
    kind_label: str
    type_code: str
    court_code: str
    court_name: str
    case_id: int
    enforcement_case_number: str | None
    parent_id: int | None
    applicant: str
    subject: str
    item: str
    control_id: int | None
    received_on: date
    due_on: date | None = Field(None, description="审查期限届满日（无法定期限的为空）")
    overdue: bool
    judge: PersonOut | None
    panel: list[PersonOut]
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    reasoning: str
    decided_on: date | None
    served_on: date | None
    window: WindowOut | None = Field(
        None, description="送达后：申请复议（十日）或提起执行异议之诉（十五日）的期间"
    )


class AnalysisOut(Schema):
    id: int
    case_id: int
    case_number: str | None
    court_code: str
    review_id: int
    review_case_number: str
    opened_on: date
    node_seqs: list[int]
    people: list[PersonOut]
    findings: str
    conclusion: str
    closed_on: date | None


# --- building responses --------------------------------------------------------------------


def _person(s: Staff | None) -> PersonOut | None:
    return PersonOut(id=s.pk, name=s.name) if s else None


def _out(r: ReviewCase, calendar: LegalCalendar | None = None) -> ReviewOut:
    due = getattr(r, "due_on", None)
    w = selectors.windows(r, calendar)
    return ReviewOut(
        id=r.pk,
        case_number=r.case_number,
        kind=r.kind,
        kind_label=r.get_kind_display(),
        type_code=r.type_code,
        court_code=r.court.code,
        court_name=r.court.name,
        case_id=r.case_id,
        enforcement_case_number=r.case.case_number,
        parent_id=r.parent_id,
        applicant=r.applicant,
        subject=r.subject,
        item=r.item,
        control_id=r.control_id,
        received_on=r.received_on,
        due_on=due,
        overdue=bool(r.status == ReviewCase.Status.FILED and due and due < timezone.localdate()),
        judge=_person(r.judge),
        panel=[PersonOut(id=s.pk, name=s.name) for s in r.panel.all()],
        status=r.status,
        status_label=r.get_status_display(),
        outcome=r.outcome,
        outcome_label=r.get_outcome_display() if r.outcome else "",
        reasoning=r.reasoning,
        decided_on=r.decided_on,
        served_on=r.served_on,
        window=WindowOut(
            label=w["label"],
            due_on=w["due"].due,
            moved_from=w["due"].moved_from,
            open=w["open"],
            source=w["source"],
        )
        if w
        else None,
    )


def _fresh(request: HttpRequest, pk: int) -> ReviewOut:
    return _out(selectors.review_get(actor=request.user, pk=pk))


def _analysis_out(a: ResponsibilityAnalysis) -> AnalysisOut:
    return AnalysisOut(
        id=a.pk,
        case_id=a.case_id,
        case_number=a.case.case_number,
        court_code=a.court.code,
        review_id=a.review_id,
        review_case_number=a.review.case_number,
        opened_on=a.opened_on,
        node_seqs=list(a.node_seqs),
        people=[PersonOut(id=s.pk, name=s.name) for s in a.people.all()],
        findings=a.findings,
        conclusion=a.conclusion,
        closed_on=a.closed_on,
    )


def _staff(pk: int, court_id: int) -> Staff:
    staff = Staff.objects.filter(pk=pk, court_id=court_id).first()
    if staff is None:
        raise NotFound("审查法院没有该人员", code="staff.not_found")
    return staff


def _court_named(code: str | None) -> Court | None:
    if not code:
        return None
    court = Court.objects.filter(code=code).first()
    if court is None:
        raise NotFound("没有该法院", code="court.not_found")
    return court


def _on_review(
    request: HttpRequest, review_id: int, act: Callable[[ReviewCase], object]
) -> ReviewOut:
    """What every write on a review matter does: the matter read in the actor's scope (404
    otherwise), one service called on it (`act`), the matter read again as the answer."""
    act(selectors.review_get(actor=request.user, pk=review_id))
    return _fresh(request, review_id)


# --- endpoints -----------------------------------------------------------------------------


@router.get(
    "/reviews", response={200: list[ReviewOut], 401: ErrorOut}, summary="执行审查案件（辖区内）"
)
def review_list(
    request: HttpRequest,
    kind: str = "",
    status: str = "",
    overdue: bool = False,
    hearing_only: bool = False,
    limit: int = 300,
) -> list[ReviewOut]:
    rows = selectors.review_list(
        actor=request.user,
        kind=kind if kind in rules.KINDS.keys() else "",
        status=status if status in ReviewCase.Status.values else "",
        overdue=overdue,
        today=timezone.localdate(),
        hearing_only=hearing_only,
    )
    calendar = legal_calendar()
    return [_out(r, calendar) for r in rows[: max(1, min(limit, 1000))]]


@router.get(
    "/reviews/{int:review_id}", response={200: ReviewOut, **READ}, summary="执行审查案件详情"
)
def review_detail(request: HttpRequest, review_id: int) -> ReviewOut:
    return _fresh(request, review_id)


@router.get(
    "/cases/{int:case_id}/reviews",
    response={200: list[ReviewOut], **READ},
    summary="本案执行审查事项",
)
def case_reviews(request: HttpRequest, case_id: int) -> list[ReviewOut]:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    calendar = legal_calendar()
    return [_out(r, calendar) for r in selectors.case_reviews(actor=request.user, case=case)]


@router.post(
    "/cases/{int:case_id}/reviews",
    response={201: ReviewOut, **WRITE},
    summary="受理执行审查事项（编定案号，记入本案流程节点）",
    description="执行复议须在异议裁定送达之日起十日内提出，由上一级法院立案（民事诉讼法 第236条、第85条）；"
    "案外人异议须在该标的执行终结前提出（民诉法解释 第462条）。",
)
def review_file(request: HttpRequest, case_id: int, payload: FileIn) -> Status:
    case = case_selectors.case_get(actor=request.user, pk=case_id)
    parent = (
        selectors.review_get(actor=request.user, pk=payload.parent_id)
        if payload.parent_id
        else None
    )
    row = services.review_file(
        actor=request.user,
        case=case,
        kind=payload.kind,
        applicant=payload.applicant,
        subject=payload.subject,
        received_on=payload.received_on,
        item=payload.item,
        control_id=payload.control_id,
        parent=parent,
        against_closure=payload.against_closure,
    )
    return Status(201, _fresh(request, row.pk))


@router.post(
    "/reviews/{int:review_id}/panel",
    response={200: ReviewOut, **WRITE},
    summary="指定审判长、组成合议庭（审执分离：办理过本案执行实施的人员被拒绝）",
)
def review_assign(request: HttpRequest, review_id: int, payload: AssignIn) -> ReviewOut:
    return _on_review(
        request,
        review_id,
        lambda row: services.review_assign(
            actor=request.user,
            review=row,
            judge=_staff(payload.judge_id, row.court_id),
            panel=[_staff(pk, row.court_id) for pk in payload.panel_ids],
        ),
    )


@router.post(
    "/reviews/{int:review_id}/recusals",
    response={200: ReviewOut, **WRITE},
    summary="决定回避（院长）",
)
def review_recuse(request: HttpRequest, review_id: int, payload: RecusalIn) -> ReviewOut:
    return _on_review(
        request,
        review_id,
        lambda row: services.recusal_record(
            actor=request.user,
            review=row,
            staff=_staff(payload.staff_id, row.court_id),
            reason=payload.reason,
            on=payload.on,
            applied_by_party=payload.applied_by_party,
            granted=payload.granted,
        ),
    )


@router.post(
    "/reviews/{int:review_id}/decision",
    response={200: ReviewOut, **WRITE},
    summary="作出裁定（合议庭成员；审执分离）",
)
def review_decide(request: HttpRequest, review_id: int, payload: DecideIn) -> ReviewOut:
    return _on_review(
        request,
        review_id,
        lambda row: services.review_decide(
            actor=request.user,
            review=row,
            outcome=payload.outcome,
            reasoning=payload.reasoning,
            on=payload.on,
            until=payload.until,
            to_court=_court_named(payload.to_court_code),
        ),
    )


@router.post(
    "/reviews/{int:review_id}/service",
    response={200: ReviewOut, **WRITE},
    summary="记录裁定送达（起算复议或起诉期间）",
)
def review_serve(request: HttpRequest, review_id: int, payload: ServeIn) -> ReviewOut:
    return _on_review(
        request,
        review_id,
        lambda row: services.review_serve(
            actor=request.user, review=row, served_on=payload.served_on
        ),
    )


@router.get(
    "/responsibility-analyses",
    response={200: list[AnalysisOut], 401: ErrorOut},
    summary="责任分析（上级法院撤销、变更裁定或执行行为的案件）",
)
def analyses(request: HttpRequest, open_only: bool = True) -> list[AnalysisOut]:
    rows = analysis_selectors.analysis_list(actor=request.user, open_only=open_only)
    return [_analysis_out(a) for a in rows[:1000]]


@router.post(
    "/responsibility-analyses/{int:analysis_id}/close",
    response={200: AnalysisOut, **WRITE},
    summary="办结责任分析（质效考评、廉政监察、执行局长、院领导）",
)
def analysis_close(request: HttpRequest, analysis_id: int, payload: CloseIn) -> AnalysisOut:
    row = analysis_selectors.analysis_get(actor=request.user, pk=analysis_id)
    analysis_services.responsibility_close(
        actor=request.user,
        analysis=row,
        findings=payload.findings,
        conclusion=payload.conclusion,
        on=payload.on,
    )
    return _analysis_out(analysis_selectors.analysis_get(actor=request.user, pk=analysis_id))


__all__ = ["Kind", "router"]
