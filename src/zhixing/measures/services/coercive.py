"""Coercive measures (拘传、罚款、拘留): every write, one use case per function.

民事诉讼法 第118条 (limits), 第119条 (院长 approval; 拘传票 / 决定书; one reconsideration to the
next-higher court, not stayed meanwhile); 民诉法解释 第185条、第186条. Each service: keyword-only
arguments and an explicit actor, one `transaction.atomic`, the case (or the row) locked, scope and
roles checked, the rules of `measures.rules.coercive` asked, the audit record and the node event
written in the same transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhixing.cases.models import EnforcementCase
from zhixing.cases.services import next_serial
from zhixing.core.audit import audit_read, audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound, parse_choice
from zhixing.core.rules.case_number import format_case_number
from zhixing.core.rules.identity import parse_credit_code, parse_id_number
from zhixing.core.rules.roles import Role
from zhixing.organization.models import Court
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..documents_coercive import coercive_document_docx, coercive_document_filename
from ..models import CoerciveMeasure, CoerciveReconsideration
from ..rules import coercive as rules
from ..rules.coercive import Measure, Outcome, Refusal, Subject
from ._common import Area, locked_case, node_record, optional_money, raise_first, user
from ._common import who as roles_in_words

__all__ = [
    "APPROVERS",
    "EXECUTION_ROLES",
    "PROPOSER_ROLES",
    "RECONSIDERATION_DECIDERS",
    "RECORDING_ROLES",
    "coercive_approve",
    "coercive_document",
    "coercive_execute",
    "coercive_propose",
    "coercive_refuse",
    "may_approve",
    "may_coercive",
    "may_decide_reconsideration",
    "may_record_application",
    "may_see_pending",
    "may_see_reconsiderations",
    "reconsideration_apply",
    "reconsideration_decide",
    "reconsideration_due",
    "require_pending_viewer",
    "require_reconsideration_viewer",
]

PROPOSER_ROLES = frozenset({Role.OFFICER, Role.JUDGE})  # 承办人提请
APPROVERS = rules.APPROVERS  # 第119条: 院长
# 记录送达、执行情况（书记员送达，司法警察执行拘传、拘留）
EXECUTION_ROLES = frozenset(
    {Role.OFFICER, Role.JUDGE, Role.ASSISTANT, Role.CLERK, Role.JUDICIAL_POLICE}
)
# 代为登记复议申请
RECORDING_ROLES = frozenset({Role.CLERK, Role.ASSISTANT, Role.OFFICER, Role.JUDGE})
RECONSIDERATION_DECIDERS = frozenset({Role.JUDGE, Role.OFFICER})  # 上一级法院复议
MAX_FACTS = 2000


# --- helpers -------------------------------------------------------------------------------


# Own court's staff; a superuser passes (maintenance, demo data), except where the law names the
# office (院长 approval: see `_decidable`).
_area = Area("coercive")
_require, _text = _area.require, _area.text
may_coercive = _area.may  # which forms a page offers; the services check again


def _date(on: date | None, field: str, label: str, *, not_before: date | None = None) -> date:
    """A date not after today (and not before `not_before`); an omitted one is today."""
    return _area.date(on or timezone.localdate(), field, label, not_before=not_before)


def _days(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InputError("days.invalid", "拘留天数应为整数", field="days") from None
    return number


def _number(court: Court, type_code: str, year: int) -> tuple[int, str]:
    serial = next_serial(court.pk, type_code, year)
    return serial, format_case_number(
        year=year, court_code=court.code, type_code=type_code, serial=serial
    )


def _locked_measure(pk: int) -> CoerciveMeasure:
    return (
        CoerciveMeasure.objects.select_for_update(of=("self",))
        .select_related("case", "court__parent")
        .get(pk=pk)
    )


def _identity(subject: Subject, id_number: str, credit_code: str) -> tuple[str, str]:
    """An individual's ID number or a unit's credit code, checked when given (GB 11643, GB 32100)."""
    id_number, credit_code = (id_number or "").strip(), (credit_code or "").strip()
    try:
        if subject is Subject.INDIVIDUAL and id_number:
            return parse_id_number(id_number).value, ""
        if subject is Subject.UNIT and credit_code:
            return "", parse_credit_code(credit_code)
    except ValueError as error:
        raise DomainError.from_rule(error) from None
    return "", ""


def _conduct(measure: Measure, code: str, article: str) -> tuple[str, str]:
    """The obstruction and its article: a listed conduct brings its own article; another conduct
    needs the article typed in."""
    code = (code or "").strip()
    if code == rules.OTHER_CONDUCT:
        return code, _text(article, "conduct_article", "妨害行为所属条款", 80)
    conduct = rules.CONDUCT_BY_CODE.get(code)
    if conduct is None:
        raise InputError("conduct.invalid", "请选择妨害行为", field="conduct")
    if measure not in conduct.measures:
        raise InputError(
            "conduct.measure",
            f"“{conduct.label}”不适用{rules.MEASURE_LABELS[measure]}（{conduct.article}）",
            field="conduct",
        )
    return code, conduct.article


def _deny(refusal: Refusal) -> AccessDenied:
    error = AccessDenied(refusal.message, code=refusal.code)
    error.source, error.field = refusal.source, refusal.field or None
    return error


# --- who may see and do what (pages and the API offer forms and lists by these; the services
# check again) --------------------------------------------------------------------------------


def _superuser(actor: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False))


def may_approve(actor: Any) -> bool:
    """第119条 names the office: only a president approves or refuses, never a superuser."""
    return bool(roles_of(actor) & APPROVERS)


def may_see_pending(actor: Any) -> bool:
    """The list of proposals awaiting approval is the president's (a superuser may look, for
    maintenance): other staff see their own case's measures on the case page."""
    return _superuser(actor) or may_approve(actor)


