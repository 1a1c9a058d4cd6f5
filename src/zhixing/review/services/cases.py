"""Review cases (执行审查类案件): filing, the panel, recusal, the decision, service.

Each matter is docketed with its own 案号 at the court that hears it (`rules.review.KINDS`); its
clock is the *_FILED node on the enforcement case's timeline and stops at `review_decided` naming
that node (`for_seq`), so the deadline table, worklist and overdue lists carry it with the presiding
judge answering for it (`deadline_holders`). The panel and the decision are checked against the
case's record for separation of review from implementation (`separation`); such a refusal is
audited on its own.

Sources: 民事诉讼法 第236—238条、第47条、第49条、第85条; 执行程序解释 第5条、第7条、第8条、第10—13条;
执行异议复议规定 第6条、第11条、第17条、第23条; 民诉法解释 第462条; 法发〔2023〕4号 第1条、第2条.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase, NodeEvent, Party
from zhixing.cases.rules.deadlines import FOR_SEQ, pause_intervals
from zhixing.cases.rules.deadlines import Event as DeadlineEvent
from zhixing.cases.rules.nodes import NodeCode
from zhixing.core.audit import audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound, parse_choice
from zhixing.core.rules.case_number import format_case_number
from zhixing.core.rules.roles import Role
from zhixing.organization.models import Court, Staff
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..models import Recusal, ReviewCase
from ..rules import review as rules
from ..rules.review import Hearing, Kind, Outcome
from . import responsibility
from .separation import audits_refusals, case_conflicts, refuse

__all__ = [
    "ASSIGNERS",
    "DECIDERS",
    "FILED_NODE",
    "FILERS",
    "RECUSAL_DECIDERS",
    "court_change_facts",
    "deadline_holders",
    "hearing_court",
    "item_end",
    "may_assign",
    "may_decide",
    "may_file",
    "may_file_reconsideration",
    "may_recuse",
    "may_serve",
    "panel_candidates",
    "recusal_record",
    "review_assign",
    "review_decide",
    "review_file",
    "review_serve",
    "type_code_of",
]

N = NodeCode
FILED_NODE: dict[Kind, NodeCode] = {
    Kind.ACT_OBJECTION: N.OBJECTION_FILED,
    Kind.THIRD_PARTY_OBJECTION: N.THIRD_PARTY_OBJECTION_FILED,
    Kind.RECONSIDERATION: N.RECONSIDERATION_FILED,
    Kind.COURT_CHANGE: N.COURT_CHANGE_APPLIED,
    Kind.SUPERVISION: N.SUPERVISION_FILED,
    Kind.COORDINATION: N.COORDINATION_FILED,
}
FILERS = frozenset(
    {Role.CLERK, Role.ASSISTANT, Role.JUDGE}
)  # cases.rules.nodes.REVIEW_FILING_ROLES
ASSIGNERS = frozenset({Role.BUREAU_CHIEF, Role.VICE_PRESIDENT, Role.PRESIDENT})  # 分案
DECIDERS = frozenset({Role.JUDGE})  # cases.rules.nodes.REVIEW_ROLES
RECUSAL_DECIDERS = frozenset({Role.PRESIDENT})  # 民事诉讼法 第49条: 审判人员的回避由院长决定
RECUSAL_SOURCE = "民事诉讼法 第47条、第49条"
TEXT_MAX = 2000
# Closure modes after which enforcement has ended for good (执行异议复议规定 第6条): not 终本,
# after which enforcement may resume; not the preservation modes, whose seals stay in force.
ENDING_MODES = frozenset(
    {"fully_performed", "terminated", "withdrawn_filing", "not_enforced", "application_rejected"}
)


# --- small helpers -----------------------------------------------------------------------------


def _text(value: Any, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise InputError("review.required", f"请填写{label}", field=field)
    if len(text) > max_length:
        raise InputError("review.too_long", f"{label}不能超过 {max_length} 个字", field=field)
    return text


def _date(
    on: Any, field: str, label: str, *, not_before: date | None = None, what: str = ""
) -> date:
    if not isinstance(on, date):
        raise InputError("review.date_required", f"请填写{label}", field=field)
    if on > timezone.localdate():
        raise InputError("review.future_date", f"{label}不能晚于今天", field=field)
    if not_before is not None and on < not_before:
        raise InputError(
            "review.date_order",
            f"{label}不能早于{what}（{not_before:%Y年%m月%d日}）",
            field=field,
        )
    return on


def _raise(refusals: Sequence[rules.Refusal], cls: type[DomainError] = DomainError) -> None:
    if refusals:
        first = refusals[0]
        raise cls(first.code, first.message, source=first.source, field=first.field or None)


def _superuser(actor: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False))


def _staff_at(
    actor: Any, courts: Sequence[int], allowed: frozenset[Role], what: str
) -> Staff | None:
    """The actor's staff record at one of `courts` holding a role in `allowed` (None: a superuser,
    for maintenance and demo data)."""
    if _superuser(actor):
        return staff_of(actor)
    staff = staff_of(actor)
    if staff is None or staff.court_id not in courts:
        names = "或".join(
            Court.objects.filter(pk__in=courts).order_by("path").values_list("name", flat=True)
        )
        raise AccessDenied(f"“{what}”只能由{names}办理", code="review.other_court")
    if not roles_of(actor) & allowed:
        who = "、".join(sorted(r.label for r in allowed))
        raise AccessDenied(f"“{what}”只能由{who}办理", code="review.role")
    return staff


def _node(field: str, **kw: Any) -> NodeEvent:
    """`node_record_owned`, its date errors pointed at this form's own date field."""
    try:
        return case_services.node_record_owned(**kw)
    except InputError as error:
        if error.field == "occurred_on":
            error.field = field
        raise


