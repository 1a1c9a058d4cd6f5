"""/api/v1/ for the credit app: one router collecting one sub-router per area."""

from ninja import Router

router = Router()

from . import correction, feed, listing, restriction  # noqa: E402

router.add_router("", listing.router)
router.add_router("", correction.router)
router.add_router("", feed.router)
router.add_router("", restriction.router)
