"""Hooks of the feed area (from CreditConfig.ready): the case's link to its 联合惩戒反馈 page and
the departments' answers to pushed entries. The staff page /credit/feed/ is linked from the 失信名单
page, not from the navigation."""

from __future__ import annotations


def ready() -> None:
    from zhixing.cases.hooks import register_case_link
    from zhixing.linkage.hooks import on_answer
    from zhixing.linkage.rules.outbox import MessageKind

    from ..outbox import acknowledge_push

    on_answer(MessageKind.CREDIT, acknowledge_push)
    register_case_link("联合惩戒反馈", "case-sanctions")
    # /credit/feed/ is linked from the 失信名单 page (one nav item for the credit pages)
