"""Navigation and hooks of the portal app (registered from PortalConfig.ready)."""

from __future__ import annotations


def ready() -> None:
    return None
