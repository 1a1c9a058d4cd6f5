"""Enforcement cases, parties, bases, the node timeline, deadlines, stage assignments (M2, M3, M13)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhixing.organization.models import Court, Staff

from .rules import deadlines, filing, nodes


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(key.value, label) for key, label in labels.items()]


class CaseNumberSequence(models.Model):
    """The last serial used per court, type code and year (法〔2015〕137号 第9—10条)."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    type_code = models.CharField(max_length=3)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["court", "type_code", "year"], name="case_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.court_id} {self.type_code} {self.year}: {self.last}"


class EnforcementCase(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "待立案审查"
        DOCKETED = "docketed", "在办"
        REFUSED = "refused", "不予受理"
        CLOSED = "closed", "已结案"

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="cases")
    high_court_id = models.BigIntegerField(
        null=True, db_index=False
    )  # distribution key (design.md)
    type_code = models.CharField(
        max_length=3, choices=_choices(filing.CASE_TYPE_LABELS), verbose_name="案件类型"
    )
    year = models.PositiveSmallIntegerField(verbose_name="收案年度")
    serial = models.PositiveIntegerField(null=True, blank=True)
    case_number = models.CharField(
        max_length=40, null=True, blank=True, unique=True, verbose_name="案号"
    )
    origin = models.CharField(
        max_length=32, choices=_choices(filing.ORIGIN_LABELS), verbose_name="执行依据种类"
    )
    arrival = models.CharField(
        max_length=16, choices=_choices(filing.ARRIVAL_LABELS), verbose_name="来源"
    )
    received_on = models.DateField(verbose_name="收案日期")
    filed_on = models.DateField(null=True, blank=True, verbose_name="立案日期")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    stage = models.CharField(
        max_length=16, choices=_choices(nodes.STAGE_LABELS), default=nodes.Stage.FILING.value
    )
    claim_amount = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, verbose_name="申请执行标的额"
    )
    acceptance = models.JSONField(default=dict, verbose_name="受理条件审查")
    limitation_warning = models.CharField(max_length=300, blank=True)
    officer = models.ForeignKey(
        Staff,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="承办人",
    )
    query_code = models.CharField(max_length=12, unique=True, verbose_name="案件查询码")
    previous_case = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set with the 结案 node (closure app): the mode keeps 终本 apart in statistics (终本规定 第6条).
    closure_mode = models.CharField(max_length=24, blank=True, verbose_name="结案方式")
    closed_on = models.DateField(null=True, blank=True, verbose_name="结案日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "执行案件"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["court", "type_code", "year", "serial"],
                name="case_serial_unique",
                condition=Q(serial__isnull=False),
            ),
            models.CheckConstraint(
                condition=Q(claim_amount__isnull=True) | Q(claim_amount__gte=0),
                name="case_claim_non_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["court", "status", "stage"], name="case_court_status_idx"),
            models.Index(  # closure statistics read only this index (bench/bench_closure.py)
                fields=["court", "closed_on", "closure_mode"],
                name="case_closed_idx",
                condition=Q(status="closed"),
            ),
        ]

    def __str__(self) -> str:
        return self.case_number or f"（待立案）{self.pk}"

    @property
    def non_litigation(self) -> bool:
        return self.origin == filing.Origin.ADMINISTRATIVE_NONLITIGATION.value


class Party(models.Model):
    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="parties")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        max_length=12, choices=_choices(filing.PARTY_ROLE_LABELS), verbose_name="诉讼地位"
    )
    kind = models.CharField(
        max_length=14, choices=_choices(filing.PARTY_KIND_LABELS), verbose_name="类型"
    )
    name = models.CharField(max_length=100, verbose_name="姓名或名称")
    id_number = models.CharField(max_length=18, blank=True, verbose_name="身份证号码")
    credit_code = models.CharField(max_length=18, blank=True, verbose_name="统一社会信用代码")
    legal_representative = models.CharField(
        max_length=40, blank=True, verbose_name="法定代表人或负责人"
    )
    minor_at_filing = models.BooleanField(default=False, verbose_name="立案时为未成年人")
    phone = models.CharField(max_length=20, blank=True, verbose_name="联系电话")
    email = models.EmailField(blank=True, verbose_name="电子邮箱")
    address = models.CharField(max_length=200, blank=True, verbose_name="住所")

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["id_number"], name="party_id_number_idx"),
            models.Index(fields=["credit_code"], name="party_credit_code_idx"),
            models.Index(fields=["name"], name="party_name_idx"),  # the public 终本 query
        ]

    def __str__(self) -> str:
        return self.name


