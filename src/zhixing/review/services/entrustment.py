"""委托执行 (民事诉讼法 第240条; 法释〔2011〕11号 第1—2条): the enforcing court entrusts (`entrust`),
the entrusted court dockets the case it receives (`entrustment_receive`: new case, 委托执行 arrival,
the 15-day start and 30-day report clocks begin), the entrusting court then closes its own case on
the docketing notice (`entrustment_close`, 委托结案: 终结执行, ground 委托执行), the entrusted court
starts and reports (`entrustment_start`, `entrustment_report`), and after 15 days of silence the
entrusting court may ask the entrusted court's superior to order it to act
(`entrustment_ask_superior`); that superior then issues a 督促执行令 on the entrusted case."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase
from zhixing.closure import services as closure_services
from zhixing.core.audit import audit_record
from zhixing.core.calendar import legal_calendar
from zhixing.core.errors import DomainError, InputError
from zhixing.organization.models import Court

from ..models import SupervisionAction
from ..rules import supervision as rules
from ._supervision_common import (
    GROUND_OF,
    OPEN_STATES,
    REASON_MAX,
    TERMINATED,
    K,
    N,
    acting_staff,
    copy_case,
    day,
    locked_action,
    locked_open_case,
    ordered_on,
    raise_first,
    ref,
    text,
    visible,
)

__all__ = [
    "entrust",
    "entrustment_ask_superior",
    "entrustment_close",
    "entrustment_receive",
    "entrustment_report",
    "entrustment_start",
]


def entrust(
    *,
    actor: Any,
    case: EnforcementCase,
    on: date,
    to_court: Court | None,
    reason: str,
    matters: str = "",
) -> SupervisionAction:
    """委托执行: the enforcing court entrusts the case to a court of the same level elsewhere
    (民事诉讼法 第240条; 法释〔2011〕11号 第1条). The case stays open until the entrusted court has
    docketed it (`entrustment_receive`, then `entrustment_close`, 法释〔2011〕11号 第2条)."""
    what = rules.KIND_LABELS[K.ENTRUSTMENT]
    reason = text(reason, "reason", "委托理由", REASON_MAX)
    matters = text(matters, "matters", "委托执行事项", REASON_MAX, required=False)
    with transaction.atomic():
        case = locked_open_case(case.pk, what, rules.ENTRUSTMENT_SOURCE)
        staff = acting_staff(actor, case.court_id, rules.DECIDER_ROLES[K.ENTRUSTMENT], what)
        raise_first(
            rules.check_decider(
                K.ENTRUSTMENT, case_court=ref(case.court), deciding_court=ref(staff.court)
            )
            or rules.check_target(
                K.ENTRUSTMENT,
                case_court=ref(case.court),
                deciding_court=ref(staff.court),
                target=ref(to_court) if to_court is not None else None,
            ),
            input_codes=frozenset({"supervision.target_required"}),
        )
        assert to_court is not None
        on = ordered_on(case, on)
        if SupervisionAction.objects.filter(
            kind=K.ENTRUSTMENT, case=case, status__in=OPEN_STATES
        ).exists():
            raise DomainError(
                "entrustment.open", "本案已委托其他法院执行", source=rules.ENTRUSTMENT_SOURCE
            )
        case_services.node_record_owned(
            actor=actor,
            case=case,
            code=N.ENTRUSTED,
            on=on,
            data={"to_court": to_court.code, "case_number": ""},
            note=reason,
        )
        full_reason = f"{reason}\n委托执行事项：{matters}" if matters else reason
        action = SupervisionAction.objects.create(
            kind=K.ENTRUSTMENT,
            case=case,
            court_id=case.court_id,
            deciding_court_id=case.court_id,
            to_court=to_court,
            decided_on=on,
            decided_by=staff,
            reason=full_reason,
        )
        audit_record(
            actor=actor,
            action="supervision.entrust",
            court_id=case.court_id,
            obj=action,
            summary=f"{case.case_number} 委托{to_court.name}执行",
            after={"to_court": to_court.code, "on": on, "reason": reason, "matters": matters},
        )
    return action


def entrustment_receive(*, actor: Any, action: SupervisionAction, on: date) -> SupervisionAction:
    """The entrusted court receives the letter and dockets the case (法释〔2011〕11号 第2条): a new
    case with its own number (arrival 委托执行), the 受托法院收到委托执行函 node on it, which starts
    the 15-day start and 30-day report clocks (民事诉讼法 第240条)."""
    with transaction.atomic():
        row = locked_action(action.pk, K.ENTRUSTMENT)
        visible(actor, row)
        assert row.to_court is not None
        acting_staff(actor, row.to_court_id, rules.RECEIVE_ROLES, "委托执行立案")
        if row.received_on is not None:
            raise DomainError(
                "entrustment.received",
                f"已于 {row.received_on:%Y年%m月%d日} 立案受理（{row.new_case}）",
                source=rules.ENTRUSTMENT_SOURCE,
            )
        on = day(on, "on", "收到委托函件日期", not_before=row.decided_on, what="委托日期")
        # The entrusting case is locked and must still be open: once it has closed (performed,
        # terminated …) there is nothing left to entrust (法释〔2011〕11号 第2条).
        locked_open_case(row.case_id, "委托执行立案", rules.ENTRUSTMENT_SOURCE)
        original = (
            EnforcementCase.objects.select_related("basis", "court").filter(pk=row.case_id).get()
        )
        new_case = copy_case(
            actor=actor, case=original, court=row.to_court, kind=K.ENTRUSTMENT, on=on
        )
        case_services.node_record_owned(
            actor=actor,
            case=new_case,
            code=N.ENTRUSTMENT_RECEIVED,
            on=on,
            data={"from_case": original.case_number, "from_court": original.court.code},
        )
        row.received_on, row.new_case = on, new_case
        row.save(update_fields=["received_on", "new_case"])
        audit_record(
            actor=actor,
            action="supervision.entrustment_receive",
            court_id=row.to_court_id,
            obj=row,
            summary=f"受托立案 {new_case.case_number}（委托法院：{original.court.name} {original.case_number}）",
            after={"received_on": on, "new_case": new_case.case_number},
        )
    return row


def entrustment_close(*, actor: Any, action: SupervisionAction, on: date) -> SupervisionAction:
    """委托结案: once the entrusted court has docketed the case, the entrusting court closes its
    own case by 终结执行, ground 委托执行 (法释〔2011〕11号 第2条; 法发〔2014〕26号 第17条第12项)."""
    with transaction.atomic():
        row = locked_action(action.pk, K.ENTRUSTMENT)
        visible(actor, row)
        acting_staff(actor, row.court_id, rules.RULING_ROLES, "委托结案")
        if row.received_on is None or row.new_case is None:
            raise DomainError(
                "entrustment.not_received",
                "受托法院立案后，委托法院收到立案通知书方可作委托结案处理",
                source=rules.ENTRUSTMENT_CLOSE_SOURCE,
            )
        case = locked_open_case(row.case_id, "委托结案", rules.ENTRUSTMENT_CLOSE_SOURCE)
        on = day(on, "on", "结案日期", not_before=row.received_on, what="受托法院立案日期")
        closure_services.case_close(
            actor=actor,
            case=case,
            mode=TERMINATED,
            on=on,
            ground=GROUND_OF[K.ENTRUSTMENT],
            note=f"委托执行：{row.to_court} {row.new_case.case_number}",
        )
        audit_record(
            actor=actor,
            action="supervision.entrustment_close",
            court_id=row.court_id,
            obj=row,
            summary=f"{case.case_number} 委托结案（受托案号 {row.new_case.case_number}）",
            after={"on": on},
        )
    return row


def _entrusted_step(
    *, actor: Any, action: SupervisionAction, on: date, step: str, report: str = ""
) -> SupervisionAction:
    label = "开始执行" if step == "start" else "函告执行情况"
    with transaction.atomic():
        row = locked_action(action.pk, K.ENTRUSTMENT)
        visible(actor, row)
        assert row.to_court_id is not None
        acting_staff(actor, row.to_court_id, rules.PROGRESS_ROLES, f"受托法院{label}")
        if not isinstance(on, date):
            raise InputError("supervision.date_required", "请填写日期", field="on")
        raise_first(
            rules.check_entrustment_step(
                step=step, received_on=row.received_on, started_on=row.started_on, on=on
            ),
            input_codes=frozenset({"entrustment.date_order"}),
        )
        on = day(on, "on", f"{label}日期")
        assert row.new_case is not None
        code = N.ENTRUSTMENT_STARTED if step == "start" else N.ENTRUSTMENT_REPORTED
        data = {"report": report} if report else {}
        case_services.node_record_owned(
            actor=actor, case=row.new_case, code=code, on=on, data=data, note=report[:300]
        )
        field = "started_on" if step == "start" else "reported_on"
        setattr(row, field, on)
        row.save(update_fields=[field])
        audit_record(
            actor=actor,
            action=f"supervision.entrustment_{step}",
            court_id=row.to_court_id,
            obj=row,
            summary=f"受托法院{label}：{row.new_case.case_number}",
            after={field: on, "report": report},
        )
    return row


def entrustment_start(*, actor: Any, action: SupervisionAction, on: date) -> SupervisionAction:
    """The entrusted court starts enforcing — within 15 days of receiving the letter (民事诉讼法
    第240条)."""
    return _entrusted_step(actor=actor, action=action, on=on, step="start")


def entrustment_report(
    *, actor: Any, action: SupervisionAction, on: date, report: str
) -> SupervisionAction:
    """The entrusted court reports progress by letter when not finished within 30 days (民事诉讼法
    第240条); it may report more than once."""
    report = text(report, "report", "执行情况", 2000)
    return _entrusted_step(actor=actor, action=action, on=on, step="report", report=report)


def entrustment_ask_superior(
    *, actor: Any, action: SupervisionAction, on: date, note: str = ""
) -> SupervisionAction:
    """After 15 days of silence the entrusting court asks the entrusted court's superior to order it
    to act (民事诉讼法 第240条). The request is recorded on the entrustment, which the superior's
    supervision list shows first; the superior acts by a 督促执行令 on the entrusted case."""
    note = text(note, "note", "请求事项", 1000, required=False)
    with transaction.atomic():
        row = locked_action(action.pk, K.ENTRUSTMENT)
        visible(actor, row)
        acting_staff(actor, row.court_id, rules.ASK_ROLES, "请求受托法院的上级法院指令执行")
        if not isinstance(on, date):
            raise InputError("supervision.date_required", "请填写请求日期", field="on")
        on = day(on, "on", "请求日期")
        raise_first(
            rules.check_ask_superior(
                received_on=row.received_on,
                started_on=row.started_on,
                asked_on=row.superior_asked_on,
                on=on,
                calendar=legal_calendar(),
            ),
            input_codes=frozenset({"entrustment.too_early"}),
        )
        row.superior_asked_on = on
        if row.overdue_since is None:
            assert row.received_on is not None
            row.overdue_since = rules.silence_from(row.received_on, legal_calendar())
        row.save(update_fields=["superior_asked_on", "overdue_since"])
        superior = row.to_court.parent if row.to_court else None
        audit_record(
            actor=actor,
            action="supervision.entrustment_ask_superior",
            court_id=row.court_id,
            obj=row,
            summary=f"请求{superior or '受托法院的上级法院'}指令{row.to_court}执行（{row.new_case}）",
            after={"on": on, "note": note, "superior": superior.code if superior else ""},
        )
    return row
