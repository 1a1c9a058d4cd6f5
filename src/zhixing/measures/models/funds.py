"""Enforcement funds (执行款): one virtual account per case (一案一账号), receipts, payouts.

十个必须 第7条 (2021). The account's totals are written only by `measures.services` under a row
lock on the account; the database refuses a paid total above the received total.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from zhixing.cases.models import EnforcementCase, Party
from zhixing.organization.models import Court

__all__ = ["MONEY", "CaseAccount", "Channel", "SuspenseReceipt", "FundReceipt", "Payout"]

MONEY = dict(max_digits=16, decimal_places=2)


class CaseAccount(models.Model):
    """The case's virtual sub-account of the court's enforcement-funds account.

    `received_total` is the case's realized amount (执行到位金额): funds actually received by the
    court for the case (transfers, cash, the court's own deductions), whether paid out yet or not.
    """

    case = models.OneToOneField(
        EnforcementCase, on_delete=models.PROTECT, related_name="fund_account"
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=18, unique=True, verbose_name="案款账号")
    received_total = models.DecimalField(default=0, verbose_name="到账合计", **MONEY)
    paid_total = models.DecimalField(default=0, verbose_name="已发放合计", **MONEY)
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "案款账户"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=Q(paid_total__lte=F("received_total")), name="account_paid_le_received"
            ),
            models.CheckConstraint(
                condition=Q(paid_total__gte=0), name="account_paid_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def held(self):
        return self.received_total - self.paid_total


class Channel(models.TextChoices):
    TRANSFER = "transfer", "银行转账"
    CASH = "cash", "现金缴纳"
    DEDUCTION = "deduction", "法院扣划"


class SuspenseReceipt(models.Model):
    """Money that reached the court's funds account without a case (待认领款): held at court level
    until an officer matches it to a case account; it cannot be paid out before."""

    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(verbose_name="金额", **MONEY)
    reference = models.CharField(max_length=64, unique=True, verbose_name="银行流水号")
    payer = models.CharField(max_length=100, verbose_name="付款人")
    channel = models.CharField(
        max_length=10, choices=Channel.choices, default=Channel.TRANSFER, verbose_name="到账方式"
    )
    received_on = models.DateField(verbose_name="到账日期")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "待认领款"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="suspense_amount_positive")
        ]
        indexes = [
            models.Index(
                fields=["court", "received_on"],
                name="suspense_open_idx",
                condition=Q(matched_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"


class FundReceipt(models.Model):
    """Money received for a case, matched to its account (一案一账号). The bank reference is
    unique, so recording the same transfer twice changes nothing."""

    account = models.ForeignKey(CaseAccount, on_delete=models.PROTECT, related_name="receipts")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(verbose_name="金额", **MONEY)
    received_on = models.DateField(verbose_name="到账日期")
    payer = models.CharField(max_length=100, verbose_name="付款人")
    channel = models.CharField(max_length=10, choices=Channel.choices, verbose_name="到账方式")
    reference = models.CharField(max_length=64, unique=True, verbose_name="银行流水号或收据号")
    matched_at = models.DateTimeField(verbose_name="匹配时间")
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    suspense = models.OneToOneField(
        SuspenseReceipt, null=True, blank=True, on_delete=models.PROTECT, related_name="receipt"
    )

    class Meta:
        verbose_name = "执行款到账"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="receipt_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"


class Payout(models.Model):
    """A payout to an applicant: scheduled when the payout conditions are met, due within N working
    days (十个必须 第7条), then paid; a delay needs a reason and the 执行局长's approval."""

    class Status(models.TextChoices):
        PENDING = "pending", "待发放"  # scheduled, money reserved, clock running
        DELAYED = "delayed", "已批准延期"  # 执行局长 approved a delay with a recorded reason
        PAID = "paid", "已发放"  # money left the account

    account = models.ForeignKey(CaseAccount, on_delete=models.PROTECT, related_name="payouts")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name="领款人"
    )
    amount = models.DecimalField(verbose_name="发放金额", **MONEY)
    condition_met_on = models.DateField(verbose_name="具备发放条件日期")
    due_on = models.DateField(verbose_name="应发放期限")
    provisional = models.BooleanField(default=False)  # the due date rests on a weekends-only year
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    paid_on = models.DateField(null=True, blank=True, verbose_name="发放日期")
    delay_reason = models.CharField(max_length=300, blank=True, verbose_name="延期理由")
    delayed_until = models.DateField(null=True, blank=True, verbose_name="延期至")
    delay_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delay_approved_at = models.DateTimeField(null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "执行款发放"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
            models.CheckConstraint(
                condition=Q(status="paid", paid_on__isnull=False)
                | (~Q(status="paid") & Q(paid_on__isnull=True)),
                name="payout_paid_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="delayed") | ~Q(delay_reason=""),
                name="payout_delay_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["court", "due_on"],
                name="payout_open_idx",
                condition=~Q(status="paid"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount} {self.status}"
