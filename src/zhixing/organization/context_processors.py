"""The navigation bar, by role (design: Chinese pages for the people who do the work)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from zhixing.core.navigation import items as navigation_items

from .rules import CourtLevel
from .selectors import roles_of, staff_of

UPPER_LEVELS = frozenset({CourtLevel.SUPREME, CourtLevel.HIGH, CourtLevel.INTERMEDIATE})


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "me": None}
    roles = roles_of(user)
    me = staff_of(user)
    upper = me is not None and me.court.level in UPPER_LEVELS
    items = [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "active": request.resolver_match is not None
            and request.resolver_match.url_name == item.url_name,
        }
        for item in navigation_items()
        if (upper or user.is_superuser or not item.upper_only)
        and (
            not item.roles
            or roles & item.roles
            or user.is_superuser
            or (upper and item.upper_courts)
        )
    ]
    if user.is_staff:
        items.append({"label": "系统配置", "url": reverse("admin:index"), "active": False})
    return {
        "nav_items": items,
        "me": me,
        "my_roles": sorted(r.label for r in roles),
    }
