"""What every measures service does the same way — now shared by the apps above cases and kept in
`zhixing.cases.services.toolkit` (scope and role checks, typed input, the first refusal as the
error, the case row lock, node events with the page's own date field). Re-exported here so the
measures modules keep their imports.

Each area keeps its own error codes (`funds.required`, `control.role`, `coercive.future_date` …):
an `Area` carries the prefix, and a module binds the checks it uses to its own short names:

    _area = Area("funds")
    _require, _text, _date = _area.require, _area.text, _area.date
"""

from __future__ import annotations

from zhixing.cases.services.toolkit import (
    NOT_FOUND,
    Area,
    RefusalLike,
    aware,
    checked_money,
    locked_case,
    node_record,
    optional_money,
    raise_first,
    user,
    who,
)

__all__ = [
    "NOT_FOUND",
    "Area",
    "RefusalLike",
    "aware",
    "checked_money",
    "locked_case",
    "node_record",
    "optional_money",
    "raise_first",
    "user",
    "who",
]
