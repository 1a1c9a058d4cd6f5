"""The one registry through which apps above `cases` react to nodes recorded on a case.

design.md decision 9: `cases` knows none of the apps above it. An app registers a handler in its
AppConfig.ready(); `node_record` calls the handlers inside the same transaction, so a reaction is
part of the write that caused it (or the write fails as a whole).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
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


# Sections of the worklist (我的待办) owned by apps above `cases`: cases to resume after 终本
# (十个必须 第6条), controls about to lapse. A provider returns the actor's own items for `today`;
# the worklist page shows each non-empty section under its label.
@dataclass(frozen=True)
class WorklistItem:
    on: date | None  # when it arose or falls due
    case: Any  # the EnforcementCase it concerns
    text: str
    source: str = ""  # the article that makes it a duty
    url: str = ""  # where to act on it
    action: str = ""  # the link's label
    urgent: bool = False


WorklistProvider = Callable[[Any, date], list[WorklistItem]]
_WORKLIST: dict[str, tuple[int, str, str, WorklistProvider]] = {}


def register_worklist_section(
    key: str, label: str, provider: WorklistProvider, *, note: str = "", order: int = 50
) -> None:
    _WORKLIST[key] = (order, label, note, provider)


def worklist_sections(actor: Any, today: date) -> list[tuple[str, str, str, list[WorklistItem]]]:
    """(key, label, note, items) of every registered section with items for the actor."""
    sections = []
    for key, (_order, label, note, provider) in sorted(_WORKLIST.items(), key=lambda i: i[1][0]):
        items = provider(actor, today)
        if items:
            sections.append((key, label, note, items))
    return sections


# How a value in a node's data reads on the timeline, for codes defined by apps above (结案方式
# `round_terminated` → 终结本次执行程序): registered as (data key, {value: label}).
_VALUE_LABELS: dict[str, dict[str, str]] = {}


def register_value_labels(key: str, labels: dict[str, str]) -> None:
    _VALUE_LABELS.setdefault(key, {}).update(labels)


def value_label(key: str, value: object) -> object:
    return _VALUE_LABELS.get(key, {}).get(str(value), value)
