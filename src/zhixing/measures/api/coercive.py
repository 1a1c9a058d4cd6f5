"""coercive through /api/v1/ (issue 4)."""

from ninja import Router

router = Router()
