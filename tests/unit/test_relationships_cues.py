"""The reconnect cue counts from the last contact, or from the day someone was added."""

from __future__ import annotations

from datetime import UTC, date, datetime

from lifeos_core.relationships.cues import days_overdue, local_date, reconnect_due_on

ADDED = date(2026, 9, 1)


def test_the_cue_counts_from_the_last_contact():
    due = reconnect_due_on(cue_days=14, last_contact=date(2026, 11, 1), known_since=ADDED)
    assert due == date(2026, 11, 15)


def test_someone_never_contacted_is_due_a_cue_after_being_added():
    assert reconnect_due_on(cue_days=30, last_contact=None, known_since=ADDED) == date(2026, 10, 1)


def test_without_a_cue_nobody_is_ever_due():
    assert reconnect_due_on(cue_days=None, last_contact=date(2020, 1, 1), known_since=ADDED) is None
    assert days_overdue(None, date(2030, 1, 1)) is None


def test_overdue_days_are_zero_on_the_due_day_and_negative_before():
    due = date(2026, 11, 15)
    assert [days_overdue(due, date(2026, 11, d)) for d in (14, 15, 25)] == [-1, 0, 10]


def test_a_late_evening_call_counts_on_the_local_day():
    late = datetime(2026, 11, 10, 23, 30, tzinfo=UTC)
    assert local_date(late, "Europe/Berlin") == date(2026, 11, 11)
    assert local_date(late, "America/New_York") == date(2026, 11, 10)
