"""What every measures API module declares the same way: the money field, the party of a case
named by id, a list's limit. (The error responses READ and WRITE are in `zhixing.core.schemas`.)"""

from __future__ import annotations

from typing import Any

from ninja import Field

from zhixing.cases.models import EnforcementCase, Party
from zhixing.core.errors import NotFound


def money(example: str, default: Any = ...) -> Any:
    """A money field: a string (never a float), two places at most; required unless `default`."""
    return Field(default, description=f'金额（元，最多两位小数），建议以字符串传递，如 "{example}"')


def party_of(case: EnforcementCase, pk: int) -> Party:
    """The party `pk` of the case (from its prefetched parties), or 404."""
    party = next((p for p in case.parties.all() if p.pk == pk), None)
    if party is None:
        raise NotFound("本案没有该当事人", code="party.not_found")
    return party


def limited(limit: int, most: int) -> int:
    """A list's `limit` parameter kept between 1 and `most`."""
    return max(1, min(limit, most))
