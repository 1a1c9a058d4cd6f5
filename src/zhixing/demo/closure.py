"""Demo data for `seed-demo`: 结案与终本 (issue 5) in 朝阳 (京0105), written through the services.

Three cases a visitor can open from the summary line:
(a) a docketed case about two months old (an existing demo case, or one filed now): its 结案 page
    shows the whole 终本 checklist with what is missing, and a 终本 closure is refused;
(b) a case with every 终本 condition recorded through the services (notice served, report checked,
    限制消费令 signed by chaoyang_president, the reason the respondent does not qualify for the
    dishonest list, a lead verified, field investigation, a network inquiry every department
    answered with nothing found, the applicant interviewed and confirming) — left open, so that
    chaoyang_officer1 can close it by 终本;
(c) a case filed about 20 months ago and closed by 终本 about 13 months ago (its ten six-monthly
    re-inquiries scheduled; the after-终本 demo gives it its history). Found again as
    closure_mode='round_terminated' in 京0105 closed more than 12 months ago.

The departments are the simulated partners. A respondent with no property is chosen by trying
generated identity numbers until no simulated department reports anything for it. Node dates may not
precede the case's last node, and the departments' answers complete the investigation on the day
they arrive, so in (b) the inquiry comes last and the interview and confirmation are dated today;
in (c) the investigation's completion is recorded by hand before the answers arrive, and the outbox
timestamps of its inquiry are set back to the day it was sent (demo data only: the case is meant to
have been handled back then).

Idempotent: each story is written only when the court does not have it yet.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zhixing.cases import notifications
from zhixing.cases import services as case_services
from zhixing.cases.inputs import PartyInput
from zhixing.cases.models import EnforcementCase
from zhixing.closure import services as closure_services
from zhixing.core.rules.calendar import add_months
from zhixing.credit.services import listing as listings
from zhixing.credit.services import restriction as restrictions
from zhixing.demo.cases import (
    address,
    file_docketed,
    person_name,
    phone,
    seeding,
)
from zhixing.demo.cases import id_number as make_id_number
from zhixing.linkage import outbox, partners
from zhixing.linkage import services as linkage_services
from zhixing.linkage.models import LinkedDepartment, OutboxMessage, PartnerAnswer
from zhixing.measures.services import leads
from zhixing.organization.models import Court

COURT_CODE = "京0105"
SEED = 5_2026
PEOPLE = ("clerk", "chief", "president", "officer1")


def _flush() -> None:
    while outbox.send_due()[0] or partners.deliver_simulated():
        pass


def _users(court: Court) -> dict[str, Any]:
    users = get_user_model().objects.filter(
        username__in=[f"{court.slug}_{p}" for p in PEOPLE], staff__court=court
    )
    return {u.username.removeprefix(f"{court.slug}_"): u for u in users}


def _no_property_id(rng: random.Random, departments: list[LinkedDepartment]) -> str:
    """An identity number for which no simulated department reports any property."""
    for _ in range(20_000):
        candidate = make_id_number(rng, "110105")
        if not any(partners.simulated_items(d.kind, d.code, candidate) for d in departments):
            return candidate
    raise RuntimeError("未能生成无财产的演示被执行人")


def _file(
    u: dict[str, Any],
    court: Court,
    received: date,
    rng: random.Random,
    departments: list[LinkedDepartment],
) -> EnforcementCase:
    """A 执 case on a civil judgment, a company against a person without property, docketed the
    next day and given to officer1."""
    respondent = PartyInput(
        role="respondent",
        kind="person",
        name=person_name(rng),
        id_number=_no_property_id(rng, departments),
        phone=phone(rng),
        address=address(rng, False),
    )
    return file_docketed(
        court=court,
        clerk=u["clerk"],
        chief=u["chief"],
        officer=u["officer1"],
        respondent=respondent,
        received=received,
        rng=rng,
        claim=Decimal(rng.randint(40, 300) * 1000),
        effective=received - timedelta(days=rng.randint(40, 90)),
        owed="借款本金及利息",
    )


def _node(u: dict[str, Any], who: str, case: EnforcementCase, code: str, on: date, **data: Any):
    return case_services.node_record(actor=u[who], case=case, code=code, on=on, data=data or None)


def _groundwork(u: dict[str, Any], case: EnforcementCase, start: date, listed: bool) -> None:
    """Notice, report, 限制消费令, the dishonest list, a lead, field investigation, from `start`."""
    respondent = case.parties.get(role="respondent")

    def on(days: int) -> date:
        return start + timedelta(days=days)

    _node(u, "officer1", case, "notice_issued", on(1))
    _node(u, "officer1", case, "notice_served", on(8))
    _node(
        u,
        "officer1",
        case,
        "property_report_checked",
        on(20),
        result="被执行人报告名下无可供执行财产，经网络查询及询问核查属实",
    )
    restrictions.restriction_issue(
        actor=u["president"],
        case=case,
        party=respondent,
        on=on(28),
        initiative="ex_officio",
        ex_officio_reason="被执行人未按执行通知履行给付义务，依职权限制其高消费",
    )
    if listed:
        listings.listing_decide(
            actor=u["officer1"],
            case=case,
            party=respondent,
            ground="report_duty",
            conduct="拒绝报告财产情况（法释〔2017〕7号 第1条第4项）",
            on=on(29),
            initiative="ex_officio",
        )
    else:
        _node(
            u,
            "officer1",
            case,
            "dishonest_not_qualified",
            on(29),
            reason="被执行人如实报告财产，无履行能力，不属于有履行能力而拒不履行等情形",
            respondent=respondent.name,
        )
    lead = leads.lead_register(
        actor=u["clerk"],
        case=case,
        provided_by=case.parties.get(role="applicant"),
        received_on=on(40),
        kind="vehicle",
        description="申请执行人称被执行人曾驾驶一辆白色小型轿车出入其住所",
        how_to_verify="向车辆管理所查询登记信息",
    )
    leads.lead_verify(
        actor=u["officer1"],
        lead=lead,
        verified_on=on(43),
        result="not_found",
        note="经查询，该车辆登记在案外人名下，非被执行人财产",
    )
    _node(
        u,
        "officer1",
        case,
        "field_investigated",
        on(70),
        result="赴被执行人住所地调查，系租住房屋，未发现可供执行的财产",
    )


def _finish(u: dict[str, Any], case: EnforcementCase, on: date, confirm_on: date) -> None:
    _node(
        u,
        "officer1",
        case,
        "applicant_interviewed",
        on,
        record="约谈笔录已入卷：告知执行情况、已采取的措施、终本的依据和后果，申请执行人表示知悉",
    )
    _node(
        u,
        "officer1",
        case,
        "applicant_confirmed",
        confirm_on,
        document="申请执行人签字的《同意终结本次执行程序确认书》",
    )


def _backdate_inquiry(case: EnforcementCase, sent: date) -> None:
    """The simulated departments answered when the inquiry was sent (demo data only)."""
    at = timezone.make_aware(datetime.combine(sent, time(0)))
    rows = OutboxMessage.objects.filter(case=case, kind="inquiry")
    rows.update(
        created_at=at + timedelta(hours=9),
        next_attempt_at=at + timedelta(hours=9),
        sent_at=at + timedelta(hours=9, minutes=1),
        answered_at=at + timedelta(hours=16),
    )
    PartnerAnswer.objects.filter(message__in=rows).update(received_at=at + timedelta(hours=16))


def _young(u: dict[str, Any], court: Court, today: date, rng, departments) -> EnforcementCase:
    """(a): the open 执 case nearest to two months old, or a new one."""
    candidates = EnforcementCase.objects.filter(
        court=court,
        status=EnforcementCase.Status.DOCKETED,
        type_code="执",
        filed_on__gte=today - timedelta(days=75),
        filed_on__lte=today - timedelta(days=45),
    ).exclude(events__code__in=["suspended", "deferred"])
    case = min(candidates, key=lambda c: abs((today - c.filed_on).days - 60), default=None)
    return case or _file(u, court, today - timedelta(days=61), rng, departments)


def _ready(u, court: Court, today: date, rng, departments) -> EnforcementCase:
    """(b): every condition met, left open."""
    start = today - timedelta(days=150)
    case = _file(u, court, start, rng, departments)
    _groundwork(u, case, start + timedelta(days=2), listed=False)
    linkage_services.network_inquiry_start(
        actor=u["officer1"], case=case, on=today - timedelta(days=20)
    )
    _flush()  # every department answers: nothing found; 完成财产调查 recorded today
    _finish(u, case, today, today)
    return case


def _closed(u, court: Court, today: date, rng, departments) -> EnforcementCase:
    """(c): closed by 终本 about 13 months ago."""
    closing = add_months(today, -13)
    received = add_months(today, -20)
    case = _file(u, court, received, rng, departments)
    _groundwork(u, case, received + timedelta(days=2), listed=True)
    sent = closing - timedelta(days=40)
    linkage_services.network_inquiry_start(actor=u["officer1"], case=case, on=sent)
    _node(
        u,
        "officer1",
        case,
        "investigation_completed",
        sent + timedelta(days=6),
        result="网络查控各联动单位均已答复，未发现可供执行的财产",
    )
    _flush()
    _backdate_inquiry(case, sent)
    _finish(u, case, closing - timedelta(days=5), closing - timedelta(days=3))
    closure_services.case_close(
        actor=u["officer1"],
        case=case,
        mode="round_terminated",
        on=closing,
        note="已穷尽财产调查措施，未发现可供执行财产，申请执行人书面同意",
    )
    case.refresh_from_db()
    return case


def seed_closure(today: date | None = None) -> str:
    """Seeds the showcase and returns the one-line summary `seed-demo` prints."""
    today = today or timezone.localdate()
    court = Court.objects.filter(code=COURT_CODE).first()
    if court is None:
        return f"演示结案与终本：未找到 {COURT_CODE}，未创建。"
    u = _users(court)
    if set(PEOPLE) - set(u):
        return f"演示结案与终本：{COURT_CODE} 缺少演示人员，未创建。"
    departments = list(LinkedDepartment.objects.filter(active=True, answers_inquiries=True))
    rng = random.Random(SEED)
    in_court = EnforcementCase.objects.filter(court=court)
    ready = (
        in_court.filter(status=EnforcementCase.Status.DOCKETED, events__code="applicant_confirmed")
        .filter(events__code="consumption_restricted")
        .distinct()
        .first()
    )
    closed = (
        in_court.filter(closure_mode="round_terminated", closed_on__lte=add_months(today, -12))
        .order_by("closed_on")
        .first()
    )
    previous = partners.set_default(partners.SimulatedPartner())
    try:
        with seeding(), transaction.atomic():
            young = _young(u, court, today, rng, departments)
            if ready is None and departments:
                ready = _ready(u, court, today, rng, departments)
            if closed is None and departments:
                closed = _closed(u, court, today, rng, departments)
            while notifications.send_due(limit=1000)[0]:
                pass
    finally:
        partners.set_default(previous)
    missing = len(closure_services.gate_refusals(young, today))
    parts = [
        f"演示结案与终本（{COURT_CODE}）：立案约两个月的 {young.case_number}"
        f"（/cases/{young.pk}/closure/，终本条件缺 {missing} 项，终本结案将被拒绝）"
    ]
    if ready is not None:
        parts.append(
            f"终本条件已全部具备、待结案的 {ready.case_number}"
            f"（/cases/{ready.pk}/closure/，chaoyang_officer1 可以终本结案）"
        )
    if closed is not None:
        parts.append(
            f"约13个月前以终本结案的 {closed.case_number}（结案日期 {closed.closed_on}，"
            f"closure_mode='round_terminated'，已安排终本后定期查询）"
        )
    return "；".join(parts) + "。"