class EnforcementBasis(models.Model):
    case = models.OneToOneField(EnforcementCase, on_delete=models.CASCADE, related_name="basis")
    issuing_body = models.CharField(max_length=100, verbose_name="作出机关")
    document_number = models.CharField(max_length=60, verbose_name="文书编号")
    effective_on = models.DateField(verbose_name="生效日期")
    performance_deadline = models.DateField(null=True, blank=True, verbose_name="履行期限届满日")
    obligations = models.TextField(verbose_name="确定的义务")
    amount = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, verbose_name="给付金额"
    )

    class Meta:
        verbose_name = "执行依据"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.document_number


class NodeEvent(models.Model):
    """One node on a case's timeline. Append-only: corrections are new events."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="events")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveIntegerField()
    code = models.CharField(
        max_length=32, choices=[(c.value, n.label) for c, n in nodes.NODE_TABLE.items()]
    )
    occurred_on = models.DateField(verbose_name="发生日期")
    recorded_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=60, blank=True)
    data = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=300, blank=True, verbose_name="说明")

    class Meta:
        verbose_name = "节点"
        verbose_name_plural = verbose_name
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="node_seq_unique")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.code}"

    @property
    def label(self) -> str:
        return nodes.NODE_TABLE[nodes.NodeCode(self.code)].label


class CaseDeadline(models.Model):
    """The computed state of one deadline instance, rewritten whenever the case's nodes change.

    The recipe in cases.rules.deadlines is the truth; this copy exists so that overdue and worklist
    queries are index scans at national scale. Overdue is `met_on IS NULL AND due_on < today`.
    """

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="deadlines")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(
        max_length=32, choices=[(c.value, r.label) for c, r in deadlines.RECIPES.items()]
    )
    instance = models.PositiveIntegerField()
    started_on = models.DateField()
    due_on = models.DateField(null=True)
    met_on = models.DateField(null=True)
    paused = models.BooleanField(default=False)
    extended_months = models.PositiveSmallIntegerField(default=0)
    moved_from = models.DateField(null=True)
    provisional = models.BooleanField(default=False)
    ended = models.BooleanField(default=False)  # closed by the case's end, not by its own stop node
    responsible = models.ForeignKey(Staff, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "节点期限"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["case", "code", "instance"], name="deadline_instance_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["responsible", "due_on"],
                name="deadline_worklist_idx",
                condition=Q(met_on__isnull=True),
            ),
            models.Index(
                fields=["court", "due_on"],
                name="deadline_court_open_idx",
                condition=Q(met_on__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.code} {self.due_on}"

    @property
    def recipe(self) -> deadlines.Recipe:
        return deadlines.RECIPES[deadlines.DeadlineCode(self.code)]

    def status(self, today: date, warn_days: int | None = None) -> deadlines.Status:
        """deadlines.status_of on the stored row (the due-soon window from settings)."""
        warn = settings.ZHIXING_DUE_SOON_DAYS if warn_days is None else warn_days
        return deadlines.status_of(
            due_on=self.due_on,
            met_on=self.met_on,
            paused=self.paused,
            ended=self.ended,
            today=today,
            warn_days=warn,
        )


class Team(models.Model):
    """A group of staff a stage can be given to (执行团队)."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=40, verbose_name="团队名称")
    members = models.ManyToManyField(Staff, related_name="teams", verbose_name="成员")

    class Meta:
        verbose_name = "执行团队"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["court", "name"], name="team_name_unique")]

    def __str__(self) -> str:
        return self.name


