"""Control measures (查封、扣押、冻结、扣划) on a respondent's property. Rules: `rules/control.py`
(民诉法解释 第485条; 民事诉讼法 第253条). Requests to departments travel through the linkage
outbox; their answers come back through `linkage.hooks` to `services.control`.

A measure past its `expires_on` that was never renewed keeps the status `in_effect` in the table
and is shown as expired: expiry is computed (`rules.control.is_expired`), never a stored flag.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from zhixing.cases.models import EnforcementCase, Party
from zhixing.linkage.models import LinkedDepartment, OutboxMessage, PropertyFound
from zhixing.organization.models import Court

from ..rules.control import CONTROL_LABELS, PROPERTY_LABELS

__all__ = ["ControlMeasure", "ControlRenewal"]

MONEY = dict(max_digits=16, decimal_places=2)


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(key.value, label) for key, label in labels.items()]


class ControlMeasure(models.Model):
    """One control over one piece of a respondent's property in one case. `took_effect_at` orders
    the courts that controlled the same property (首先查封, 轮候查封)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "已发出，待协助单位回复"  # sent to the department, no answer yet
        IN_EFFECT = "in_effect", "生效中"  # in force until expires_on (then shown as expired)
        DONE = "done", "已扣划"  # a deduction transferred, or a freeze wholly transferred
        RELEASED = "released", "已解除"  # released by ruling (and confirmed by the department)
        EXPIRED = "expired", "已到期失效"  # kept for old rows; new code computes expiry instead
        FAILED = (
            "failed",
            "协助单位未能执行",
        )  # the department answered it could not; see failure_reason

    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="+")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name="被执行人"
    )
    kind = models.CharField(max_length=10, choices=_choices(CONTROL_LABELS), verbose_name="措施")
    property_kind = models.CharField(
        max_length=20, choices=_choices(PROPERTY_LABELS), verbose_name="财产类别"
    )
    description = models.CharField(max_length=200, verbose_name="财产")
    identifier = models.CharField(max_length=60, blank=True, verbose_name="账号或登记编号")
    # A freeze: the amount the department actually froze (requested_amount until it answers).
    # A deduction: the amount actually transferred.
    amount = models.DecimalField(null=True, blank=True, verbose_name="金额", **MONEY)
    requested_amount = models.DecimalField(null=True, blank=True, verbose_name="请求金额", **MONEY)
    # A freeze: how much of `amount` has been transferred to the case account by deductions.
    deducted_total = models.DecimalField(default=0, verbose_name="已扣划金额", **MONEY)
    freeze = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deductions",
        verbose_name="所扣划的冻结",
    )
    ruling = models.CharField(max_length=60, blank=True, verbose_name="执行裁定书文号")
    reference = models.CharField(max_length=64, blank=True, verbose_name="划款流水号")
    found = models.ForeignKey(
        PropertyFound, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        LinkedDepartment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="协助执行单位",
    )
    message = models.ForeignKey(
        OutboxMessage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    started_on = models.DateField(verbose_name="起始日")
    expires_on = models.DateField(null=True, blank=True, verbose_name="届满日")
    took_effect_at = models.DateTimeField(null=True, blank=True, verbose_name="生效时间")
    released_on = models.DateField(null=True, blank=True, verbose_name="解除日期")
    release_reason = models.CharField(max_length=200, blank=True, verbose_name="解除理由")
    release_message = models.ForeignKey(
        OutboxMessage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    failure_reason = models.CharField(max_length=200, blank=True, verbose_name="未能执行的原因")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "查控措施"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(
                fields=["court", "expires_on"],
                name="control_expiring_idx",
                condition=Q(status="in_effect"),
            ),
            models.Index(fields=["property_kind", "identifier"], name="control_property_idx"),
            models.Index(fields=["case", "created_at"], name="control_case_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deducted_total__gte=0), name="control_deducted_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(deducted_total=0) | Q(deducted_total__lte=F("amount")),
                name="control_deducted_le_frozen",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="control_amount_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.description}"

    @property
    def frozen_remaining(self):
        """A freeze's amount not yet transferred (None for property without an amount)."""
        return None if self.amount is None else self.amount - self.deducted_total


class ControlRenewal(models.Model):
    """续行: a renewal before expiry, each for no longer than the same maximum (第485条). The
    measure's expires_on moves when the renewal takes effect: at once for a control the court
    holds itself, on the department's answer for one it holds for the court."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "已发出，待协助单位回复"
        IN_EFFECT = "in_effect", "已续行"
        FAILED = "failed", "协助单位未能续行"

    measure = models.ForeignKey(ControlMeasure, on_delete=models.PROTECT, related_name="renewals")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    ruling = models.CharField(max_length=60, blank=True, verbose_name="执行裁定书文号")
    failure_reason = models.CharField(max_length=200, blank=True, verbose_name="未能续行的原因")
    renewed_on = models.DateField(verbose_name="续行日期")
    old_expiry = models.DateField(verbose_name="原届满日")
    new_expiry = models.DateField(verbose_name="新届满日")
    message = models.ForeignKey(
        OutboxMessage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "续行查控"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.measure_id} → {self.new_expiry}"
