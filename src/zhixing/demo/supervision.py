"""Demo data for `seed-demo`: 上级监督 (issue 5). Written through the services, idempotent.

Four stories around 朝阳 (京0105) and its upper court 京03, each on an open demo case of 朝阳:
(a) 京03 escalates a case (提级执行, recorded by bj3zy_judge): a new 京03 case with its own number,
    the 朝阳 case closed by 终结执行, ground 提级执行;
(b) 京03 issues a 督促执行令 to 朝阳 with a time limit 30 days ahead;
(c) 朝阳 entrusts a case to 丰台 (京0106), which dockets it (received, not started: the 15-day start
    clock runs on 丰台's new case; 朝阳 may now close its own case as 委托结案);
(d) 朝阳 asks 京03 for instructions about a case (执他 at 京03), not answered yet.
A story already present (its kind on a 朝阳 case, or a request from 朝阳) is not written again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import DomainError
from zhixing.organization.models import Court
from zhixing.review.models import InstructionRequest, SupervisionAction
from zhixing.review.services import instructions, supervision

CHAOYANG, BJ3, FENGTAI = "京0105", "京03", "京0106"


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _candidates(court: Court) -> list[EnforcementCase]:
    """Open 朝阳 cases no supervision action touches yet, oldest first (deterministic)."""
    touched = SupervisionAction.objects.values_list("case_id", flat=True)
    return list(
        EnforcementCase.objects.filter(court=court, status=EnforcementCase.Status.DOCKETED)
        .exclude(pk__in=touched)
        .select_related("court")
        .order_by("filed_on", "pk")[:40]
    )


def _first(cases: list[EnforcementCase], act: Callable[[EnforcementCase], Any]) -> Any:
    """Acts on the first case the services accept (a suspended case cannot be closed, …); each
    attempt is its own transaction, so a refused one leaves nothing."""
    while cases:
        case = cases.pop(0)
        try:
            return act(case)
        except DomainError:
            continue
    return None


def seed_supervision() -> str:
    """Seeds the showcase and returns the one-line summary `seed-demo` prints."""
    courts = {c.code: c for c in Court.objects.filter(code__in=[CHAOYANG, BJ3, FENGTAI])}
    judge, officer = _user("bj3zy_judge"), _user("chaoyang_officer1")
    ft_clerk = _user("fengtai_clerk")
    if len(courts) < 3 or not (judge and officer and ft_clerk):
        return "演示上级监督：缺少朝阳、京03、丰台法院或其演示人员，未建立。"
    today = timezone.localdate()
    cases = _candidates(courts[CHAOYANG])
    on_chaoyang = SupervisionAction.objects.filter(court=courts[CHAOYANG])
    done: list[str] = []

    if not on_chaoyang.filter(kind="escalation").exists():
        action = _first(
            cases,
            lambda c: supervision.escalate(
                actor=judge, case=c, on=today, reason="超过六个月未执行，朝阳法院消极执行（演示）"
            ),
        )
        if action:
            done.append(f"提级执行 {action.case.case_number} → {action.new_case.case_number}")
    if not on_chaoyang.filter(kind="enforce_order").exists():
        action = _first(
            cases,
            lambda c: supervision.enforce_order(
                actor=judge,
                case=c,
                on=today,
                until=today + timedelta(days=30),
                reason="申请执行人申请，六个月未执行完结（演示）",
            ),
        )
        if action:
            done.append(f"督促执行令 {action.case.case_number}（限 {action.until:%m月%d日}）")
    if not on_chaoyang.filter(kind="entrustment").exists():
        action = _first(
            cases,
            lambda c: supervision.entrust(
                actor=officer,
                case=c,
                on=today,
                to_court=courts[FENGTAI],
                reason="被执行人在本辖区内已无财产可供执行，在丰台区有房产（演示）",
                matters="查封、处置被执行人位于丰台区的房产",
            ),
        )
        if action:
            action = supervision.entrustment_receive(actor=ft_clerk, action=action, on=today)
            done.append(f"委托执行 {action.case.case_number} → 丰台 {action.new_case.case_number}")
    if not InstructionRequest.objects.filter(court=courts[CHAOYANG]).exists():
        request = _first(
            cases,
            lambda c: instructions.instruction_request(
                actor=officer,
                on=today,
                case=c,
                question="被执行人名下房产已被其他法院首先查封，本院能否商请移送处置权？（演示）",
            ),
        )
        if request:
            done.append(f"执行请示 {request.case_number}")
    if not done:
        return "演示上级监督：已存在，未重复创建。"
    return "演示上级监督：" + "；".join(done) + "。"
