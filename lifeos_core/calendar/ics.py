"""Read .ics (RFC 5545) text into normalised event occurrences.

Parsing happens in two passes. The first walks the raw lines itself, because icalendar is
lenient and does not say where a problem is: it checks the content-line syntax, the
BEGIN/END nesting and the values of the date and recurrence properties, and reports the first
problem as ``path:line: message``. Only a file that passes is handed to icalendar, and
recurrences are expanded by recurring-ical-events inside a window (EXDATE, RDATE and
overridden instances honoured; floating times bound to ``X-WR-TIMEZONE``).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

import icalendar
import recurring_ical_events

CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(;[^:]*)?:")
DATE_PROPERTIES = {"DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "RDATE"}


class IcsError(ValueError):
    """A calendar file that cannot be imported; nothing of it is written."""

    def __init__(self, source: str, line: int | None, message: str):
        self.source, self.line, self.message = source, line, message
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class NormalisedEvent:
    """One occurrence, ready to upsert. Times are UTC; ``timezone`` is the original zone."""

    external_id: str
    title: str
    start_time: datetime
    end_time: datetime | None
    all_day: bool
    timezone: str | None
    description: str | None = None
    location: str | None = None
    recurrence_rule: str | None = None
    is_private: bool = False
    tags: tuple[str, ...] = field(default_factory=tuple)
    # The upstream object this occurrence came from; it groups, it is not content.
    series_id: str | None = field(default=None, compare=False)

    def content_hash(self) -> str:
        """A fingerprint of everything we store, to skip writes when nothing changed."""
        data = asdict(self)
        del data["series_id"]
        return hashlib.sha256(json.dumps(data, default=str, sort_keys=True).encode()).hexdigest()


def _unfold(text: str) -> list[tuple[int, str]]:
    """Content lines with the number of the physical line each starts on."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and lines:
            start, content = lines[-1]
            lines[-1] = (start, content + raw[1:])
        elif raw.strip():
            lines.append((number, raw))
    return lines


def validate_ics(text: str, source: str) -> None:
    """Raise IcsError at the first line that would not import."""
    lines = _unfold(text)
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        raise IcsError(
            source,
            lines[0][0] if lines else None,
            "not an iCalendar file (it must start with BEGIN:VCALENDAR)",
        )
    stack: list[tuple[str, int]] = []
    for number, line in lines:
        if not CONTENT_LINE.match(line):
            raise IcsError(source, number, f"not a valid content line: {line[:60]!r}")
        name_and_params, _, value = line.partition(":")
        name = name_and_params.split(";", 1)[0].upper()
        if name == "BEGIN":
            stack.append((value.strip().upper(), number))
        elif name == "END":
            component = value.strip().upper()
            if not stack or stack[-1][0] != component:
                expected = f"END:{stack[-1][0]}" if stack else "nothing"
                raise IcsError(source, number, f"END:{component} where {expected} was expected")
            stack.pop()
        elif name in DATE_PROPERTIES and stack and stack[-1][0] == "VEVENT":
            _check_date_value(name, name_and_params, value, source, number)
        elif name == "RRULE":
            try:
                rule = icalendar.vRecur.from_ical(value)
            except ValueError as exc:
                raise IcsError(source, number, f"invalid RRULE {value!r}: {exc}") from None
            if "FREQ" not in rule:
                raise IcsError(source, number, f"invalid RRULE {value!r}: it has no FREQ")
    if stack:
        component, number = stack[-1]
        raise IcsError(source, number, f"BEGIN:{component} is never closed")


def _check_date_value(
    name: str, name_and_params: str, value: str, source: str, number: int
) -> None:
    params = name_and_params.upper()
    for part in value.split(","):
        part = part.strip()
        try:
            if "VALUE=PERIOD" in params:
                icalendar.vPeriod.from_ical(part)
            elif "VALUE=DATE" in params and "VALUE=DATE-TIME" not in params:
                icalendar.vDate.from_ical(part)
            else:
                icalendar.vDDDTypes.from_ical(part)
        except ValueError:
            raise IcsError(source, number, f"{name} has an invalid date or time {part!r}") from None


def _zone_name(tz: tzinfo | None, at: datetime | None = None) -> str | None:
    if tz is None:
        return None
    name = getattr(tz, "key", None) or getattr(tz, "zone", None)
    if name:
        return name
    try:
        return tz.tzname(at)
    except (TypeError, ValueError, AttributeError):  # zones that need a moment to be named
        return None


