"""Property leads (财产线索) supplied by the applicant, and their verification.

法发〔2006〕35号 第6条: a concrete lead from the applicant is verified within 5 days (immediately when
urgent). Registering a lead records the node `lead_received` on the case, which starts the
`lead_verification` deadline; its verification records `lead_verified`. The deadline instance of a
lead is the sequence number of its `lead_received` event (`received_seq`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhixing.cases.models import EnforcementCase, Party
from zhixing.organization.models import Court

__all__ = ["PropertyLead"]

USER = settings.AUTH_USER_MODEL


class PropertyLead(models.Model):
    class Kind(models.TextChoices):
        DEPOSIT = "deposit", "银行存款、理财"
        REAL_ESTATE = "real_estate", "房屋、土地等不动产"
        VEHICLE = "vehicle", "车辆等动产"
        EQUITY = "equity", "股权、投资权益、有价证券"
        RECEIVABLE = "receivable", "到期债权、收入"
        OTHER = "other", "其他财产"

    class Result(models.TextChoices):
        FOUND = "found", "经核查属实，发现财产"  # the property exists; control measures follow
        NOT_FOUND = "not_found", "经核查未发现财产"  # the lead did not lead to property

    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="leads")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    provided_by = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name="线索提供人"
    )
    received_on = models.DateField(verbose_name="收到日期")
    kind = models.CharField(max_length=12, choices=Kind.choices, verbose_name="财产类别")
    description = models.TextField(verbose_name="财产情况")
    how_to_verify = models.CharField(max_length=300, blank=True, verbose_name="核查途径")
    urgent = models.BooleanField(default=False, verbose_name="情况紧急")
    registered_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    received_seq = models.PositiveIntegerField(verbose_name="收到线索节点序号")
    result = models.CharField(
        max_length=10, blank=True, choices=Result.choices, verbose_name="核查结果"
    )
    result_note = models.CharField(max_length=300, blank=True, verbose_name="核查情况")
    verified_on = models.DateField(null=True, blank=True, verbose_name="核查日期")
    verified_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "财产线索"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=(Q(result="") & Q(verified_on__isnull=True))
                | (~Q(result="") & Q(verified_on__isnull=False)),
                name="lead_verified_has_date",
            ),
            models.UniqueConstraint(fields=["case", "received_seq"], name="lead_event_unique"),
        ]
        indexes = [
            models.Index(
                fields=["court", "received_on"],
                name="lead_open_idx",
                condition=Q(result=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.description[:30]}"

    @property
    def verified(self) -> bool:
        return bool(self.result)
