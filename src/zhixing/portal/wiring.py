"""Navigation and hooks of the portal app (registered from PortalConfig.ready)."""

from __future__ import annotations


def ready() -> None:
    from zhixing.core.navigation import NavItem, register

    from .services import INBOX_ROLES, PUBLISHERS

    register(NavItem(90, "公众反馈", "feedback-inbox", frozenset(INBOX_ROLES)))
    register(NavItem(91, "发布曝光", "exposure-new", frozenset(PUBLISHERS)))
