"""The dishonest-debtor list (失信被执行人名单), consumption restrictions (限制消费令), correction
requests, and the sharing feed read by linked departments (M9).

Each listing and order carries a copy of the fields the law publishes (失信规定 第6条), taken when it
is decided and corrected through the services: the public query reads these rows alone, through
partial indexes that hold only what is published (design.md decision 8: 8 million listings).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhixing.cases.models import EnforcementCase, Party
from zhixing.linkage.models import LinkedDepartment
from zhixing.organization.models import Court

from .rules.listing import (
    EXTENSION_REASON_LABELS,
    GROUND_LABELS,
    REMOVAL_GROUND_LABELS,
    RESPONDENT_KIND_LABELS,
)
from .rules.restriction import LIFTING_GROUND_LABELS


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(key.value, label) for key, label in labels.items()]


class Initiative(models.TextChoices):
    APPLICATION = "application", "申请执行人申请"
    EX_OFFICIO = "ex_officio", "依职权"


class PublishedRespondent(models.Model):
    """The respondent as published (失信规定 第6条): copied from the party when the decision is made.
    `id_number` is kept whole only to answer an exact query; pages and the API show `id_masked`."""

    respondent_kind = models.CharField(
        max_length=12, choices=_choices(RESPONDENT_KIND_LABELS), verbose_name="主体类型"
    )
    name = models.CharField(max_length=100, verbose_name="姓名或名称")
    sex = models.CharField(max_length=2, blank=True, verbose_name="性别")
    birth_date = models.DateField(null=True, blank=True, verbose_name="出生日期")
    id_number = models.CharField(max_length=18, blank=True, verbose_name="身份证号码")
    id_masked = models.CharField(max_length=18, blank=True, verbose_name="身份证号码（脱敏）")
    credit_code = models.CharField(max_length=18, blank=True, verbose_name="统一社会信用代码")
    legal_representative = models.CharField(
        max_length=40, blank=True, verbose_name="法定代表人或负责人"
    )
    court_name = models.CharField(max_length=60, verbose_name="执行法院")
    case_number = models.CharField(max_length=40, verbose_name="执行案号")
    filed_on = models.DateField(null=True, blank=True, verbose_name="立案日期")
    basis_issuer = models.CharField(max_length=100, blank=True, verbose_name="执行依据制作单位")
    basis_number = models.CharField(max_length=60, blank=True, verbose_name="执行依据文号")
    obligations = models.TextField(blank=True, verbose_name="生效法律文书确定的义务")
    performance = models.CharField(max_length=40, blank=True, verbose_name="履行情况")

    class Meta:
        abstract = True


class DishonestDebtorListing(PublishedRespondent):
    """One decision to list one respondent of one case (失信规定 第1条、第5条), its publication,
    extension, correction and removal. At most one open listing per party."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "申请待决定"
        REJECTED = "rejected", "决定不予纳入"
        DECIDED = "decided", "已决定，待发布"
        PUBLISHED = "published", "已发布"
        REMOVED = "removed", "已删除"
        REVOKED = "revoked", "已撤销（不应纳入）"

    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="+")
    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # (court, status) index
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    decision_number = models.CharField(max_length=60, blank=True, verbose_name="决定书文号")
    ground = models.CharField(max_length=24, choices=_choices(GROUND_LABELS), verbose_name="情形")
    conduct = models.CharField(max_length=300, verbose_name="失信行为具体情形")
    initiative = models.CharField(
        max_length=12, choices=Initiative.choices, verbose_name="启动方式"
    )
    requested_on = models.DateField(null=True, blank=True, verbose_name="申请日期")
    decision_due_on = models.DateField(null=True, blank=True, verbose_name="应作出决定日期")
    decided_on = models.DateField(null=True, blank=True, verbose_name="决定日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # no query reads by it (8 M rows: ~50 MB saved); users are never deleted
    )
    rejection_reason = models.CharField(max_length=300, blank=True, verbose_name="不予纳入理由")
    term_years = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name="纳入期限（年）"
    )
    extension_years = models.PositiveSmallIntegerField(default=0, verbose_name="延长（年）")
    extension_reason = models.CharField(
        max_length=20, blank=True, choices=_choices(EXTENSION_REASON_LABELS)
    )
    extension_note = models.CharField(max_length=300, blank=True, verbose_name="延长理由")
    term_ends_on = models.DateField(null=True, blank=True, verbose_name="期限届满日")
    publish_due_on = models.DateField(null=True, blank=True, verbose_name="应发布日期")
    published_on = models.DateField(null=True, blank=True, verbose_name="发布日期")
    hidden = models.BooleanField(default=False, verbose_name="已屏蔽")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DECIDED)
    removal_ground = models.CharField(
        max_length=32, blank=True, choices=_choices(REMOVAL_GROUND_LABELS), verbose_name="删除情形"
    )
    removal_arose_on = models.DateField(null=True, blank=True, verbose_name="删除情形发生日期")
    removed_on = models.DateField(null=True, blank=True, verbose_name="删除日期")
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # no query reads by it (8 M rows: ~50 MB saved); users are never deleted
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "失信被执行人名单"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["party"],
                condition=Q(status__in=["requested", "decided", "published"]),
                name="listing_one_open_per_party",
            )
        ]
        indexes = [
            # The public query (M11): exact identity number, exact credit code, exact name, each
            # over the published and unhidden rows only.
            models.Index(
                fields=["id_number"],
                condition=Q(status="published", hidden=False),
                name="listing_public_id_idx",
            ),
            models.Index(
                fields=["credit_code"],
                condition=Q(status="published", hidden=False),
                name="listing_public_code_idx",
            ),
            models.Index(
                fields=["name", "id"],
                condition=Q(status="published", hidden=False),
                name="listing_public_name_idx",
            ),
            models.Index(fields=["court", "status"], name="listing_court_status_idx"),
            # the removal duty: listings whose term has run out (第10条第2款), without a scan
            models.Index(
                fields=["term_ends_on"],
                condition=Q(status__in=["decided", "published"]),
                name="listing_term_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.case_number}）"


_L = DishonestDebtorListing.Status
# A listing that is pending or in force: at most one per party (`listing_one_open_per_party`).
OPEN_LISTING = (_L.REQUESTED, _L.DECIDED, _L.PUBLISHED)
# A listing in force — decided (published or not): the respondent is "on the list" and must stay
# restricted (限高规定 第1条); a mere request is not one.
LISTED = (_L.DECIDED, _L.PUBLISHED)


class ConsumptionRestriction(PublishedRespondent):
    """A 限制消费令 (限高规定 第1条、第3—5条): signed by the president, naming the restricted
    behaviours and, for an organisation, the persons it also binds (`covered`)."""

    class Status(models.TextChoices):
        ISSUED = "issued", "已发出"
        LIFTED = "lifted", "已解除"

    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="+")
    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # (court, status) index
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    listing = models.ForeignKey(
        DishonestDebtorListing, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    order_number = models.CharField(max_length=60, verbose_name="限制消费令文号")
    initiative = models.CharField(
        max_length=12, choices=Initiative.choices, verbose_name="启动方式"
    )
    ex_officio_reason = models.CharField(max_length=300, blank=True, verbose_name="依职权理由")
    behaviours = models.JSONField(default=list, verbose_name="限制的消费行为")
    # [{"role": CoveredRole, "name": …, "id_number": …}] for an organisation (第3条第2款)
    covered = models.JSONField(default=list, verbose_name="同时限制的人员")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="签发院长",
        db_index=False,  # no query reads by it
    )
    signed_on = models.DateField(verbose_name="签发日期")
    hidden = models.BooleanField(default=False, verbose_name="已屏蔽")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ISSUED)
    lifting_ground = models.CharField(
        max_length=20, blank=True, choices=_choices(LIFTING_GROUND_LABELS), verbose_name="解除事由"
    )
    lifted_on = models.DateField(null=True, blank=True, verbose_name="解除日期")
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # no query reads by it (8 M rows: ~50 MB saved); users are never deleted
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "限制消费令"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["party"],
                condition=Q(status="issued"),
                name="restriction_one_open_per_party",
            )
        ]
        indexes = [
            models.Index(
                fields=["id_number"],
                condition=Q(status="issued", hidden=False),
                name="restriction_public_id_idx",
            ),
            models.Index(
                fields=["credit_code"],
                condition=Q(status="issued", hidden=False),
                name="restriction_public_code_idx",
            ),
            models.Index(
                fields=["name", "id"],
                condition=Q(status="issued", hidden=False),
                name="restriction_public_name_idx",
            ),
            models.Index(fields=["court", "status"], name="restriction_court_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.order_number}）"


class CorrectionRequest(models.Model):
    """A written request to correct a listing (失信规定 第11—12条): reviewed within 15 days,
    corrected within 3 working days when justified; 复议 to the next-higher court within 10 days of
    service, decided there within 15 days, without stay."""

    class Reason(models.TextChoices):
        SHOULD_NOT_LIST = "should_not_list", "不应被纳入失信名单"
        INACCURATE = "inaccurate", "记载和公布的失信信息不准确"
        SHOULD_DELETE = "should_delete", "失信信息应予删除"

    class Status(models.TextChoices):
        RECEIVED = "received", "待审查"
        GRANTED = "granted", "理由成立，待纠正"
        CORRECTED = "corrected", "已纠正"
        REJECTED = "rejected", "驳回"

    class Reconsideration(models.TextChoices):
        NONE = "", "未申请复议"
        PENDING = "pending", "复议审查中"
        UPHELD = "upheld", "复议驳回（维持）"
        REVERSED = "reversed", "复议撤销原决定"

    listing = models.ForeignKey(
        DishonestDebtorListing, on_delete=models.PROTECT, related_name="corrections"
    )
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=16, choices=Reason.choices, verbose_name="纠正理由")
    statement = models.TextField(verbose_name="申请内容")
    requested_by = models.CharField(max_length=100, verbose_name="申请人")
    received_on = models.DateField(verbose_name="收到申请日期")
    review_due_on = models.DateField(verbose_name="审查期限")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    decided_on = models.DateField(null=True, blank=True, verbose_name="审查决定日期")
    decision_reason = models.TextField(blank=True, verbose_name="审查意见")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    correct_due_on = models.DateField(null=True, blank=True, verbose_name="纠正期限")
    corrected_on = models.DateField(null=True, blank=True, verbose_name="纠正日期")
    served_on = models.DateField(null=True, blank=True, verbose_name="驳回决定送达日期")
    reconsideration = models.CharField(
        max_length=8, blank=True, choices=Reconsideration.choices, default=Reconsideration.NONE
    )
    reconsideration_court = models.ForeignKey(
        Court, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reconsideration_filed_on = models.DateField(null=True, blank=True, verbose_name="申请复议日期")
    reconsideration_due_on = models.DateField(null=True, blank=True, verbose_name="复议审查期限")
    reconsideration_decided_on = models.DateField(null=True, blank=True)
    reconsideration_reason = models.TextField(blank=True, verbose_name="复议意见")

    class Meta:
        verbose_name = "失信信息纠正申请"
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["court", "status"], name="correction_court_status_idx")]

    def __str__(self) -> str:
        return f"{self.requested_by}：{self.get_reason_display()}"


