"""Navigation, case links, node reactions and duties of the feed area (from CreditConfig.ready)."""

from __future__ import annotations


def ready() -> None:
    return None
