"""Navigation, the case link and the docketing reaction of joint linkage (from LinkageConfig.ready)."""

from __future__ import annotations

from typing import Any


def _docketed(*, case: Any, event: Any, actor: Any) -> None:
    """特殊主体案件 recognised at docketing, in a savepoint of the docketing transaction: a failure
    of the recognition is logged and audited, never a failure of docketing (法发〔2009〕43号
    二(一))."""
    from .services import special_entity_flag_at_docketing

    special_entity_flag_at_docketing(case=case, actor=actor)


def _listings_to_report(actor: Any, today: Any) -> list[Any]:
    from .selectors import listings_to_report

    return listings_to_report(actor, today)


def ready() -> None:
    from zhixing.cases.hooks import on_node, register_case_link, register_worklist_section
    from zhixing.cases.rules.nodes import NodeCode
    from zhixing.core.navigation import NavItem, register
    from zhixing.core.rules.roles import Role

    on_node(NodeCode.DOCKETED)(_docketed)
    register_case_link("挂牌督办", "joint-case-supervision")
    register_worklist_section(
        "joint_supervision",
        "上级法院挂牌督办",
        _listings_to_report,
        note="在督办期限内报告办理情况，由上级法院审核销号（法发〔2009〕43号 一(三)）",
        order=30,
    )
    leaders = frozenset({Role.BUREAU_CHIEF, Role.PRESIDENT, Role.VICE_PRESIDENT})
    register(NavItem(66, "联席会议", "joint-conferences", leaders | {Role.COMMAND_STAFF}))
    register(
        NavItem(
            67, "挂牌督办", "joint-supervision-listings", leaders | {Role.JUDGE}, upper_courts=True
        )
    )
    register(
        NavItem(
            68,
            "特殊主体案件",
            "joint-special-entities",
            leaders | {Role.COMMAND_STAFF},
            upper_courts=True,
        )
    )
