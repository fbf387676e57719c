"""Real-world calendars (the ones icalendar and recurring-ical-events test themselves with):
each one imports or is rejected with a clear error naming the file; nothing crashes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from lifeos_core.calendar.check import check_ics_files
from lifeos_core.config import Settings

CALENDARS = sorted(
    path
    for package in (icalendar, recurring_ical_events)
    for path in Path(package.__file__).parent.rglob("*.ics")
)


@pytest.mark.filterwarnings("ignore")
def test_every_shipped_calendar_imports_or_is_rejected_with_a_clear_error():
    assert len(CALENDARS) > 100
    out = io.StringIO()
    assert check_ics_files([str(p) for p in CALENDARS], Settings(), out=out) == 0
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["path"] for r in results] == [str(p) for p in CALENDARS]
    imported = [r for r in results if r["ok"]]
    rejected = [r for r in results if not r["ok"]]
    assert len(imported) > len(CALENDARS) / 2
    for result in rejected:
        assert result["error"].startswith(result["path"] + ":"), result
        assert "Traceback" not in result["error"]
    for result in imported:
        assert result["error"] is None and result["events"] >= 0


def test_check_ics_reports_each_file_and_fails_only_for_unreadable_ones(tmp_path, capsys):
    good = tmp_path / "good.ics"
    good.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:a\nDTSTART:20260101T100000Z\n"
        "SUMMARY:New year walk\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:soon\nEND:VEVENT\nEND:VCALENDAR\n")
    assert check_ics_files([str(good), str(bad)], Settings()) == 0
    first, second = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert first == {
        "path": str(good), "ok": True, "events": 1, "occurrences": 0, "error": None
    }  # fmt: skip
    assert (
        second["ok"] is False
        and second["error"] == f"{bad}:3: DTSTART has an invalid date or time 'soon'"
    )

    assert check_ics_files([str(tmp_path / "missing.ics"), str(good)], Settings()) == 1
    missing, again = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert missing["ok"] is False and "could not be read" in missing["error"]
    assert again["ok"] is True
