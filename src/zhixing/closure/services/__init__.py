"""Every write of the closure app: one transaction, the case locked, rules checked, audit written."""

from .closing import case_close

__all__ = ["case_close"]
