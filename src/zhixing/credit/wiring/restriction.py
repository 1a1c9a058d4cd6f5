"""Case link and node reactions of the consumption-restriction area (from CreditConfig.ready).

限高规定 第9条: when the respondent has fully performed, the court shall lift the order promptly. A
case closed as 执行完毕 is that fact on the file, so every issued order of the case is lifted in the
closing transaction. The listing area's handler of the same node runs first (CreditConfig.ready
readies the listing area before this one; hooks run in registration order) and removes the
listings, so the 第1条 check (a listed respondent stays restricted) no longer holds the order.
"""

from __future__ import annotations

from typing import Any


def lift_on_full_performance(*, case: Any, event: Any, actor: Any) -> None:
    from zhixing.closure.rules.modes import Mode

    from ..services.restriction import restrictions_lift_on_full_performance

    if (event.data or {}).get("mode") != Mode.FULLY_PERFORMED.value:
        return
    restrictions_lift_on_full_performance(actor=actor, case=case, on=event.occurred_on)


def ready() -> None:
    from zhixing.cases.hooks import on_node, register_case_link
    from zhixing.cases.rules.nodes import NodeCode

    register_case_link("限制消费令", "case-restriction")
    on_node(NodeCode.CLOSED)(lift_on_full_performance)
