"""Linked departments (联动单位), the durable outbox of requests to them, their answers, and the
property the answers report. design.md decision 5."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhixing.cases.models import EnforcementCase, Party
from zhixing.organization.models import Court

from .rules.outbox import (
    DEPARTMENT_KIND_LABELS,
    MESSAGE_KIND_LABELS,
    PROPERTY_KIND_LABELS,
)


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(key.value, label) for key, label in labels.items()]


class LinkedDepartment(models.Model):
    """A department the courts exchange requests with (执行联动机制), reached through an adapter
    registered under its code (`linkage.partners`)."""

    code = models.SlugField(max_length=40, unique=True, verbose_name="单位代码")
    name = models.CharField(max_length=100, verbose_name="单位名称")
    kind = models.CharField(
        max_length=20, choices=_choices(DEPARTMENT_KIND_LABELS), verbose_name="类别"
    )
    duties = models.TextField(blank=True, verbose_name="协助执行职责")
    answer_days = models.PositiveSmallIntegerField(default=7, verbose_name="答复期限（工作日）")
    answers_inquiries = models.BooleanField(default=True, verbose_name="承接网络查询")
    active = models.BooleanField(default=True, verbose_name="启用")
    # The account whose API token may post this department's answers (POST /partner-answers).
    system_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="对接系统账号",
    )

    class Meta:
        verbose_name = "联动单位"
        verbose_name_plural = verbose_name
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name


class OutboxMessage(models.Model):
    """One request to one department about one respondent, written in the transaction of the
    action that causes it, sent after commit and retried until the department has it."""

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"  # written, not yet handed to the partner
        SENT = "sent", "已发送，待答复"  # the partner accepted it; its answer is awaited
        ANSWERED = "answered", "已答复"  # the first answer arrived; later ones change nothing
        FAILED = (
            "failed",
            "发送失败（将重试）",
        )  # the last attempt raised; next_attempt_at says when

    department = models.ForeignKey(
        LinkedDepartment, on_delete=models.PROTECT, related_name="messages"
    )
    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="+")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=_choices(MESSAGE_KIND_LABELS))
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)  # one value for a whole round
    sent_at = models.DateTimeField(null=True, blank=True)
    answer_due_on = models.DateField(verbose_name="答复期限")
    answered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    # Sent with the message so the partner can drop a repeated delivery; answers quote it.
    idempotency_key = models.CharField(max_length=40, unique=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "联动请求（发件箱）"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["court", "answer_due_on"], name="outbox_overdue_idx"),
            models.Index(fields=["case", "kind"], name="outbox_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.get_kind_display()} {self.idempotency_key[:8]}"


class PartnerAnswer(models.Model):
    """A department's answer, kept as received. Unique by the department's own answer id, and one
    per message: a repeated answer is recognised and changes nothing."""

    message = models.OneToOneField(OutboxMessage, on_delete=models.PROTECT, related_name="answer")
    department = models.ForeignKey(LinkedDepartment, on_delete=models.PROTECT, related_name="+")
    answer_id = models.CharField(max_length=64, verbose_name="答复编号")
    received_at = models.DateTimeField(auto_now_add=True)
    payload = models.JSONField(default=dict)

    class Meta:
        verbose_name = "联动答复"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["department", "answer_id"], name="partner_answer_unique_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.answer_id}"


class PropertyFound(models.Model):
    """What an answer says the respondent holds (查控结果)."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="+")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(LinkedDepartment, on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey(OutboxMessage, on_delete=models.PROTECT, related_name="found")
    kind = models.CharField(max_length=20, choices=_choices(PROPERTY_KIND_LABELS))
    description = models.CharField(max_length=200, verbose_name="财产情况")
    identifier = models.CharField(max_length=60, blank=True, verbose_name="账号或登记编号")
    amount = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True, verbose_name="余额或价值"
    )
    found_on = models.DateField(verbose_name="查得日期")

    class Meta:
        verbose_name = "查控发现的财产"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["case", "found_on"], name="property_found_case_idx")]

    def __str__(self) -> str:
        return self.description


