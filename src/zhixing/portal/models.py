"""Published pages of the courts (M14): exposure of evaders, typical cases, and the public's
feedback on them, which reaches the court that published the page."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhixing.cases.models import EnforcementCase
from zhixing.credit.models import DishonestDebtorListing
from zhixing.organization.models import Court


class Exposure(models.Model):
    """曝光: a court exposes a listed respondent who evades enforcement. The page shows it only while
    the listing is published and not hidden (a removed listing is never shown)."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    listing = models.ForeignKey(DishonestDebtorListing, on_delete=models.PROTECT, related_name="+")
    headline = models.CharField(max_length=100, verbose_name="标题")
    summary = models.TextField(verbose_name="曝光内容")
    published_on = models.DateField(verbose_name="发布日期")
    withdrawn = models.BooleanField(default=False, verbose_name="已撤下")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "失信曝光"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["-published_on", "-id"], name="exposure_recent_idx")]

    def __str__(self) -> str:
        return self.headline


class TypicalCase(models.Model):
    """典型案例: a case a court publishes as an example, written without private details."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        EnforcementCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=100, verbose_name="标题")
    category = models.CharField(max_length=30, verbose_name="类别")
    summary = models.CharField(max_length=300, verbose_name="摘要")
    body = models.TextField(verbose_name="正文")
    published_on = models.DateField(verbose_name="发布日期")
    withdrawn = models.BooleanField(default=False, verbose_name="已撤下")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "典型案例"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["-published_on", "-id"], name="typical_recent_idx")]

    def __str__(self) -> str:
        return self.title


class PublicFeedback(models.Model):
    """A message from the public (a lead on an exposed evader, an opinion on a typical case, a
    question about the query), delivered to the court's feedback inbox."""

    class Topic(models.TextChoices):
        LEAD = "lead", "提供被执行人财产或下落线索"
        OPINION = "opinion", "意见建议"
        COMPLAINT = "complaint", "投诉反映"

    class Status(models.TextChoices):
        NEW = "new", "待处理"
        HANDLED = "handled", "已处理"

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    exposure = models.ForeignKey(
        Exposure, null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    typical_case = models.ForeignKey(
        TypicalCase, null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    topic = models.CharField(max_length=10, choices=Topic.choices, verbose_name="类别")
    name = models.CharField(max_length=40, verbose_name="姓名")
    phone = models.CharField(max_length=20, verbose_name="联系电话")
    message = models.TextField(max_length=2000, verbose_name="内容")
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.NEW)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handling_note = models.CharField(max_length=500, blank=True, verbose_name="处理情况")

    class Meta:
        verbose_name = "公众反馈"
        verbose_name_plural = verbose_name
        indexes = [
            models.Index(fields=["court", "status", "-received_at"], name="feedback_inbox_idx")
        ]

    def __str__(self) -> str:
        return f"{self.name}：{self.get_topic_display()}"