class FeedCounter(models.Model):
    """The last feed sequence number: one row, bumped by every feed entry in the writer's
    transaction, so entries become visible in sequence order and a cursor never skips one."""

    last = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.last)


class FeedEntry(models.Model):
    """One change to the list or to a restriction, as the linked departments read it
    (失信规定 第8条): listed, changed (extended, corrected), removed; issued, lifted."""

    class Change(models.TextChoices):
        LISTED = "listed", "纳入"
        CHANGED = "changed", "变更"
        REMOVED = "removed", "删除"
        RESTRICTED = "restricted", "限制消费"
        LIFTED = "lifted", "解除限制消费"

    seq = models.BigIntegerField(unique=True, verbose_name="序号")
    change = models.CharField(max_length=10, choices=Change.choices)
    listing = models.ForeignKey(
        DishonestDebtorListing, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    restriction = models.ForeignKey(
        ConsumptionRestriction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # No index of its own: (court, -seq) below leads with the court.
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+", db_index=False)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "共享信息变更"
        verbose_name_plural = verbose_name
        ordering = ["seq"]
        # A department reading one kind: `<kind>_id IS NOT NULL AND seq > n ORDER BY seq`; the
        # staff page: the latest entries of the actor's courts. The listing and restriction FK
        # indexes stay: a sanction report finds the entry of the listing or order it names.
        indexes = [
            models.Index(
                fields=["seq"],
                condition=models.Q(listing__isnull=False),
                name="credit_feed_listing_seq_idx",
            ),
            models.Index(
                fields=["seq"],
                condition=models.Q(restriction__isnull=False),
                name="credit_feed_restr_seq_idx",
            ),
            models.Index(fields=["court", "-seq"], name="credit_feed_court_seq_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.get_change_display()}"


class FeedSubscription(models.Model):
    """What one linked department reads from the feed (only what its duties need), how far it has
    acknowledged, and whether changes are also pushed to it through the outbox."""

    department = models.OneToOneField(
        LinkedDepartment, on_delete=models.CASCADE, related_name="credit_subscription"
    )
    listings = models.BooleanField(default=True, verbose_name="接收失信名单")
    restrictions = models.BooleanField(default=False, verbose_name="接收限制消费令")
    full_identity = models.BooleanField(default=True, verbose_name="接收完整身份证号码")
    push = models.BooleanField(default=False, verbose_name="经发件箱推送")
    acknowledged_seq = models.BigIntegerField(default=0, verbose_name="已确认至序号")
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "信用信息共享订阅"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return str(self.department)


class CreditSanctionReport(models.Model):
    """A department's report of the sanction it applied to a listed or restricted respondent
    (联合惩戒: refused a loan, a flight, a procurement bid), shown on the case."""

    class Kind(models.TextChoices):
        LOAN_REFUSED = "loan_refused", "限制贷款、授信"
        FLIGHT_REFUSED = "flight_refused", "限制乘坐飞机"
        RAIL_REFUSED = "rail_refused", "限制乘坐高铁、列车软卧"
        PROCUREMENT_REFUSED = "procurement_refused", "限制参与政府采购、招标投标"
        APPROVAL_REFUSED = "approval_refused", "限制行政审批、市场准入"
        POST_REFUSED = "post_refused", "限制担任职务、评先评优"
        OTHER = "other", "其他惩戒措施"

    department = models.ForeignKey(LinkedDepartment, on_delete=models.PROTECT, related_name="+")
    listing = models.ForeignKey(
        DishonestDebtorListing, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    restriction = models.ForeignKey(
        ConsumptionRestriction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="+")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name="惩戒措施")
    detail = models.CharField(max_length=300, verbose_name="具体情况")
    occurred_on = models.DateField(verbose_name="实施日期")
    report_id = models.CharField(max_length=64, verbose_name="报告编号")
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "联合惩戒反馈"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["department", "report_id"], name="sanction_report_unique"
            )
        ]
        indexes = [models.Index(fields=["case"], name="sanction_case_idx")]

    def __str__(self) -> str:
        return f"{self.department}：{self.get_kind_display()}"
