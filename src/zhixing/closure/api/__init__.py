"""/api/v1/ for this app: one router collecting one sub-router per area (added as areas land)."""

from ninja import Router

router = Router()
