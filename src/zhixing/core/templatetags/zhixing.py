from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def percent(value: Decimal | None, places: int = 2) -> str:
    """0.1667 → "16.67%"; None → "—"."""
    if value is None:
        return "—"
    return f"{Decimal(value) * 100:.{int(places)}f}%"
