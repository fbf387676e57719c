"""Where calendar events come from: one module per kind of connection.

Each source's ``fetch`` talks to the outside world (never to our database) and returns a
:class:`Fetched`: either a snapshot of every occurrence in the window (.ics files and URLs) or
a delta of raw upstream objects (CalDAV resources, Google events) with the ones deleted,
plus the sync state to save once the delta is applied. ``expand`` turns raw objects into
normalised occurrences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from lifeos_core.calendar.ics import NormalisedEvent
from lifeos_core.calendar.schemas import SourceItem
from lifeos_core.errors import LifeOSError


class SourceError(LifeOSError):
    """A source that could not be read. ``transient`` errors are worth retrying soon."""

    def __init__(self, message: str, *, transient: bool = False):
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    zone: tzinfo  # the calendar's zone: floating times are bound to it

    @property
    def key(self) -> list[str]:
        """What the sync state remembers of the window, to notice when it moved."""
        return [self.start.isoformat(), self.end.isoformat()]


@dataclass
class Fetched:
    state: dict[str, Any]
    # A snapshot: every occurrence in the window (None for incremental sources).
    snapshot: list[NormalisedEvent] | None = None
    # A delta: raw objects that are new or changed, and the hrefs deleted upstream.
    items: list[SourceItem] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    # ``items`` lists every object upstream has: anything else we hold is gone.
    complete: bool = False
    # Nothing changed upstream (and the window did not move): nothing to write.
    unchanged: bool = False
    # Refreshed OAuth tokens, to be saved encrypted.
    credentials: dict[str, Any] | None = None
    # Series the source expanded while it waited for the network (series id -> the data it
    # read and its occurrences, or why it was rejected), in the window it was given;
    # ``expand`` reuses an entry only for the very same data.
    expanded: dict[str, tuple[str, list[NormalisedEvent] | str]] = field(default_factory=dict)
