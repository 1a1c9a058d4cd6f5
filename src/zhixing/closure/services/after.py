"""After 终本 (法〔2016〕373号 第9条): a network inquiry every 6 months for 5 years, the result told
to the applicant; property found or a new lead flags the case for resumption (十个必须 第6条);
resumption is a new 执恢 case linked to the original (法发〔2014〕26号 第6条), not limited by the
2-year application period (民诉法解释 第517条).

The rounds are sent by the `closure.after_round_termination` duty (`python -m zhixing run-duties`), each
claimed exactly once by a conditional UPDATE (`sent_on IS NULL`): two overlapping runs never send
the same round twice. A round is settled when every department has answered its inquiries — by
the answer handler registered with `linkage.hooks`, and again by the duty as a safety net.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase
from zhixing.cases.rules.filing import ACCEPTANCE_ITEMS, Arrival, CaseType
from zhixing.cases.rules.nodes import FILING_ROLES, IMPLEMENTATION_ROLES, NodeCode
from zhixing.cases.services.toolkit import Area, locked_case
from zhixing.core import duties
from zhixing.core.audit import audit_record
from zhixing.core.errors import DomainError, InputError, NotFound
from zhixing.linkage import services as linkage_services
from zhixing.linkage.models import OutboxMessage, PropertyFound
from zhixing.organization.selectors import scope_of, staff_of

from ..models import ReInquiry, ResumptionFlag
from ..rules import after as after_rules
from ..rules.modes import Mode
from ..selectors.after import is_round_termination, resumed_as

log = logging.getLogger("zhixing.closure")
N = NodeCode
F = ResumptionFlag

RE_INQUIRY_SOURCE = after_rules.SOURCE
FLAG_SOURCE = after_rules.FLAG_SOURCE
RESUME_SOURCE = "法发〔2014〕26号 第6条；民诉法解释 第517条"

_area = Area("resumption")


def re_inquiries_schedule(case: EnforcementCase, closed_on: date) -> list[ReInquiry]:
    """The ten inquiries owed after a 终本 closure on `closed_on`, in the closure's transaction."""
    return ReInquiry.objects.bulk_create(
        [
            ReInquiry(case=case, court_id=case.court_id, round=n, due_on=due)
            for n, due in enumerate(after_rules.re_inquiry_dues(closed_on), start=1)
        ]
    )


# --- helpers -----------------------------------------------------------------------------------


def _require_resumable(case: EnforcementCase) -> None:
    if not is_round_termination(case):
        raise DomainError(
            "resumption.not_round_termination",
            "本案不是以终结本次执行程序方式结案的案件，不适用终本后恢复执行",
            source=RESUME_SOURCE,
        )
    resumed = resumed_as(case)
    if resumed is not None:
        raise DomainError(
            "resumption.already_resumed",
            f"本案已恢复执行（{resumed.case_number}），请在恢复执行案件中办理",
            source=RESUME_SOURCE,
        )


def _reaction_day(case: EnforcementCase, on: date) -> date:
    """The date a node recorded in reaction to an answer carries: the duty's day, never before the
    case's last node (the timeline stays in order) and never after today."""
    last = case.events.order_by("-seq").values_list("occurred_on", flat=True).first()
    day = max(on, last) if last else on
    return min(day, timezone.localdate())


def _found_text(found: list[PropertyFound]) -> str:
    if not found:
        return "未发现可供执行的财产"
    parts = []
    for item in found:
        amount = f"（{item.amount:,.2f} 元）" if item.amount is not None else ""
        parts.append(f"{item.description}{amount}")
    text = f"发现财产 {len(found)} 项：" + "；".join(parts)
    return text if len(text) <= 300 else text[:299] + "…"


