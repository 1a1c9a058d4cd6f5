"""`{% load closure_after %}{% after_round_termination_section case %}`: the after-终本 part of a case's
closure page (ten rounds, flags, the lead and application forms), with its own context."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("closure/after_reinquiries.html", takes_context=True)
def after_round_termination_section(context: Any, case: Any) -> dict[str, Any]:
    from ..views.after import after_context

    return {
        **after_context(context["request"], case),
        "back": "closure",
        "csrf_token": context.get("csrf_token"),
    }
