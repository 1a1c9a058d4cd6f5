"""结案: closing a case by its legal mode (法发〔2014〕26号 第14—23条), the 终本 gate before 终本."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zhixing.cases import services as case_services
from zhixing.cases.models import EnforcementCase, NodeEvent
from zhixing.cases.rules.nodes import NODE_TABLE, NodeCode, open_pause
from zhixing.cases.selectors import case_history
from zhixing.cases.services.toolkit import NOT_FOUND, locked_case, raise_first
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.organization.selectors import scope_of, staff_of

from ..rules import modes as rules
from ..rules.round_termination import Condition
from . import after
from .round_termination import gate_checklist

N = NodeCode
# 法发〔2014〕26号 第17条第10—12项: a case escalated or designated (cross-assignment included) by the
# upper court, or entrusted, is closed by 终结执行 — by the deciding court's action.
UPPER_COURT_SOURCE = "法发〔2014〕26号 第17条第10—12项"


class RoundTerminationGateRefused(DomainError):
    """终本 refused: the message lists every missing condition, and `conditions` carries them (the
    unmet `rules.round_termination.Condition`s) for the API and the page to show one by one."""

    def __init__(self, conditions: list[Condition]) -> None:
        lines = "；".join(
            f"{i}. {c.label}（{c.missing}）" for i, c in enumerate(conditions, start=1)
        )
        super().__init__(
            "closure.round_termination_gate",
            f"终结本次执行程序的条件尚未全部具备，尚缺 {len(conditions)} 项：{lines}",
            source=rules.MODE_SOURCES[rules.Mode.ROUND_TERMINATED],
            field="mode",
        )
        self.conditions = conditions


def _paused(case: EnforcementCase) -> str | None:
    history = case_history(case)
    for pause in (N.SUSPENDED, N.DEFERRED):
        if open_pause(history, pause):
            return NODE_TABLE[pause].label
    return None


def case_close(
    *,
    actor: Any,
    case: EnforcementCase,
    mode: str,
    on: date,
    ground: str = "",
    note: str = "",
    by_upper_court: bool = False,
) -> NodeEvent:
    """Closes the case by `mode`: refused for a mode its type does not have, while suspended or
    deferred, and — for 终结本次执行程序 — unless every condition of the 终本 gate holds. Records the
    结案 node (status, mode and date on the case) in one transaction with its audit record.

    Only the case's own court closes it (a superuser passes: maintenance, demo data): an upper
    court sees the lower courts' cases but does not close them from the closure page or the API.
    `by_upper_court=True` is for the review app's supervision services alone, which have checked
    the deciding court themselves: an upper court that escalates or designates a case (交叉执行
    included) closes the original by 终结执行 (法发〔2014〕26号 第17条第10—12项)."""
    if not isinstance(on, date):
        raise InputError("closure.date", "请填写结案日期", field="on")
    with transaction.atomic():
        locked = locked_case(case.pk, "court")
        if not scope_of(actor).covers(locked.court_id):
            raise NotFound(NOT_FOUND)
        member = staff_of(actor)
        own = member is not None and member.court_id == locked.court_id
        if not (own or by_upper_court or getattr(actor, "is_superuser", False)):
            raise AccessDenied(
                f"只有{locked.court.name}可以为本案结案；上级法院提级执行、指定执行（含交叉执行）的，"
                f"原案件随该决定以终结执行结案（{UPPER_COURT_SOURCE}）",
                code="closure.other_court",
            )
        if locked.status != EnforcementCase.Status.DOCKETED:
            raise DomainError(
                "closure.not_open", "案件未立案或已结案，不能结案", source=rules.SOURCE
            )
        refusals = rules.check_closable(
            case_type=locked.type_code, mode=mode, paused=_paused(locked)
        )
        raise_first(refusals, input_codes=frozenset({"closure.mode"}))
        data: dict[str, Any] = {"mode": mode}
        if ground:
            data["ground"] = ground
        round_termination = mode == rules.Mode.ROUND_TERMINATED
        if round_termination:
            missing = [c for c in gate_checklist(locked, on) if not c.met]
            if missing:
                raise RoundTerminationGateRefused(missing)
        event = case_services.node_record_owned(
            actor=actor, case=locked, code=N.CLOSED, on=on, data=data, note=note
        )
        if round_termination:  # 法〔2016〕373号 第9条: every 6 months for 5 years
            after.re_inquiries_schedule(locked, on)
        return event
