"""Demo data for `seed-demo`: 执行审查 (issue 5). Written through the services, idempotent.

Four stories on open 朝阳 (京0105) demo cases, each acted by the people who would act:
(a) an act objection pending at 朝阳 with a panel of three 朝阳 review judges (chaoyang_judge,
    chaoyang_judge2, chaoyang_judge3 — the last two created here, since the demo court has one
    review judge; chaoyang_officer3 holds a judge's role but implements cases);
(b) an act objection decided and served three days ago, so a 复议 can still be filed at 京03 from
    its page (the 10 days of 民事诉讼法 第236条 run for another week);
(c) an objection whose 复议 京03 decided "revoked" — with its open responsibility analysis;
(d) a third-party objection to a car chaoyang_officer3 seized the day before, waiting for its
    panel — the panel form shows him barred (he holds a judge's role too).
Skipped when 朝阳 already has review cases (the stories were written before).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import DomainError
from zhixing.core.rules.calendar import add_months
from zhixing.core.rules.roles import Role
from zhixing.measures.services import control as control_services
from zhixing.organization import demo as org_demo
from zhixing.organization.models import Court, Staff, Unit
from zhixing.organization.services import staff_create
from zhixing.review.models import ReviewCase
from zhixing.review.rules.review import conflicts_of
from zhixing.review.services import cases as services
from zhixing.review.services.separation import case_conflicts

CHAOYANG, BJ3 = "京0105", "京03"
NEW_JUDGES = {"chaoyang": ["郑明理", "钱守正"], "bj3zy": ["冯立诚", "褚文衡"]}


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _judges(court: Court, prefix: str, admin: Any, unit_kind: str) -> list[Staff]:
    """The court's judges outside implementation, made up to three."""
    judges = list(
        Staff.objects.filter(court=court, is_active=True, roles__role=Role.JUDGE.value)
        .exclude(roles__role=Role.OFFICER.value)
        .distinct()
        .order_by("user__username")
    )
    names = iter(NEW_JUDGES[prefix])
    serial = 2
    while len(judges) < 3:
        username = f"{prefix}_judge{serial}"
        serial += 1
        if get_user_model().objects.filter(username=username).exists():
            continue
        judges.append(
            staff_create(
                actor=admin,
                court=court,
                username=username,
                password=org_demo.DEMO_PASSWORD,
                name=next(names),
                education="master",
                roles=[Role.JUDGE],
                unit=Unit.objects.filter(court=court, kind=unit_kind).first(),
            )
        )
    return judges


def _cases(
    court: Court, before: date, judges: list[Staff], taken: set[int], officer: Any = None
) -> EnforcementCase | None:
    """An open 朝阳 case with a 承办人 whose last node is before `before` (the review's dates must
    follow it), none of whose review judges handled it (so the panel may sit). Newest filed first:
    the supervision stories take the oldest."""
    rows = (
        EnforcementCase.objects.filter(
            court=court, status=EnforcementCase.Status.DOCKETED, officer__isnull=False
        )
        .exclude(pk__in=taken)
        .annotate(last=Max("events__occurred_on"))
        .filter(last__lt=before)
        .select_related("court__parent")
        .order_by("-filed_on", "-pk")[:50]
    )
    if officer is not None:  # a case of this officer first, so they see the separation at work
        rows = sorted(rows, key=lambda c: c.officer_id != officer.pk)
    ids = [j.pk for j in judges]
    for case in rows:
        if not conflicts_of(case_conflicts(case), ids):
            taken.add(case.pk)
            return case
    return None


def _file(actor: Any, case: EnforcementCase, on: date, **kw: Any) -> ReviewCase:
    values = dict(kind="act_objection", applicant="", subject="", received_on=on)
    values.update(kw)
    if not values["applicant"]:
        respondent = next((p for p in case.parties.all() if p.role == "respondent"), None)
        values["applicant"] = respondent.name if respondent else "被执行人"
    return services.review_file(actor=actor, case=case, **values)


