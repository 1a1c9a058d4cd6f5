"""DomainError: every refusal the system gives a person, with a code, a Chinese message and its source.

Mapped once to JSON by the API (`zhixing.api`) and to form errors by `add_to_form`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .rules.money import to_money


class DomainError(Exception):
    """A rule refused the action (HTTP 409)."""

    status = 409

    def __init__(
        self, code: str, message: str, *, source: str = "", field: str | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.source = source
        self.field = field

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "source": self.source,
            "field": self.field,
        }

    @classmethod
    def from_rule(
        cls, error: Exception, *, field: str | None = None, source: str = ""
    ) -> DomainError:
        """Wraps a rules-module ValueError (which carries .code and .message) as bad input."""
        return InputError(
            getattr(error, "code", "input.invalid"),
            getattr(error, "message", str(error)),
            field=field or getattr(error, "field", None),
            source=source or getattr(error, "source", ""),
        )


class InputError(DomainError):
    """The input itself is wrong: a malformed ID number, an unknown court code (HTTP 422)."""

    status = 422


class AccessDenied(DomainError):
    """The actor may not do this or see this (HTTP 403)."""

    status = 403

    def __init__(self, message: str = "您无权进行此操作", *, code: str = "access.denied") -> None:
        super().__init__(code, message)


class NotFound(DomainError):
    """Nothing the actor may see answers to this key (HTTP 404). Also used for rows outside scope."""

    status = 404

    def __init__(self, message: str = "未找到该记录", *, code: str = "not_found") -> None:
        super().__init__(code, message)


def add_to_form(form: Any, error: DomainError) -> None:
    """Shows a DomainError beside its field on a Django form, or at the top when it names none."""
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, error.message)


def parse_choice(enum: Any, value: Any, *, field: str, label: str) -> Any:
    """`enum(value)`, or an InputError naming the field (code `<last part of field>.invalid`)."""
    try:
        return enum(value)
    except ValueError:
        code = f"{field.split('.')[-1]}.invalid"
        raise InputError(code, f"{label}取值无效：{value}", field=field) from None


def parse_money(value: Any, *, field: str) -> Decimal:
    """An amount of money as Decimal to the fen (core.rules.money.to_money), or an InputError naming
    the field: money.format / money.precision / money.too_large (Chinese messages from the rule)."""
    try:
        return to_money(value if isinstance(value, str | int | Decimal) else str(value))
    except (ValueError, TypeError) as error:
        raise InputError(
            getattr(error, "code", "money.format"),
            getattr(error, "message", "金额格式不正确"),
            field=field,
        ) from None
