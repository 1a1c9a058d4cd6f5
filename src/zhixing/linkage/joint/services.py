"""Every write of joint linkage: conferences, minutes, decisions and their progress (法发〔2009〕43号
二(一) 联席会议), supervision listings by an upper court (挂牌督办：登记、报结、销号), special-entity
flags (特殊主体案件). Each service: keyword-only arguments, an explicit actor, one transaction, the
audit record inside it, refusals as DomainError with a Chinese message and the seed paragraph."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhixing.cases.models import EnforcementCase, Party
from zhixing.cases.rules.filing import PartyRole
from zhixing.cases.services.toolkit import Area, locked_case, raise_first, who
from zhixing.core.audit import audit_record
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.rules.roles import Role
from zhixing.organization.models import Court
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..models import (
    Decision,
    DecisionProgress,
    JointConference,
    LinkedDepartment,
    Minutes,
    SpecialEntityFlag,
    SupervisionListing,
)
from . import rules
from .rules import SEED_CONFERENCE, SEED_SPECIAL, SEED_SUPERVISION

logger = logging.getLogger(__name__)

# Who convenes a conference, records its minutes and assigns its decisions: the court's leaders and
# the command centre that runs the linkage mechanism (法发〔2009〕43号 二(一)).
CONFERENCE_ROLES = frozenset(
    {Role.BUREAU_CHIEF, Role.PRESIDENT, Role.VICE_PRESIDENT, Role.COMMAND_STAFF}
)
# Who reports a decision's progress for the court (besides the department's own system account).
PROGRESS_ROLES = CONFERENCE_ROLES | {Role.CLERK}
# Who lists a lower court's case for supervision and strikes it off (一(三) 上级法院 … 挂牌督办).
SUPERVISION_ROLES = frozenset({Role.BUREAU_CHIEF, Role.PRESIDENT, Role.VICE_PRESIDENT, Role.JUDGE})
# Who reports on a listed case at the case's court.
REPORT_ROLES = frozenset(
    {
        Role.OFFICER,
        Role.JUDGE,
        Role.ASSISTANT,
        Role.BUREAU_CHIEF,
        Role.VICE_PRESIDENT,
        Role.PRESIDENT,
    }
)
# Who flags or unflags a special entity by hand.
FLAG_ROLES = REPORT_ROLES | {Role.COMMAND_STAFF}

_conference = Area("conference")
_decision = Area("decision")
_supervision = Area("supervision")
_special = Area("special_entity")


def _today() -> date:
    return timezone.localdate()


# --- conferences -------------------------------------------------------------------------------


def conference_convene(
    *,
    actor: Any,
    court: Court,
    title: str,
    held_on: date,
    place: str = "",
    departments: Iterable[LinkedDepartment],
) -> JointConference:
    """联席会议: convened by a court's leaders with the linked departments taking part."""
    _conference.acting_staff(actor, court.pk, CONFERENCE_ROLES, "召开联席会议")
    title = _conference.text(title, "title", "会议名称", 100)
    place = _conference.text(place, "place", "地点", 100, required=False)
    if not isinstance(held_on, date):
        raise InputError("conference.date_required", "请填写召开日期", field="held_on")
    chosen = list(departments)
    if not chosen:
        raise InputError("conference.no_departments", "请选择参会的联动单位", field="departments")
    with transaction.atomic():
        conference = JointConference.objects.create(
            court=court, title=title, held_on=held_on, place=place, convened_by=actor
        )
        conference.departments.set(chosen)
        audit_record(
            actor=actor,
            action="linkage.conference_convene",
            court_id=court.pk,
            obj=conference,
            summary=f"召开联席会议：{title}",
            after={"held_on": held_on, "departments": [d.code for d in chosen]},
        )
    return conference


def minutes_record(
    *, actor: Any, conference: JointConference, text: str, recorded_on: date
) -> Minutes:
    """会议纪要: one per conference, formed on or after the meeting day and not after today."""
    _conference.acting_staff(actor, conference.court_id, CONFERENCE_ROLES, "形成会议纪要")
    text = _conference.text(text, "text", "纪要内容", 20000)
    recorded_on = _conference.date(
        recorded_on, "recorded_on", "形成日期", not_before=conference.held_on, what="会议召开日期"
    )
    with transaction.atomic():
        JointConference.objects.select_for_update().get(pk=conference.pk)
        if Minutes.objects.filter(conference=conference).exists():
            raise DomainError("minutes.exists", "本次会议已形成会议纪要", source=SEED_CONFERENCE)
        minutes = Minutes.objects.create(
            conference=conference, text=text, recorded_on=recorded_on, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action="linkage.minutes_record",
            court_id=conference.court_id,
            obj=minutes,
            summary=f"{conference} 形成会议纪要",
            after={"recorded_on": recorded_on, "length": len(text)},
        )
    return minutes


