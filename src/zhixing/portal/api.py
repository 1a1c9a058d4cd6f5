"""/api/v1/public/: the public query (no login, rate-limited per client)."""

from ninja import Router

router = Router(tags=["执行公开"])