class StageAssignment(models.Model):
    """Who holds a stage of a case (分段集约). Ended assignments stay for the record."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="assignments")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=16, choices=_choices(nodes.STAGE_LABELS))
    staff = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="stage_assignments"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="stage_assignments"
    )
    assigned_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "阶段分工"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["case", "stage"],
                name="one_holder_per_stage",
                condition=Q(ended_on__isnull=True),
            ),
            models.CheckConstraint(
                condition=Q(staff__isnull=False) ^ Q(team__isnull=False),
                name="stage_staff_xor_team",
            ),
        ]
        indexes = [
            models.Index(
                fields=["staff", "case"],
                name="assignment_staff_idx",
                condition=Q(ended_on__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage}"


class CollegialDecision(models.Model):
    """合议庭 or 主审法官联席会议 decision on a case's enforcement plan."""

    class Kind(models.TextChoices):
        PANEL = "panel", "合议庭评议"
        JOINT_MEETING = "joint_meeting", "主审法官联席会议"

    class Topic(models.TextChoices):
        """What the panel decided on, so a rule can find its decision without reading the text."""

        PLAN = "plan", "执行方案"
        AUCTION = "auction", "拍卖、变卖"
        ROUND_TERMINATION = "round_termination", "终结本次执行程序审查"
        OTHER = "other", "其他"

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="collegial_decisions"
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    decided_on = models.DateField(verbose_name="评议日期")
    topic = models.CharField(
        max_length=20, choices=Topic.choices, default=Topic.PLAN, verbose_name="评议类别"
    )
    subject = models.CharField(max_length=200, verbose_name="评议事项")
    outcome = models.TextField(verbose_name="评议结果")
    members = models.ManyToManyField(
        Staff, related_name="collegial_decisions", verbose_name="参加人员"
    )
    presiding = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="+", verbose_name="审判长/主持人"
    )

    class Meta:
        verbose_name = "合议评议"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.subject


class TrialFeedback(models.Model):
    """执行部门对判项不明确等问题向审判部门的反馈，及审判部门的答复 (M13, 法发〔2009〕43号 一(二))."""

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="trial_feedback"
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField()
    raised_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    issue = models.TextField(verbose_name="反馈问题")
    answer = models.TextField(blank=True, verbose_name="审判部门答复")
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "审执协调反馈"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.issue[:30]


class VoluntaryPerformance(models.Model):
    """A judgment debtor performed without enforcement (自动履行), for the voluntary-performance rate."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    document_number = models.CharField(max_length=60, verbose_name="生效法律文书编号")
    performed_on = models.DateField(verbose_name="履行日期")
    amount = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, verbose_name="履行金额"
    )
    recorded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "自动履行"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="voluntary_amount_non_negative",
            )
        ]

    def __str__(self) -> str:
        return self.document_number


class Notification(models.Model):
    """Outbox of messages to parties (十个必须 第9条: key nodes pushed in real time). Written in the
    node's transaction, sent after commit, retried until delivered — never lost."""

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败（将重试）"

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="notifications"
    )
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(
        NodeEvent, null=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    channel = models.CharField(max_length=16)
    address = models.CharField(max_length=200, blank=True)
    message = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "当事人通知"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx")]

    def __str__(self) -> str:
        return f"{self.party} {self.status}"


class Reminder(models.Model):
    """催办: an upper court, bureau chief or unit head presses the holder of an overdue deadline."""

    deadline = models.ForeignKey(CaseDeadline, on_delete=models.CASCADE, related_name="reminders")
    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="reminders")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    sent_to = models.ForeignKey(
        Staff, null=True, on_delete=models.SET_NULL, related_name="reminders_received"
    )
    message = models.CharField(max_length=300, verbose_name="催办意见")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "催办"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["sent_to", "read_at"], name="reminder_inbox_idx")]

    def __str__(self) -> str:
        return self.message[:30]
