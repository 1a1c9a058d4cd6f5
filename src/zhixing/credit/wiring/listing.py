"""Navigation, case links, node reactions and duties of the listing area (from CreditConfig.ready).

Automatic removal (失信规定 第10条: within 3 working days of the ground — done at once, in the
transaction that records it): a case closed by 执行完毕 removes its open listings on
FULL_PERFORMANCE, by 终结执行 on ENFORCEMENT_ENDED, by 不予执行 on NOT_ENFORCED. A suspension
(中止执行) carries its reason as free text, so whether it is for 审判监督 or 破产 (第10条第1款第5项)
cannot be read from the node: that removal stays manual on the listing page.

Requests awaiting a decision lapse on every closing mode (a closed case decides nothing more).
A case closed by 销案 or 驳回申请 with a listing still in force has no removal ground of its own:
the listing goes to the officer's worklist for review ("案件已结案但失信信息仍在发布").
"""

from __future__ import annotations

from typing import Any


def _on_closed(*, case: Any, event: Any, actor: Any) -> None:
    from zhixing.closure.rules.modes import MODE_LABELS, Mode

    from ..rules.listing import RemovalGround
    from ..services.listing import listing_remove_automatic, listing_requests_lapse

    mode_value = (event.data or {}).get("mode", "")
    try:
        mode = Mode(mode_value)
    except ValueError:
        mode = None
    listing_requests_lapse(
        case=case,
        on=event.occurred_on,
        closing=MODE_LABELS[mode] if mode is not None else "结案",
    )
    grounds = {
        Mode.FULLY_PERFORMED: RemovalGround.FULL_PERFORMANCE,
        Mode.TERMINATED: RemovalGround.ENFORCEMENT_ENDED,
        Mode.NOT_ENFORCED: RemovalGround.NOT_ENFORCED,
    }
    ground = grounds.get(mode) if mode is not None else None
    if ground is not None:
        listing_remove_automatic(case=case, ground=ground, on=event.occurred_on)


def ready() -> None:
    from zhixing.cases.hooks import (
        on_node,
        register_case_link,
        register_value_labels,
        register_worklist_section,
    )
    from zhixing.cases.rules.nodes import NodeCode
    from zhixing.core.navigation import NavItem, register
    from zhixing.core.rules.roles import Role

    from .. import duties
    from ..rules.listing import GROUND_LABELS, REMOVAL_GROUND_LABELS, SOURCE_DECISION
    from ..selectors.listing import worklist_items

    on_node(NodeCode.CLOSED)(_on_closed)
    register_case_link("失信名单", "case-credit")
    labels = {g.value: label for g, label in GROUND_LABELS.items()}
    labels.update({g.value: label for g, label in REMOVAL_GROUND_LABELS.items()})
    register_value_labels("ground", labels)
    register(
        NavItem(
            46,
            "失信名单",
            "credit-listings",
            frozenset(
                {
                    Role.OFFICER,
                    Role.JUDGE,
                    Role.ASSISTANT,
                    Role.CLERK,
                    Role.BUREAU_CHIEF,
                    Role.PRESIDENT,
                    Role.COMMAND_STAFF,
                    Role.ADMINISTRATOR,
                }
            ),
            upper_courts=True,
        )
    )
    register_worklist_section(
        "credit-listings",
        "失信名单待办",
        worklist_items,
        note=f"申请纳入失信名单的，应在15日内决定（{SOURCE_DECISION}）；决定纳入后3个工作日内发布",
        order=30,
    )
    duties.register_duties()
