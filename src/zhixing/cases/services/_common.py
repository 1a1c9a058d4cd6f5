"""Helpers shared by the case services: scope, roles, input parsing, node checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound, parse_money
from zhixing.core.rules.roles import Role
from zhixing.organization.models import Court, Staff
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..models import (
    EnforcementCase,
)
from ..rules.nodes import (
    NODE_TABLE,
    NodeCode,
    Recorded,
    Refusal,
    check_node,
)

N = NodeCode


def _raise(refusals: list[Refusal], cls: type[DomainError] = DomainError) -> None:
    if refusals:
        first = refusals[0]
        raise cls(first.code, first.message, source=first.source, field=first.field or None)


def _actor_staff(actor: Any, court: Court) -> Staff | None:
    """The acting staff member, who must see the court (own court or an upper court)."""
    if not scope_of(actor).covers(court.id):
        raise NotFound("未找到该案件，或您无权查看")
    return staff_of(actor)


def _money(value: Any, field: str) -> Decimal | None:
    """An optional, non-negative amount (empty = none)."""
    if value in (None, ""):
        return None
    amount = parse_money(value, field=field)
    if amount < 0:
        raise InputError("money.negative", "金额不能为负数", field=field)
    return amount


def _require_roles(actor: Any, allowed: frozenset[Role], what: str) -> None:
    if not (roles_of(actor) & allowed):
        who = "、".join(sorted(r.label for r in allowed))
        raise AccessDenied(f"“{what}”只能由{who}办理", code="node.role")


def _locked(case: EnforcementCase) -> EnforcementCase:
    return (
        EnforcementCase.objects.select_for_update(of=("self",))
        .select_related("court")
        .get(pk=case.pk)
    )


def _history(case: EnforcementCase) -> list[Recorded]:
    return [
        Recorded(NodeCode(code), on)
        for code, on in case.events.order_by("seq").values_list("code", "occurred_on")
    ]


def _check_and_date(actor: Any, case: EnforcementCase, code: NodeCode, on: date) -> None:
    node = NODE_TABLE[code]
    roles = roles_of(actor)
    if getattr(actor, "is_superuser", False):
        roles = roles | node.roles
    _raise(check_node(code, _history(case), roles))
    if on > timezone.localdate():
        raise InputError(
            "node.future",
            f"“{node.label}”的日期不能晚于今天",
            field="occurred_on",
            source=node.source,
        )
    last = case.events.order_by("-seq").values_list("occurred_on", flat=True).first()
    if last is not None and on < last:
        raise InputError(
            "node.date_order",
            f"“{node.label}”的日期不能早于上一节点（{last:%Y年%m月%d日}）",
            field="occurred_on",
            source=node.source,
        )
