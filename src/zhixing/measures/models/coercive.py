"""Coercive measures against obstruction (拘传、罚款、拘留) and their one reconsideration.

民事诉讼法 第118条 (limits), 第119条 (院长 approval, 拘传票 / 决定书, one 复议 to the next-higher court,
not stayed meanwhile); 民诉法解释 第185条、第186条. Rows are written only by
`measures.services.coercive`; the rules are in `measures.rules.coercive`.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhixing.cases.models import EnforcementCase
from zhixing.organization.models import Court

from ..rules import coercive as rules

__all__ = ["CoerciveMeasure", "CoerciveReconsideration"]

MONEY = dict(max_digits=16, decimal_places=2)
USER = settings.AUTH_USER_MODEL


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(key.value, label) for key, label in labels.items()]


class CoerciveMeasure(models.Model):
    """A measure against a person or unit in a case: proposed by the officer, approved or refused by
    the court's president (第119条), then served and carried out."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "待院长审批"  # proposed by the officer, waiting for the president
        APPROVED = "approved", "已批准"  # approved: the decision document exists and is numbered
        REFUSED = "refused", "不予批准"  # the president refused; nothing is carried out

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.PROTECT, related_name="coercive_measures"
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(
        max_length=10, choices=_choices(rules.MEASURE_LABELS), verbose_name="措施"
    )
    subject = models.CharField(
        max_length=10, choices=_choices(rules.SUBJECT_LABELS), verbose_name="对象类别"
    )
    person_name = models.CharField(max_length=100, verbose_name="姓名或名称")
    id_number = models.CharField(max_length=18, blank=True, verbose_name="身份证号码")
    credit_code = models.CharField(max_length=18, blank=True, verbose_name="统一社会信用代码")
    responsible_person = models.CharField(
        max_length=40, blank=True, verbose_name="主要负责人（单位）"
    )
    amount = models.DecimalField(null=True, blank=True, verbose_name="罚款金额", **MONEY)
    days = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name="拘留天数")
    conduct = models.CharField(max_length=24, verbose_name="妨害行为")
    conduct_article = models.CharField(max_length=80, verbose_name="行为所属条款")
    facts = models.TextField(verbose_name="事实与理由")
    proposed_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    proposed_on = models.DateField(verbose_name="提请日期")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True, verbose_name="审批日期")
    decision_note = models.CharField(max_length=300, blank=True, verbose_name="审批意见")
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    number_serial = models.PositiveIntegerField(null=True, blank=True)
    document_number = models.CharField(
        max_length=40, null=True, blank=True, unique=True, verbose_name="决定书文号"
    )
    served_on = models.DateField(null=True, blank=True, verbose_name="送达日期")
    executed_on = models.DateField(null=True, blank=True, verbose_name="执行日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "强制措施"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="coercive_amount_positive"
            ),
            models.CheckConstraint(
                condition=~Q(measure="fine") | Q(amount__isnull=False),
                name="coercive_fine_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(measure="detention") | Q(days__gte=1, days__lte=15),
                name="coercive_detention_days",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | Q(decided_on__isnull=False, decided_by__isnull=False),
                name="coercive_approved_has_decision",
            ),
        ]
        indexes = [
            models.Index(
                fields=["court", "proposed_on"],
                name="coercive_pending_idx",
                condition=Q(status="proposed"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} {self.person_name}"

    @property
    def measure_enum(self) -> rules.Measure:
        return rules.Measure(self.measure)

    @property
    def subject_enum(self) -> rules.Subject:
        return rules.Subject(self.subject)

    @property
    def document_title(self) -> str:
        return rules.DOCUMENTS[self.measure_enum]

    @property
    def identity(self) -> str:
        return self.credit_code if self.subject == rules.Subject.UNIT.value else self.id_number

    @property
    def conduct_label(self) -> str:
        conduct = rules.CONDUCT_BY_CODE.get(self.conduct)
        return conduct.label if conduct else "其他妨害行为"

    @property
    def reconsiderable(self) -> bool:
        """第119条: 罚款、拘留 decisions only."""
        return self.measure_enum in rules.NUMBERED

    @property
    def detention_ends_on(self) -> date | None:
        """The last day of detention when it has started (the first day counts as a day)."""
        if self.measure != rules.Measure.DETENTION.value or not self.executed_on or not self.days:
            return None
        return self.executed_on + timedelta(days=self.days - 1)


class CoerciveReconsideration(models.Model):
    """The one reconsideration (复议一次) of a fine or detention, decided by the next-higher court
    (第119条); the measure is carried out meanwhile. One row per measure: the database refuses a
    second."""

    measure = models.OneToOneField(
        CoerciveMeasure, on_delete=models.PROTECT, related_name="reconsideration"
    )
    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, related_name="+", verbose_name="复议法院"
    )
    applied_on = models.DateField(verbose_name="申请日期")
    reason = models.TextField(verbose_name="复议理由")
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(
        max_length=10, blank=True, choices=_choices(rules.OUTCOME_LABELS), verbose_name="复议结果"
    )
    amount = models.DecimalField(null=True, blank=True, verbose_name="变更后罚款金额", **MONEY)
    days = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name="变更后拘留天数")
    note = models.TextField(blank=True, verbose_name="复议理由与结论")
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True, verbose_name="复议决定日期")
    document_number = models.CharField(
        max_length=40, null=True, blank=True, unique=True, verbose_name="复议决定书文号"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "强制措施复议"
        verbose_name_plural = verbose_name
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(decided_on__isnull=False),
                name="coercive_recon_decided_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["court", "applied_on"],
                name="coercive_recon_open_idx",
                condition=Q(outcome=""),
            )
        ]

    def __str__(self) -> str:
        return f"复议 {self.measure_id} {self.outcome or '待决定'}"
