"""What services across the apps do the same way: scope and role checks, the acting staff member,
parsing typed input, the first refusal of a rule as the error, the case row lock, and node events
with the page's own date field. Used by measures, closure and review (the apps above cases).

Each area keeps its own error codes (`funds.required`, `review.role`, `supervision.no_staff` …):
an `Area` carries the prefix, and a module binds the checks it uses to its own short names:

    _area = Area("funds")
    _require, _text, _date = _area.require, _area.text, _area.date
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from django.utils import timezone

from zhixing.core.errors import AccessDenied, DomainError, InputError, NotFound, parse_money
from zhixing.core.rules.roles import Role
from zhixing.organization.models import Court, Staff
from zhixing.organization.selectors import roles_of, scope_of, staff_of

from ..models import EnforcementCase
from . import process

NOT_FOUND = "未找到该案件，或您无权查看"


class RefusalLike(Protocol):
    """A rules module's `Refusal` (each area has its own dataclass of the same shape)."""

    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def field(self) -> str: ...


def raise_first(
    refusals: Sequence[RefusalLike],
    cls: type[DomainError] = DomainError,
    *,
    input_codes: frozenset[str] = frozenset(),
    fields: Mapping[str, str] | None = None,
) -> None:
    """The first refusal as the error: `cls` (409 by default), or InputError (422) for a code in
    `input_codes` (what was typed rather than the law's limits); its field renamed through `fields`
    where the rules name an input differently from the service's callers."""
    if not refusals:
        return
    first = refusals[0]
    if first.code in input_codes:
        cls = InputError
    field = (fields or {}).get(first.field, first.field)
    raise cls(first.code, first.message, source=first.source, field=field or None)


def who(allowed: frozenset[Role]) -> str:
    """The roles in words, for a refusal: 执行员、法官助理."""
    return "、".join(sorted(r.label for r in allowed))


def user(actor: Any) -> Any:
    """The actor as the row's user (None for a system actor)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def aware(moment: datetime) -> datetime:
    """A naive datetime is read in the court's zone (Asia/Shanghai)."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def optional_money(value: Any, field: str) -> Decimal | None:
    """An amount that may be left empty (None); otherwise as `parse_money`."""
    if value in (None, ""):
        return None
    return parse_money(value, field=field)


def checked_money(
    value: Any, field: str, check: Callable[[Decimal], Sequence[RefusalLike]]
) -> Decimal:
    """`parse_money`, then the area's own rule on the amount (`check(amount)` → refusals); a
    refusal of what was typed is bad input (422)."""
    amount = parse_money(value, field=field)
    raise_first(check(amount), InputError)
    return amount


def locked_case(case_id: int, *related: str) -> EnforcementCase:
    """The case row locked (`of=self`: the rows joined by `related` are read, not locked)."""
    rows = EnforcementCase.objects.select_for_update(of=("self",))
    if related:  # select_related() without names would follow every foreign key
        rows = rows.select_related(*related)
    case = rows.filter(pk=case_id).first()
    if case is None:
        raise NotFound(NOT_FOUND)
    return case


@contextmanager
def _date_errors_at(field: str) -> Iterator[None]:
    """A node's date errors (`node.future`, `node.date_order`, which name the generic
    `occurred_on`) pointed at the form's own date field."""
    try:
        yield
    except InputError as error:
        if error.field == "occurred_on":
            error.field = field
        raise


def node_record(field: str, **kw: Any) -> Any:
    """`cases.services.node_record`, its date errors pointed at this form's own date field."""
    with _date_errors_at(field):
        return process.node_record(**kw)


def node_record_owned(field: str, **kw: Any) -> Any:
    """`cases.services.node_record_owned`, its date errors pointed at this form's own date field."""
    with _date_errors_at(field):
        return process.node_record_owned(**kw)


def is_superuser(actor: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False))


def holds_at(actor: Any, court_ids: Sequence[int], allowed: frozenset[Role]) -> bool:
    """Whether the actor works at one of `court_ids` holding a role in `allowed` (a superuser
    does): pages offer forms by it, the services check again."""
    if is_superuser(actor):
        return True
    staff = staff_of(actor)
    return staff is not None and staff.court_id in court_ids and bool(roles_of(actor) & allowed)