def may_record_application(actor: Any, measure: CoerciveMeasure) -> bool:
    """Clerks and officers of the deciding court or of the upper court record an application
    (as `reconsideration_apply` allows)."""
    if _superuser(actor):
        return True
    staff = staff_of(actor)
    if staff is None or not roles_of(actor) & RECORDING_ROLES:
        return False
    return staff.court_id in (measure.court_id, measure.court.parent_id)


def may_decide_reconsideration(actor: Any, recon: CoerciveReconsideration) -> bool:
    """A judge or officer of the upper court the application went to (`reconsideration_decide`)."""
    if _superuser(actor):
        return True
    staff = staff_of(actor)
    return (
        staff is not None
        and staff.court_id == recon.court_id
        and bool(roles_of(actor) & RECONSIDERATION_DECIDERS)
    )


def may_see_reconsiderations(actor: Any) -> bool:
    """The upper court's list of reconsiderations is for those who decide them or record the
    applications (the roles `reconsideration_decide` and `reconsideration_apply` accept)."""
    return _superuser(actor) or bool(roles_of(actor) & (RECONSIDERATION_DECIDERS | RECORDING_ROLES))


def require_pending_viewer(actor: Any) -> None:
    if not may_see_pending(actor):
        raise AccessDenied(
            "待审批的强制措施仅供本院院长查看（民事诉讼法 第119条）", code="coercive.approval"
        )


def require_reconsideration_viewer(actor: Any) -> None:
    if not may_see_reconsiderations(actor):
        raise AccessDenied(
            f"强制措施复议列表仅供{roles_in_words(RECONSIDERATION_DECIDERS | RECORDING_ROLES)}查看",
            code="reconsideration.role",
        )


def coercive_document(*, actor: Any, measure: CoerciveMeasure) -> tuple[bytes, str]:
    """The 拘传票 or 决定书 as DOCX, with its file name. The document names the person by the full
    identity number (it is served on them and handed to the public security organ), so every
    download of one that carries it is written to the audit log as a read of personal data
    (design.md decision 4; 个人信息保护法 第51条); pages and the API show the number masked."""
    content = coercive_document_docx(measure)  # refused (409) before approval: nothing logged
    if measure.id_number:
        audit_read(
            actor=actor,
            obj=measure,
            court_id=measure.court_id,
            fields=["id_number"],
            summary=f"下载{measure.document_title}（含{measure.person_name}的身份证号码）",
        )
    return content, coercive_document_filename(measure)