def _flag(
    *,
    actor: Any,
    case: EnforcementCase,
    source: str,
    detail: str,
    on: date,
    re_inquiry: ReInquiry | None = None,
) -> ResumptionFlag:
    """The flag, its node on the timeline and its audit record, in the caller's transaction."""
    flag = F.objects.create(
        case=case,
        court_id=case.court_id,
        source=source,
        raised_on=on,
        detail=detail[:300],
        re_inquiry=re_inquiry,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    case_services.node_record_owned(
        actor=actor,
        case=case,
        code=N.RESUMPTION_FLAGGED,
        on=on,
        data={"reason": flag.detail},
        note=F.Source(source).label,
    )
    audit_record(
        actor=actor,
        action="closure.resumption_flag",
        court_id=case.court_id,
        obj=flag,
        summary=f"{case} 待恢复执行：{F.Source(source).label}",
        after={"source": source, "raised_on": on, "detail": flag.detail},
    )
    return flag


# --- the six-monthly inquiries -----------------------------------------------------------------


def re_inquiries_due(today: date) -> QuerySet[ReInquiry]:
    """Rounds due on or before `today`, not sent, not cancelled, of cases still closed by 终本."""
    return ReInquiry.objects.filter(
        sent_on__isnull=True,
        cancelled=False,
        due_on__lte=today,
        case__status=EnforcementCase.Status.CLOSED,
        case__closure_mode=Mode.ROUND_TERMINATED,
    ).order_by("due_on", "pk")


def re_inquiry_send(*, actor: Any, re_inquiry: ReInquiry, on: date) -> ReInquiry | None:
    """Sends one round: claims the row (conditional UPDATE … WHERE sent_on IS NULL — the first of
    two concurrent callers wins, the other gets None and writes nothing), starts the network
    inquiry for every respondent through linkage and records 终本后定期网络查询. A refusal (a round
    still unanswered, no departments …) undoes the claim: the round is tried again next run."""
    if not isinstance(on, date):
        raise InputError("re_inquiry.date_required", "请填写查询日期", field="on")
    with transaction.atomic():
        claimed = ReInquiry.objects.filter(
            pk=re_inquiry.pk, sent_on__isnull=True, cancelled=False
        ).update(sent_on=on)
        if not claimed:
            return None
        row = ReInquiry.objects.select_related("case").get(pk=re_inquiry.pk)
        _area.require(actor, row.court_id, IMPLEMENTATION_ROLES, "发起终本后定期查询")
        case = row.case
        if not is_round_termination(case):
            raise DomainError(
                "re_inquiry.not_round_termination",
                "案件已不处于终结本次执行程序状态，不再定期查询",
                source=RE_INQUIRY_SOURCE,
            )
        if on < row.due_on:
            raise DomainError(
                "re_inquiry.not_due",
                f"第{row.round}次终本后查询应于 {row.due_on:%Y年%m月%d日} 发起，尚未到期",
                source=RE_INQUIRY_SOURCE,
            )
        messages = linkage_services.network_inquiry_start(
            actor=actor, case=case, on=on, post_closure=True
        )
        row.messages.set(messages)  # the round's own requests: settled by their answers alone
        case_services.node_record_owned(
            actor=actor,
            case=case,
            code=N.RE_INQUIRY_SENT,
            on=on,
            data={"round": row.round},
            note=f"终本后第{row.round}次网络查询",
        )
        audit_record(
            actor=actor,
            action="closure.re_inquiry_send",
            court_id=row.court_id,
            obj=row,
            summary=f"{case} 终本后第{row.round}次网络查询",
            after={"round": row.round, "due_on": row.due_on, "sent_on": on},
        )
    return row


def re_inquiry_settle(*, case: EnforcementCase, on: date, actor: Any = None) -> ReInquiry | None:
    """Settles the case's round in flight once every department has answered the inquiries of that
    round (the messages its sending linked to the row — never another batch of the case): the
    result on the row, 告知申请执行人 on the timeline (the applicant is told, 第9条), and — property
    found, the case not yet resumed — a resumption flag. None while answers are missing.

    The round's row is locked before the answers are counted, so of two answers arriving at once
    the later sees the earlier and settles the round (exactly once: `answered_on` is then set)."""
    with transaction.atomic():
        row = (
            ReInquiry.objects.select_for_update()
            .filter(case=case, sent_on__isnull=False, answered_on__isnull=True, cancelled=False)
            .order_by("-round")
            .first()
        )
        if row is None:
            return None
        batch = row.messages.all()
        if not batch.exists() or batch.filter(answered_at__isnull=True).exists():
            return None
        case = EnforcementCase.objects.get(pk=case.pk)
        found = list(PropertyFound.objects.filter(message__in=batch).order_by("pk"))
        actor = actor or duties.system_actor()
        day = _reaction_day(case, max(on, row.sent_on))
        row.answered_on = row.told_on = day
        row.found = bool(found)
        row.result = _found_text(found)
        row.save(update_fields=["answered_on", "told_on", "found", "result"])
        audit_record(
            actor=actor,
            action="closure.re_inquiry_answer",
            court_id=row.court_id,
            obj=row,
            summary=f"{case} 终本后第{row.round}次查询结果：{row.result[:60]}",
            after={"round": row.round, "found": len(found), "answered_on": day},
        )
        case_services.node_record_owned(
            actor=actor,
            case=case,
            code=N.RE_INQUIRY_TOLD,
            on=day,
            data={"round": row.round, "result": row.result},
        )
        if found and resumed_as(case) is None:
            _flag(
                actor=actor,
                case=case,
                source=F.Source.RE_INQUIRY,
                detail=f"终本后第{row.round}次查询{row.result}",
                on=day,
                re_inquiry=row,
            )
    return row


def re_inquiry_answered(*, message: OutboxMessage, answer: Any, parsed: Any) -> None:
    """linkage.hooks handler for inquiry answers: settles a post-终本 round when its last answer
    arrives. A refusal here must not refuse the department's answer: it is logged, and the
    `closure.after_round_termination` duty settles the round on its next run."""
    case = message.case
    if not is_round_termination(case):
        return
    try:
        with transaction.atomic():
            re_inquiry_settle(case=case, on=duties.today())
    except DomainError as error:
        log.warning("%s 终本后查询结果未能登记，留待定期任务：%s", case, error.message)


def re_inquiries_in_flight() -> QuerySet[EnforcementCase]:
    """Cases with a round sent and not yet settled (the duty's safety net). Two steps: the case ids
    from the partial index `reinquiry_in_flight_idx`, then the cases by primary key — as one
    semi-join PostgreSQL misjudges the rows and scans every case (bench/bench_closure.py)."""
    ids = list(
        ReInquiry.objects.filter(sent_on__isnull=False, answered_on__isnull=True, cancelled=False)
        .values_list("case_id", flat=True)
        .distinct()
    )
    return EnforcementCase.objects.filter(pk__in=ids).order_by("pk")


# --- flags: a new lead, the applicant's application ----------------------------------------------


def _flag_from_people(
    *, actor: Any, case: EnforcementCase, source: str, detail: str, on: date, what: str
) -> ResumptionFlag:
    _area.date(on, "on", "登记日期")
    with transaction.atomic():
        locked = locked_case(case.pk)
        _area.require(actor, locked.court_id, IMPLEMENTATION_ROLES, what)
        _require_resumable(locked)
        if locked.closed_on and on < locked.closed_on:
            raise InputError(
                "resumption.date_order",
                f"登记日期不能早于结案日期（{locked.closed_on:%Y年%m月%d日}）",
                field="on",
            )
        return _flag(actor=actor, case=locked, source=source, detail=detail, on=on)


def lead_after_round_termination(
    *, actor: Any, case: EnforcementCase, description: str, provided_by: str, on: date
) -> ResumptionFlag:
    """A new property lead on a 终本 case, from anyone (the applicant, a third party, a department):
    the case is flagged for resumption at once (法〔2016〕373号 第9条；十个必须 第6条)."""
    description = _area.text(description, "description", "财产线索", 250)
    provided_by = _area.text(provided_by, "provided_by", "线索提供人", 40)
    return _flag_from_people(
        actor=actor,
        case=case,
        source=F.Source.LEAD,
        detail=f"{provided_by}提供财产线索：{description}",
        on=on,
        what="登记终本后的财产线索",
    )


def resumption_apply(*, actor: Any, case: EnforcementCase, detail: str, on: date) -> ResumptionFlag:
    """The applicant applies to resume, having found property: not limited by the 2-year period
    (法〔2016〕373号 第9条第1项；民诉法解释 第517条). Registered by the court's staff."""
    detail = _area.text(detail, "detail", "申请恢复执行的事由", 250)
    return _flag_from_people(
        actor=actor,
        case=case,
        source=F.Source.APPLICANT,
        detail=f"申请执行人申请恢复执行：{detail}",
        on=on,
        what="登记恢复执行申请",
    )


# --- resume or dismiss ------------------------------------------------------------------------


FLAG_NOT_FOUND = "未找到该待恢复执行提示，或您无权查看"


def _locked_open_flag(flag: ResumptionFlag, actor: Any, roles: Any, what: str) -> ResumptionFlag:
    locked = F.objects.select_for_update().filter(pk=flag.pk).first()
    if locked is None or not scope_of(actor).covers(locked.court_id):
        raise NotFound(FLAG_NOT_FOUND)
    _area.require(actor, locked.court_id, roles, what)
    if locked.status != F.Status.OPEN:
        raise DomainError(
            "resumption.handled",
            f"该提示已处理（{locked.get_status_display()}）",
            source=FLAG_SOURCE,
        )
    return locked


def resume(
    *, actor: Any, flag: ResumptionFlag, on: date, checklist: dict[str, bool], note: str = ""
) -> EnforcementCase:
    """恢复执行: a NEW 执恢 case in the same court (法发〔2014〕26号 第6条第3项), received and
    docketed through the filing services with the original's parties and enforcement basis and
    `previous_case` = the original; no limitation warning (民诉法解释 第517条). The original gets
    恢复执行（另立执恢案件） with the new number, every open flag of it is marked resumed, and its
    remaining six-monthly inquiries are cancelled. One transaction: all of it, or nothing.

    Locks, in the one order every writer of a 终本 case's after-life follows: the case's unsent
    rounds (the duty claims a round before it locks the case), then the case, then the flag — and
    only then is the case checked. Two officers resuming two flags of one case at once queue on
    the case: the second finds the flags handled and the case resumed, and is refused; neither
    waits for a lock the other holds."""
    _area.date(on, "on", "恢复执行立案日期")
    note = _area.text(note, "note", "说明", 200, required=False)
    with transaction.atomic():
        seen = F.objects.filter(pk=getattr(flag, "pk", None)).values("case_id", "court_id").first()
        if seen is None or not scope_of(actor).covers(seen["court_id"]):
            raise NotFound(FLAG_NOT_FOUND)
        pending = ReInquiry.objects.select_for_update().filter(
            case_id=seen["case_id"], sent_on__isnull=True, cancelled=False
        )
        pending_ids = list(pending.values_list("pk", flat=True))
        original = locked_case(seen["case_id"], "court", "basis")
        flag = _locked_open_flag(flag, actor, FILING_ROLES, "恢复执行立案")
        _require_resumable(original)
        if on < flag.raised_on:
            raise InputError(
                "resumption.date_order",
                f"恢复执行立案日期不能早于发现日期（{flag.raised_on:%Y年%m月%d日}）",
                field="on",
            )
        cancelled = ReInquiry.objects.filter(pk__in=pending_ids).update(cancelled=True)
        copied = case_services.case_inputs_from(original)
        arrival = (
            Arrival.APPLICATION.value if flag.source == F.Source.APPLICANT else original.arrival
        )
        new = case_services.case_receive(
            actor=actor,
            court=original.court,
            type_code=CaseType.RESUMED.value,
            origin=original.origin,
            arrival=arrival,
            received_on=on,
            basis=copied.basis,
            parties=copied.parties,
            claim_amount=copied.claim_amount,
            previous_case=original,
        )
        new = case_services.case_docket(actor=actor, case=new, on=on, checklist=checklist)
        case_services.node_record_owned(
            actor=actor,
            case=original,
            code=N.RESUMED_AS,
            on=on,
            data={"case_number": new.case_number},
            note=note,
        )
        open_flags = F.objects.select_for_update().filter(case=original, status=F.Status.OPEN)
        ids = list(open_flags.values_list("pk", flat=True))
        F.objects.filter(pk__in=ids).update(
            status=F.Status.RESUMED,
            handled_on=on,
            handled_by=staff_of(actor),
            resumed_case=new,
            handling_note=note or f"已恢复执行，立案 {new.case_number}",
        )
        audit_record(
            actor=actor,
            action="closure.resume",
            court_id=original.court_id,
            obj=flag,
            summary=f"{original} 恢复执行，另立 {new.case_number}",
            after={
                "case_number": new.case_number,
                "flags": ids,
                "cancelled_re_inquiries": cancelled,
                "on": on,
            },
        )
    return new


def all_confirmed() -> dict[str, bool]:
    """The acceptance checklist (执行工作规定 第16条) confirmed as a whole on the resume form."""
    return {key: True for key in ACCEPTANCE_ITEMS}


def flag_dismiss(*, actor: Any, flag: ResumptionFlag, on: date, reason: str) -> ResumptionFlag:
    """After checking, the lead does not warrant resumption (nothing there, not the respondent's):
    the flag closes with the reason; the case stays closed by 终本 and the inquiries go on."""
    _area.date(on, "on", "核查日期")
    reason = _area.text(reason, "reason", "不予恢复执行的理由", 300)
    with transaction.atomic():
        flag = _locked_open_flag(flag, actor, IMPLEMENTATION_ROLES, "核查待恢复执行提示")
        if on < flag.raised_on:
            raise InputError(
                "resumption.date_order",
                f"核查日期不能早于发现日期（{flag.raised_on:%Y年%m月%d日}）",
                field="on",
            )
        flag.status = F.Status.DISMISSED
        flag.handled_on = on
        flag.handled_by = staff_of(actor)
        flag.handling_note = reason
        flag.save(update_fields=["status", "handled_on", "handled_by", "handling_note"])
        audit_record(
            actor=actor,
            action="closure.resumption_dismiss",
            court_id=flag.court_id,
            obj=flag,
            summary=f"{flag.case} 经核查不予恢复执行",
            after={"reason": reason, "on": on},
        )
    return flag
