"""`python -m zhixing seed-demo`: Beijing's courts, staff in every role, about 300 enforcement cases
written through the case services, printed logins. Idempotent."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from zhixing.cases import notifications
from zhixing.cases.models import CaseDeadline
from zhixing.core.rules.roles import Role
from zhixing.demo.after_round_termination import seed_after_round_termination
from zhixing.demo.cases import seed_cases, seeding
from zhixing.demo.closure import seed_closure
from zhixing.demo.credit import seed_credit
from zhixing.demo.joint import seed_joint
from zhixing.demo.measures import seed_measures
from zhixing.demo.portal import seed_portal
from zhixing.demo.review import seed_review
from zhixing.demo.supervision import seed_supervision
from zhixing.linkage.services import seed_departments
from zhixing.organization import demo, rules, services
from zhixing.organization.models import Court, CourtStaffing, Staff, Unit


class Command(BaseCommand):
    help = "载入演示数据：北京市三级法院、各角色人员、约300件执行案件与登录账号（可重复执行）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-cases", action="store_true", help="只建法院与人员，不建演示案件（基准测试用）"
        )

    def handle(self, *args, **options):
        admin = self._superuser()
        courts = self._courts(admin)
        created = self._staff(admin, courts)
        self._staffing(admin, courts)
        seed_departments(actor=admin)  # linked departments for 网络查控 (simulated partners)
        if not options["no_cases"]:
            self._cases()
            self.stdout.write(seed_measures().summary)
            with seeding():  # console channel: the demo texts nobody; every message delivered
                for seed in (
                    seed_closure,
                    seed_after_round_termination,
                    seed_review,
                    seed_supervision,
                    seed_credit,  # before the portal: exposures are of listed respondents
                    seed_joint,
                    seed_portal,
                ):
                    summary = seed()
                    if summary:
                        self.stdout.write(summary)
                while notifications.send_due(limit=1000)[0]:
                    pass
        self._trainings(admin)  # after the showcases, which add the review panels' judges
        self._print_accounts(created)

    def _cases(self) -> None:
        result = seed_cases()
        today = timezone.localdate()
        counts = CaseDeadline.objects.aggregate(
            open=Count("id", filter=Q(met_on__isnull=True)),
            overdue=Count("id", filter=Q(met_on__isnull=True, due_on__lt=today)),
        )
        total = sum(result.created.values())
        by_court = "，".join(f"{code} {n} 件" for code, n in result.created.most_common(2))
        self.stdout.write(
            f"演示案件：本次新增 {total} 件"
            + (f"（{by_court} 等）" if total else "（各法院已有案件，未重复创建）")
            + f"；全部未完成节点期限 {counts['open']} 个，其中已超期 {counts['overdue']} 个。"
        )

    def _superuser(self):
        users = get_user_model().objects
        admin = users.filter(username=demo.ADMIN_USERNAME).first()
        if admin is None:
            admin = users.create_superuser(demo.ADMIN_USERNAME, password=demo.DEMO_PASSWORD)
        return admin

    def _courts(self, admin) -> dict[str, Court]:
        existing = {c.code: c for c in Court.objects.all()}
        for spec in demo.COURTS:
            if spec.code in existing:
                continue
            existing[spec.code] = services.court_create(
                actor=admin,
                name=spec.name,
                short_name=spec.short_name,
                level=spec.level.value,
                code=spec.code,
                parent=existing[spec.parent] if spec.parent else None,
                province="北京市" if spec.level is rules.CourtLevel.HIGH else "",
                slug=spec.slug,
            )
        return existing

    def _staff(self, admin, courts: dict[str, Court]) -> int:
        names = demo.demo_names()
        hashed = make_password(demo.DEMO_PASSWORD)
        taken = set(get_user_model().objects.values_list("username", flat=True))
        created = 0
        serial = 0
        for spec in demo.COURTS:
            court = courts[spec.code]
            tier = rules.tier_of(
                rules.CourtLevel(court.level),
                rules.CourtLevel(court.parent.level) if court.parent else None,
            )
            roster = (
                demo.HIGH_TIER_STAFF
                if tier in (rules.CourtLevel.HIGH, rules.CourtLevel.SUPREME)
                else demo.LOWER_TIER_STAFF
            )
            if tier in rules.COMMAND_CENTER_TIERS:
                roster = roster + demo.CENTER_STAFF
            units = {u.kind: u for u in Unit.objects.filter(court=court)}
            for suffix, placement, roles, education in roster:
                serial += 1
                name = next(names)
                username = f"{spec.slug}_{suffix}"
                if username in taken:
                    continue
                if spec.code in demo.SHORT_OF_EDUCATION and placement != rules.LEADERSHIP:
                    education = rules.Education.ASSOCIATE
                qualified = (
                    date(2015, 3, 1) + timedelta(days=serial * 17)
                    if Role.OFFICER in roles
                    else None
                )
                services.staff_create(
                    actor=admin,
                    court=court,
                    username=username,
                    password="",
                    password_hash=hashed,
                    name=name,
                    education=education.value,
                    roles=roles,
                    unit=units.get(placement),
                    in_command_center=placement == rules.COMMAND_CENTER,
                    id_number=demo.demo_id_number(spec.division or "110105", serial),
                    officer_qualified_on=qualified,
                    appointed_officer_on=qualified + timedelta(days=90) if qualified else None,
                    appointment_document=f"京高法任〔{qualified.year}〕{serial}号"
                    if qualified
                    else "",
                )
                created += 1
        return created

    def _trainings(self, admin) -> None:
        """Officers and judges attended the national enforcement course (法发〔2009〕43号 五: 加强培训)."""
        trained = Staff.objects.filter(trainings__isnull=False)
        people = (
            Staff.objects.filter(roles__role__in=[Role.OFFICER.value, Role.JUDGE.value])
            .exclude(pk__in=trained)
            .distinct()
            .order_by("pk")
        )
        for i, member in enumerate(people):
            start = date(2024, 3, 4) + timedelta(days=7 * (i % 30))
            services.training_record_add(
                actor=admin,
                staff=member,
                title="全国法院执行业务培训班",
                organizer="国家法官学院",
                started_on=start,
                ended_on=start + timedelta(days=4),
                hours="40",
            )
            if i % 3 == 0:
                services.training_record_add(
                    actor=admin,
                    staff=member,
                    title="执行廉政警示教育",
                    organizer="北京市高级人民法院",
                    started_on=date(2025, 6, 9),
                    ended_on=date(2025, 6, 9),
                    hours="4",
                )

    def _staffing(self, admin, courts: dict[str, Court]) -> None:
        """Whole-court establishment and education, sized so most courts meet seed 五."""
        have = set(CourtStaffing.objects.values_list("court__code", flat=True))
        for spec in demo.COURTS:
            if spec.code in have:
                continue
            court = courts[spec.code]
            members = [
                m
                for m in Staff.objects.filter(court=court)
                .select_related("unit")
                .prefetch_related("roles")
                if rules.is_enforcement_staff(m.placement, m.role_set)
            ]
            factor = 9 if spec.code in demo.SHORT_OF_STAFF else 6
            headcount = max(len(members), 1) * factor
            education = Counter(
                {"master": headcount // 4, "bachelor": headcount // 2, "associate": headcount // 8}
            )
            if spec.code in demo.SHORT_OF_EDUCATION:
                education = Counter(
                    {
                        "doctorate": headcount // 10,
                        "master": headcount // 2,
                        "bachelor": headcount // 3,
                    }
                )
            education["secondary"] = max(headcount - sum(education.values()) - 2, 0)
            with transaction.atomic():
                services.court_staffing_report(
                    actor=admin,
                    court=court,
                    authorized_headcount=headcount,
                    education_counts=dict(education),
                    reported_on=date(2026, 1, 15),
                )

    def _print_accounts(self, created: int) -> None:
        out = self.stdout.write
        out("")
        out(
            f"演示数据已就绪（本次新增人员 {created} 名）。所有演示账号的密码均为：{demo.DEMO_PASSWORD}"
        )
        out("  admin                 超级管理员（全部法院、系统配置 /admin/、审计链校验）")
        out("  bjgy_admin            北京市高级人民法院 系统管理员（可见全市法院）")
        out("  bjgy_chief            北京市高级人民法院 执行局长")
        out("  bj3zy_admin           北京市第三中级人民法院 系统管理员（可见三中院及下辖法院）")
        out("  bj3zy_command         北京市第三中级人民法院 指挥中心工作人员")
        out("  chaoyang_officer1     北京市朝阳区人民法院 执行员（只见本院）")
        out("  chaoyang_judge        北京市朝阳区人民法院 执行审查法官")
        out("  chaoyang_president    北京市朝阳区人民法院 院长")
        out("  chaoyang_petition     北京市朝阳区人民法院 申诉信访审查人员")
        out(
            "其他账号按“法院前缀_岗位”命名，如 haidian_chief、yanqing_admin；法院前缀见各法院页面。"
        )
        out("打开 http://127.0.0.1:8000/ 登录；接口文档 http://127.0.0.1:8000/api/v1/docs")