def _locked_review(review: ReviewCase) -> ReviewCase:
    return (
        ReviewCase.objects.select_for_update(of=("self",))
        .select_related("court", "case__court", "parent", "judge")
        .get(pk=review.pk)
    )


def _locked_case(case_id: int) -> EnforcementCase:
    return (
        EnforcementCase.objects.select_for_update(of=("self",))
        .select_related("court__parent")
        .get(pk=case_id)
    )


def hearing_court(kind: Kind, case: EnforcementCase) -> Court | None:
    """The court that hears `kind` about `case`: the enforcing court, or its next-higher court."""
    if rules.KINDS[kind].hearing is Hearing.OWN:
        return case.court
    return case.court.parent


def type_code_of(kind: Kind) -> str:
    """The 类型代字; a 第237条 application's is a setting (UNVERIFIED, see rules.review.KINDS)."""
    if kind is Kind.COURT_CHANGE:
        return str(getattr(settings, "ZHIXING_COURT_CHANGE_TYPE_CODE", rules.KINDS[kind].type_code))
    return rules.KINDS[kind].type_code


def _scope(actor: Any, review: ReviewCase) -> None:
    scope = scope_of(actor)
    if not (scope.covers(review.court_id) or scope.covers(review.case.court_id)):
        raise NotFound("未找到该审查案件，或您无权查看")


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
    applicant = _text(applicant, "applicant", "申请人（异议人）", 100)
    subject = _text(subject, "subject", "异议、复议或申请事项", TEXT_MAX)
    item = _text(item, "item", "执行标的", 200, required=False)
    received_on = _date(received_on, "received_on", "收到申请日期")
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    if kind_value is Kind.RECONSIDERATION and parent is None:
        raise InputError(
            "reconsideration.parent_required", "请选择所针对的异议裁定", field="parent"
        )
    with transaction.atomic():
        case = _locked_case(case.pk)
        if case.status not in (EnforcementCase.Status.DOCKETED, EnforcementCase.Status.CLOSED):
            raise DomainError("review.case_not_docketed", "执行案件尚未立案，不能受理审查事项")
        court = hearing_court(kind_value, case)
        if court is None:
            raise DomainError(
                "review.no_upper_court",
                f"{case.court.name}没有上一级法院，{rule.label}无从受理",
                source=rule.source,
            )
        courts = [court.pk]
        if kind_value is Kind.RECONSIDERATION:
            courts.append(case.court_id)  # 执行程序解释 第7条: 可以通过执行法院转交
        _staff_at(actor, courts, FILERS, f"受理{rule.label}")
        if applicant_party is not None and applicant_party.case_id != case.pk:
            raise InputError("review.party", "申请人不是本案当事人", field="applicant_party")
        if kind_value is Kind.ACT_OBJECTION:
            ended = (
                case.closed_on
                if case.status == EnforcementCase.Status.CLOSED
                and case.closure_mode in ENDING_MODES
                else None
            )
            _raise(rules.check_act_objection(case_ended_on=ended, against_closure=against_closure))
        elif kind_value is Kind.THIRD_PARTY_OBJECTION:
            _raise(
                rules.check_third_party_objection(
                    filed_on=received_on, item=item, ended=item_end(case, control_id)
                )
            )
        elif kind_value is Kind.RECONSIDERATION:
            assert parent is not None
            parent = _locked_review(parent)
            if parent.case_id != case.pk:
                raise InputError("review.parent", "所针对的异议裁定不属于本案", field="parent")
            _raise(
                rules.check_reconsideration(
                    parent_kind=Kind(parent.kind),
                    parent_decided=parent.status == ReviewCase.Status.DECIDED,
                    served_on=parent.served_on,
                    filed_on=received_on,
                    calendar=legal_calendar(),
                )
            )
        elif kind_value is Kind.COURT_CHANGE:
            _raise(
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
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:  # a number taken outside the counter (imported data)
            raise DomainError("review.number_taken", f"案号 {number} 已被使用，请重试") from None
        event = _node(
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


# --- the panel ---------------------------------------------------------------------------------


@audits_refusals
def review_assign(
    *,
    actor: Any,
    review: ReviewCase,
    judge: Staff,
    panel: Sequence[Staff] = (),
) -> ReviewCase:
    """Names the presiding judge and the panel (执行异议复议规定 第11条: a collegial panel for
    objections and 复议, three or more judges, an odd number). Refused when anyone named handled the
    implementation case or was recused — the refusal names the person and why, and is audited."""
    _scope(actor, review)
    with transaction.atomic():
        review = _locked_review(review)
        _staff_at(actor, [review.court_id], ASSIGNERS, "指定合议庭")
        if review.status != ReviewCase.Status.FILED:
            raise DomainError(
                "review.decided", f"该审查案件已{review.get_status_display()}，不能再组成合议庭"
            )
        members = {s.pk: s for s in [*panel, judge]} if panel else {}
        for person in [judge, *panel]:
            if person.court_id != review.court_id or not person.is_active:
                raise InputError(
                    "panel.other_court",
                    f"{person.name}不是{review.court.name}的在职人员",
                    field="panel" if person in panel else "judge",
                )
            if Role.JUDGE not in person.role_set:
                raise InputError(
                    "panel.not_judge",
                    f"{person.name}不是执行法官，不能参加执行审查",
                    field="panel" if person in panel else "judge",
                )
        rule = rules.KINDS[Kind(review.kind)]
        _raise(
            rules.check_panel(
                required=rule.panel_required,
                members=list({s.pk for s in panel}),
                presiding=judge.pk,
            )
        )
        refuse(
            actor=actor,
            review=review,
            conflicts=case_conflicts(review.case, review),
            staff_ids=[judge.pk, *members],
            action="组成合议庭",
            field="panel",
        )
        before = {
            "judge": review.judge_id,
            "panel": sorted(review.panel.values_list("pk", flat=True)),
        }
        review.judge = judge
        review.save(update_fields=["judge"])
        review.panel.set(list(members.values()))
        case = _locked_case(review.case_id)
        case_services.recompute_deadlines(case)
        audit_record(
            actor=actor,
            action="review.assign",
            court_id=review.court_id,
            obj=review,
            summary=f"{review.case_number} 审判长 {judge.name}"
            + (f"，合议庭 {'、'.join(s.name for s in members.values())}" if members else ""),
            before=before,
            after={"judge": judge.pk, "panel": sorted(members)},
        )
        return review


def recusal_record(
    *,
    actor: Any,
    review: ReviewCase,
    staff: Staff,
    reason: str,
    on: date,
    applied_by_party: bool = False,
    granted: bool = True,
) -> Recusal:
    """回避 decided by the president (民事诉讼法 第49条). A granted recusal takes the person off the
    panel (and from the presiding seat), so the panel must be formed again; from then on they are
    refused for this matter."""
    reason = _text(reason, "reason", "回避事由", 300)
    _scope(actor, review)
    with transaction.atomic():
        review = _locked_review(review)
        decider = _staff_at(actor, [review.court_id], RECUSAL_DECIDERS, "决定回避")
        if decider is None:
            raise AccessDenied("回避须由院长决定（民事诉讼法 第49条）", code="review.role")
        if review.status != ReviewCase.Status.FILED:
            raise DomainError("review.decided", "该审查案件已作出裁定，不能再决定回避")
        if decider.pk == staff.pk:
            raise DomainError(
                "recusal.self",
                "院长本人的回避由审判委员会决定",
                source="民事诉讼法 第49条",
            )
        on = _date(on, "on", "决定日期", not_before=review.received_on, what="收到申请日期")
        if Recusal.objects.filter(review=review, staff=staff).exists():
            raise DomainError("recusal.repeated", f"已就{staff.name}的回避作出决定")
        row = Recusal.objects.create(
            review=review,
            court_id=review.court_id,
            staff=staff,
            reason=reason,
            applied_by_party=applied_by_party,
            granted=granted,
            decided_on=on,
            decided_by=decider,
        )
        removed = False
        if granted:
            if review.panel.filter(pk=staff.pk).exists():
                review.panel.remove(staff)
                removed = True
            if review.judge_id == staff.pk:
                review.judge = None
                review.save(update_fields=["judge"])
                removed = True
            if removed:
                case_services.recompute_deadlines(_locked_case(review.case_id))
        audit_record(
            actor=actor,
            action="review.recusal",
            court_id=review.court_id,
            obj=row,
            summary=f"{review.case_number} {staff.name}"
            + ("回避" if granted else "不予回避")
            + f"：{reason}"
            + ("（已退出合议庭，须重新组成）" if removed else ""),
            after={"staff": staff.pk, "granted": granted, "on": on, "by_party": applied_by_party},
        )
        return row


# --- the decision ------------------------------------------------------------------------------


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
    reasoning = _text(reasoning, "reasoning", "裁定理由", TEXT_MAX)
    _scope(actor, review)
    with transaction.atomic():
        review = _locked_review(review)
        kind = Kind(review.kind)
        rule = rules.KINDS[kind]
        staff = staff_of(actor)
        conflicts = case_conflicts(review.case, review)
        if staff is not None:
            refuse(
                actor=actor,
                review=review,
                conflicts=conflicts,
                staff_ids=[staff.pk],
                action="作出审查裁定",
            )
        if not _superuser(actor):
            _staff_at(actor, [review.court_id], DECIDERS, "作出执行审查裁定")
        if review.status != ReviewCase.Status.FILED:
            raise DomainError(
                "review.decided", f"该审查案件已{review.get_status_display()}，不能再作出裁定"
            )
        panel = list(review.panel.all())
        if review.judge_id is None:
            raise DomainError(
                "review.no_judge", "尚未指定审判长（合议庭），不能作出裁定", source=rule.source
            )
        _raise(
            rules.check_panel(
                required=rule.panel_required,
                members=[s.pk for s in panel],
                presiding=review.judge_id,
            )
        )
        if (
            staff is not None
            and not _superuser(actor)
            and staff.pk != review.judge_id
            and staff.pk not in {s.pk for s in panel}
        ):
            raise AccessDenied("只有本案合议庭成员（审判长）可以作出裁定", code="review.not_panel")
        refuse(
            actor=actor,
            review=review,
            conflicts=conflicts,
            staff_ids=[review.judge_id, *(s.pk for s in panel)],
            action="作出审查裁定（合议庭成员不符合审执分离）",
        )
        _raise(rules.check_outcome(kind, result))
        on = _date(on, "on", "裁定日期", not_before=review.received_on, what="收到申请日期")
        case = _locked_case(review.case_id)
        review.status = ReviewCase.Status.DECIDED
        review.outcome, review.reasoning, review.decided_on = result.value, reasoning, on
        review.save(update_fields=["status", "outcome", "reasoning", "decided_on"])
        label = review.get_outcome_display()
        event = _node(
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
            _node(
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
    _scope(actor, review)
    with transaction.atomic():
        review = _locked_review(review)
        _staff_at(actor, [review.court_id], FILERS, "记录裁定送达")
        if review.status != ReviewCase.Status.DECIDED or review.decided_on is None:
            raise DomainError("review.undecided", "尚未作出裁定，无从送达")
        served_on = _date(
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


# --- who may do what (pages and the API offer forms by these; the services check again) --------


def _at(actor: Any, court_ids: Sequence[int], allowed: frozenset[Role]) -> bool:
    if _superuser(actor):
        return True
    staff = staff_of(actor)
    return staff is not None and staff.court_id in court_ids and bool(roles_of(actor) & allowed)


def may_file(actor: Any, case: EnforcementCase) -> bool:
    """Staff who may docket some review matter about `case` (its court or the next-higher one)."""
    courts = [case.court_id] + ([case.court.parent_id] if case.court.parent_id else [])
    return _at(actor, courts, FILERS)


def may_assign(actor: Any, review: ReviewCase) -> bool:
    return review.status == ReviewCase.Status.FILED and _at(actor, [review.court_id], ASSIGNERS)


def may_recuse(actor: Any, review: ReviewCase) -> bool:
    return review.status == ReviewCase.Status.FILED and _at(
        actor, [review.court_id], RECUSAL_DECIDERS
    )


def may_decide(actor: Any, review: ReviewCase, panel_ids: Iterable[int]) -> bool:
    """A member of the panel (or the presiding judge) of an undecided matter."""
    if review.status != ReviewCase.Status.FILED or review.judge_id is None:
        return False
    if _superuser(actor):
        return True
    staff = staff_of(actor)
    return staff is not None and (staff.pk == review.judge_id or staff.pk in set(panel_ids))


def may_serve(actor: Any, review: ReviewCase) -> bool:
    return (
        review.status == ReviewCase.Status.DECIDED
        and review.served_on is None
        and _at(actor, [review.court_id], FILERS)
    )


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
    return _at(actor, courts, FILERS)


def panel_candidates(review: ReviewCase) -> list[tuple[Staff, rules.Conflict | None]]:
    """The hearing court's active judges, each with the reason they may not sit (None: free)."""
    judges = list(
        Staff.objects.filter(court_id=review.court_id, is_active=True, roles__role=Role.JUDGE.value)
        .distinct()
        .order_by("name")
    )
    found = rules.conflicts_of(case_conflicts(review.case, review), [s.pk for s in judges])
    return [(s, found.get(s.pk)) for s in judges]
