"""Participation in distribution (参与分配): a distribution of one debtor's property, its claims, the
plans served (each version kept as served), objections, counter-objections and suits.

Rules: `rules/distribution.py` (民诉法解释 第506—514条; 执行程序解释 第17条; 执行工作规定 第55条).
Every write goes through `measures.services.distribution`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from zhixing.cases.models import EnforcementCase, Party
from zhixing.organization.models import Court

from ..rules.distribution import CLAIM_LABELS, DEBTOR_LABELS, ORDER_RULE_LABELS, RESOLUTION_LABELS
from .control import ControlMeasure

__all__ = [
    "Distribution",
    "DistributionClaim",
    "DistributionPlan",
    "PlanLine",
    "DistributionObjection",
    "CounterObjection",
]

MONEY = dict(max_digits=16, decimal_places=2)


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(key.value, label) for key, label in labels.items()]


class Distribution(models.Model):
    """The distribution of one debtor's controlled property, hosted by the case whose court
    controlled it first (that court disposes of it: 法释〔2016〕6号)."""

    class Status(models.TextChoices):
        DRAFTING = "drafting", "制作方案中"  # claims being admitted; no plan in force
        SERVED = "served", "方案已送达"  # the 15-day objection window runs (第509条)
        OBJECTION = "objection", "异议处理中"  # an objection was filed (第510条)
        FINAL = "final", "方案已确定"  # amounts fixed; payouts go through the funds pages
        SUIT_PENDING = "suit_pending", "异议之诉审理中"  # final, but a disputed amount is held
        DONE = "done", "分配完毕"  # every held amount released after the suits

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.PROTECT, related_name="distributions"
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    debtor = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name="被执行人"
    )
    debtor_kind = models.CharField(
        max_length=12, choices=_choices(DEBTOR_LABELS), verbose_name="被执行人类型"
    )
    property_description = models.CharField(max_length=200, verbose_name="分配财产")
    control = models.ForeignKey(
        ControlMeasure,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="本院查控措施",
    )
    amount = models.DecimalField(verbose_name="可供分配金额", **MONEY)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFTING)
    version = models.PositiveSmallIntegerField(default=0)  # the plan in force (0 = none yet)
    opened_on = models.DateField(verbose_name="启动分配日期")
    final_on = models.DateField(null=True, blank=True, verbose_name="方案确定日期")
    undistributed = models.DecimalField(default=0, verbose_name="未分配金额", **MONEY)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "参与分配"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="distribution_amount_positive"),
            models.CheckConstraint(
                condition=Q(undistributed__gte=0), name="distribution_undistributed_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["drafting", "served", "objection"])
                | Q(final_on__isnull=False),
                name="distribution_final_has_date",
            ),
        ]
        indexes = [models.Index(fields=["court", "status"], name="distribution_court_idx")]

    def __str__(self) -> str:
        return f"{self.case} 参与分配 {self.property_description}"


class DistributionClaim(models.Model):
    """One claim on the distribution: the court's costs, a priority right, or an ordinary claim
    (第506—507条). A claim may belong to an enforcement case of any court."""

    distribution = models.ForeignKey(Distribution, on_delete=models.PROTECT, related_name="claims")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    creditor = models.CharField(max_length=100, verbose_name="债权人")
    creditor_case = models.ForeignKey(
        EnforcementCase,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="债权人的执行案件",
    )
    kind = models.CharField(max_length=10, choices=_choices(CLAIM_LABELS), verbose_name="债权性质")
    amount = models.DecimalField(verbose_name="申报金额", **MONEY)
    filed_on = models.DateField(verbose_name="申请日期")
    title_number = models.CharField(max_length=60, blank=True, verbose_name="执行依据文书编号")
    created_on = models.DateField(null=True, blank=True, verbose_name="优先权设立（登记）日期")
    controlled_at = models.DateTimeField(null=True, blank=True, verbose_name="查封（冻结）生效时间")
    accepted = models.BooleanField(default=True, verbose_name="准许参与分配")
    refusal_reason = models.CharField(max_length=300, blank=True, verbose_name="不予准许理由")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "分配债权"
        verbose_name_plural = verbose_name
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="claim_amount_positive"),
            models.CheckConstraint(
                condition=~Q(kind="priority") | Q(created_on__isnull=False),
                name="claim_priority_has_created_on",
            ),
            models.CheckConstraint(
                condition=Q(accepted=True) | ~Q(refusal_reason=""),
                name="claim_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creditor} {self.amount}"


class DistributionPlan(models.Model):
    """One plan as made and served; a later version replaces it (a new claim, a refusal), but what
    was served stays as it was."""

    distribution = models.ForeignKey(Distribution, on_delete=models.PROTECT, related_name="plans")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField()
    amount = models.DecimalField(verbose_name="可供分配金额", **MONEY)
    debtor_kind = models.CharField(max_length=12, choices=_choices(DEBTOR_LABELS))
    served_on = models.DateField(verbose_name="送达日期")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "分配方案"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "version"], name="plan_one_per_version"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="plan_version_positive"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="plan_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.distribution_id} 方案第{self.version}版"


class PlanLine(models.Model):
    """One claimant's line of a served plan. `pay` and `held` are filled when the plan becomes
    final (第510条: corrected, original, or the disputed amount held)."""

    plan = models.ForeignKey(DistributionPlan, on_delete=models.PROTECT, related_name="lines")
    claim = models.ForeignKey(DistributionClaim, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    rank = models.PositiveSmallIntegerField(verbose_name="受偿顺位")
    rule = models.CharField(
        max_length=16, choices=_choices(ORDER_RULE_LABELS), verbose_name="受偿规则"
    )
    claimed = models.DecimalField(verbose_name="债权金额", **MONEY)
    share = models.DecimalField(verbose_name="方案分配额", **MONEY)
    pay = models.DecimalField(null=True, blank=True, verbose_name="确定分配额", **MONEY)
    held = models.DecimalField(null=True, blank=True, verbose_name="提存金额", **MONEY)

    class Meta:
        verbose_name = "分配方案明细"
        verbose_name_plural = verbose_name
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "claim"], name="plan_line_one_per_claim"),
            models.UniqueConstraint(fields=["plan", "position"], name="plan_line_position"),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=F("claimed")),
                name="plan_line_share_within_claim",
            ),
            models.CheckConstraint(condition=Q(claimed__gt=0), name="plan_line_claimed_positive"),
            models.CheckConstraint(
                condition=(Q(pay__isnull=True) & Q(held__isnull=True))
                | (Q(pay__gte=0) & Q(held__gte=0)),
                name="plan_line_final_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}#{self.position} {self.share}"

    @property
    def unpaid(self):
        return self.claimed - self.share


class DistributionObjection(models.Model):
    """A written objection to the plan (第509条): `disputed` of the target line's share belongs to
    the objector's line, or (objector_line empty: the debtor objects) should not be paid."""

    plan = models.ForeignKey(DistributionPlan, on_delete=models.PROTECT, related_name="objections")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    objector_line = models.ForeignKey(
        PlanLine,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="异议人",
    )
    objector_name = models.CharField(max_length=100, verbose_name="异议人")
    target_line = models.ForeignKey(
        PlanLine, on_delete=models.PROTECT, related_name="+", verbose_name="异议所涉债权"
    )
    disputed = models.DecimalField(verbose_name="争议金额", **MONEY)
    reason = models.CharField(max_length=300, verbose_name="异议理由")
    filed_on = models.DateField(verbose_name="提出日期")
    notified_on = models.DateField(verbose_name="通知其他债权人、被执行人日期")
    suit_filed_on = models.DateField(null=True, blank=True, verbose_name="起诉日期")
    resolution = models.CharField(
        max_length=16, blank=True, choices=_choices(RESOLUTION_LABELS), verbose_name="处理结果"
    )
    awarded = models.DecimalField(null=True, blank=True, verbose_name="判归异议人金额", **MONEY)
    decided_on = models.DateField(null=True, blank=True, verbose_name="判决生效日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "分配方案异议"
        verbose_name_plural = verbose_name
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(disputed__gt=0), name="objection_disputed_positive"),
            models.CheckConstraint(
                condition=Q(notified_on__gte=F("filed_on")), name="objection_notified_after_filed"
            ),
            models.CheckConstraint(
                condition=Q(awarded__isnull=True)
                | (Q(awarded__gte=0) & Q(awarded__lte=F("disputed"))),
                name="objection_award_within_disputed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objector_name} 异议 {self.disputed}"


class CounterObjection(models.Model):
    """A counter-objection by a creditor or the debtor (第510条); the objector is told of it on
    `notified_on`, which starts the 15 days to sue."""

    objection = models.OneToOneField(
        DistributionObjection, on_delete=models.PROTECT, related_name="counter"
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    by_name = models.CharField(max_length=100, verbose_name="反对人")
    filed_on = models.DateField(verbose_name="提出日期")
    notified_on = models.DateField(verbose_name="通知异议人日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "分配方案异议的反对意见"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=Q(notified_on__gte=F("filed_on")), name="counter_notified_after_filed"
            )
        ]

    def __str__(self) -> str:
        return f"{self.by_name} 反对 {self.objection_id}"