def seed_review() -> str:
    """Seeds the showcase and returns the one-line summary `seed-demo` prints."""
    courts = {c.code: c for c in Court.objects.filter(code__in=[CHAOYANG, BJ3])}
    chaoyang, bj3 = courts.get(CHAOYANG), courts.get(BJ3)
    if chaoyang is None or bj3 is None:
        return "演示执行审查：未找到朝阳法院或北京三中院，跳过。"
    if ReviewCase.objects.filter(case__court=chaoyang).exists():
        return "演示执行审查：朝阳法院已有执行审查案件，未重复创建。"
    admin = _user(org_demo.ADMIN_USERNAME)
    clerk, chief = _user("chaoyang_clerk"), _user("chaoyang_chief")
    upper_chief = _user("bj3zy_chief")
    cy = _judges(chaoyang, "chaoyang", admin, "review")
    upper = _judges(bj3, "bj3zy", admin, "review")
    today = timezone.localdate()
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    taken: set[int] = set()
    officer1 = Staff.objects.filter(user__username="chaoyang_officer1").first()
    cases = [
        _cases(chaoyang, day(n), cy + upper, taken, officer1 if n == 2 else None)
        for n in (40, 14, 2, 1)
    ]  # (c), (b), (a), (d): each story's first date must follow the case's last node
    if any(case is None for case in cases):
        return "演示执行审查：朝阳法院可用的演示案件不足，跳过。"
    cases = [cases[2], cases[1], cases[0], cases[3]]
    done: list[str] = []
    try:
        # (a) pending objection with its panel
        a = _file(
            clerk,
            cases[0],
            day(2),
            subject="执行法院冻结被执行人工资账户超出必要生活费标准，请求解除部分冻结",
        )
        services.review_assign(actor=chief, review=a, judge=cy[0], panel=cy)
        done.append(a.case_number)
        # (b) decided, served three days ago: the 复议 window is open
        b = _file(clerk, cases[1], day(14), subject="执行通知书未送达即采取查封措施，程序违法")
        services.review_assign(actor=chief, review=b, judge=cy[1], panel=cy)
        services.review_decide(
            actor=cy[1].user,
            review=b,
            outcome="rejected",
            reasoning="执行通知书已于查封前依法送达，异议理由不成立",
            on=day(5),
        )
        services.review_serve(actor=clerk, review=b, served_on=day(3))
        done.append(b.case_number)
        # (c) objection rejected, 复议 at 京03 revoked it: responsibility analysis opened
        c = _file(
            clerk, cases[2], day(40), subject="查封房产价值明显超出执行标的额，请求解除超标的部分"
        )
        services.review_assign(actor=chief, review=c, judge=cy[2], panel=cy)
        services.review_decide(
            actor=cy[2].user,
            review=c,
            outcome="rejected",
            reasoning="查封财产价值未明显超出标的额",
            on=day(30),
        )
        services.review_serve(actor=clerk, review=c, served_on=day(28))
        recon = services.review_file(
            actor=upper[0].user,
            case=cases[2],
            kind="reconsideration",
            applicant=c.applicant,
            subject="不服异议裁定，查封财产评估价为执行标的额五倍以上",
            received_on=day(25),
            parent=c,
        )
        services.review_assign(actor=upper_chief, review=recon, judge=upper[0], panel=upper)
        services.review_decide(
            actor=upper[0].user,
            review=recon,
            outcome="revoked",
            reasoning="查封财产价值明显超出执行标的额，异议裁定认定事实错误，予以撤销",
            on=day(10),
        )
        done.append(recon.case_number)
        # (d) third-party objection, waiting for its panel; 王杰 (chaoyang_officer3, an officer
        # who is also a judge) seized the car, so the panel form shows him barred, with the reason
        officer3 = _user("chaoyang_officer3")
        if officer3 is not None:
            control_services.control_take(
                actor=officer3,
                case=cases[3],
                kind="seize",
                started_on=day(1),
                expires_on=add_months(day(1), 24) - timedelta(days=1),
                ruling=f"{cases[3].case_number}之一",
                property_kind="movable",
                description="小型轿车",
                identifier="京A·12345",
                party=cases[3].parties.filter(role="respondent").first(),
            )
        d = _file(
            clerk,
            cases[3],
            day(1),
            kind="third_party_objection",
            applicant="李案外",
            subject="被查封车辆系案外人所有，已支付全部价款并实际占有",
            item="京A·12345 小型轿车",
        )
        done.append(d.case_number)
    except DomainError as error:
        return f"演示执行审查：部分建立（{'、'.join(done)}），其后被拒绝：{error.message}"
    return (
        f"演示执行审查：朝阳法院 {a.case_number}（待裁定，合议庭已组成）、{b.case_number}（已送达，"
        f"可向京03申请复议）、{d.case_number}（案外人异议）；京03 {recon.case_number} 撤销异议裁定，"
        "责任分析待办结。"
    )
