"""Pages of the feed area."""

from __future__ import annotations

urlpatterns: list = []
