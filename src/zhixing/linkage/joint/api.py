"""/api/v1/ routes of joint linkage."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["联动机制"])
