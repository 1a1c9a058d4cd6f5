"""Demo showcase for issue 6 (joint linkage, 法发〔2009〕43号 二(一)、一(三)): seeded through the
services, idempotent.

- 朝阳法院 convened a joint conference 40 days ago with three linked departments; minutes recorded;
  three decisions: one done, one overdue (shown red), one open with a progress report.
- A case whose respondent is 北京市朝阳区某街道办事处 (credit code 11…) is filed and docketed:
  the docketing flags it as a special entity (/special-entities/).
- 北京三中院 listed two 朝阳 cases for supervision: one overdue and unreported, one reported by
  朝阳 and awaiting 销号 (/supervision-listings/).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zhixing.cases import services as case_services
from zhixing.cases.inputs import BasisInput, PartyInput
from zhixing.cases.models import EnforcementCase
from zhixing.core.rules.identity import credit_check_char
from zhixing.demo.cases import CHECKLIST
from zhixing.linkage.joint import services
from zhixing.linkage.models import (
    JointConference,
    LinkedDepartment,
    SpecialEntityFlag,
    SupervisionListing,
)
from zhixing.organization.models import Court

CHAOYANG, BJ3 = "京0105", "京03"
TITLE = "朝阳区执行工作联席会议（2026年第四季度）"
RESPONDENT = "北京市朝阳区某街道办事处"
# Departments preferred by name (the seed's list, 法发〔2009〕43号 二(二)); any others otherwise.
PREFERRED = ("纪律检查", "财政", "公安局")


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _code(prefix: str, body: str) -> str:
    head = (prefix + body)[:17]
    return head + credit_check_char(head)


def _departments() -> list[LinkedDepartment]:
    rows = list(LinkedDepartment.objects.filter(active=True))
    chosen: list[LinkedDepartment] = []
    for word in PREFERRED:
        matches = sorted(
            (d for d in rows if word in d.name and d not in chosen), key=lambda d: len(d.name)
        )
        match = matches[0] if matches else None
        if match:
            chosen.append(match)
    for d in rows:
        if len(chosen) >= 3:
            break
        if d not in chosen:
            chosen.append(d)
    return chosen[:3]


def _conference(chief: Any, court: Court, today: date) -> str:
    if JointConference.objects.filter(court=court, title=TITLE).exists():
        return "联席会议已有"
    deps = _departments()
    if len(deps) < 3:
        return "联动单位不足，未建联席会议"
    held = today - timedelta(days=40)
    conference = services.conference_convene(
        actor=chief,
        court=court,
        title=TITLE,
        held_on=held,
        place="朝阳法院执行指挥中心会议室",
        departments=deps,
    )
    services.minutes_record(
        actor=chief,
        conference=conference,
        recorded_on=held + timedelta(days=1),
        text=(
            "一、通报本季度执行积案清理情况，对三件重点案件实行挂牌督办。\n"
            "二、对以区属机关、国有企业为被执行人的案件，由相关部门督促履行。\n"
            "三、各部门落实情况纳入综合治理考核范围（法发〔2009〕43号 二(一)）。"
        ),
    )
    done = services.decision_assign(
        actor=chief,
        conference=conference,
        department=deps[0],
        task="督促区属单位主动履行生效法律文书，报送履行计划",
        due_on=held + timedelta(days=20),
    )
    services.progress_report(
        actor=chief,
        decision=done,
        reported_on=held + timedelta(days=15),
        text="已约谈三家区属单位负责人，均已报送履行计划",
        completes=True,
    )
    services.decision_assign(
        actor=chief,
        conference=conference,
        department=deps[1],
        task="协调落实被执行人为机关事业单位案件的执行款预算安排",
        due_on=held + timedelta(days=30),  # ten days ago: overdue
    )
    open_ = services.decision_assign(
        actor=chief,
        conference=conference,
        department=deps[2],
        task="协助查找下落不明的被执行人，依法查处拒不执行判决、裁定行为",
        due_on=today + timedelta(days=20),
    )
    services.progress_report(
        actor=chief,
        decision=open_,
        reported_on=today - timedelta(days=5),
        text="已查找到两名被执行人下落，移交执行法院",
    )
    return "联席会议 1 次（决定事项 3 项，其中 1 项超期）"


def _special_case(clerk: Any, court: Court, today: date) -> str:
    flag = SpecialEntityFlag.objects.filter(court=court, party__name=RESPONDENT).first()
    if flag is not None:
        return f"特殊主体案件 {flag.case.case_number}"
    received = today - timedelta(days=3)
    case = case_services.case_receive(
        actor=clerk,
        court=court,
        type_code="执",
        origin="civil_judgment",
        arrival="application",
        received_on=received,
        claim_amount="486000.00",
        basis=BasisInput(
            issuing_body="北京市朝阳区人民法院",
            document_number="（2025）京0105民初8812号",
            effective_on=today - timedelta(days=120),
            performance_deadline=today - timedelta(days=105),
            obligations="被告北京市朝阳区某街道办事处向原告支付工程款486000元",
            amount="486000.00",
        ),
        parties=[
            PartyInput(
                role="applicant",
                kind="legal_entity",
                name="北京某建筑工程有限公司",
                credit_code=_code("91", "110105MA01X7K2P"),
                legal_representative="赵建国",
                phone="13910000001",
            ),
            PartyInput(
                role="respondent",
                kind="legal_entity",
                name=RESPONDENT,
                credit_code=_code("11", "110105000012345"),
                legal_representative="街道办事处主任",
                phone="01065000000",
            ),
        ],
    )
    case = case_services.case_docket(actor=clerk, case=case, on=received, checklist=CHECKLIST)
    return f"特殊主体案件 {case.case_number}（立案时自动识别）"


def _listings(upper_chief: Any, officer_of: Any, court: Court, bj3: Court, today: date) -> str:
    if SupervisionListing.objects.filter(listed_by_court=bj3, court=court).exists():
        return "挂牌督办已有"
    cases = list(
        EnforcementCase.objects.filter(
            court=court,
            status=EnforcementCase.Status.DOCKETED,
            filed_on__lte=today - timedelta(days=45),
        )
        .exclude(officer=None)
        .order_by("filed_on", "pk")[:2]
    )
    if len(cases) < 2:
        return "可挂牌的案件不足"
    overdue = services.supervision_list(
        actor=upper_chief,
        case=cases[0],
        reason="立案超过一年未执结，申请执行人多次信访",
        due_on=today - timedelta(days=5),
        on=today - timedelta(days=35),
    )
    reported = services.supervision_list(
        actor=upper_chief,
        case=cases[1],
        reason="联席会议确定的重点执行案件",
        due_on=today + timedelta(days=15),
        on=today - timedelta(days=30),
    )
    officer = officer_of(cases[1])
    if officer is not None:
        services.supervision_report(
            actor=officer,
            listing=reported,
            report="已查控被执行人银行存款并扣划到位，申请执行人同意结案",
            on=today - timedelta(days=2),
        )
    return f"挂牌督办 2 件（{overdue.case.case_number} 已超期）"


def seed_joint() -> str:
    """Seeds the showcase and returns the one-line summary `seed-demo` prints."""
    courts = {c.code: c for c in Court.objects.filter(code__in=[CHAOYANG, BJ3])}
    court, bj3 = courts.get(CHAOYANG), courts.get(BJ3)
    chief, clerk, upper_chief = (
        _user("chaoyang_chief"),
        _user("chaoyang_clerk"),
        _user("bj3zy_chief"),
    )
    if court is None or bj3 is None or None in (chief, clerk, upper_chief):
        return "演示联动机制：未找到朝阳法院、北京三中院或其演示账号，已跳过。"
    today = timezone.localdate()
    with transaction.atomic():
        parts = [
            _conference(chief, court, today),
            _special_case(clerk, court, today),
            _listings(upper_chief, lambda case: case.officer.user, court, bj3, today),
        ]
    return (
        "演示联动机制：" + "；".join(parts) + "。以 chaoyang_chief 查看 /linkage/conferences/、"
        "/linkage/decisions/、/special-entities/；以 bj3zy_chief 查看 /supervision-listings/。"
    )
