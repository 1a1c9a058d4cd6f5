"""Enforcement funds through /api/v1/."""

from ninja import Router

router = Router(tags=["执行款"])
