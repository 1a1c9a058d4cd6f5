"""Review cases (执行审查类案件): filing, the panel, recusal, the decision, service.

Each matter is docketed with its own 案号 at the court that hears it (`rules.review.KINDS`); its
clock is the *_FILED node on the enforcement case's timeline and stops at `review_decided` naming
that node (`for_seq`), so the deadline table, worklist and overdue lists carry it with the presiding
judge answering for it (`deadline_holders`). The panel and the decision are checked against the
case's record for separation of review from implementation (`separation`); such a refusal is
audited on its own.

The use cases live in three modules, re-exported here so callers import them from one place:
`filing` (the hearing court, the facts the rules read, `review_file`), `panel` (`review_assign`,
`recusal_record`, the panel candidates) and `decision` (`review_decide` with its 第237条 outcomes,
`review_serve`); what they share is in `_cases_common`.

Sources: 民事诉讼法 第236—238条、第47条、第49条、第85条; 执行程序解释 第5条、第7条、第8条、第10—13条;
执行异议复议规定 第6条、第11条、第17条、第23条; 民诉法解释 第462条; 法发〔2023〕4号 第1条、第2条.
"""

from __future__ import annotations

from ._cases_common import ASSIGNERS, DECIDERS, FILED_NODE, FILERS, RECUSAL_DECIDERS
from .decision import *  # noqa: F403
from .decision import __all__ as _decision
from .filing import *  # noqa: F403
from .filing import __all__ as _filing
from .panel import *  # noqa: F403
from .panel import __all__ as _panel
from .separation import case_conflicts

__all__ = [
    "ASSIGNERS",
    "DECIDERS",
    "FILED_NODE",
    "FILERS",
    "RECUSAL_DECIDERS",
    "case_conflicts",
    *_filing,
    *_panel,
    *_decision,
]
