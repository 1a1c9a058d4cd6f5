"""Upper-court supervision of a lower court's case and entrustment to another court (M6).

Each use case is one transaction: the case (or action) row locked, scope and role checked, the
rules asked, the node recorded on the case's timeline, the row written, the audit record appended.
A case that moves (提级、指定、交叉) gets its new case at the receiving court — received, docketed
with its own number, parties and basis copied — and the original is closed by 终结执行 with the
ground of 法发〔2014〕26号 第17条第10—11项, all in the same transaction: a refusal anywhere (the
closure refused, the new case's filing refused) leaves nothing behind.

Who acts (see `rules.supervision.DECIDER_ROLES`): taking or assigning a case is a ruling of the
upper court (执行程序解释 第11条) that dockets a case and closes the original in the same act, so a
judge of the upper court records it — the 结案 node needs 执行员 or 法官 (cases.rules.nodes
RULING_ROLES), the new case's 立案 a filing role; a president or vice-president whose approval the
court requires has a judge record the ruling. A 督促执行令 may be recorded by any supervising role.

Entrustment (民事诉讼法 第240条; 法释〔2011〕11号 第1—2条): the enforcing court entrusts
(`entrust`), the entrusted court dockets the case it receives (`entrustment_receive`: new case,
委托执行 arrival, the 15-day start and 30-day report clocks begin), the entrusting court then closes
its own case on the docketing notice (`entrustment_close`, 委托结案: 终结执行, ground 委托执行),
the entrusted court starts and reports (`entrustment_start`, `entrustment_report`), and after 15
days of silence the entrusting court may ask the entrusted court's superior to order it to act
(`entrustment_ask_superior`); that superior then issues a 督促执行令 on the entrusted case.

The use cases live in three modules, re-exported here so callers import them from one place:
`orders` (督促执行令), `moves` (提级 `escalate`, 指定 `designate`, 交叉 `cross_assign`) and
`entrustment` (委托执行); what they share — the deciding court, the new case at the receiving
court, settling open actions when a case closes (`register_hooks`) — is in `_supervision_common`.
"""

from __future__ import annotations

from zhixing.closure import services as closure_services

from ._supervision_common import (
    ARRIVAL_OF,
    GROUND_OF,
    NODE_OF,
    OPEN_STATES,
    TERMINATED,
    may_decide,
    register_hooks,
)
from .entrustment import *  # noqa: F403
from .entrustment import __all__ as _entrustment
from .moves import *  # noqa: F403
from .moves import __all__ as _moves
from .orders import *  # noqa: F403
from .orders import __all__ as _orders

__all__ = [
    "ARRIVAL_OF",
    "GROUND_OF",
    "NODE_OF",
    "OPEN_STATES",
    "TERMINATED",
    "closure_services",
    "may_decide",
    "register_hooks",
    *_orders,
    *_moves,
    *_entrustment,
]