def reconsideration_due(measure: CoerciveMeasure) -> date | None:
    """民诉法解释 第185条: 3 days from receipt of the 决定书, by the legal calendar (民事诉讼法 第85条);
    None while service is not recorded."""
    if measure.served_on is None:
        return None
    return legal_calendar().period_end(measure.served_on, days=rules.RECONSIDERATION_DAYS).due


# --- proposal and approval -----------------------------------------------------------------


def coercive_propose(
    *,
    actor: Any,
    case: EnforcementCase,
    measure: str,
    subject: str,
    person_name: str,
    facts: str,
    conduct: str,
    conduct_article: str = "",
    id_number: str = "",
    credit_code: str = "",
    responsible_person: str = "",
    amount: Any = None,
    days: Any = None,
    proposed_on: date | None = None,
) -> CoerciveMeasure:
    """The officer proposes a measure (提请); 第118条's limits are checked now, the president's
    approval (第119条) comes next."""
    kind = parse_choice(Measure, measure, field="measure", label="措施")
    who = parse_choice(Subject, subject, field="subject", label="对象类别")
    value = optional_money(amount, "amount") if kind is Measure.FINE else None
    length = _days(days) if kind is Measure.DETENTION else None
    person_name = _text(person_name, "person_name", "被采取措施人的姓名或名称", 100)
    id_number, credit_code = _identity(who, id_number, credit_code)
    responsible_person = _text(
        responsible_person,
        "responsible_person",
        "单位的主要负责人",
        40,
        required=who is Subject.UNIT,
    )
    if who is Subject.INDIVIDUAL:
        responsible_person = ""
    conduct, conduct_article = _conduct(kind, conduct, conduct_article)
    facts = _text(facts, "facts", "事实与理由", MAX_FACTS)
    raise_first(rules.check_limits(measure=kind, subject=who, amount=value, days=length))
    _require(actor, case.court_id, PROPOSER_ROLES, "提请强制措施")
    with transaction.atomic():
        case = _area.open_case(
            case.pk, "court__parent", what="提请强制措施", source=rules.SOURCE_APPROVAL
        )
        on = _date(proposed_on, "proposed_on", "提请日期", not_before=case.filed_on)
        row = CoerciveMeasure.objects.create(
            case=case,
            court_id=case.court_id,
            measure=kind.value,
            subject=who.value,
            person_name=person_name,
            id_number=id_number,
            credit_code=credit_code,
            responsible_person=responsible_person,
            amount=value,
            days=length,
            conduct=conduct,
            conduct_article=conduct_article,
            facts=facts,
            proposed_by=user(actor),
            proposed_on=on,
        )
        audit_record(
            actor=actor,
            action="measures.coercive_propose",
            court_id=case.court_id,
            obj=row,
            summary=f"{case} 提请对{person_name}{rules.MEASURE_LABELS[kind]}（{conduct_article}）",
            after={
                "measure": kind.value,
                "person": person_name,
                "amount": value,
                "days": length,
                "conduct_article": conduct_article,
            },
        )
        return row


def _decidable(actor: Any, measure: CoerciveMeasure, what: str) -> CoerciveMeasure:
    """Scope, own court, the row locked and still waiting for the president."""
    _require(
        actor,
        measure.court_id,
        None,  # the office is the rules' question (第119条: 院长)
        what,
        superuser_passes=False,
        staff="本院院长",
        not_found="未找到该强制措施，或您无权查看",
    )
    row = _locked_measure(measure.pk)
    if row.status != CoerciveMeasure.Status.PROPOSED:
        raise DomainError(
            "coercive.already_decided", f"该强制措施已{row.get_status_display()}，不能再审批"
        )
    return row


