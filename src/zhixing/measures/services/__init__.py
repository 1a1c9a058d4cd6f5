"""Every write of the measures app, one module per area (funds, control with control_answers,
disposal, distribution, coercive, leads); what they all check the same way is in `_common`. The
funds services keep their old address (`measures.services.receipt_record`); the other areas are
used as modules (`from zhixing.measures.services import control`)."""

from .funds import *  # noqa: F403
