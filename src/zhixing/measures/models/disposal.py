"""Disposal (财产处置) of property under control: the appraisal, the online auction rounds, the
outcome (拍卖成交 / 变卖 / 以物抵债 / 解除) and the handover. Rules: `rules/disposal.py`
(法释〔2016〕18号; 拍卖变卖规定 第16条; 民诉法解释 第489条、第490条; 法发〔2006〕35号 第7条;
法释〔2016〕6号 第1条).

The database holds what one row can check (positive prices, round numbers 1–2, one result and its
winning price, one open round per file); the services check the rules between rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from zhixing.cases.models import CollegialDecision, EnforcementCase, Party
from zhixing.organization.models import Court

from ..rules.disposal import (
    OUTCOME_LABELS,
    PLATFORM_LABELS,
    PRICE_BASIS_LABELS,
    RESULT_LABELS,
    Outcome,
    RoundResult,
)
from .control import ControlMeasure

__all__ = ["DisposalFile", "AuctionRound"]

MONEY = dict(max_digits=16, decimal_places=2)
PRICED = [Outcome.AUCTION.value, Outcome.SALE.value, Outcome.IN_KIND.value]


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(key.value, label) for key, label in labels.items()]


class DisposalFile(models.Model):
    """One controlled property's disposal, opened by its first disposal act (启动财产处置)."""

    measure = models.OneToOneField(
        ControlMeasure, on_delete=models.PROTECT, related_name="disposal", verbose_name="查控措施"
    )
    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="+")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField(verbose_name="启动处置日期")

    # 评估（法发〔2006〕35号 第7条；网拍规定 第10条）
    appraisal_decided_on = models.DateField(null=True, blank=True, verbose_name="决定委托评估日期")
    # the seq of its `appraisal_ordered` node event: choosing the agency names it, so the 10 days
    # of this property are met, not those of another property decided earlier
    appraisal_seq = models.PositiveIntegerField(
        null=True, blank=True, verbose_name="决定委托评估节点序号"
    )
    agency = models.CharField(max_length=100, blank=True, verbose_name="评估机构")
    agency_selected_on = models.DateField(null=True, blank=True, verbose_name="确定评估机构日期")
    price_basis = models.CharField(
        max_length=10, blank=True, choices=_choices(PRICE_BASIS_LABELS), verbose_name="参考价类型"
    )
    reference_price = models.DecimalField(
        null=True, blank=True, verbose_name="评估价或市场价", **MONEY
    )
    reported_on = models.DateField(null=True, blank=True, verbose_name="评估报告或询价日期")

    # 处置结果
    outcome = models.CharField(
        max_length=10, blank=True, choices=_choices(OUTCOME_LABELS), verbose_name="处置结果"
    )
    outcome_on = models.DateField(null=True, blank=True, verbose_name="处置日期")
    outcome_price = models.DecimalField(null=True, blank=True, verbose_name="成交或抵债价", **MONEY)
    taker = models.CharField(max_length=100, blank=True, verbose_name="买受人或接受抵债人")
    taker_party = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="接受抵债的申请执行人",
    )
    claim_amount = models.DecimalField(
        null=True, blank=True, verbose_name="接受人债权金额", **MONEY
    )
    consent_on = models.DateField(null=True, blank=True, verbose_name="申请执行人同意日期")
    consent_note = models.CharField(max_length=200, blank=True, verbose_name="同意的记录")
    amount_due = models.DecimalField(
        null=True, blank=True, verbose_name="应缴入法院账户的金额", **MONEY
    )
    release_reason = models.CharField(max_length=200, blank=True, verbose_name="解除处置理由")
    delivered_on = models.DateField(null=True, blank=True, verbose_name="交付日期")

    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "财产处置"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=Q(reference_price__isnull=True) | Q(reference_price__gt=0),
                name="disposal_reference_positive",
            ),
            models.CheckConstraint(
                condition=Q(reference_price__isnull=True) | ~Q(price_basis=""),
                name="disposal_reference_has_basis",
            ),
            models.CheckConstraint(
                condition=Q(agency_selected_on__isnull=True)
                | (~Q(agency="") & Q(appraisal_decided_on__isnull=False)),
                name="disposal_agency_named",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", outcome_on__isnull=True)
                | (~Q(outcome="") & Q(outcome_on__isnull=False)),
                name="disposal_outcome_dated",
            ),
            models.CheckConstraint(
                condition=Q(
                    outcome__in=PRICED,
                    outcome_price__isnull=False,
                    outcome_price__gt=0,
                    amount_due__isnull=False,
                    amount_due__gte=0,
                )
                | (~Q(outcome__in=PRICED) & Q(outcome_price__isnull=True)),
                name="disposal_outcome_priced",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.IN_KIND.value)
                | Q(
                    taker_party__isnull=False,
                    consent_on__isnull=False,
                    claim_amount__isnull=False,
                    claim_amount__gte=0,
                ),
                name="disposal_in_kind_consented",
            ),
            models.CheckConstraint(
                condition=Q(delivered_on__isnull=True) | Q(outcome__in=PRICED),
                name="disposal_delivered_after_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"处置 {self.measure_id}"

    @property
    def outcome_enum(self) -> Outcome | None:
        return Outcome(self.outcome) if self.outcome else None


class AuctionRound(models.Model):
    """One online judicial auction round (网拍规定): at most two counted rounds per property."""

    file = models.ForeignKey(DisposalFile, on_delete=models.PROTECT, related_name="rounds")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(verbose_name="拍卖轮次")
    platform = models.CharField(
        max_length=12, choices=_choices(PLATFORM_LABELS), verbose_name="拍卖平台"
    )
    # 网拍规定 第16条: the parties and known pre-emption holders are told at least 3 days before
    # the announcement (publication on the platform counts after 5 days). Empty on rounds recorded
    # before the date was kept.
    notified_on = models.DateField(
        null=True, blank=True, verbose_name="通知当事人和已知优先购买权人日期"
    )
    announced_on = models.DateField(verbose_name="公告日期")
    starts_at = models.DateTimeField(verbose_name="竞价开始时间")
    ends_at = models.DateTimeField(verbose_name="竞价结束时间")
    start_price = models.DecimalField(verbose_name="起拍价", **MONEY)
    deposit = models.DecimalField(verbose_name="保证金", **MONEY)
    # 网拍规定 第27条: the collegial panel's decision the start price and deposit rest on
    collegial_decision = models.ForeignKey(
        CollegialDecision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="合议庭评议",
    )
    result = models.CharField(
        max_length=10,
        choices=_choices(RESULT_LABELS),
        default=RoundResult.PENDING.value,
        verbose_name="结果",
    )
    result_on = models.DateField(null=True, blank=True, verbose_name="结果登记日期")
    winning_price = models.DecimalField(null=True, blank=True, verbose_name="成交价", **MONEY)
    buyer = models.CharField(max_length=100, blank=True, verbose_name="买受人")
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "网络司法拍卖轮次"
        verbose_name_plural = verbose_name
        ordering = ["file", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=2), name="round_1_or_2"),
            models.CheckConstraint(condition=Q(start_price__gt=0), name="round_start_positive"),
            models.CheckConstraint(condition=Q(deposit__gt=0), name="round_deposit_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="round_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(result=RoundResult.PENDING.value, result_on__isnull=True)
                | (~Q(result=RoundResult.PENDING.value) & Q(result_on__isnull=False)),
                name="round_result_dated",
            ),
            models.CheckConstraint(
                condition=Q(
                    result=RoundResult.SOLD.value,
                    winning_price__isnull=False,
                    winning_price__gte=F("start_price"),
                )
                & ~Q(buyer="")
                | (~Q(result=RoundResult.SOLD.value) & Q(winning_price__isnull=True)),
                name="round_sold_has_price",
            ),
            models.UniqueConstraint(
                fields=["file", "number"],
                condition=~Q(result=RoundResult.WITHDRAWN.value),
                name="round_number_once",
            ),
            models.UniqueConstraint(
                fields=["file"],
                condition=Q(result=RoundResult.PENDING.value),
                name="round_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"第{self.number}次拍卖 {self.start_price}"

    @property
    def state_label(self) -> str:
        """What the round is doing now: a pending round is first announced, then bidding, then
        waiting for its result to be recorded."""
        if self.result != RoundResult.PENDING.value:
            return self.get_result_display()
        now = timezone.now()
        if now < self.starts_at:
            return "公告中，待开拍"
        if now < self.ends_at:
            return "竞价中"
        return "竞价已结束，待登记结果"
