"""When to reconnect with someone: pure date arithmetic over the last contact.

The cue counts from the last contact that counts (manual or confirmed interactions); for
someone never contacted it counts from the day they were added, so a new person with a
14-day cue comes due two weeks later rather than at once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar day ``moment`` falls on for someone living in ``timezone``."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def reconnect_due_on(
    *, cue_days: int | None, last_contact: date | None, known_since: date
) -> date | None:
    """The day the cue comes due, or None for someone without a cue."""
    if cue_days is None:
        return None
    return (last_contact or known_since) + timedelta(days=cue_days)


def days_overdue(due_on: date | None, today: date) -> int | None:
    """0 on the day it comes due, positive after, negative before; None without a cue."""
    return None if due_on is None else (today - due_on).days
