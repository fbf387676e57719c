"""The relationships page, used as the owner would: add a friend, log a dinner, see the cue."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from app_driver import open_page

from dashboards.ui import md
from lifeos_core.calendar import service as calendar
from lifeos_core.relationships import service as relationships


# The demo's calendar fills this domain with inferred records; these tests start from an
# owner whose domain is empty, signed in the same way.
@pytest.fixture
def demo_actor(fresh_actor):
    return fresh_actor


@pytest.fixture
def signed_in(signed_in_fresh):
    return signed_in_fresh


def today(actor):
    return datetime.now(ZoneInfo(actor.timezone)).date()


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def add_person(at, name: str, *, cue: int | None = None, email: str = ""):
    at.text_input(key="relationships_person_name").input(name)
    at.selectbox(key="relationships_person_type").select("friend")
    if cue is not None:
        at.number_input(key="relationships_person_cue").set_value(cue)
    at.text_input(key="relationships_person_email").input(email)
    return at.button(key="relationships_person_submit").click().run()


def log_interaction(at, person_id: int, day, kind: str = "meal"):
    at.selectbox(key="relationships_interaction_person").select(person_id)
    at.selectbox(key="relationships_interaction_type").select(kind)
    at.date_input(key="relationships_interaction_date").set_value(day)
    at.time_input(key="relationships_interaction_time").set_value(time(19, 0))
    return at.button(key="relationships_interaction_submit").click().run()


def test_logging_a_dinner_takes_a_friend_off_the_reconnect_list(signed_in, app_runtime, demo_actor):
    at = open_page(signed_in, "relationships")
    at = add_person(at, "Bo Lind", cue=14)
    assert not at.error
    assert at.success[0].value == md("Added Bo Lind.")
    assert list(at.dataframe[0].value["Name"]) == ["Bo Lind"]
    assert "Bo Lind" not in markdown(at)  # added today: not due for two weeks
    with app_runtime.uow() as uow:
        (bo,) = relationships.find_people_by_name(uow, demo_actor, "Bo Lind")
    assert bo.reconnect_cue_days == 14

    at = log_interaction(at, bo.id, today(demo_actor) - timedelta(days=30))
    assert "**Bo Lind** · friend · 16 days overdue" in markdown(at)

    at = log_interaction(at, bo.id, today(demo_actor))

    assert "Bo Lind" not in markdown(at)
    assert at.caption[0].value == "Nobody is due a reconnect. Nice."
    assert at.success[0].value == md("Logged a meal with Bo Lind.")
    people = at.dataframe[0].value
    assert people["Next cue"].iloc[0] == today(demo_actor) + timedelta(days=14)
    interactions = at.dataframe[1].value
    assert list(interactions["Person"]) == ["Bo Lind", "Bo Lind"]
    assert list(interactions["Status"]) == ["logged", "logged"]


def test_a_bad_email_is_refused_and_the_name_is_kept(signed_in, app_runtime, demo_actor):
    at = open_page(signed_in, "relationships")

    at = add_person(at, "Cy Ode", cue=30, email="cy at example")

    assert [e.value for e in at.error] == [md("Email: is not an email address")]
    assert at.text_input(key="relationships_person_name").value == "Cy Ode"
    assert at.number_input(key="relationships_person_cue").value == 30
    with app_runtime.uow() as uow:
        assert relationships.list_people(uow, demo_actor) == []


def test_an_inferred_interaction_is_marked_with_its_confidence(signed_in, app_runtime, demo_actor):
    with app_runtime.uow() as uow:
        event = calendar.create_event(
            uow, demo_actor, title="Lunch w/ Dee ($18)",
            start_time=datetime.now(UTC).replace(microsecond=0) - timedelta(days=1),
        )  # fmt: skip
        relationships.record_inferred_interaction(
            uow, demo_actor, calendar_event_id=event.id, occurred_at=event.start_time,
            confidence=0.7, status="inferred", model_version="rules-1", person_name="Dee",
        )  # fmt: skip
        uow.commit()

    at = open_page(signed_in, "relationships")

    interactions = at.dataframe[0].value  # nobody in the directory yet: the only table
    assert list(interactions["Person"]) == ["Dee"]
    assert list(interactions["Source"]) == ["calendar"]
    assert list(interactions["Status"]) == ["inferred (70%), awaiting review"]
