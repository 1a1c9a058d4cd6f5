"""Navigation and hooks of the portal app (registered from PortalConfig.ready)."""

from __future__ import annotations


def ready() -> None:
    from zhixing.core.navigation import NavItem, register

    from .services import INBOX_ROLES

    register(NavItem(90, "公众反馈", "feedback-inbox", frozenset(INBOX_ROLES)))
    # 发布曝光 and 发布典型案例 are linked from the 公众反馈 page (PUBLISHERS ⊂ INBOX_ROLES)