def decision_assign(
    *,
    actor: Any,
    conference: JointConference,
    department: LinkedDepartment,
    task: str,
    due_on: date,
) -> Decision:
    """决定事项 交由相关部门负责落实 (二(一)): to a department that took part, with a deadline after
    the meeting."""
    _decision.acting_staff(actor, conference.court_id, CONFERENCE_ROLES, "交办决定事项")
    task = _decision.text(task, "task", "决定事项", 300)
    if not isinstance(due_on, date):
        raise InputError("decision.date_required", "请填写办理期限", field="due_on")
    raise_first(
        rules.decision_deadline_refusals(conference.held_on, due_on),
        input_codes=frozenset({"decision.due_before_meeting"}),
    )
    if not conference.departments.filter(pk=department.pk).exists():
        raise InputError(
            "decision.department_absent",
            f"{department.name}未参加本次会议，不能向其交办",
            field="department",
            source=SEED_CONFERENCE,
        )
    with transaction.atomic():
        decision = Decision.objects.create(
            conference=conference,
            court_id=conference.court_id,
            department=department,
            task=task,
            due_on=due_on,
        )
        audit_record(
            actor=actor,
            action="linkage.decision_assign",
            court_id=conference.court_id,
            obj=decision,
            summary=f"{conference} 交办{department.name}：{task}",
            after={"department": department.code, "due_on": due_on},
        )
    return decision


