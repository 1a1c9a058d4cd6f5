"""Public calculators through /api/v1/calculators/ (fees, delay interest)."""

from ninja import Router

router = Router(tags=["计算器"])
