"""Every write of the closure app: one transaction, the case locked, rules checked, audit written."""

from .closing import RoundTerminationGateRefused, case_close
from .round_termination import gate_checklist, gate_facts, gate_refusals, round_termination_approve

__all__ = [
    "RoundTerminationGateRefused",
    "case_close",
    "gate_checklist",
    "gate_facts",
    "gate_refusals",
    "round_termination_approve",
]
