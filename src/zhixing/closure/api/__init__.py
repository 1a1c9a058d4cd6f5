"""/api/v1/ for this app: one router collecting one sub-router per area (added as areas land)."""

from ninja import Router

router = Router()

from . import after, closing  # noqa: E402  (after 终本: re-inquiries, resumption; 结案, 终本)

router.add_router("", closing.router)
router.add_router("", after.router)
