"""Pages of the listing area."""

from __future__ import annotations

urlpatterns: list = []
