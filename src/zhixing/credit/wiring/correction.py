"""Hooks of the correction area (from CreditConfig.ready): the worklist section of requests
falling due, and how a revocation reads on the timeline. Its page, /credit/corrections/, is linked
from the 失信名单 page, not from the navigation."""

from __future__ import annotations

from datetime import date
from typing import Any


def worklist_items(actor: Any, today: date) -> list[Any]:
    """失信信息纠正: requests to review or correct at the actor's court, 复议 to decide at an upper
    court — due within a week or already late (失信规定 第12条)."""
    from django.urls import reverse

    from zhixing.cases.hooks import WorklistItem

    from ..selectors.correction import SOURCE, worklist_rows

    return [
        WorklistItem(
            on=row.due.on,
            case=row.request.listing.case,
            text=f"{row.request.listing.name}的纠正申请（{row.request.get_reason_display()}）"
            f"待{row.due.what}",
            source=SOURCE,
            url=reverse("credit-correction", args=[row.request.pk]),
            action=f"办理{row.due.what}",
            urgent=row.overdue or row.due.on <= today,
        )
        for row in worklist_rows(actor, today)
        if row.due is not None
    ]


def ready() -> None:
    from zhixing.cases.hooks import register_value_labels, register_worklist_section

    from ..services.correction import REVOKED_GROUND, REVOKED_LABEL

    register_value_labels("ground", {REVOKED_GROUND: REVOKED_LABEL})
    register_worklist_section(
        "credit_corrections",
        "失信信息纠正申请",
        worklist_items,
        note="收到申请十五日内审查，理由成立的三个工作日内纠正；复议十五日内决定（失信规定 第12条）",
        order=60,
    )
    # /credit/corrections/ is linked from the 失信名单 page (one nav item for the credit pages)
