"""What every measures page does the same way — now shared by the apps and kept in
`zhixing.core.views`; re-exported here so the measures views keep their imports."""

from __future__ import annotations

from zhixing.core.views import (
    View,
    error_page,
    not_future,
    perform_action,
    positive,
    shows_errors,
    sourced,
    today,
)

__all__ = [
    "View",
    "error_page",
    "not_future",
    "perform_action",
    "positive",
    "shows_errors",
    "sourced",
    "today",
]
