"""What the supervision and instruction services share: the acting staff member and court, role
and scope checks, typed input, the rules' refusals as errors, a court as the rules see it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils import timezone

from zhixing.cases.models import EnforcementCase
from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound
from zhixing.core.rules.roles import Role
from zhixing.organization.models import Court, Staff
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..rules import supervision as rules

NOT_FOUND = "未找到该案件，或您无权查看"


def ref(court: Court) -> rules.CourtRef:
    return rules.CourtRef(court.id, court.name, court.level, court.path)


def raise_first(
    refusals: Sequence[rules.Refusal], input_codes: frozenset[str] = frozenset()
) -> None:
    """The first refusal as the error: 422 for what was typed (`input_codes`), else 409."""
    if refusals:
        first = refusals[0]
        cls = InputError if first.code in input_codes else DomainError
        raise cls(first.code, first.message, source=first.source, field=first.field or None)


def who(allowed: frozenset[Role]) -> str:
    return "、".join(sorted(r.label for r in allowed))


def acting_staff(actor: Any, court_id: int, allowed: frozenset[Role], what: str) -> Staff:
    """The actor's staff record, who must see `court_id`, work at that court and hold a role in
    `allowed`. A superuser without a staff record cannot act: these actions are signed by a named
    member of a court (the row's `decided_by`)."""
    if not scope_of(actor).covers(court_id):
        raise NotFound(NOT_FOUND)
    staff = staff_of(actor)
    if staff is None:
        raise AccessDenied(f"“{what}”须由法院工作人员办理", code="supervision.no_staff")
    if staff.court_id != court_id:
        court = Court.objects.filter(pk=court_id).values_list("name", flat=True).first() or ""
        raise AccessDenied(f"“{what}”只能由{court}办理", code="supervision.other_court")
    if not roles_of(actor) & allowed:
        raise AccessDenied(f"“{what}”只能由{who(allowed)}办理", code="supervision.role")
    return staff


def may(actor: Any, court_id: int, allowed: frozenset[Role]) -> bool:
    """Whether `acting_staff` would let the actor act (pages choose which forms to show)."""
    try:
        acting_staff(actor, court_id, allowed, "")
    except DomainError:
        return False
    return True


def text(value: Any, field: str, label: str, max_length: int, required: bool = True) -> str:
    result = str(value or "").strip()
    if required and not result:
        raise InputError("supervision.required", f"请填写{label}", field=field)
    if len(result) > max_length:
        raise InputError("supervision.too_long", f"{label}不能超过 {max_length} 个字", field=field)
    return result


def day(
    value: Any, field: str, label: str, *, not_before: date | None = None, what: str = ""
) -> date:
    if not isinstance(value, date):
        raise InputError("supervision.date_required", f"请填写{label}", field=field)
    if value > timezone.localdate():
        raise InputError("supervision.future_date", f"{label}不能晚于今天", field=field)
    if not_before is not None and value < not_before:
        raise InputError(
            "supervision.date_order",
            f"{label}不能早于{what}（{not_before:%Y年%m月%d日}）",
            field=field,
        )
    return value


def locked_open_case(case_id: int, what: str, source: str) -> EnforcementCase:
    """The case row locked; refused unless docketed and not yet closed."""
    case = (
        EnforcementCase.objects.select_for_update(of=("self",))
        .select_related("court")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound(NOT_FOUND)
    if case.status != EnforcementCase.Status.DOCKETED:
        raise DomainError(
            "supervision.case_not_open", f"案件未立案或已结案，不能{what}", source=source
        )
    return case
