"""The one registry through which apps above `cases` react to nodes recorded on a case.

design.md decision 9: `cases` knows none of the apps above it. An app registers a handler in its
AppConfig.ready(); `node_record` calls the handlers inside the same transaction, so a reaction is
part of the write that caused it (or the write fails as a whole).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from .rules.nodes import NodeCode

Handler = Callable[..., None]
_HANDLERS: dict[NodeCode, list[Handler]] = defaultdict(list)


def on_node(*codes: NodeCode) -> Callable[[Handler], Handler]:
    """Decorator: call `handler(case=…, event=…, actor=…)` after a node with one of `codes` is recorded."""

    def register(handler: Handler) -> Handler:
        for code in codes:
            if handler not in _HANDLERS[code]:
                _HANDLERS[code].append(handler)
        return handler

    return register


def run_handlers(code: NodeCode, **kwargs: Any) -> None:
    for handler in _HANDLERS.get(code, []):
        handler(**kwargs)


def registered() -> dict[NodeCode, list[Handler]]:
    return {code: list(handlers) for code, handlers in _HANDLERS.items() if handlers}


# Pages of apps above `cases` that belong to one case (执行款, 网络查控 …): registered in their
# AppConfig.ready() as (label, url name taking the case pk), shown on the case page.
_CASE_LINKS: list[tuple[str, str]] = []


def register_case_link(label: str, url_name: str) -> None:
    if (label, url_name) not in _CASE_LINKS:
        _CASE_LINKS.append((label, url_name))


def case_links() -> list[tuple[str, str]]:
    return list(_CASE_LINKS)


# Who answers for a deadline whose holder is not a stage's holder: a review matter's clock belongs
# to its presiding judge, not to the enforcement officer. A provider returns {start seq: staff id}
# for the case's deadline instances it knows; recompute_deadlines asks every provider.
DeadlineHolders = Callable[[Any], dict[int, int]]
_HOLDERS: list[DeadlineHolders] = []


def register_deadline_holders(provider: DeadlineHolders) -> None:
    if provider not in _HOLDERS:
        _HOLDERS.append(provider)


def deadline_holders(case: Any) -> dict[int, int]:
    owners: dict[int, int] = {}
    for provider in _HOLDERS:
        owners.update(provider(case))
    return owners
