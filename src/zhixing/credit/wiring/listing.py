"""Navigation, case links, node reactions and duties of the listing area (from CreditConfig.ready)."""

from __future__ import annotations


def ready() -> None:
    return None