def _not_proposer(actor: Any, row: CoerciveMeasure) -> None:
    """design.md decision 2: an approval is a second person's act."""
    if row.proposed_by_id is not None and row.proposed_by_id == getattr(actor, "pk", None):
        raise DomainError(
            "coercive.same_person",
            "提请人不能审批自己提请的强制措施",
            source=rules.SOURCE_APPROVAL,
        )


def coercive_approve(
    *, actor: Any, measure: CoerciveMeasure, on: date | None = None, note: str = ""
) -> CoerciveMeasure:
    """The president approves (第119条): the limits are checked again, a 决定书 of a fine or detention
    receives its 司惩 number, and `coercive_decided` is recorded on the case in the president's
    name. Only the president of the case's court: the law names the office, so not even a
    superuser approves in their place."""
    note = _text(note, "note", "审批意见", 300, required=False)
    with transaction.atomic():
        row = _decidable(actor, measure, "批准强制措施")
        roles = roles_of(actor)
        refusals = rules.check_measure(
            measure=row.measure_enum,
            subject=row.subject_enum,
            amount=row.amount,
            days=row.days,
            approver_roles=roles,
        )
        approval = [r for r in refusals if r.code == "coercive.approval"]
        if approval:
            raise _deny(approval[0])
        _not_proposer(actor, row)
        raise_first(refusals)
        on = _date(on, "on", "批准日期", not_before=row.proposed_on)
        case = locked_case(row.case_id, "court__parent")
        if case.status != EnforcementCase.Status.DOCKETED:
            raise DomainError(
                "coercive.case_not_open",
                "案件已结案，不能再批准强制措施",
                source=rules.SOURCE_APPROVAL,
            )
        if row.measure_enum in rules.NUMBERED:
            row.number_year = on.year
            row.number_serial, row.document_number = _number(
                row.court, rules.DECISION_TYPE_CODE, on.year
            )
        row.status = CoerciveMeasure.Status.APPROVED
        row.decided_by, row.decided_on, row.decision_note = user(actor), on, note
        row.save(
            update_fields=[
                "status",
                "decided_by",
                "decided_on",
                "decision_note",
                "number_year",
                "number_serial",
                "document_number",
            ]
        )
        label = rules.MEASURE_LABELS[row.measure_enum]
        node_record(
            "on",
            actor=actor,
            case=case,
            code="coercive_decided",
            on=on,
            data={
                "measure": label,
                "person": row.person_name,
                "document_number": row.document_number or "",
            },
            note=f"{rules.DOCUMENTS[row.measure_enum]} {row.document_number or ''}".strip(),
        )
        audit_record(
            actor=actor,
            action="measures.coercive_approve",
            court_id=row.court_id,
            obj=row,
            summary=f"{case} 院长批准对{row.person_name}{label} {row.document_number or ''}".strip(),
            before={"status": CoerciveMeasure.Status.PROPOSED.value},
            after={"status": row.status, "document_number": row.document_number, "on": on},
        )
        return row


def coercive_refuse(
    *, actor: Any, measure: CoerciveMeasure, reason: str, on: date | None = None
) -> CoerciveMeasure:
    """The president refuses the proposal, with the reason recorded; nothing is carried out."""
    reason = _text(reason, "reason", "不予批准的理由", 300)
    with transaction.atomic():
        row = _decidable(actor, measure, "审批强制措施")
        if not roles_of(actor) & APPROVERS:
            raise AccessDenied("强制措施由院长审批", code="coercive.approval")
        _not_proposer(actor, row)
        on = _date(on, "on", "审批日期", not_before=row.proposed_on)
        row.status = CoerciveMeasure.Status.REFUSED
        row.decided_by, row.decided_on, row.decision_note = user(actor), on, reason
        row.save(update_fields=["status", "decided_by", "decided_on", "decision_note"])
        audit_record(
            actor=actor,
            action="measures.coercive_refuse",
            court_id=row.court_id,
            obj=row,
            summary=f"{row.case} 院长不批准对{row.person_name}{row.get_measure_display()}：{reason}",
            before={"status": CoerciveMeasure.Status.PROPOSED.value},
            after={"status": row.status, "reason": reason, "on": on},
        )
        return row


