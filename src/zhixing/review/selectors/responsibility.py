"""Reads of responsibility analyses: the lower court's (the court whose ruling or act was revoked)
and every court above it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhixing.core.errors import NotFound
from zhixing.organization.selectors import scope_of

from ..models import ResponsibilityAnalysis

__all__ = ["analysis_get", "analysis_list"]

RELATED = ("case", "court", "review__court", "review__parent", "closed_by")


def analysis_list(*, actor: Any, open_only: bool = True) -> QuerySet[ResponsibilityAnalysis]:
    qs = scope_of(actor).restrict(ResponsibilityAnalysis.objects.all(), "court")
    if open_only:
        qs = qs.filter(closed_on__isnull=True)
    return qs.select_related(*RELATED).prefetch_related("people").order_by("opened_on", "id")


def analysis_get(*, actor: Any, pk: int) -> ResponsibilityAnalysis:
    row = (
        ResponsibilityAnalysis.objects.select_related(*RELATED)
        .prefetch_related("people")
        .filter(pk=pk)
        .first()
    )
    if row is None or not scope_of(actor).covers(row.court_id):
        raise NotFound("未找到该责任分析，或您无权查看")
    return row
