"""Pages of joint linkage: conferences, decisions, supervision listings, special-entity cases."""

from __future__ import annotations

urlpatterns: list = []