def coercive_execute(
    *,
    actor: Any,
    measure: CoerciveMeasure,
    served_on: date | None = None,
    executed_on: date | None = None,
) -> CoerciveMeasure:
    """Records the service of the 决定书 (or 拘传票) and the day the measure was carried out. A pending
    reconsideration does not stop it (第119条: 复议期间不停止执行); a revoked one does."""
    if served_on is None and executed_on is None:
        raise InputError("coercive.nothing", "请填写送达日期或执行日期", field="served_on")
    _require(actor, measure.court_id, EXECUTION_ROLES, "记录送达与执行")
    with transaction.atomic():
        row = _locked_measure(measure.pk)
        if row.status != CoerciveMeasure.Status.APPROVED:
            raise DomainError(
                "coercive.not_approved",
                "强制措施未经院长批准，不得执行",
                source=rules.SOURCE_APPROVAL,
            )
        recon = CoerciveReconsideration.objects.filter(measure=row).first()
        if recon is not None and recon.outcome == Outcome.REVOKED.value:
            raise DomainError(
                "coercive.revoked",
                "上一级法院已复议撤销该决定，不得执行",
                source=rules.SOURCE_OUTCOME,
            )
        before = {"served_on": row.served_on, "executed_on": row.executed_on}
        for field, value, label in (
            ("served_on", served_on, "送达日期"),
            ("executed_on", executed_on, "执行日期"),
        ):
            if value is None:
                continue
            value = _date(value, field, label, not_before=row.decided_on)
            current = getattr(row, field)
            if current is not None and current != value:
                raise DomainError(
                    f"coercive.{field}_recorded",
                    f"{label}已记录为 {current:%Y年%m月%d日}",
                    field=field,
                )
            setattr(row, field, value)
        row.save(update_fields=["served_on", "executed_on"])
        audit_record(
            actor=actor,
            action="measures.coercive_execute",
            court_id=row.court_id,
            obj=row,
            summary=f"{row.case} {row.get_measure_display()}（{row.person_name}）送达、执行情况",
            before=before,
            after={"served_on": row.served_on, "executed_on": row.executed_on},
        )
        return row


# --- reconsideration -----------------------------------------------------------------------


def reconsideration_apply(
    *, actor: Any, measure: CoerciveMeasure, applied_on: date, reason: str
) -> CoerciveReconsideration:
    """The person applies for reconsideration (复议一次, 第119条) to the next-higher court, within 3
    days of receiving the 决定书 (民诉法解释 第185条). A court clerk or officer of the deciding or
    the upper court records it on the person's behalf. The measure is not stayed."""
    reason = _text(reason, "reason", "复议理由", MAX_FACTS)
    if not scope_of(actor).covers(measure.court_id):
        raise NotFound("未找到该强制措施，或您无权查看")
    with transaction.atomic():
        row = _locked_measure(measure.pk)
        upper = row.court.parent
        if not getattr(actor, "is_superuser", False):
            staff = staff_of(actor)
            courts = {row.court_id, upper.pk if upper else row.court_id}
            if staff is None or staff.court_id not in courts:
                raise AccessDenied(
                    "复议申请由作出决定的法院或上一级法院登记", code="coercive.other_court"
                )
            _area.require_roles(actor, RECORDING_ROLES, "登记复议申请")
        if row.status != CoerciveMeasure.Status.APPROVED:
            raise DomainError(
                "reconsideration.no_decision",
                "该强制措施尚未经批准作出决定，无从复议",
                source=rules.SOURCE_APPROVAL,
            )
        if upper is None:
            raise DomainError(
                "reconsideration.no_upper_court",
                "作出决定的法院没有上一级法院",
                source=rules.SOURCE_APPROVAL,
            )
        applied_on = _date(applied_on, "applied_on", "复议申请日期", not_before=row.decided_on)
        previous = CoerciveReconsideration.objects.filter(measure=row).count()
        raise_first(
            rules.check_reconsideration(
                previous_applications=previous,
                measure=row.measure_enum,
                applied_on=applied_on,
                due_on=reconsideration_due(row),
            )
        )
        try:
            with transaction.atomic():
                recon = CoerciveReconsideration.objects.create(
                    measure=row,
                    court=upper,
                    applied_on=applied_on,
                    reason=reason,
                    recorded_by=user(actor),
                )
        except IntegrityError:  # applied a moment ago by someone else
            raise_first(
                rules.check_reconsideration(previous_applications=1, measure=row.measure_enum)
            )
            raise
        audit_record(
            actor=actor,
            action="measures.coercive_reconsideration_apply",
            court_id=row.court_id,
            obj=recon,
            summary=f"{row.person_name}对{row.document_number}申请复议（{upper.name}），复议期间不停止执行",
            after={"applied_on": applied_on, "court": upper.code},
        )
        return recon


