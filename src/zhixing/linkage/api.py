"""Linked departments, outbox and network inquiry through /api/v1/."""

from ninja import Router

router = Router(tags=["联动查控"])
