"""Periodic duties (`python -m zhixing run-duties`) as a registry: each app registers what it does
when time passes (post-终本 inquiries, expiring controls, overdue supervision) in AppConfig.ready().

A duty is `fn(today) -> summary`: it performs everything due on `today` and returns one line for
the log. Every duty must be idempotent and safe to run concurrently with itself (claim rows with
`select_for_update(skip_locked=True)` or a unique constraint), because schedulers overlap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any

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


# --- the day a duty acts on -------------------------------------------------------------------
# `run-duties --today 2026-05-01` (demos, tests, catching up after an outage) performs the duties
# as of that day. What a duty sets off may finish in the same process (a simulated department's
# answer delivered at once): code reacting to it asks `today()` rather than the wall clock, so the
# whole chain carries the same date. Outside `as_of` it is simply the court's local date.
_AS_OF: ContextVar[date | None] = ContextVar("zhixing_duty_as_of", default=None)


@contextmanager
def as_of(day: date) -> Iterator[date]:
    token = _AS_OF.set(day)
    try:
        yield day
    finally:
        _AS_OF.reset(token)


def today() -> date:
    from django.utils import timezone

    return _AS_OF.get() or timezone.localdate()


# --- who acts -----------------------------------------------------------------------------------
SYSTEM_USERNAME = "zhixing-system"


def system_actor() -> Any:
    """The account duties act as: a superuser, so `scope_of` gives it every court and node role
    checks let it record the nodes it owns (终本后定期查询, 告知), but *inactive* and without a usable
    password, so nobody can log in as it (Django's backends refuse inactive users). Audit records
    and timeline entries name it `zhixing-system`, which tells a reader the act was the system's
    own. Created on first use (idempotent; a concurrent creation is caught by the unique name)."""
    from django.contrib.auth import get_user_model
    from django.db import IntegrityError, transaction

    from .audit import audit_record

    users = get_user_model()
    found = users.objects.filter(username=SYSTEM_USERNAME).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            user = users(
                username=SYSTEM_USERNAME,
                first_name="系统",
                is_superuser=True,
                is_staff=False,
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
            audit_record(
                actor=None,
                action="core.system_actor_create",
                court_id=None,
                obj=user,
                summary="建立定期任务使用的系统账号（不可登录）",
                after={"username": SYSTEM_USERNAME},
            )
            return user
    except IntegrityError:
        return users.objects.get(username=SYSTEM_USERNAME)
