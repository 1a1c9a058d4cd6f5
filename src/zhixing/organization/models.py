"""Courts, enforcement bureaus and their units, command centers, staff, roles, team figures (M1, M12)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhixing.core.rules.roles import ROLE_LABELS, Role

from . import rules


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(key.value, label) for key, label in labels.items()]


class Court(models.Model):
    """A people's court. `path` is the materialised chain of ancestor ids ("/1/2/7/")."""

    name = models.CharField(max_length=60, unique=True, verbose_name="法院名称")
    short_name = models.CharField(max_length=30, blank=True, verbose_name="简称")
    level = models.CharField(
        max_length=12, choices=_choices(rules.COURT_LEVEL_LABELS), verbose_name="级别"
    )
    code = models.CharField(max_length=10, unique=True, verbose_name="法院代字")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级法院",
    )
    province = models.CharField(max_length=20, blank=True, verbose_name="省份")
    # The high court above (or the court itself): the distribution key of every court-owned row.
    high_court = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="所属高院",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    slug = models.SlugField(max_length=40, blank=True, verbose_name="登录名前缀")

    class Meta:
        verbose_name = "法院"
        verbose_name_plural = verbose_name
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def level_enum(self) -> rules.CourtLevel:
        return rules.CourtLevel(self.level)


class EnforcementBureau(models.Model):
    """执行局: one per court."""

    court = models.OneToOneField(Court, on_delete=models.PROTECT, related_name="bureau")
    name = models.CharField(max_length=80, verbose_name="名称")

    class Meta:
        verbose_name = "执行局"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """内设机构 of an enforcement bureau (法发〔2009〕43号 三(二))."""

    bureau = models.ForeignKey(EnforcementBureau, on_delete=models.PROTECT, related_name="units")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="units")
    kind = models.CharField(max_length=32, choices=_choices(rules.UNIT_LABELS), verbose_name="类别")
    name = models.CharField(max_length=40, verbose_name="名称")

    class Meta:
        verbose_name = "内设机构"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["bureau", "kind"], name="unit_kind_once_per_bureau")
        ]

    def __str__(self) -> str:
        return self.name


class CommandCenter(models.Model):
    """执行指挥中心, required for high and intermediate courts (法发〔2009〕43号 一(一))."""

    bureau = models.OneToOneField(
        EnforcementBureau, on_delete=models.PROTECT, related_name="command_center"
    )
    court = models.OneToOneField(Court, on_delete=models.PROTECT, related_name="command_center")
    name = models.CharField(max_length=80, verbose_name="名称")
    duty_phone = models.CharField(max_length=30, blank=True, verbose_name="24小时值班电话")

    class Meta:
        verbose_name = "执行指挥中心"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    """A member of court staff who uses the system; login through the linked Django user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff"
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="staff")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    command_center = models.ForeignKey(
        CommandCenter, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    name = models.CharField(max_length=40, verbose_name="姓名")
    id_number = models.CharField(max_length=18, blank=True, verbose_name="身份证号码")
    education = models.CharField(
        max_length=12, choices=_choices(rules.EDUCATION_LABELS), verbose_name="学历"
    )
    officer_qualified_on = models.DateField(
        null=True, blank=True, verbose_name="取得执行员资格日期"
    )
    appointed_officer_on = models.DateField(null=True, blank=True, verbose_name="任命执行员日期")
    appointment_document = models.CharField(max_length=60, blank=True, verbose_name="任命文号")
    is_active = models.BooleanField(default=True, verbose_name="在岗")

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=True) | models.Q(command_center__isnull=True),
                name="staff_one_placement",
            )
        ]
        indexes = [models.Index(fields=["court", "is_active"], name="staff_court_active_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def placement(self) -> str:
        return rules.placement_of(
            self.unit.kind if self.unit_id else None, self.command_center_id is not None
        )

    @property
    def placement_label(self) -> str:
        return rules.PLACEMENT_LABELS[self.placement]

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(Role(r.role) for r in self.roles.all())


class StaffRole(models.Model):
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(
        max_length=24, choices=[(r.value, label) for r, label in ROLE_LABELS.items()]
    )

    class Meta:
        verbose_name = "人员角色"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["staff", "role"], name="staff_role_once")]
        indexes = [models.Index(fields=["role", "staff"], name="staff_role_idx")]

    def __str__(self) -> str:
        return f"{self.staff} {self.get_role_display()}"


class TrainingRecord(models.Model):
    """Training attended (法发〔2009〕43号 五: 加强培训)."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="trainings")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=100, verbose_name="培训名称")
    organizer = models.CharField(max_length=60, verbose_name="举办单位")
    started_on = models.DateField(verbose_name="开始日期")
    ended_on = models.DateField(verbose_name="结束日期")
    hours = models.DecimalField(max_digits=6, decimal_places=1, verbose_name="学时")

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = verbose_name
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__gte=models.F("started_on")),
                name="training_dates_ordered",
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="training_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class CourtStaffing(models.Model):
    """The whole court's establishment and education profile, reported by its HR office (seed 五)."""

    court = models.OneToOneField(Court, on_delete=models.PROTECT, related_name="staffing")
    authorized_headcount = models.PositiveIntegerField(verbose_name="全院编制总数")
    doctorate = models.PositiveIntegerField(default=0, verbose_name="博士研究生")
    master = models.PositiveIntegerField(default=0, verbose_name="硕士研究生")
    bachelor = models.PositiveIntegerField(default=0, verbose_name="大学本科")
    associate = models.PositiveIntegerField(default=0, verbose_name="大学专科")
    secondary = models.PositiveIntegerField(default=0, verbose_name="高中（中专）及以下")
    reported_on = models.DateField(verbose_name="填报日期")

    class Meta:
        verbose_name = "全院人员情况"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.court} 编制 {self.authorized_headcount}"

    def education_counts(self) -> dict[rules.Education, int]:
        return {level: getattr(self, level.value) for level in rules.Education}
