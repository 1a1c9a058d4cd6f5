"""What the credit API modules and pages do the same way: an answer schema filled from its row and the
respondent of a case named by id (a 文书 download is `core.views.docx_response`)."""

from __future__ import annotations

from typing import Any, TypeVar

from ninja import Schema

from zhixing.cases.models import EnforcementCase, Party
from zhixing.cases.rules.filing import PartyRole
from zhixing.core.errors import NotFound

S = TypeVar("S", bound=Schema)


def out(schema: type[S], row: Any, **computed: Any) -> S:
    """`schema` with each field read from the row's attribute of the same name, except the ones
    given in `computed` (labels, derived dates, related rows)."""
    return schema(
        **{
            name: computed[name] if name in computed else getattr(row, name)
            for name in schema.model_fields
        }
    )


def respondent_of(case: EnforcementCase, pk: int) -> Party:
    """The respondent (被执行人) `pk` of the case, or 404."""
    party = case.parties.filter(pk=pk, role=PartyRole.RESPONDENT.value).first()
    if party is None:
        raise NotFound("本案没有该被执行人", code="party.not_found")
    return party
