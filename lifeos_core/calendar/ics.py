"""Read .ics (RFC 5545) text into normalised event occurrences.

Parsing happens in two passes. The first walks the raw lines itself, because icalendar is
lenient and does not say where a problem is: it checks the content-line syntax, the
BEGIN/END nesting and the values of the date and recurrence properties, and reports the first
problem as ``path:line: message``. Only a file that passes is handed to icalendar, and
recurrences are expanded by recurring-ical-events inside a window (EXDATE, RDATE and
overridden instances honoured; floating times bound to ``X-WR-TIMEZONE``).

Most files a CalDAV server hands out hold one plain event (no recurrence, no time zone
definitions, no alarms). Building icalendar's component tree and running the expander costs
about a millisecond per file, most of a large initial sync, so such files take a fast path
(:func:`_plain_event`): it reads the few properties we keep with icalendar's own value
parsers and decides whether the event overlaps the window with recurring-ical-events' own
rule, so it yields exactly what the full path would. Anything it is not sure about (a
parameter it does not know, a duplicate property, a component other than one VEVENT) goes
the full way.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events
from icalendar.parser import Contentline, split_on_unescaped_comma, unescape_backslash
from icalendar.parser.content_line import NEWLINE, UFOLD
from recurring_ical_events.util import (
    convert_to_datetime,
    is_date,
    make_comparable,
    normalize_pytz,
    time_span_contains_event,
)

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
        """A fingerprint of everything we store, to skip writes when nothing changed.

        The same JSON as ``asdict`` minus ``series_id`` gave (stored hashes stay valid),
        built without asdict's deep copies, which cost more than the hashing.
        """
        data = {name: getattr(self, name) for name in _HASHED_FIELDS}
        return hashlib.sha256(json.dumps(data, default=str, sort_keys=True).encode()).hexdigest()


_HASHED_FIELDS = tuple(f.name for f in fields(NormalisedEvent) if f.name != "series_id")


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
        plain = _plain_event(text, window_start, window_end, default_timezone)
        if plain is not None:
            return plain
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
        start = _as_utc(start_value, calendar_zone)
        if occurrence.get("DTEND") is not None:
            end = _as_utc(occurrence["DTEND"].dt, calendar_zone)
        elif occurrence.get("DURATION") is not None:
            end = start + occurrence["DURATION"].dt
        else:
            end = start + timedelta(days=1) if not isinstance(start_value, datetime) else start
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
            _occurrence(
                uid=uid,
                external_id=external_id,
                start_value=start_value,
                start=start,
                end=end,
                calendar_zone=calendar_zone,
                summary=occurrence.get("SUMMARY"),
                description=occurrence.get("DESCRIPTION"),
                location=occurrence.get("LOCATION"),
                privacy=occurrence.get("CLASS", "PUBLIC"),
                tags=tags,
                rule=rules.get(uid),
            )
        )
    return events


def _occurrence(
    *,
    uid: str,
    external_id: str,
    start_value: date,
    start: datetime,
    end: datetime,
    calendar_zone: tzinfo,
    summary: object,
    description: object,
    location: object,
    privacy: object,
    tags: list[str],
    rule: str | None,
) -> NormalisedEvent:
    """One normalised occurrence from the property values icalendar decoded (both paths)."""
    all_day = not isinstance(start_value, datetime)
    zone = (
        None
        if all_day
        else _zone_name(getattr(start_value, "tzinfo", None) or calendar_zone, start_value)
    )
    return NormalisedEvent(
        external_id=external_id,
        title=str(summary or "(no title)"),
        start_time=start,
        end_time=end,
        all_day=all_day,
        timezone=zone,
        description=str(description) if description else None,
        location=str(location) if location else None,
        recurrence_rule=rule,
        is_private=str(privacy).upper() in ("PRIVATE", "CONFIDENTIAL"),
        tags=tuple(tags),
        series_id=uid,
    )


# --- the fast path for a file that holds one plain event ----------------------------------

_LINE_START = re.compile(r"([A-Za-z0-9-]+)([;:])")
# Calendar properties that never fail to parse (the calendar, unlike an event, is strict
# about its properties) and never change an occurrence. X- properties may fail: icalendar
# tolerates that. X-WR-TIMEZONE and CALSCALE do change occurrences; see below.
_HARMLESS_CALENDAR_PROPERTIES = {"VERSION", "PRODID", "METHOD"}
_RECURRENCE_PROPERTIES = {"RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID"}
# What we (or the expander, for a lone event) read; any other event property is ignored by
# both paths: icalendar tolerates a broken one inside an event.
_READ_PROPERTIES = {
    "UID", "SUMMARY", "DESCRIPTION", "LOCATION", "CLASS", "CATEGORIES",
    "DTSTART", "DTEND", "DURATION",
}  # fmt: skip
_DATETIME_PROPERTIES = {"DTSTART", "DTEND"}
_TYPES = icalendar.Calendar.types_factory


class _Unsure(Exception):
    """The fast path cannot vouch for this file: the full path decides."""


_FACTORIES: dict[tuple[str, str | None], type] = {}


def _factory(name: str, value_type: str | None) -> type:
    """The value type icalendar's parser uses for a property (with this VALUE parameter)."""
    factory = _FACTORIES.get((name, value_type))
    if factory is None:
        factory = _TYPES.for_property(name, value_type)
        if getattr(factory, "get_value_from_content_line", None) is not None:
            raise _Unsure  # a value type icalendar reads verbatim
        if len(_FACTORIES) < 100:  # VALUE comes from the file: keep the cache bounded
            _FACTORIES[(name, value_type)] = factory
    return factory


