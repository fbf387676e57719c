"""Reading .ics text: recurrences, zones, all-day events and precise errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lifeos_core.calendar.ics import IcsError, parse_ics, read_ics_file
from lifeos_core.demo import demo_calendar_path

WINDOW = dict(
    window_start=datetime(2026, 11, 1, tzinfo=UTC), window_end=datetime(2026, 11, 15, tzinfo=UTC)
)

RUNS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
X-WR-TIMEZONE:Europe/Berlin
BEGIN:VEVENT
UID:run
DTSTART:20261102T063000
DTEND:20261102T071500
RRULE:FREQ=WEEKLY;BYDAY=MO,WE
EXDATE:20261104T063000
SUMMARY:Morning run
END:VEVENT
BEGIN:VEVENT
UID:run
RECURRENCE-ID:20261109T063000
DTSTART:20261109T080000
DTEND:20261109T090000
SUMMARY:Late run
END:VEVENT
BEGIN:VEVENT
UID:holiday
DTSTART;VALUE=DATE:20261110
SUMMARY:Day off
END:VEVENT
END:VCALENDAR
"""


def test_expands_weekly_runs_honouring_exdate_and_overrides():
    events = {e.external_id: e for e in parse_ics(RUNS, source="runs.ics", **WINDOW)}
    runs = sorted(k for k in events if k.startswith("run/"))
    # Mon 2, (Wed 4 excluded), Mon 9 (moved), Wed 11
    assert runs == ["run/20261102T053000Z", "run/20261109T053000Z", "run/20261111T053000Z"]
    moved = events["run/20261109T053000Z"]
    assert moved.title == "Late run"
    assert moved.start_time == datetime(2026, 11, 9, 7, 0, tzinfo=UTC)


def test_floating_times_bind_to_the_calendar_zone_and_keep_it():
    first = parse_ics(RUNS, source="runs.ics", **WINDOW)[0]
    assert first.start_time == datetime(2026, 11, 2, 5, 30, tzinfo=UTC)  # 06:30 in Berlin
    assert first.timezone == "Europe/Berlin"
    assert first.recurrence_rule == "FREQ=WEEKLY;BYDAY=MO,WE"


def test_all_day_event_ends_the_next_day_exclusive():
    holiday = next(
        e for e in parse_ics(RUNS, source="runs.ics", **WINDOW) if e.external_id == "holiday"
    )
    assert holiday.all_day
    assert holiday.start_time == datetime(2026, 11, 10, tzinfo=UTC)
    assert holiday.end_time == datetime(2026, 11, 11, tzinfo=UTC)


def test_content_hash_changes_only_with_content():
    a = parse_ics(RUNS, source="a", **WINDOW)
    b = parse_ics(RUNS, source="b", **WINDOW)
    assert [e.content_hash() for e in a] == [e.content_hash() for e in b]
    c = parse_ics(RUNS.replace("Late run", "Later run"), source="c", **WINDOW)
    assert {e.content_hash() for e in a} != {e.content_hash() for e in c}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            RUNS.replace("DTSTART:20261102T063000", "DTSTART:2026-11-02 06:30"),
            7,
            "DTSTART has an invalid date",
        ),
        (
            RUNS.replace("SUMMARY:Day off\n", "Day off without a property name\n"),
            23,
            "not a valid content line",
        ),
        (
            RUNS.replace("END:VEVENT\nEND:VCALENDAR", "END:VCALENDAR"),
            24,
            "END:VCALENDAR where END:VEVENT",
        ),
        (RUNS.split("END:VEVENT")[0], 5, "BEGIN:VEVENT is never closed"),
        (RUNS.replace("RRULE:FREQ=WEEKLY;BYDAY=MO,WE", "RRULE:FREQ=SOMETIMES"), 9, "invalid RRULE"),
        ("hello", 1, "not an iCalendar file"),
    ],
)
def test_malformed_calendar_is_rejected_with_file_and_line(text, line, message):
    with pytest.raises(IcsError) as error:
        parse_ics(text, source="broken.ics", **WINDOW)
    assert error.value.line == line
    assert str(error.value).startswith(f"broken.ics:{line}: ")
    assert message in str(error.value)


def test_non_utf8_file_is_rejected_clearly(tmp_path):
    path = tmp_path / "latin1.ics"
    path.write_bytes(RUNS.replace("Day off", "Fête").encode("latin-1"))
    with pytest.raises(IcsError, match="is not UTF-8"):
        read_ics_file(path, **WINDOW)


def test_bundled_demo_calendar_parses_with_events_around_any_date():
    events = read_ics_file(
        demo_calendar_path(),
        window_start=datetime(2026, 10, 1, tzinfo=UTC),
        window_end=datetime(2026, 12, 31, tzinfo=UTC),
    )
    titles = {e.title for e in events}
    assert {"Morning run", "Morning run (long)", "Lunch w/ Sarah @ Cafe Roma ($25)"} <= titles
    assert len({e.external_id for e in events}) == len(events)
