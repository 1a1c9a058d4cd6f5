"""/api/v1/ for the measures app: one router collecting one sub-router per area."""

from ninja import Router

from . import coercive, control, disposal, distribution, funds, leads

router = Router()
for area in (funds, control, disposal, distribution, coercive, leads):
    router.add_router("", area.router)
