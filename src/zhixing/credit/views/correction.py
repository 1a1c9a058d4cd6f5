"""Pages of the correction area."""

from __future__ import annotations

urlpatterns: list = []