class SimulatedAnswer(models.Model):
    """An answer the in-process simulated partner has prepared and will deliver after its delay
    (`python -m zhixing partners-simulate`). Demo and tests only: real departments call back."""

    message_key = models.CharField(max_length=40, unique=True)
    department_code = models.CharField(max_length=40)
    answer_id = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    deliver_after = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "模拟联动答复"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["delivered_at", "deliver_after"], name="simulated_due_idx")]

    def __str__(self) -> str:
        return self.answer_id


# Joint linkage (联席会议、挂牌督办、特殊主体案件): seed 二(一)(二); design.md layout (M9).


class JointConference(models.Model):
    """A meeting of the enforcement linkage mechanism (执行联动机制联席会议), convened by a court
    with the linked departments; its minutes and the decisions it assigns."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=100, verbose_name="会议名称")
    held_on = models.DateField(verbose_name="召开日期")
    place = models.CharField(max_length=100, blank=True, verbose_name="地点")
    departments = models.ManyToManyField(
        LinkedDepartment, related_name="conferences", verbose_name="参会单位"
    )
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "联席会议"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["court", "-held_on"], name="conference_court_idx")]

    def __str__(self) -> str:
        return self.title


class Minutes(models.Model):
    """会议纪要: one per conference, recorded after the meeting."""

    conference = models.OneToOneField(
        JointConference, on_delete=models.CASCADE, related_name="minutes"
    )
    text = models.TextField(verbose_name="纪要内容")
    recorded_on = models.DateField(verbose_name="形成日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "会议纪要"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.conference}纪要"


class Decision(models.Model):
    """决定事项: one task the conference assigned to one department, with a deadline, tracked to
    completion by progress reports."""

    class Status(models.TextChoices):
        OPEN = "open", "办理中"
        DONE = "done", "已办结"

    conference = models.ForeignKey(
        JointConference, on_delete=models.CASCADE, related_name="decisions"
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(LinkedDepartment, on_delete=models.PROTECT, related_name="+")
    task = models.CharField(max_length=300, verbose_name="决定事项")
    due_on = models.DateField(verbose_name="办理期限")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True, verbose_name="办结日期")

    class Meta:
        verbose_name = "决定事项"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(
                fields=["court", "due_on"],
                condition=models.Q(status="open"),
                name="decision_open_due_idx",
            )
        ]

    def __str__(self) -> str:
        return self.task


class DecisionProgress(models.Model):
    """A progress report on a decision (by the department's system account or court staff)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField(verbose_name="报告日期")
    text = models.CharField(max_length=500, verbose_name="办理进展")
    completes = models.BooleanField(default=False, verbose_name="报告办结")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "办理进展"
        verbose_name_plural = verbose_name
        ordering = ["reported_on", "id"]

    def __str__(self) -> str:
        return self.text


class SupervisionListing(models.Model):
    """挂牌督办: an upper court lists a lower court's case for supervision with a deadline; the
    lower court reports, the upper court concludes (strikes it off)."""

    class Status(models.TextChoices):
        OPEN = "open", "督办中"
        REPORTED = "reported", "已报结，待审核"
        CONCLUDED = "concluded", "已销号"

    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="+")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")  # the case's
    listed_by_court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, verbose_name="督办理由")
    listed_on = models.DateField(verbose_name="挂牌日期")
    due_on = models.DateField(verbose_name="督办期限")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    report = models.TextField(blank=True, verbose_name="办理情况报告")
    reported_on = models.DateField(null=True, blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "挂牌督办"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["open", "reported"]),
                name="supervision_listing_one_open",
            )
        ]
        indexes = [models.Index(fields=["court", "status"], name="supervision_listing_court_idx")]

    def __str__(self) -> str:
        return f"挂牌督办：{self.case}"


class SpecialEntityFlag(models.Model):
    """特殊主体案件: a respondent that is a government body, a public institution or a state-owned
    enterprise; flagged automatically at filing (by credit code and name) or by hand."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "党政机关"
        INSTITUTION = "institution", "事业单位"
        STATE_OWNED = "state_owned", "国有企业"

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="+")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, verbose_name="主体类别")
    basis = models.CharField(max_length=200, verbose_name="识别依据")
    automatic = models.BooleanField(default=True, verbose_name="系统识别")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "特殊主体案件"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["party"], name="special_entity_one_per_party")
        ]
        indexes = [models.Index(fields=["court", "kind"], name="special_entity_court_idx")]

    def __str__(self) -> str:
        return f"{self.party}（{self.get_kind_display()}）"
