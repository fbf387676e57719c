"""Calendar events by hand: create, edit, delete, with their catalog events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.sync import sync_ics_file_connection
from lifeos_core.errors import InvalidInput, NotFound
from lifeos_core.events.models import EventRecord
from lifeos_core.interpreter.service import interpret_new_events

START = datetime(2026, 11, 18, 11, tzinfo=UTC)  # 12:00 in Berlin


def events_emitted(runtime) -> list[tuple[str, dict]]:
    with runtime.uow() as uow:
        rows = uow.session.execute(
            sa.select(EventRecord.event_type, EventRecord.payload)
            .where(EventRecord.event_type.like("calendar.event.%"))
            .order_by(EventRecord.id)
        ).all()
    return [(t, p) for t, p in rows]


@pytest.fixture
def lunch(runtime, owner):
    with runtime.uow() as uow:
        event = calendar.create_event(
            uow, owner, title="Lunch", start_time=START, end_time=START + timedelta(hours=1),
            tags=[" Food ", "food", "Friends"], color="#ff8800", recurrence_rule="RRULE:FREQ=WEEKLY;BYDAY=WE",
        )  # fmt: skip
        uow.commit()
    return event


def test_a_new_event_keeps_every_field_normalised(lunch):
    assert lunch.tags == ["food", "friends"]
    assert lunch.recurrence_rule == "FREQ=WEEKLY;BYDAY=WE"
    assert (lunch.color, lunch.source, lunch.original_timezone) == (
        "#ff8800",
        "manual",
        "Europe/Berlin",
    )


def test_editing_changes_only_what_was_given_and_says_which_fields(runtime, owner, lunch):
    with runtime.uow() as uow:
        edited = calendar.update_event(
            uow, owner, lunch.id, title="Lunch with Ana", is_private=True, color="#ff8800"
        )
        uow.commit()
    assert (edited.title, edited.is_private, edited.location) == ("Lunch with Ana", True, None)
    assert events_emitted(runtime)[-1] == (
        "calendar.event.updated",
        {
            "user_id": owner.user_id,
            "event_id": lunch.id,
            "fields": ["title", "is_private"],
            "updated_at": events_emitted(runtime)[-1][1]["updated_at"],
        },
    )


def test_an_edited_event_is_interpreted_again(runtime, owner, lunch, settings):
    interpret_new_events(runtime.uow, settings)
    with runtime.uow() as uow:
        assert {
            i.record_type
            for i in calendar.list_interpretations(uow, owner, statuses=("inferred", "confirmed"))
        } == {"health/meal"}
        calendar.update_event(uow, owner, lunch.id, title="Lunch with Ana ($18)")
        uow.commit()
    interpret_new_events(runtime.uow, settings)
    with runtime.uow() as uow:
        found = {
            i.record_type
            for i in calendar.list_interpretations(uow, owner, statuses=("inferred", "confirmed"))
        }
    assert found == {"health/meal", "finance/transaction", "relationships/interaction"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_time": START - timedelta(minutes=1)}, "end_time"),
        ({"color": "orange"}, "color"),
        ({"recurrence_rule": "every tuesday"}, "recurrence_rule"),
        ({"title": ""}, "title"),
        ({"start_time": datetime(2026, 11, 18, 12)}, "start_time"),
    ],
)
def test_bad_edits_name_the_field_and_change_nothing(runtime, owner, lunch, changes, field):
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        calendar.update_event(uow, owner, lunch.id, **changes)
        uow.commit()
    assert field in bad.value.fields
    with runtime.uow() as uow:
        assert calendar.get_event(uow, owner, lunch.id) == lunch


def test_deleting_hides_the_event_and_emits_deleted(runtime, owner, lunch):
    with runtime.uow() as uow:
        calendar.delete_event(uow, owner, lunch.id)
        uow.commit()
    with runtime.uow() as uow:
        assert calendar.list_events(uow, owner) == []
        with pytest.raises(NotFound):
            calendar.get_event(uow, owner, lunch.id)
    assert events_emitted(runtime)[-1][0] == "calendar.event.deleted"


def test_a_synced_event_only_takes_a_colour_here(runtime, owner, settings, tmp_path):
    day = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y%m%d")
    path = tmp_path / "feed.ics"
    path.write_text(
        f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\nBEGIN:VEVENT\nUID:a@t\nDTSTART:{day}T100000Z\n"
        "SUMMARY:Standup\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    with runtime.uow() as uow:
        connection = calendar.add_connection(
            uow, owner, kind="ics_file", name="Work", location=str(path)
        )
        uow.commit()
    sync_ics_file_connection(runtime.uow, settings, connection)
    with runtime.uow() as uow:
        [standup] = calendar.list_events(uow, owner)
        with pytest.raises(InvalidInput, match="change it there"):
            calendar.update_event(uow, owner, standup.id, title="Sit-down")
        assert calendar.update_event(uow, owner, standup.id, color="#00aa00").color == "#00aa00"


def test_a_range_shows_every_event_overlapping_it_however_long_ago_it_began(runtime, owner):
    week = START.replace(hour=0)
    spans = {
        "Conference": (week - timedelta(days=1, hours=3), timedelta(days=2)),  # began before
        "Sabbatical": (week - timedelta(days=60), timedelta(days=90)),  # began long before
        "Trip": (week - timedelta(days=9), timedelta(days=9, minutes=30)),  # ends inside
        "Course": (week - timedelta(days=12), timedelta(days=10)),  # ended two days before
        "Breakfast": (week + timedelta(hours=8), timedelta(minutes=30)),
        "Lunch": (week - timedelta(days=1), timedelta(hours=1)),  # the day before
        "Reminder": (week + timedelta(days=1), None),  # no end
        "Next week": (week + timedelta(days=7), timedelta(hours=1)),
    }
    with runtime.uow() as uow:
        for title, (start, length) in spans.items():
            calendar.create_event(
                uow,
                owner,
                title=title,
                start_time=start,
                end_time=start + length if length else None,
            )
        uow.commit()
    with runtime.uow() as uow:
        shown = calendar.list_events(uow, owner, start=week, end=week + timedelta(days=7))
    assert [e.title for e in shown] == ["Sabbatical", "Trip", "Conference", "Breakfast", "Reminder"]
