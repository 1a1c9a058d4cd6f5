"""The navigation bar, by role (design: Chinese pages for the people who do the work)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from zhixing.core.rules.roles import Role

from .selectors import roles_of, staff_of

# (label, url name, roles that see it; empty = every member of staff)
NAV_ITEMS: list[tuple[str, str, frozenset[Role]]] = [
    ("工作台", "home", frozenset()),
    ("法院与机构", "court-tree", frozenset()),
    (
        "队伍建设",
        "team-figures",
        frozenset(
            {
                Role.ADMINISTRATOR,
                Role.BUREAU_CHIEF,
                Role.PRESIDENT,
                Role.VICE_PRESIDENT,
                Role.EVALUATOR,
                Role.INTEGRITY_INSPECTOR,
            }
        ),
    ),
    ("期限计算", "calendar-tool", frozenset()),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "me": None}
    roles = roles_of(user)
    items = [
        {
            "label": label,
            "url": reverse(name),
            "active": request.resolver_match is not None
            and request.resolver_match.url_name == name,
        }
        for label, name, needed in NAV_ITEMS
        if not needed or roles & needed or user.is_superuser
    ]
    if user.is_staff:
        items.append({"label": "系统配置", "url": reverse("admin:index"), "active": False})
    me = staff_of(user)
    return {
        "nav_items": items,
        "me": me,
        "my_roles": sorted(r.label for r in roles),
    }
