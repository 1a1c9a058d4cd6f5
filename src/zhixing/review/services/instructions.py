"""执行请示: a lower court asks its parent court a question about enforcement, and the parent court
answers. A request is an 执行审查类 matter (法发〔2014〕26号 第1条: "请示"); the 2016 type-code
standard has no 执请, so it is numbered 执他 at the court asked (domain-rules section 12).
Whether the time a request is pending stops the enforcement clocks (法发〔2006〕35号 第13条) is
UNVERIFIED, so no pause is recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase
from zhixing.cases.rules.nodes import NODE_TABLE, NodeCode
from zhixing.core.audit import audit_record
from zhixing.core.errors import AccessDenied, DomainError, NotFound
from zhixing.core.rules.case_number import format_case_number
from zhixing.organization.selectors import scope_of, staff_of

from ..models import InstructionRequest
from ._supervision_common import acting_staff, day, text

N = NodeCode
SOURCE = "法发〔2014〕26号 第1条（执行审查类：请示）"
TYPE_CODE = "执他"  # 案件类型及其代字标准: no 执请 (domain-rules section 12)
ASK_ROLES = NODE_TABLE[N.INSTRUCTION_REQUESTED].roles
ANSWER_ROLES = NODE_TABLE[N.INSTRUCTION_ANSWERED].roles


def instruction_request(
    *,
    actor: Any,
    on: date,
    question: str,
    case: EnforcementCase | None = None,
) -> InstructionRequest:
    """The actor's court asks its parent court; numbered 执他 at the parent court. A request about
    a case of the asking court records 向上级法院请示 on that case."""
    question = text(question, "question", "请示事项", 4000)
    staff = staff_of(actor)
    if staff is None:
        raise AccessDenied("执行请示须由法院工作人员提出", code="supervision.no_staff")
    with transaction.atomic():
        court = staff.court
        acting_staff(actor, court.id, ASK_ROLES, "向上级法院请示")
        parent = court.parent
        if parent is None:
            raise DomainError("instruction.no_parent", f"{court.name}没有上级法院", source=SOURCE)
        locked = None
        if case is not None:
            locked = (
                EnforcementCase.objects.select_for_update(of=("self",)).filter(pk=case.pk).first()
            )
            if locked is None or not scope_of(actor).covers(locked.court_id):
                raise NotFound("未找到该案件，或您无权查看")
            if locked.court_id != court.id:
                raise DomainError(
                    "instruction.not_own_case",
                    "只能就本院承办的案件向上级法院请示",
                    source=SOURCE,
                    field="case",
                )
            on = day(on, "on", "请示日期", not_before=locked.filed_on, what="立案日期")
        else:
            on = day(on, "on", "请示日期")
        serial = case_services.next_serial(parent.id, TYPE_CODE, on.year)
        number = format_case_number(
            year=on.year, court_code=parent.code, type_code=TYPE_CODE, serial=serial
        )
        request = InstructionRequest.objects.create(
            case=locked,
            court=court,
            to_court=parent,
            case_number=number,
            question=question,
            asked_on=on,
            asked_by=staff,
        )
        if locked is not None:
            case_services.node_record_owned(
                actor=actor,
                case=locked,
                code=N.INSTRUCTION_REQUESTED,
                on=on,
                data={"request": number},
                note=question[:300],
            )
        audit_record(
            actor=actor,
            action="instruction.request",
            court_id=court.id,
            obj=request,
            summary=f"{court.name}向{parent.name}请示（{number}）",
            after={"case": locked and locked.case_number, "on": on, "question": question},
        )
    return request


def instruction_answer(
    *, actor: Any, request: InstructionRequest, on: date, answer: str
) -> InstructionRequest:
    """The court asked answers once; the answer is recorded on the case when there is one."""
    answer = text(answer, "answer", "答复意见", 4000)
    with transaction.atomic():
        row = (
            InstructionRequest.objects.select_for_update(of=("self",))
            .select_related("case", "court", "to_court")
            .filter(pk=request.pk)
            .first()
        )
        if row is None or not scope_of(actor).covers(row.to_court_id):
            raise NotFound("未找到该请示，或您无权查看")
        staff = acting_staff(actor, row.to_court_id, ANSWER_ROLES, "答复请示")
        if row.answered_on is not None:
            raise DomainError(
                "instruction.answered",
                f"该请示已于 {row.answered_on:%Y年%m月%d日} 答复",
                source=SOURCE,
            )
        on = day(on, "on", "答复日期", not_before=row.asked_on, what="请示日期")
        row.answer, row.answered_on, row.answered_by = answer, on, staff
        row.save(update_fields=["answer", "answered_on", "answered_by"])
        if row.case is not None:
            case_services.node_record_owned(
                actor=actor,
                case=row.case,
                code=N.INSTRUCTION_ANSWERED,
                on=on,
                data={"request": row.case_number},
                note=answer[:300],
            )
        audit_record(
            actor=actor,
            action="instruction.answer",
            court_id=row.to_court_id,
            obj=row,
            summary=f"{row.to_court.name}答复{row.court.name}的请示（{row.case_number}）",
            after={"on": on, "answer": answer},
        )
    return row