def reconsideration_decide(
    *,
    actor: Any,
    reconsideration: CoerciveReconsideration,
    outcome: str,
    note: str,
    amount: Any = None,
    days: Any = None,
    on: date | None = None,
) -> CoerciveReconsideration:
    """The upper court decides (民诉法解释 第185条、第186条): upholds, revokes or changes the measure,
    with a 司惩复 number; `coercive_reconsidered` is recorded on the case. Only a judge or officer of
    that upper court: the court that decided the measure cannot review itself."""
    result = parse_choice(Outcome, outcome, field="outcome", label="复议结果")
    note = _text(note, "note", "复议理由与结论", MAX_FACTS)
    measure = reconsideration.measure
    if not scope_of(actor).covers(measure.court_id):
        raise NotFound("未找到该复议申请，或您无权查看")
    if not getattr(actor, "is_superuser", False):
        staff = staff_of(actor)
        if staff is None or staff.court_id != reconsideration.court_id:
            raise AccessDenied(
                f"复议由上一级人民法院（{reconsideration.court.name}）决定，"
                "作出决定的法院不能复议自己的决定",
                code="reconsideration.not_upper_court",
            )
        _area.require_roles(actor, RECONSIDERATION_DECIDERS, "复议决定", verb="作出")
    with transaction.atomic():
        recon = (
            CoerciveReconsideration.objects.select_for_update(of=("self",))
            .select_related("court", "measure__case", "measure__court")
            .get(pk=reconsideration.pk)
        )
        if recon.outcome:
            raise DomainError("reconsideration.already_decided", "该复议申请已经作出决定")
        row = recon.measure
        value = (
            optional_money(amount, "amount")
            if result is Outcome.CHANGED and row.measure == "fine"
            else None
        )
        length = _days(days) if result is Outcome.CHANGED and row.measure == "detention" else None
        raise_first(
            rules.check_outcome(
                measure=row.measure_enum,
                subject=row.subject_enum,
                outcome=result,
                amount=value,
                days=length,
                original_amount=row.amount,
                original_days=row.days,
            )
        )
        on = _date(on, "on", "复议决定日期", not_before=recon.applied_on)
        case = locked_case(row.case_id, "court__parent")
        _serial, number = _number(recon.court, rules.RECONSIDERATION_TYPE_CODE, on.year)
        recon.outcome, recon.amount, recon.days = result.value, value, length
        recon.note, recon.decided_by, recon.decided_on = note, user(actor), on
        recon.document_number = number
        recon.save(
            update_fields=[
                "outcome",
                "amount",
                "days",
                "note",
                "decided_by",
                "decided_on",
                "document_number",
            ]
        )
        label = rules.OUTCOME_LABELS[result]
        node_record(
            "on",
            actor=actor,
            case=case,
            code="coercive_reconsidered",
            on=on,
            data={
                "measure": rules.MEASURE_LABELS[row.measure_enum],
                "outcome": label,
                "document_number": number,
            },
            note=f"{recon.court.name} {number}：{label}{row.document_number or ''}",
        )
        audit_record(
            actor=actor,
            action="measures.coercive_reconsideration_decide",
            court_id=recon.court_id,
            obj=recon,
            summary=f"{number} 复议{label}{row.court.name}{row.document_number}",
            after={"outcome": result.value, "amount": value, "days": length, "on": on},
        )
        return recon