def _plain_event(
    text: str, window_start: datetime, window_end: datetime, default_timezone: tzinfo
) -> list[NormalisedEvent] | None:
    """The occurrence of a file holding one plain VEVENT, or None when the file needs the
    full path. Lines are split and unfolded as icalendar does, values decoded by
    icalendar's own types, and the event's span and its overlap with the window computed
    by recurring-ical-events' own functions (what its expander does for a lone event)."""
    lines = [line for line in NEWLINE.split(UFOLD.sub("", text)) if line]
    properties: dict[str, tuple[str, int, bool]] = {}
    where = "start"  # -> calendar -> event -> after (the event) -> end
    transitions = {
        ("start", "BEGIN", "VCALENDAR"): "calendar",
        ("calendar", "BEGIN", "VEVENT"): "event",
        ("event", "END", "VEVENT"): "after",
        ("after", "END", "VCALENDAR"): "end",
    }
    for line in lines:
        match = _LINE_START.match(line)
        if match is None or where == "end":
            return None
        name, has_parameters = match.group(1).upper(), match.group(2) == ";"
        if name in ("BEGIN", "END"):
            if has_parameters:
                return None
            # Anything else is another component, a second event, or odd nesting.
            where = transitions.get((where, name, line[match.end() :].upper()), "")
            if not where:
                return None
        elif where in ("calendar", "after"):
            if has_parameters:
                return None
            if name == "CALSCALE":
                # The expander refuses anything but exactly GREGORIAN.
                if unescape_backslash(line[match.end() :]) != "GREGORIAN":
                    return None
            elif name == "X-WR-TIMEZONE" or not (
                name in _HARMLESS_CALENDAR_PROPERTIES or name.startswith("X-")
            ):
                return None
        elif where == "event":
            if name in _RECURRENCE_PROPERTIES:
                return None
            if name in _READ_PROPERTIES:
                if name in properties:
                    return None  # a repeated property becomes a list: the full path copes
                properties[name] = (line, match.end(), has_parameters)
        else:
            return None  # a property before BEGIN:VCALENDAR
    if where != "end":
        return None
    try:
        return _plain_occurrence(properties, window_start, window_end, default_timezone)
    except _Unsure:
        return None


