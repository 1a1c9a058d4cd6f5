"""What pages across the apps do the same way: a refusal outside any form shown as the error page,
the form checks that need no database, today's date in the court's zone, and the POST half of PRG
(validate, call one service, show a refusal beside its field, or redirect with the success line).

Used by measures, closure and review; it imports nothing above core."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from zhixing.core.errors import DomainError, NotFound, add_to_form

View = Callable[..., HttpResponse]


def error_page(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(request, "core/error.html", {"error": error}, status=error.status)


def shows_errors(view: View) -> View:
    """A DomainError the view does not handle itself (a case outside the actor's scope, an action
    the actor may not take) is shown as the error page, with its status."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kw: Any) -> HttpResponse:
        try:
            return view(request, *args, **kw)
        except DomainError as error:
            return error_page(request, error)

    return wrapped


def sourced(message: str, source: str, label: str = "") -> str:
    """A refusal with the article it comes from: 超出尚欠金额（民事诉讼法 第253条）."""
    return f"{message}（{label}{source}）" if source else message


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: bytes, filename: str) -> HttpResponse:
    """A generated 文书 as a DOCX download named `filename` (RFC 6266 for the Chinese name)."""
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


_KEY = re.compile(r"[0-9]{1,18}")


def int_param(value: str | None) -> int | None:
    """A row key or cursor from a query string or form: ASCII digits that fit a bigint, else None.
    (`str.isdigit` accepts "²" and "١", and 30 digits overflow the column: both were 500s.)"""
    return int(value) if value and _KEY.fullmatch(value) else None


def today() -> date:
    """Today in the court's zone (Asia/Shanghai), read when called."""
    return timezone.localdate()


# --- form checks -----------------------------------------------------------------------------


def not_future(form: forms.Form, field: str, what: str) -> None:
    value = form.cleaned_data.get(field)
    if value is not None and value > timezone.localdate():
        form.add_error(field, f"{what}不能晚于今天")


def positive(form: forms.Form, field: str = "amount", what: str = "金额") -> None:
    value = form.cleaned_data.get(field)
    if value is not None and value <= 0:
        form.add_error(field, f"{what}须大于零")


# --- POST, then redirect -----------------------------------------------------------------------


def perform_action(
    request: HttpRequest,
    form: forms.Form,
    perform: Callable[[], str],
    *,
    done_url: str,
    show: Callable[[forms.Form, DomainError], None] = add_to_form,
    not_found_page: bool = False,
    unplaced_url: str | None = None,
    unplaced_message: Callable[[DomainError], str] = lambda error: error.message,
) -> HttpResponse | int:
    """Validates the bound form and calls `perform` (one service call, returning the success line).

    Done: the success message and a redirect to `done_url` (PRG). Refused: with `not_found_page`,
    a NotFound is the error page; with `unplaced_url`, a refusal naming no field of the form goes
    to the messages bar there; any other is shown on the form (`show`). Otherwise the status to
    re-render the page with is returned: 422 for a form that does not validate, else the
    refusal's own."""
    if not form.is_valid():
        return 422
    try:
        done = perform()
    except DomainError as error:
        if not_found_page and isinstance(error, NotFound):
            return error_page(request, error)
        if unplaced_url is not None and error.field not in form.fields:
            messages.error(request, unplaced_message(error))
            return redirect(unplaced_url)
        show(form, error)
        return error.status
    messages.success(request, done)
    return redirect(done_url)
