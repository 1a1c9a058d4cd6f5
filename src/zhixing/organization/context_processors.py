"""The navigation bar, by role (design: Chinese pages for the people who do the work)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from zhixing.core.rules.roles import Role

from .rules import CourtLevel
from .selectors import roles_of, staff_of

SUPERVISING_ROLES = frozenset(
    {
        Role.BUREAU_CHIEF,
        Role.PRESIDENT,
        Role.VICE_PRESIDENT,
        Role.EVALUATOR,
        Role.COMMAND_STAFF,
        Role.ADMINISTRATOR,
    }
)

# (label, url name, roles that see it; empty = every member of staff)
NAV_ITEMS: list[tuple[str, str, frozenset[Role]]] = [
    ("工作台", "home", frozenset()),
    ("我的待办", "worklist", frozenset()),
    ("案件", "case-list", frozenset()),
    ("立案", "case-new", frozenset({Role.CLERK, Role.OFFICER, Role.ASSISTANT, Role.JUDGE})),
    ("超期督办", "overdue-list", SUPERVISING_ROLES),
    ("案件统计", "case-dashboard", SUPERVISING_ROLES),
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
    ("期限计算", "period-calculator", frozenset()),
]

# Pages an upper court's staff see whatever their roles: they supervise the courts below.
UPPER_COURT_ITEMS = frozenset({"overdue-list", "case-dashboard"})
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
            "label": label,
            "url": reverse(name),
            "active": request.resolver_match is not None
            and request.resolver_match.url_name == name,
        }
        for label, name, needed in NAV_ITEMS
        if not needed
        or roles & needed
        or user.is_superuser
        or (upper and name in UPPER_COURT_ITEMS)
    ]
    if user.is_staff:
        items.append({"label": "系统配置", "url": reverse("admin:index"), "active": False})
    return {
        "nav_items": items,
        "me": me,
        "my_roles": sorted(r.label for r in roles),
    }
