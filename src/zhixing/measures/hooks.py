"""Registries through which apps above `measures` tell it what it cannot see itself.

Item holds: an upheld 案外人异议 suspends enforcement of that item (民事诉讼法 第238条). The review app
knows the ruling; measures enforces against the item. A provider takes a control measure and
returns why the item is held (a sentence a clerk reads), or None; the services that enforce
against an item (扣划, 评估, 拍卖, 变卖或以物抵债) ask every provider and refuse while one answers.
Release and renewal stay allowed: they do not enforce against the item.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zhixing.core.errors import DomainError

HOLD_SOURCE = "民事诉讼法 第238条"

ItemHold = Callable[[Any], str | None]
_ITEM_HOLDS: list[ItemHold] = []


def register_item_hold(provider: ItemHold) -> ItemHold:
    """Registers `provider(control_measure) -> reason | None` (called from an AppConfig.ready)."""
    if provider not in _ITEM_HOLDS:
        _ITEM_HOLDS.append(provider)
    return provider


def item_hold(measure: Any) -> str | None:
    """The first reason a provider gives why enforcement of the measure's item is held."""
    for provider in _ITEM_HOLDS:
        reason = provider(measure)
        if reason:
            return reason
    return None


def refuse_if_held(measure: Any, what: str) -> None:
    """Refuses `what` (扣划, 拍卖 …) while enforcement of the measure's item is held."""
    reason = item_hold(measure)
    if reason:
        raise DomainError("measures.item_suspended", f"{reason}，不能{what}", source=HOLD_SOURCE)
