"""Review cases (执行审查类案件) with their own numbers, recusals, upper-court supervision actions,
instruction requests and responsibility analyses (M6, M10's hook).

Sources: 法发〔2014〕26号 第1条 (the two families of enforcement cases); 民事诉讼法 第236—238条、
第240条; 执行程序解释 第10—13条; 法〔2021〕322号 第28条; 案号 type codes per domain-rules section 12.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhixing.cases.models import EnforcementCase, Party
from zhixing.organization.models import Court, Staff


class ReviewCase(models.Model):
    """One review matter about an enforcement case, docketed with its own 案号 (执异, 执复, 执监, 执协,
    执他) at the court that hears it — for a reconsideration or a 第237条 application, the next-higher
    court. Its clock is a node on the enforcement case's timeline (`node_seq`), so the deadline
    tables, the worklist and the overdue lists know it."""

    class Kind(models.TextChoices):
        ACT_OBJECTION = "act_objection", "执行行为异议"
        THIRD_PARTY_OBJECTION = "third_party_objection", "案外人异议"
        RECONSIDERATION = "reconsideration", "执行复议"
        COURT_CHANGE = "court_change", "申请上一级法院执行（变更执行法院）"
        SUPERVISION = "supervision", "执行监督"
        COORDINATION = "coordination", "执行协调"

    class Status(models.TextChoices):
        FILED = "filed", "审查中"
        DECIDED = "decided", "已裁定"
        WITHDRAWN = "withdrawn", "已撤回"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "异议成立（撤销或改正）"
        PARTLY_UPHELD = "partly_upheld", "部分成立"
        REJECTED = "rejected", "驳回"
        REVOKED = "revoked", "撤销原裁定或执行行为"
        CHANGED = "changed", "变更原裁定或执行行为"
        AFFIRMED = "affirmed", "维持"
        ORDERED = "ordered", "责令限期执行（督促执行令）"
        TAKEN = "taken", "提级执行"
        DESIGNATED = "designated", "指定其他法院执行"
        COORDINATED = "coordinated", "协调处理"

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="review_cases")
    kind = models.CharField(max_length=24, choices=Kind.choices, verbose_name="审查类型")
    type_code = models.CharField(max_length=3, verbose_name="类型代字")
    year = models.PositiveSmallIntegerField(verbose_name="收案年度")
    serial = models.PositiveIntegerField()
    case_number = models.CharField(max_length=40, unique=True, verbose_name="案号")
    case = models.ForeignKey(
        EnforcementCase,
        on_delete=models.PROTECT,
        related_name="review_cases",
        verbose_name="执行案件",
    )
    # the enforcement case's court, copied so "heard here or about a case of ours" is two index
    # scans instead of a join over every case (bench/bench_closure.py)
    case_court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    applicant = models.CharField(max_length=100, verbose_name="申请人（异议人）")
    applicant_party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.TextField(verbose_name="异议、复议或申请事项")
    item = models.CharField(max_length=200, blank=True, verbose_name="执行标的")
    control_id = models.BigIntegerField(
        null=True, blank=True
    )  # measures.ControlMeasure objected to
    received_on = models.DateField(verbose_name="收到申请日期")
    node_seq = models.PositiveIntegerField(null=True, blank=True)
    judge = models.ForeignKey(
        Staff,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presided_reviews",
        verbose_name="审判长（承办法官）",
    )
    panel = models.ManyToManyField(
        Staff, blank=True, related_name="review_panels", verbose_name="合议庭成员"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FILED)
    decided_on = models.DateField(null=True, blank=True, verbose_name="裁定日期")
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    reasoning = models.TextField(blank=True, verbose_name="裁定理由")
    served_on = models.DateField(null=True, blank=True, verbose_name="裁定送达日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "执行审查案件"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["court", "type_code", "year", "serial"], name="review_serial_unique"
            ),
            # 民事诉讼法 第236条: one reconsideration of an objection ruling
            models.UniqueConstraint(
                fields=["parent", "kind"],
                condition=Q(kind="reconsideration"),
                name="one_reconsideration",
            ),
        ]
        indexes = [
            models.Index(
                fields=["court", "received_on"],
                name="review_open_idx",
                condition=Q(status="filed"),
            )
        ]

    def __str__(self) -> str:
        return self.case_number


class Recusal(models.Model):
    """回避: a staff member who may not sit on a review case (回避规定 第1—3条、第14条)."""

    review = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="recusals")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="recusals")
    reason = models.CharField(max_length=300, verbose_name="回避事由")
    applied_by_party = models.BooleanField(default=False, verbose_name="当事人申请")
    granted = models.BooleanField(default=True, verbose_name="决定回避")
    decided_on = models.DateField()
    decided_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "回避"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["review", "staff"], name="recusal_once_per_review")
        ]

    def __str__(self) -> str:
        return f"{self.review} {self.staff}"


class SupervisionAction(models.Model):
    """An upper court's action on a lower court's case: 督促执行令, 提级, 指定, 交叉, and the lower
    court's 委托执行 (民事诉讼法 第237条、第240条; 法发〔2009〕43号 三(三))."""

    class Kind(models.TextChoices):
        ENFORCE_ORDER = "enforce_order", "督促执行令（限期执行）"
        ESCALATION = "escalation", "提级执行"
        DESIGNATION = "designation", "指定执行"
        CROSS_ASSIGNMENT = "cross_assignment", "交叉执行"
        ENTRUSTMENT = "entrustment", "委托执行"

    class Status(models.TextChoices):
        OPEN = "open", "进行中"
        DONE = "done", "已完成"
        OVERDUE = "overdue", "逾期待处理"

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name="监督方式")
    case = models.ForeignKey(
        EnforcementCase, on_delete=models.PROTECT, related_name="supervision_actions"
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")  # the case's court
    deciding_court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    to_court = models.ForeignKey(
        Court, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review = models.ForeignKey(
        ReviewCase, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    new_case = models.ForeignKey(
        EnforcementCase, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(verbose_name="决定日期")
    decided_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(verbose_name="理由")
    until = models.DateField(null=True, blank=True, verbose_name="限期")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # 委托执行 (民事诉讼法 第240条): received, started within 15 days, reported after 30
    received_on = models.DateField(null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    reported_on = models.DateField(null=True, blank=True)
    superior_asked_on = models.DateField(null=True, blank=True)
    overdue_since = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "上级监督与委托执行"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(
                fields=["kind", "until"], name="supervision_open_idx", condition=Q(status="open")
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case}"


class InstructionRequest(models.Model):
    """执行请示: a question sent up the hierarchy and its answer; docketed 执他 at the court asked
    (the 2016 standard has no 执请; domain-rules section 12)."""

    case = models.ForeignKey(
        EnforcementCase,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instruction_requests",
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")  # asking court
    to_court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    case_number = models.CharField(max_length=40, unique=True, verbose_name="案号")
    question = models.TextField(verbose_name="请示事项")
    asked_on = models.DateField()
    asked_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    answer = models.TextField(blank=True, verbose_name="答复意见")
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "执行请示"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(
                fields=["to_court", "asked_on"],
                name="instruction_open_idx",
                condition=Q(answered_on__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.case_number


class ResponsibilityAnalysis(models.Model):
    """责任分析: required when an upper court revokes or changes a lower court's ruling or act
    (一案双查, 法〔2021〕322号 第31条); names the nodes and people involved; listed until closed."""

    class Conclusion(models.TextChoices):
        NO_FAULT = "no_fault", "无过错（法律适用分歧、新证据等）"
        ERROR = "error", "办案瑕疵或差错"
        MISCONDUCT = "misconduct", "违法违纪，移送处理"

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.PROTECT, related_name="responsibility_analyses"
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")  # the lower court
    review = models.ForeignKey(
        ReviewCase, on_delete=models.PROTECT, related_name="responsibility_analyses"
    )
    opened_on = models.DateField()
    node_seqs = models.JSONField(default=list, verbose_name="涉及节点")
    people = models.ManyToManyField(Staff, related_name="+", verbose_name="涉及人员")
    findings = models.TextField(blank=True, verbose_name="分析意见")
    conclusion = models.CharField(max_length=12, choices=Conclusion.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "责任分析"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["review"], name="one_analysis_per_review")]
        indexes = [
            models.Index(
                fields=["court", "opened_on"],
                name="analysis_open_idx",
                condition=Q(closed_on__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} 责任分析"