def _decode(entry: tuple[str, int, bool] | None, name: str) -> Any:
    """The property value icalendar's parser would store for this content line."""
    if entry is None:
        return None
    line, value_at, has_parameters = entry
    if has_parameters:
        try:
            _, parameters, value = Contentline(line).parts()
        except ValueError:
            raise _Unsure from None
        value_type, tzid = parameters.value, parameters.get("TZID")
    else:
        value, value_type, tzid = line[value_at:], None, None
        if "\\" in value:
            value = unescape_backslash(value)
    factory = _factory(name, value_type)
    if factory is icalendar.vText:
        return value  # vText of a str is that str; skipping it saves a third of the time
    try:
        # What ``from_ical`` returns is what the property's ``.dt`` or ``str()`` gives.
        if tzid and name in _DATETIME_PROPERTIES:
            return factory.from_ical(value, tzid)
        return factory.from_ical(value)
    except (ValueError, TypeError):
        raise _Unsure from None  # the full path keeps it as broken and fails on it


def _categories(entry: tuple[str, int, bool] | None) -> list[str]:
    if entry is None:
        return []
    line, value_at, has_parameters = entry
    if has_parameters:
        raise _Unsure
    try:
        category = _factory("CATEGORIES", None)(split_on_unescaped_comma(line[value_at:]))
    except ValueError:
        raise _Unsure from None
    return [str(c) for c in category.cats]


def _plain_occurrence(
    properties: dict[str, tuple[str, int, bool]],
    window_start: datetime,
    window_end: datetime,
    calendar_zone: tzinfo,
) -> list[NormalisedEvent]:
    uid = str(_decode(properties.get("UID"), "UID") or "")
    dtstart = _decode(properties.get("DTSTART"), "DTSTART")
    if not uid or dtstart is None:
        raise _Unsure  # the full path names the problem
    dtend = _decode(properties.get("DTEND"), "DTEND")
    duration = _decode(properties.get("DURATION"), "DURATION")
    raw_start = dtstart
    if not isinstance(raw_start, date):
        raise _Unsure
    # recurring_ical_events.adapters.event.EventAdapter.raw_end and .span, for one event
    if dtend is not None:
        raw_end = dtend
        if not isinstance(raw_end, date):
            raise _Unsure
    elif duration is not None:
        if not isinstance(duration, timedelta):
            raise _Unsure
        moved = raw_start
        if duration.seconds != 0 and is_date(moved):
            moved = convert_to_datetime(moved, None)
        raw_end = normalize_pytz(moved + duration)
    else:
        raw_end = raw_start + timedelta(days=1) if is_date(raw_start) else raw_start
    # Mixed kinds (a date and a time, or two zones) make the expander convert one into the
    # other and re-add the duration in the start's zone: leave those to it.
    if isinstance(raw_start, datetime) is not isinstance(raw_end, datetime) or (
        isinstance(raw_start, datetime) and raw_start.tzinfo is not raw_end.tzinfo
    ):
        raise _Unsure
    start_value, end_value = make_comparable((raw_start, raw_end))
    if start_value > end_value:
        start_value, end_value = end_value, start_value
    if not time_span_contains_event(window_start, window_end, start_value, end_value):
        return []
    return [
        _occurrence(
            uid=uid,
            external_id=uid,
            start_value=start_value,
            start=_as_utc(start_value, calendar_zone),
            end=_as_utc(end_value, calendar_zone),
            calendar_zone=calendar_zone,
            summary=_decode(properties.get("SUMMARY"), "SUMMARY"),
            description=_decode(properties.get("DESCRIPTION"), "DESCRIPTION"),
            location=_decode(properties.get("LOCATION"), "LOCATION"),
            privacy=_decode(properties["CLASS"], "CLASS") if "CLASS" in properties else "PUBLIC",
            tags=_categories(properties.get("CATEGORIES")),
            rule=None,
        )
    ]


def read_ics_file(path: Path | str, **window) -> list[NormalisedEvent]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IcsError(str(path), None, f"is not UTF-8 text ({exc.reason})") from None
    return parse_ics(text, source=str(path), **window)
