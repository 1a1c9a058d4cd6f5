"""Periodic duties (`python -m zhixing run-duties`) as a registry: each app registers what it does
when time passes (post-终本 inquiries, expiring controls, overdue supervision) in AppConfig.ready().

A duty is `fn(today) -> summary`: it performs everything due on `today` and returns one line for
the log. Every duty must be idempotent and safe to run concurrently with itself (claim rows with
`select_for_update(skip_locked=True)` or a unique constraint), because schedulers overlap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

DutyFn = Callable[[date], str]


@dataclass(frozen=True)
class Duty:
    order: int
    name: str
    label: str
    run: DutyFn


_DUTIES: dict[str, Duty] = {}


def register(order: int, name: str, label: str, run: DutyFn) -> None:
    _DUTIES[name] = Duty(order, name, label, run)


def duties() -> list[Duty]:
    return sorted(_DUTIES.values(), key=lambda d: d.order)
