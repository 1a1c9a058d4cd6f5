"""Control measures (查封、扣押、冻结、扣划) on a respondent's property. Rules: `rules/control.py`
(民诉法解释 第485条). Requests to departments travel through the linkage outbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

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
        REQUESTED = "requested", "已发出，待协助单位回复"
        IN_EFFECT = "in_effect", "生效中"
        DONE = "done", "已扣划"
        RELEASED = "released", "已解除"
        EXPIRED = "expired", "已到期失效"
        FAILED = "failed", "协助单位未能执行"

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
    amount = models.DecimalField(null=True, blank=True, verbose_name="金额", **MONEY)
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

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.description}"


class ControlRenewal(models.Model):
    """续行: a renewal before expiry, each for no longer than the same maximum (第485条)."""

    measure = models.ForeignKey(ControlMeasure, on_delete=models.PROTECT, related_name="renewals")
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
