"""Kernel tables: the hash-chained audit log, the administrator's holiday table, API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditChainHead(models.Model):
    """The last link of one court's audit chain; locked while a record is appended.

    Keeping the head apart lets `audit verify` notice records deleted from the end of a chain.
    """

    chain = models.BigIntegerField(
        primary_key=True
    )  # court id; 0 = records that belong to no court
    seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"审计链 {self.chain}：{self.seq} 条"


class AuditRecord(models.Model):
    """One action (or protected read) by one actor, chained to the court's previous record."""

    chain = models.BigIntegerField()
    seq = models.BigIntegerField()
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique"),
        ]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor_id", "at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.chain}.{self.seq} {self.action}"


class HolidayOverride(models.Model):
    """A day set by the administrator: for years the official table lacks, or to correct it."""

    class Kind(models.TextChoices):
        WORKDAY = "workday", "工作日（调休上班）"
        REST = "rest", "休息日（法定节假日）"

    day = models.DateField(unique=True, verbose_name="日期")
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name="类别")
    name = models.CharField(max_length=40, blank=True, verbose_name="名称")

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = verbose_name
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}"


class ApiToken(models.Model):
    """A system's credential for /api/v1/. Only the SHA-256 of the secret is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, verbose_name="用途")
    prefix = models.CharField(max_length=8, verbose_name="前缀")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"
