"""Template helpers of the case pages: deadline countdowns, money, masked identity numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html

from zhixing.core.rules.identity import mask_id_number
from zhixing.core.rules.money import format_money, money_uppercase

from ..rules.deadlines import STATUS_LABELS, Status

register = template.Library()


@dataclass(frozen=True)
class Countdown:
    status: Status
    text: str

    @property
    def css(self) -> str:
        return self.status.value.replace("_", "-")


def countdown_of(row: Any, today: date | None = None) -> Countdown:
    """“剩余 N 天” / “今日届满” / “已超期 N 天” / “计时中止” / “按期完成” / “超期完成”."""
    today = today or timezone.localdate()
    status = row.status(today)
    if status in (Status.OPEN, Status.DUE_SOON):
        left = (row.due_on - today).days
        return Countdown(status, f"剩余 {left} 天" if left else "今日届满")
    if status is Status.OVERDUE:
        return Countdown(status, f"已超期 {(today - row.due_on).days} 天")
    return Countdown(status, STATUS_LABELS[status])


@register.simple_tag
def countdown(row: Any, today: date | None = None) -> str:
    state = countdown_of(row, today)
    return format_html('<span class="countdown {}">{}</span>', state.css, state.text)


@register.filter
def money(value: Decimal | None) -> str:
    """100000 → "100,000.00"; None → "—"."""
    return "—" if value is None else format_money(Decimal(value))


@register.filter
def money_upper(value: Decimal | None) -> str:
    return "" if value is None else money_uppercase(Decimal(value))


@register.filter
def masked_id(value: str) -> str:
    return mask_id_number(value) if value else ""


@register.filter
def case_label(case: Any) -> str:
    """The case number, or “待立案（2026-10-30收案）” before docketing (never the database id)."""
    if case.case_number:
        return case.case_number
    return f"待立案（{case.received_on:%Y-%m-%d}收案）"