def may_report_progress(actor: Any, decision: Decision) -> bool:
    """The department's own system account, or the court's staff in PROGRESS_ROLES."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if decision.department.system_user_id == actor.pk or actor.is_superuser:
        return True
    staff = staff_of(actor)
    return (
        staff is not None
        and staff.court_id == decision.court_id
        and bool(roles_of(actor) & PROGRESS_ROLES)
    )


def progress_report(
    *, actor: Any, decision: Decision, reported_on: date, text: str, completes: bool = False
) -> DecisionProgress:
    """A progress report; one that `completes` closes the decision on its day (落实情况纳入考核)."""
    department = decision.department
    is_department = actor is not None and department.system_user_id == getattr(actor, "pk", None)
    if not is_department and not scope_of(actor).covers(decision.court_id):
        raise NotFound("未找到该决定事项，或您无权查看")
    if not may_report_progress(actor, decision):
        raise AccessDenied(
            f"只有{department.name}或本院{who(PROGRESS_ROLES)}可以报告办理进展",
            code="progress.role",
        )
    text = _decision.text(text, "text", "办理进展", 500)
    if not isinstance(reported_on, date):
        raise InputError("progress.date_required", "请填写报告日期", field="reported_on")
    with transaction.atomic():
        row = Decision.objects.select_for_update().select_related("conference").get(pk=decision.pk)
        if row.status == Decision.Status.DONE:
            raise DomainError(
                "progress.decision_done",
                f"该决定事项已于 {row.done_on:%Y年%m月%d日} 办结",
                source=SEED_CONFERENCE,
            )
        raise_first(
            rules.progress_date_refusals(row.conference.held_on, reported_on, _today()),
            InputError,
        )
        progress = DecisionProgress.objects.create(
            decision=row, reported_on=reported_on, text=text, completes=completes, reported_by=actor
        )
        if completes:
            row.status = Decision.Status.DONE
            row.done_on = reported_on
            row.save(update_fields=["status", "done_on"])
        audit_record(
            actor=actor,
            action="linkage.progress_report",
            court_id=row.court_id,
            obj=progress,
            summary=f"{row} 进展：{text}" + ("（办结）" if completes else ""),
            after={"reported_on": reported_on, "completes": completes},
        )
    decision.status, decision.done_on = row.status, row.done_on
    return progress


# --- supervision listings (挂牌督办) ------------------------------------------------------------


def _strict_ancestor(upper: Court, lower: Court) -> bool:
    return upper.pk != lower.pk and lower.path.startswith(upper.path)


def supervision_list(
    *, actor: Any, case: EnforcementCase, reason: str, due_on: date, on: date | None = None
) -> SupervisionListing:
    """An upper court lists a case of a court below it (一(三) 上级法院 … 挂牌督办，逐案登记; 二(一)
    对各类重点执行案件实行挂牌督办). A court cannot list its own cases."""
    listed_on = on or _today()
    if not scope_of(actor).covers(case.court_id):
        raise NotFound("未找到该案件，或您无权查看")
    staff = staff_of(actor)
    if staff is None or not _strict_ancestor(staff.court, case.court):
        raise AccessDenied(
            "挂牌督办只能由案件承办法院的上级法院作出", code="supervision.not_upper_court"
        )
    _supervision.require_roles(actor, SUPERVISION_ROLES, "挂牌督办")
    reason = _supervision.text(reason, "reason", "督办理由", 300)
    if not isinstance(due_on, date):
        raise InputError("supervision.date_required", "请填写督办期限", field="due_on")
    raise_first(
        rules.supervision_deadline_refusals(listed_on, due_on, _today()),
        InputError,
    )
    with transaction.atomic():
        locked = _supervision.open_case(case.pk, "court", what="挂牌督办", source=SEED_SUPERVISION)
        if SupervisionListing.objects.filter(
            case=locked,
            status__in=[SupervisionListing.Status.OPEN, SupervisionListing.Status.REPORTED],
        ).exists():
            raise DomainError(
                "supervision.already_listed",
                "本案已在挂牌督办中，销号后方可再次挂牌",
                source=SEED_SUPERVISION,
            )
        listing = SupervisionListing.objects.create(
            case=locked,
            court_id=locked.court_id,
            listed_by_court=staff.court,
            reason=reason,
            listed_on=listed_on,
            due_on=due_on,
            listed_by=actor,
        )
        audit_record(
            actor=actor,
            action="linkage.supervision_list",
            court_id=locked.court_id,
            obj=listing,
            summary=f"{staff.court.name} 挂牌督办 {locked}",
            after={"reason": reason, "listed_on": listed_on, "due_on": due_on},
        )
    return listing


def supervision_report(
    *, actor: Any, listing: SupervisionListing, report: str, on: date
) -> SupervisionListing:
    """The case's court reports how the listed case was handled (报结), for the upper court to
    review."""
    _supervision.acting_staff(actor, listing.court_id, REPORT_ROLES, "报告督办案件办理情况")
    report = _supervision.text(report, "report", "办理情况报告", 5000)
    on = _supervision.date(on, "on", "报告日期", not_before=listing.listed_on, what="挂牌日期")
    with transaction.atomic():
        row = SupervisionListing.objects.select_for_update().get(pk=listing.pk)
        if row.status != SupervisionListing.Status.OPEN:
            raise DomainError(
                "supervision.not_open",
                f"该督办事项{row.get_status_display()}，不能再报告",
                source=SEED_SUPERVISION,
            )
        row.status = SupervisionListing.Status.REPORTED
        row.report, row.reported_on = report, on
        row.save(update_fields=["status", "report", "reported_on"])
        audit_record(
            actor=actor,
            action="linkage.supervision_report",
            court_id=row.court_id,
            obj=row,
            summary=f"{row} 报结",
            before={"status": SupervisionListing.Status.OPEN},
            after={"status": row.status, "reported_on": on},
        )
    return row


def supervision_conclude(
    *, actor: Any, listing: SupervisionListing, on: date
) -> SupervisionListing:
    """销号 by the listing court, only after the case's court has reported (一(三) 分类办结后销号)."""
    if not scope_of(actor).covers(listing.court_id):
        raise NotFound("未找到该督办事项，或您无权查看")
    _supervision.staff_at(
        actor, [listing.listed_by_court_id], SUPERVISION_ROLES, "督办销号", no_staff="法院工作人员"
    )
    with transaction.atomic():
        row = SupervisionListing.objects.select_for_update().get(pk=listing.pk)
        if row.status != SupervisionListing.Status.REPORTED:
            raise DomainError(
                "supervision.not_reported",
                "承办法院尚未报告办理情况，不能销号"
                if row.status == SupervisionListing.Status.OPEN
                else "该督办事项已销号",
                source=SEED_SUPERVISION,
            )
        on = _supervision.date(on, "on", "销号日期", not_before=row.reported_on, what="报结日期")
        row.status = SupervisionListing.Status.CONCLUDED
        row.concluded_on = on
        row.save(update_fields=["status", "concluded_on"])
        audit_record(
            actor=actor,
            action="linkage.supervision_conclude",
            court_id=row.court_id,
            obj=row,
            summary=f"{row} 销号",
            before={"status": SupervisionListing.Status.REPORTED},
            after={"status": row.status, "concluded_on": on},
        )
    return row


# --- special entities (特殊主体案件) -------------------------------------------------------------


def state_owned_keywords() -> Sequence[str]:
    return tuple(
        getattr(settings, "ZHIXING_STATE_OWNED_KEYWORDS", rules.DEFAULT_STATE_OWNED_KEYWORDS)
    )


