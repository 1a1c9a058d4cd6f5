"""The one registry through which apps above linkage react to a department's answer.

design.md decision 9: dependencies point down, so linkage knows nothing of the measures app. An
answer to a freeze, deduct or release request is stored by `services.answer_receive`, which then
calls the handlers registered here for the message's kind, inside the same transaction: the
reaction (a freeze taking effect, a deduction booked on the case account) is part of the write
that received the answer, or the answer is refused as a whole. Handlers register in their
AppConfig.ready():

    on_answer(MessageKind.DEDUCT, measures_services.deduction_answered)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from .rules.outbox import MessageKind

# handler(*, message: OutboxMessage, answer: PartnerAnswer, parsed: ControlAnswer | None) -> None
# For an inquiry answer `parsed` is None: linkage has already stored the property it reports as
# PropertyFound rows of `message` (closure reacts to a whole round of 终本后定期查询 answered).
AnswerHandler = Callable[..., None]
_HANDLERS: dict[MessageKind, list[AnswerHandler]] = defaultdict(list)


def on_answer(kind: MessageKind | str, handler: AnswerHandler) -> AnswerHandler:
    """Calls `handler(message=…, answer=…, parsed=…)` for every new answer to a message of `kind`
    (a repeated answer is recognised before and never reaches the handler)."""
    key = MessageKind(kind)
    if handler not in _HANDLERS[key]:
        _HANDLERS[key].append(handler)
    return handler


def run_answer_handlers(kind: MessageKind | str, **kwargs: Any) -> int:
    """Runs the handlers of `kind`; returns how many ran."""
    handlers = _HANDLERS.get(MessageKind(kind), [])
    for handler in handlers:
        handler(**kwargs)
    return len(handlers)


def registered() -> dict[MessageKind, list[AnswerHandler]]:
    return {kind: list(handlers) for kind, handlers in _HANDLERS.items() if handlers}
