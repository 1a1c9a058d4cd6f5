"""Reminders that a control ends soon or has lapsed (民诉法解释 第485条: renew before expiry), sent
to the officer responsible once per measure, per term, per kind by the `measures.expiring_controls`
duty (`python -m zhixing run-duties`). The unique constraint is what makes "once" hold when two runs
overlap. The control's own state stays computed from `expires_on` (see models/control.py)."""

from __future__ import annotations

from django.db import models

from zhixing.cases.models import EnforcementCase
from zhixing.organization.models import Court, Staff

from .control import ControlMeasure

__all__ = ["ControlExpiryNotice"]


class ControlExpiryNotice(models.Model):
    class Kind(models.TextChoices):
        EXPIRING = "expiring", "即将到期，请及时续行"  # ends within ZHIXING_CONTROL_WARN_DAYS
        LAPSED = "lapsed", "已届满失效（未续行）"  # the term ended without renewal

    measure = models.ForeignKey(
        ControlMeasure, on_delete=models.CASCADE, related_name="expiry_notices"
    )
    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="+")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    expires_on = models.DateField(verbose_name="届满日")  # the term this notice is about
    sent_to = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_on = models.DateField(verbose_name="提醒日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "查控到期提醒"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "expires_on", "kind"], name="control_notice_once_per_term"
            )
        ]
        indexes = [models.Index(fields=["sent_to", "expires_on"], name="control_notice_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.kind} {self.expires_on}"
