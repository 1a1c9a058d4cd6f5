"""After 终本: the six-monthly network inquiries and the cases flagged for resumption (M5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhixing.cases.models import EnforcementCase
from zhixing.organization.models import Court, Staff


class ReInquiry(models.Model):
    """One of the ten network inquiries owed in the 5 years after 终本, every 6 months
    (法〔2016〕373号 第9条). Rows are created at closure; `run-duties` sends those that are due."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="re_inquiries")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(verbose_name="轮次")
    due_on = models.DateField(verbose_name="应查询日期")
    sent_on = models.DateField(null=True, blank=True, verbose_name="发起日期")
    answered_on = models.DateField(null=True, blank=True, verbose_name="全部答复日期")
    found = models.BooleanField(default=False, verbose_name="发现财产")
    result = models.CharField(max_length=300, blank=True, verbose_name="查询结果")
    told_on = models.DateField(null=True, blank=True, verbose_name="告知申请执行人日期")
    cancelled = models.BooleanField(default=False)  # the case was resumed: later rounds lapse
    # The round's own network-inquiry requests (linked when it is sent): the round is settled by
    # their answers alone, never by another batch of the case's inquiries.
    messages = models.ManyToManyField(
        "linkage.OutboxMessage", blank=True, related_name="+", verbose_name="本轮查询请求"
    )

    class Meta:
        verbose_name = "终本后定期查询"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["case", "round"], name="reinquiry_round_unique")
        ]
        indexes = [
            models.Index(
                fields=["due_on"],
                name="reinquiry_due_idx",
                condition=Q(sent_on__isnull=True, cancelled=False),
            ),
            models.Index(  # rounds sent, not yet settled: the duty's safety net reads only these
                fields=["case"],
                name="reinquiry_in_flight_idx",
                condition=Q(sent_on__isnull=False, answered_on__isnull=True, cancelled=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} 第{self.round}次 {self.due_on}"


class ResumptionFlag(models.Model):
    """A 终本 case with property found or a new lead: to be resumed in time (十个必须 第6条)."""

    class Source(models.TextChoices):
        RE_INQUIRY = "re_inquiry", "终本后定期查询发现财产"
        LEAD = "lead", "新的财产线索"
        APPLICANT = "applicant", "申请执行人申请恢复执行"

    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        RESUMED = "resumed", "已恢复执行"
        DISMISSED = "dismissed", "经核查不予恢复"

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="resumption_flags"
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=12, choices=Source.choices, verbose_name="来源")
    raised_on = models.DateField(verbose_name="发现日期")
    detail = models.CharField(max_length=300, verbose_name="情况")
    re_inquiry = models.ForeignKey(
        ReInquiry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_id = models.BigIntegerField(null=True, blank=True)  # measures.PropertyLead
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_on = models.DateField(null=True, blank=True)
    handled_by = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handling_note = models.CharField(max_length=300, blank=True, verbose_name="处理说明")
    resumed_case = models.ForeignKey(
        EnforcementCase, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "待恢复执行提示"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(
                fields=["court", "raised_on"],
                name="resumption_open_idx",
                condition=Q(status="open"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.detail[:20]}"
