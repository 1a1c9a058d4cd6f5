"""/api/v1/ routes of the correction area."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["信用惩戒"])
