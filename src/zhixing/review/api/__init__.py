"""/api/v1/ for this app: one router collecting one sub-router per area (added as areas land)."""

from ninja import Router

router = Router()

from . import cases, instructions, supervision  # noqa: E402

for area in (cases, supervision, instructions):
    router.add_router("", area.router)