@dataclass(frozen=True)
class Area:
    """One area's error-code prefix (`<code>.required`, `<code>.role` …) and how its pages name the
    staff who may act ("只有本院人员可以……")."""

    code: str
    staff: str = "本院人员"

    # --- who may act ------------------------------------------------------------------------

    def require(
        self,
        actor: Any,
        court_id: int,
        allowed: frozenset[Role] | None,
        what: str,
        *,
        superuser_passes: bool = True,
        staff: str = "",
        not_found: str = NOT_FOUND,
    ) -> None:
        """The actor must see the court (404 otherwise, as if nothing were there), be on its staff
        (a court acts on its own cases) and hold one of the roles `allowed` (None: the office is
        checked by the rules). A superuser passes (maintenance, demo data) unless
        `superuser_passes` is False: where the law names the office (院长 approval, 民事诉讼法
        第119条), nobody acts in its place."""
        if not scope_of(actor).covers(court_id):
            raise NotFound(not_found)
        if superuser_passes and getattr(actor, "is_superuser", False):
            return
        member = staff_of(actor)
        if member is None or member.court_id != court_id:
            raise AccessDenied(
                f"只有{staff or self.staff}可以{what}", code=f"{self.code}.other_court"
            )
        if allowed is not None:
            self.require_roles(actor, allowed, what)

    def require_roles(
        self, actor: Any, allowed: frozenset[Role], what: str, verb: str = "办理"
    ) -> None:
        if not roles_of(actor) & allowed:
            raise AccessDenied(f"“{what}”只能由{who(allowed)}{verb}", code=f"{self.code}.role")

    def may(self, actor: Any, court_id: int, allowed: frozenset[Role]) -> bool:
        """Whether `require` would let the actor act (pages decide which forms to offer; the
        services check again)."""
        try:
            self.require(actor, court_id, allowed, "")
        except DomainError:
            return False
        return True

    def staff_at(
        self,
        actor: Any,
        courts: Sequence[int],
        allowed: frozenset[Role] | None,
        what: str,
        *,
        superuser_passes: bool = False,
        no_staff: str = "",
    ) -> Staff | None:
        """The actor's staff record at one of `courts` holding a role in `allowed` (None: the
        office is checked elsewhere). Refused naming the courts that may act. A superuser passes
        with whatever staff record they have (None too) when `superuser_passes`; with `no_staff`
        ("法院工作人员"), someone without a staff record is told the act needs one, by its own
        code (`<code>.no_staff`): acts the law has a named member of a court sign."""
        staff = staff_of(actor)
        if superuser_passes and is_superuser(actor):
            return staff
        if staff is None and no_staff:
            raise AccessDenied(f"“{what}”须由{no_staff}办理", code=f"{self.code}.no_staff")
        if staff is None or staff.court_id not in courts:
            names = "或".join(
                Court.objects.filter(pk__in=courts).order_by("path").values_list("name", flat=True)
            )
            raise AccessDenied(f"“{what}”只能由{names}办理", code=f"{self.code}.other_court")
        if allowed is not None:
            self.require_roles(actor, allowed, what)
        return staff

    def acting_staff(self, actor: Any, court_id: int, allowed: frozenset[Role], what: str) -> Staff:
        """The actor's staff record: must see `court_id` (404 otherwise), work at that court and
        hold a role in `allowed`. A superuser without a staff record cannot act: the row names
        the member of the court who decided."""
        if not scope_of(actor).covers(court_id):
            raise NotFound(NOT_FOUND)
        staff = self.staff_at(actor, [court_id], allowed, what, no_staff="法院工作人员")
        assert staff is not None
        return staff

    def may_act(self, actor: Any, court_id: int, allowed: frozenset[Role]) -> bool:
        """Whether `acting_staff` would let the actor act (pages choose which forms to show)."""
        try:
            self.acting_staff(actor, court_id, allowed, "")
        except DomainError:
            return False
        return True

    # --- typed input ------------------------------------------------------------------------

    def text(
        self, value: Any, field: str, label: str, max_length: int, required: bool = True
    ) -> str:
        text = str(value or "").strip()
        if required and not text:
            raise InputError(f"{self.code}.required", f"请填写{label}", field=field)
        if len(text) > max_length:
            raise InputError(
                f"{self.code}.too_long", f"{label}不能超过 {max_length} 个字", field=field
            )
        return text

    def date(
        self,
        on: Any,
        field: str,
        label: str,
        *,
        not_before: date | None = None,
        what: str = "",
    ) -> date:
        """A date given, not after today and (when `not_before` is given) not before it; `what`
        names that earlier date in the message (不能早于立案日期（2026年01月05日）)."""
        if not isinstance(on, date):
            raise InputError(f"{self.code}.date_required", f"请填写{label}", field=field)
        if on > timezone.localdate():
            raise InputError(f"{self.code}.future_date", f"{label}不能晚于今天", field=field)
        if not_before is not None and on < not_before:
            when = f"{what}（{not_before:%Y年%m月%d日}）" if what else f" {not_before:%Y年%m月%d日}"
            raise InputError(f"{self.code}.date_order", f"{label}不能早于{when}", field=field)
        return on

    # --- the case -------------------------------------------------------------------------

    def open_case(
        self, case_id: int, *related: str, what: str, source: str, closed_too: bool = False
    ) -> EnforcementCase:
        """The case locked; refused unless docketed and open (or, with `closed_too`, closed: what
        is still controlled when a case ends is released then)."""
        case = locked_case(case_id, *related)
        allowed = {EnforcementCase.Status.DOCKETED}
        if closed_too:
            allowed.add(EnforcementCase.Status.CLOSED)
        if case.status not in allowed:
            raise DomainError(
                f"{self.code}.case_not_open", f"案件未立案或已结案，不能{what}", source=source
            )
        return case
