"""The navigation bar as a registry: each app adds its pages in AppConfig.ready().

So the bar can show pages of every app without the lower apps knowing the higher ones
(design.md decision 9). Roles empty = every member of staff; `upper_courts` = also shown to staff of
intermediate, high and supreme courts, who supervise the courts below whatever their roles;
`upper_only` = shown only at those courts (work that only an upper court does, such as deciding
reconsiderations of a lower court's fines).
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules.roles import Role


@dataclass(frozen=True)
class NavItem:
    order: int
    label: str
    url_name: str
    roles: frozenset[Role] = frozenset()
    upper_courts: bool = False
    upper_only: bool = False


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.url_name] = item


def items() -> list[NavItem]:
    return sorted(_ITEMS.values(), key=lambda i: i.order)
