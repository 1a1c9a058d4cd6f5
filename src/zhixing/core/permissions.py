"""Jurisdiction scope (design.md decision 3): which courts' rows an actor may see.

A basic court sees its own rows, an intermediate or high court its subtree, the Supreme People's
Court everything. The organization app builds a Scope for a user; every selector applies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db.models import QuerySet

from .errors import NotFound

Q = TypeVar("Q", bound=QuerySet)


@dataclass(frozen=True)
class Scope:
    """`court_ids is None` means every court; an empty set means none."""

    court_ids: frozenset[int] | None
    home_court_id: int | None = None

    @property
    def everything(self) -> bool:
        return self.court_ids is None

    def covers(self, court_id: int | None) -> bool:
        if court_id is None:
            return self.everything
        return self.court_ids is None or court_id in self.court_ids

    def restrict(self, qs: Q, court_field: str = "court") -> Q:
        """Rows whose `court_field` lies in scope. Filters on the court id column, which every
        court-owned row carries and indexes, instead of joining the court tree."""
        if self.court_ids is None:
            return qs
        lookup = "id__in" if court_field in ("", "self") else f"{court_field}_id__in"
        return qs.filter(**{lookup: sorted(self.court_ids)})

    def require(self, court_id: int | None) -> None:
        """Rows outside scope are reported as not found, so their existence does not leak."""
        if not self.covers(court_id):
            raise NotFound()


NOBODY = Scope(court_ids=frozenset())
EVERYTHING = Scope(court_ids=None)