def special_entity_flag_auto(*, case: EnforcementCase, actor: Any) -> list[SpecialEntityFlag]:
    """Each respondent the rule recognises, flagged in the caller's (docketing) transaction."""
    flagged = set(SpecialEntityFlag.objects.filter(case=case).values_list("party_id", flat=True))
    keywords = state_owned_keywords()
    made = []
    for party in case.parties.filter(role=PartyRole.RESPONDENT).order_by("pk"):
        if party.pk in flagged or party.kind == "person":
            continue
        found = rules.special_entity_kind(party.name, party.credit_code, keywords)
        if found is None:
            continue
        kind, basis = found
        flag = SpecialEntityFlag.objects.create(
            case=case, court_id=case.court_id, party=party, kind=kind, basis=basis[:200]
        )
        audit_record(
            actor=actor,
            action="linkage.special_entity_flag_auto",
            court_id=case.court_id,
            obj=flag,
            summary=f"{case} 特殊主体：{party.name}（{flag.get_kind_display()}）",
            after={"kind": kind.value, "basis": flag.basis},
        )
        made.append(flag)
    return made


def special_entity_flag_at_docketing(
    *, case: EnforcementCase, actor: Any
) -> list[SpecialEntityFlag]:
    """The docketing reaction: automatic flagging in a savepoint of the docketing transaction, so a
    failure of the recognition (a bad rule, a database error) rolls back only the flags and never
    the docketing. The failure is logged and recorded in the court's audit chain, so that the
    respondents are checked and flagged by hand on the case's 挂牌督办 page."""
    try:
        with transaction.atomic():
            return special_entity_flag_auto(case=case, actor=actor)
    except Exception as error:  # noqa: BLE001 (docketing must succeed whatever went wrong here)
        logger.exception("特殊主体自动识别失败：案件 %s", case.pk)
        try:
            with transaction.atomic():
                audit_record(
                    actor=actor,
                    action="linkage.special_entity_flag_failed",
                    court_id=case.court_id,
                    obj=case,
                    summary=f"{case} 特殊主体自动识别失败，请人工核对被执行人并标记",
                    after={"error": f"{type(error).__name__}: {error}"[:200]},
                )
        except Exception:  # noqa: BLE001
            logger.exception("特殊主体识别失败的审计记录未能写入：案件 %s", case.pk)
        return []


def special_entity_flag(
    *, actor: Any, case: EnforcementCase, party: Party, kind: str, basis: str
) -> SpecialEntityFlag:
    """By hand: a respondent the rule did not recognise (a 19-coded body, a state-owned enterprise
    whose name says nothing)."""
    _special.acting_staff(actor, case.court_id, FLAG_ROLES, "标记特殊主体")
    try:
        kind_value = rules.EntityKind(kind)
    except ValueError:
        raise InputError("special_entity.kind", "请选择主体类别", field="kind") from None
    basis = _special.text(basis, "basis", "识别依据", 200)
    with transaction.atomic():
        locked = locked_case(case.pk)
        if party.case_id != locked.pk or party.role != PartyRole.RESPONDENT:
            raise InputError(
                "special_entity.not_respondent", "只能标记本案的被执行人", field="party"
            )
        if party.kind == "person":
            raise InputError(
                "special_entity.person", "自然人不是特殊主体", field="party", source=SEED_SPECIAL
            )
        if SpecialEntityFlag.objects.filter(party=party).exists():
            raise DomainError(
                "special_entity.exists", f"{party.name}已标记为特殊主体", source=SEED_SPECIAL
            )
        flag = SpecialEntityFlag.objects.create(
            case=locked,
            court_id=locked.court_id,
            party=party,
            kind=kind_value,
            basis=basis,
            automatic=False,
        )
        audit_record(
            actor=actor,
            action="linkage.special_entity_flag",
            court_id=locked.court_id,
            obj=flag,
            summary=f"{locked} 标记特殊主体：{party.name}（{flag.get_kind_display()}）",
            after={"kind": kind_value.value, "basis": basis},
        )
    return flag


def special_entity_unflag(*, actor: Any, flag: SpecialEntityFlag, reason: str) -> None:
    """Removes a flag (a wrong automatic recognition, a privatised enterprise) with a reason kept in
    the audit record."""
    _special.acting_staff(actor, flag.court_id, FLAG_ROLES, "取消特殊主体标记")
    reason = _special.text(reason, "reason", "取消理由", 200)
    with transaction.atomic():
        row = (
            SpecialEntityFlag.objects.select_for_update()
            .select_related("party", "case")
            .get(pk=flag.pk)
        )
        audit_record(
            actor=actor,
            action="linkage.special_entity_unflag",
            court_id=row.court_id,
            obj=row,
            summary=f"{row.case} 取消特殊主体标记：{row.party.name}",
            before={"kind": row.kind, "basis": row.basis, "automatic": row.automatic},
            after={"reason": reason},
        )
        row.delete()