def _as_utc(value: datetime | date, zone: tzinfo) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        return value.astimezone(UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def parse_ics(
    text: str,
    *,
    source: str,
    window_start: datetime,
    window_end: datetime,
    default_timezone: tzinfo = UTC,
) -> list[NormalisedEvent]:
    """Every event occurrence of ``text`` that overlaps the window, normalised.

    Raises IcsError for anything that cannot be imported, never another exception: real
    calendars break icalendar and the expander in many undocumented ways.
    """
    validate_ics(text, source)
    try:
        return _normalise(text, source, window_start, window_end, default_timezone)
    except IcsError:
        raise
    except Exception as exc:
        raise IcsError(
            source, None, f"could not be normalised ({type(exc).__name__}: {exc})"
        ) from None


def _normalise(
    text: str,
    source: str,
    window_start: datetime,
    window_end: datetime,
    default_timezone: tzinfo,
) -> list[NormalisedEvent]:
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        raise IcsError(source, None, f"could not be parsed: {exc}") from None
    calendar_zone = default_timezone
    if calendar.get("X-WR-TIMEZONE"):
        try:
            calendar_zone = icalendar.timezone.tzp.timezone(str(calendar["X-WR-TIMEZONE"]))
        except Exception:  # an unknown zone name falls back to the default
            calendar_zone = default_timezone
    series_uids = {
        str(component.get("UID"))
        for component in calendar.walk("VEVENT")
        if component.get("RRULE") or component.get("RDATE") or component.get("RECURRENCE-ID")
    }
    rules = {
        str(component.get("UID")): component.get("RRULE").to_ical().decode()
        for component in calendar.walk("VEVENT")
        if component.get("RRULE")
    }
    try:
        occurrences = recurring_ical_events.of(calendar).between(window_start, window_end)
    except Exception as exc:  # the expander's errors are many and undocumented
        raise IcsError(source, None, f"recurrences could not be expanded: {exc}") from None

    events: list[NormalisedEvent] = []
    for occurrence in occurrences:
        uid = str(occurrence.get("UID") or "")
        if not uid:
            raise IcsError(source, None, f"an event has no UID ({occurrence.get('SUMMARY')!r})")
        start_value = occurrence["DTSTART"].dt
        all_day = not isinstance(start_value, datetime)
        start = _as_utc(start_value, calendar_zone)
        if occurrence.get("DTEND") is not None:
            end = _as_utc(occurrence["DTEND"].dt, calendar_zone)
        elif occurrence.get("DURATION") is not None:
            end = start + occurrence["DURATION"].dt
        else:
            end = start + timedelta(days=1) if all_day else start
        zone = (
            None
            if all_day
            else _zone_name(getattr(start_value, "tzinfo", None) or calendar_zone, start_value)
        )
        external_id = uid
        if uid in series_uids:
            recurrence = occurrence.get("RECURRENCE-ID")
            instant = _as_utc(recurrence.dt, calendar_zone) if recurrence else start
            external_id = f"{uid}/{instant:%Y%m%dT%H%M%SZ}"
        categories = occurrence.get("CATEGORIES")
        tags: list[str] = []
        for item in (
            categories if isinstance(categories, list) else [categories] if categories else []
        ):
            tags.extend(str(c) for c in item.cats)
        events.append(
            NormalisedEvent(
                external_id=external_id,
                title=str(occurrence.get("SUMMARY") or "(no title)"),
                start_time=start,
                end_time=end,
                all_day=all_day,
                timezone=zone,
                description=str(occurrence["DESCRIPTION"])
                if occurrence.get("DESCRIPTION")
                else None,
                location=str(occurrence["LOCATION"]) if occurrence.get("LOCATION") else None,
                recurrence_rule=rules.get(uid),
                is_private=str(occurrence.get("CLASS", "PUBLIC")).upper()
                in ("PRIVATE", "CONFIDENTIAL"),
                tags=tuple(tags),
                series_id=uid,
            )
        )
    return events


def read_ics_file(path: Path | str, **window) -> list[NormalisedEvent]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IcsError(str(path), None, f"is not UTF-8 text ({exc.reason})") from None
    return parse_ics(text, source=str(path), **window)
