"""Editing and deleting calendar events from the calendar page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from app_driver import open_page

from dashboards.ui import md
from lifeos_core.calendar import service as calendar


@pytest.fixture
def haircut(app_runtime, demo_actor):
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    with app_runtime.uow() as uow:
        event = calendar.create_event(
            uow,
            demo_actor,
            title="Haircut",
            start_time=start,
            end_time=start + timedelta(minutes=30),
        )
        uow.commit()
    return event


def choose(at, event_id: int):
    at.selectbox(key="calendar_edit_event").select(event_id)
    return at.run()


def test_renaming_an_event_saves_it(signed_in, app_runtime, demo_actor, haircut):
    at = choose(open_page(signed_in, "calendar"), haircut.id)
    at.text_input(key=f"calendar_edit_{haircut.id}_title").input("Haircut at Salon Bea")
    at = at.button(key="calendar_edit_submit").click().run()

    assert not at.error
    assert at.success[0].value == md("Saved “Haircut at Salon Bea”.")
    with app_runtime.uow() as uow:
        saved = calendar.get_event(uow, demo_actor, haircut.id)
    assert (saved.title, saved.color) == ("Haircut at Salon Bea", None)


def test_an_end_before_the_start_is_refused_on_edit(signed_in, app_runtime, demo_actor, haircut):
    at = choose(open_page(signed_in, "calendar"), haircut.id)
    start = at.datetime_input(key=f"calendar_edit_{haircut.id}_start").value
    at.datetime_input(key=f"calendar_edit_{haircut.id}_end").set_value(start - timedelta(hours=1))
    at = at.button(key="calendar_edit_submit").click().run()

    assert [e.value for e in at.error] == [md("End: is before the start")]
    with app_runtime.uow() as uow:
        assert calendar.get_event(uow, demo_actor, haircut.id).end_time == haircut.end_time


def test_deleting_an_event_removes_it(signed_in, app_runtime, demo_actor, haircut):
    at = choose(open_page(signed_in, "calendar"), haircut.id)
    at = at.button(key="calendar_edit_delete").click().run()

    assert at.success[0].value == md("Deleted “Haircut”.")
    with app_runtime.uow() as uow:
        assert haircut.id not in {e.id for e in calendar.list_events(uow, demo_actor)}
