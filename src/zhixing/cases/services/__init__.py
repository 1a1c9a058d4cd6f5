"""Every write to enforcement cases: one transaction, the case locked, rules checked, audit written.

Split by sub-domain; import the use cases from here (`from zhixing.cases import services`).
"""

from .assignment import officer_assign, stage_assign
from .coordination import (
    collegial_decision_record,
    reminder_mark_read,
    reminder_send,
    trial_feedback_answer,
    trial_feedback_raise,
    voluntary_performance_record,
)
from .filing import (
    QUERY_CODE_ALPHABET,
    CaseInputs,
    case_docket,
    case_inputs_from,
    case_receive,
    case_refuse,
    next_serial,
)
from .process import (
    extension_decide,
    extension_request,
    node_record,
    node_record_owned,
    recompute_deadlines,
)

__all__ = [
    "QUERY_CODE_ALPHABET",
    "CaseInputs",
    "case_docket",
    "case_inputs_from",
    "case_receive",
    "case_refuse",
    "collegial_decision_record",
    "extension_decide",
    "extension_request",
    "next_serial",
    "node_record",
    "node_record_owned",
    "officer_assign",
    "recompute_deadlines",
    "reminder_mark_read",
    "reminder_send",
    "stage_assign",
    "trial_feedback_answer",
    "trial_feedback_raise",
    "voluntary_performance_record",
]
