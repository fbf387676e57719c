"""A file holding one plain event skips icalendar's component tree and the recurrence
expander (most of a large CalDAV sync). It must read exactly as the full parser reads it:
same occurrences, same fingerprints, same window edges; anything else takes the full path."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from lifeos_core.calendar import ics

WINDOW_START = datetime(2026, 3, 1, tzinfo=UTC)
WINDOW_END = datetime(2026, 4, 1, tzinfo=UTC)
ZONES = (UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"))

# Starts on and around the window's edges and the night Berlin moves to summer time.
TIMES = [
    ("20260228T235959Z", None), ("20260301T000000Z", None), ("20260331T235959Z", None),
    ("20260401T000000Z", None), ("20260315T100000", None), ("20260301T000000", None),
    ("20260331T230000", None), ("20260329T020000", "Europe/Berlin"),
    ("20260301T003000", "Europe/Berlin"), ("20260331T220000", "America/New_York"),
]  # fmt: skip
DAYS = ["20260228", "20260301", "20260331", "20260401"]
TEXTS = [
    [], ["SUMMARY:Run\\, then swim\\nat 7\\; bring a towel \\\\o/"], ["SUMMARY:"],
    ["DESCRIPTION:Bring the forms", "LOCATION:Room 2: east wing"], ["CLASS:private"],
    ["CLASS:CONFIDENTIAL", "LOCATION:"], ["CATEGORIES:Sport,Fun\\,ish"], ["CATEGORIES:"],
    ["SUMMARY;LANGUAGE=en:Dentist"], ['ATTENDEE;CN="Priya: host":mailto:p@example.org'],
    ["DTSTAMP:not a time", "X-SOMETHING;X=1:kept aside"],
]  # fmt: skip


def calendar_text(event_lines: list[str], calendar_lines: tuple[str, ...] = ()) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *calendar_lines]
    lines += ["BEGIN:VEVENT", "UID:walk-1", *event_lines, "END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"


def timed(value: str, tzid: str | None, name: str = "DTSTART") -> str:
    return f"{name};TZID={tzid}:{value}" if tzid else f"{name}:{value}"


def plain_events() -> list[str]:
    texts = []
    for (start, tzid), texts_of_event in itertools.product(TIMES, TEXTS[:4]):
        end = start[:9] + "235959" + start[15:]  # the same day, one second before midnight
        for ending in (
            [], [timed(end, tzid, "DTEND")], [timed(start, tzid, "DTEND")], ["DURATION:PT90M"],
            ["DURATION:P1D"], ["DURATION:PT0S"],
        ):  # fmt: skip
            texts.append(calendar_text([timed(start, tzid), *ending, *texts_of_event]))
    for day, texts_of_event in itertools.product(DAYS, TEXTS):
        for ending in ([], ["DTEND;VALUE=DATE:20260402"], ["DTEND;VALUE=DATE:20260227"]):
            texts.append(calendar_text([f"DTSTART;VALUE=DATE:{day}", *ending, *texts_of_event]))
    for calendar_lines in (("CALSCALE:GREGORIAN",), ("METHOD:PUBLISH", "X-WR-CALNAME:Me")):
        texts.append(calendar_text(["DTSTART:20260310T080000Z"], calendar_lines))
    return texts


def read_both_ways(text: str, zone) -> tuple[list | None, list | str]:
    fast = ics._plain_event(text, WINDOW_START, WINDOW_END, zone)
    try:
        full = ics._normalise(text, "test.ics", WINDOW_START, WINDOW_END, zone)
    except ics.IcsError as exc:
        full = str(exc)
    return fast, full


def fingerprints(events: list[ics.NormalisedEvent]) -> list[tuple]:
    return [(e, e.series_id, e.content_hash()) for e in events]


@pytest.mark.filterwarnings("ignore")
def test_plain_events_read_the_same_without_the_full_parser():
    taken = 0
    for text, zone in itertools.product(plain_events(), ZONES):
        fast, full = read_both_ways(text, zone)
        if fast is not None:
            taken += 1
            assert not isinstance(full, str), (text, full)
            assert fingerprints(fast) == fingerprints(full), text
    # Nearly all of them are plain enough (a few mix kinds the expander converts).
    assert taken > 0.9 * len(plain_events()) * len(ZONES)


@pytest.mark.filterwarnings("ignore")
def test_shipped_calendars_read_the_same_whichever_path_they_take():
    calendars = sorted(
        path
        for package in (icalendar, recurring_ical_events)
        for path in Path(package.__file__).parent.rglob("*.ics")
    )
    taken = 0
    for path in calendars:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        for zone in (UTC, ZoneInfo("Europe/Berlin")):
            fast = ics._plain_event(
                text, datetime(1990, 1, 1, tzinfo=UTC), datetime(2040, 1, 1, tzinfo=UTC), zone
            )
            if fast is None:
                continue
            taken += 1
            full = ics._normalise(
                text, str(path), datetime(1990, 1, 1, tzinfo=UTC),
                datetime(2040, 1, 1, tzinfo=UTC), zone,
            )  # fmt: skip
            assert fingerprints(fast) == fingerprints(full), path
    assert taken > 10


NOT_PLAIN = {
    "recurring": ["DTSTART:20260310T080000Z", "RRULE:FREQ=DAILY;COUNT=3"],
    "repeated property": ["DTSTART:20260310T080000Z", "SUMMARY:One", "SUMMARY:Two"],
    "a date and a time": ["DTSTART;VALUE=DATE:20260310", "DTEND:20260311T100000Z"],
    "two zones": ["DTSTART;TZID=Europe/Berlin:20260310T080000", "DTEND:20260310T100000Z"],
    "bad start": ["DTSTART:soon"],
    "no start": ["SUMMARY:No start"],
    "alarm": ["DTSTART:20260310T080000Z", "BEGIN:VALARM", "END:VALARM"],
}
NOT_PLAIN_CALENDARS = {
    "x-wr-timezone": calendar_text(["DTSTART:20260310T080000"], ("X-WR-TIMEZONE:Asia/Tokyo",)),
    "julian": calendar_text(["DTSTART:20260310T080000Z"], ("CALSCALE:JULIAN",)),
    "second component": calendar_text(["DTSTART:20260310T080000Z"]).replace(
        "END:VCALENDAR", "BEGIN:VTODO\r\nUID:t\r\nEND:VTODO\r\nEND:VCALENDAR"
    ),
    "no uid": calendar_text(["DTSTART:20260310T080000Z"]).replace("UID:walk-1\r\n", ""),
    "second event": calendar_text(["DTSTART:20260310T080000Z"]).replace(
        "BEGIN:VEVENT", "BEGIN:VEVENT\r\nX-EMPTY:1\r\nEND:VEVENT\r\nBEGIN:VEVENT", 1
    ),
    **{name: calendar_text(lines) for name, lines in NOT_PLAIN.items()},
}


@pytest.mark.parametrize("text", NOT_PLAIN_CALENDARS.values(), ids=NOT_PLAIN_CALENDARS.keys())
def test_anything_but_a_plain_event_takes_the_full_path(text):
    assert ics._plain_event(text, WINDOW_START, WINDOW_END, UTC) is None
