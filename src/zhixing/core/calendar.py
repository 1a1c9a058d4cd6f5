"""The legal calendar as the services use it: official data plus the administrator's table."""

from __future__ import annotations

from .models import HolidayOverride
from .rules.calendar import DayKind, LegalCalendar
from .rules.calendar import HolidayOverride as Override


def legal_calendar() -> LegalCalendar:
    """A calendar with the administrator-maintained holiday table loaded (small: a few dozen rows a year)."""
    overrides = [
        Override(day=row.day, kind=DayKind(row.kind), name=row.name)
        for row in HolidayOverride.objects.all()
    ]
    return LegalCalendar(overrides)
