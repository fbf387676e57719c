"""People, interactions and reconnect cues, by hand and by inference, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from lifeos_core.calendar import service as calendar
from lifeos_core.errors import InvalidInput, NotFound
from lifeos_core.events.models import EventRecord
from lifeos_core.relationships import service as relationships
from lifeos_core.relationships.cues import local_date

TODAY = date(2026, 11, 25)


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture
def bo(runtime, owner):
    with runtime.uow() as uow:
        person = relationships.create_person(
            uow, owner, name="Bo Lind", relationship_type="friend", reconnect_cue_days=14
        )
        uow.commit()
    return person


def log(runtime, actor, person, when: datetime, kind: str = "call"):
    with runtime.uow() as uow:
        interaction = relationships.log_interaction(
            uow, actor, person_id=person.id, interaction_type=kind, occurred_at=when
        )
        uow.commit()
    return interaction


def infer(runtime, actor, when: datetime, *, title: str = "Dinner with Bo", **kw):
    with runtime.uow() as uow:
        event = calendar.create_event(uow, actor, title=title, start_time=when)
        interaction = relationships.record_inferred_interaction(
            uow, actor, calendar_event_id=event.id, occurred_at=when, confidence=0.7,
            status="inferred", model_version="rules-1", interaction_type="meal", **kw,
        )  # fmt: skip
        uow.commit()
    return interaction


def person(runtime, actor, person_id: int):
    with runtime.uow() as uow:
        return relationships.get_person(uow, actor, person_id)


def due_names(runtime, actor, today: date = TODAY) -> list[str]:
    with runtime.uow() as uow:
        return [p.name for p in relationships.people_to_reconnect(uow, actor, today=today)]


def event_types(runtime) -> list[str]:
    with runtime.uow() as uow:
        return list(
            uow.session.scalars(
                sa.select(EventRecord.event_type)
                .where(EventRecord.event_type.like("relationships.%"))
                .order_by(EventRecord.id)
            )
        )


def test_a_logged_interaction_resets_the_reconnect_cue(runtime, owner, bo):
    log(runtime, owner, bo, at(11, 1), "meal")
    assert person(runtime, owner, bo.id).reconnect_due_on == date(2026, 11, 15)
    assert due_names(runtime, owner) == ["Bo Lind"]

    log(runtime, owner, bo, at(11, 20), "call")

    bo_now = person(runtime, owner, bo.id)
    assert bo_now.last_contact == at(11, 20)
    assert bo_now.reconnect_due_on == date(2026, 12, 4)
    assert due_names(runtime, owner) == []
    assert event_types(runtime) == [
        "relationships.person.created",
        "relationships.interaction.logged",
        "relationships.interaction.logged",
    ]


def test_an_unconfirmed_inference_leaves_the_cue_alone_until_it_is_confirmed(runtime, owner, bo):
    log(runtime, owner, bo, at(11, 1))
    dinner = infer(runtime, owner, at(11, 24, 19), person_id=bo.id)

    assert person(runtime, owner, bo.id).last_contact == at(11, 1)
    assert due_names(runtime, owner) == ["Bo Lind"]
    with runtime.uow() as uow:
        listed = relationships.list_interactions(uow, owner)
        counted = relationships.list_interactions(uow, owner, include_unconfirmed=False)
    assert [(i.person_name, i.inferred_status, i.confidence_score) for i in listed] == [
        ("Bo Lind", "inferred", 0.7),
        ("Bo Lind", None, None),
    ]
    assert [i.source for i in counted] == ["manual"]

    with runtime.uow() as uow:
        relationships.set_interaction_inferred_status(uow, owner, dinner.id, "confirmed")
        uow.commit()

    assert person(runtime, owner, bo.id).last_contact == at(11, 24, 19)
    assert due_names(runtime, owner) == []
    assert event_types(runtime)[-2:] == [
        "relationships.interaction.inferred",
        "relationships.interaction.updated",
    ]


@pytest.mark.parametrize("decision", ["rejected", "ignored"])
def test_a_rejected_or_ignored_inference_never_counts_and_drops_off_the_list(
    runtime, owner, bo, decision
):
    log(runtime, owner, bo, at(11, 1))
    dinner = infer(runtime, owner, at(11, 24, 19), person_id=bo.id)
    with runtime.uow() as uow:
        relationships.set_interaction_inferred_status(uow, owner, dinner.id, decision)
        uow.commit()
    with runtime.uow() as uow:
        assert relationships.get_person(uow, owner, bo.id).last_contact == at(11, 1)
        assert [i.source for i in relationships.list_interactions(uow, owner)] == ["manual"]
    assert due_names(runtime, owner) == ["Bo Lind"]


def test_deleting_the_interaction_that_reset_the_cue_brings_the_old_cue_back(runtime, owner, bo):
    log(runtime, owner, bo, at(11, 1))
    call = log(runtime, owner, bo, at(11, 20))
    assert due_names(runtime, owner) == []

    with runtime.uow() as uow:
        relationships.delete_interaction(uow, owner, call.id)
        uow.commit()

    assert person(runtime, owner, bo.id).reconnect_due_on == date(2026, 11, 15)
    assert due_names(runtime, owner) == ["Bo Lind"]
    assert event_types(runtime)[-1] == "relationships.interaction.deleted"


def test_the_reconnect_list_puts_the_most_overdue_first(runtime, owner):
    people = {}
    with runtime.uow() as uow:
        for name, cue, last in [
            ("Ana", 7, at(11, 1)),  # due 8 Nov
            ("Bea", 30, at(10, 1)),  # due 31 Oct
            ("Cy", 14, at(11, 20)),  # due 4 Dec: not yet
            ("Dee", None, at(1, 5)),  # no cue: never listed
            ("Eve", 5, at(11, 20)),  # due today
        ]:
            people[name] = relationships.create_person(
                uow, owner, name=name, reconnect_cue_days=cue
            )
            relationships.log_interaction(
                uow, owner, person_id=people[name].id, interaction_type="message", occurred_at=last
            )
        uow.commit()
    with runtime.uow() as uow:
        due = relationships.people_to_reconnect(uow, owner, today=TODAY)
    assert [(p.name, p.days_overdue(TODAY)) for p in due] == [("Bea", 25), ("Ana", 17), ("Eve", 0)]


def test_someone_never_contacted_comes_due_a_cue_after_they_were_added(runtime, owner, bo):
    added = local_date(bo.created_at, owner.timezone)
    assert bo.last_contact is None
    assert bo.reconnect_due_on == added + timedelta(days=14)
    assert due_names(runtime, owner, today=added + timedelta(days=13)) == []
    assert due_names(runtime, owner, today=added + timedelta(days=14)) == ["Bo Lind"]


def test_last_contact_counts_on_the_owners_local_day(runtime, owner, bo):
    # 23:30 UTC on 10 Nov is already 11 Nov in Berlin, where Ada lives.
    log(runtime, owner, bo, datetime(2026, 11, 10, 23, 30, tzinfo=UTC))
    assert person(runtime, owner, bo.id).reconnect_due_on == date(2026, 11, 25)


def test_changing_or_stopping_the_cue_moves_the_person_in_or_out_of_the_list(runtime, owner, bo):
    log(runtime, owner, bo, at(11, 15))
    assert due_names(runtime, owner) == []
    with runtime.uow() as uow:
        shorter = relationships.update_person(uow, owner, bo.id, reconnect_cue_days=7)
        uow.commit()
    assert shorter.reconnect_due_on == date(2026, 11, 22)
    assert due_names(runtime, owner) == ["Bo Lind"]
    with runtime.uow() as uow:
        stopped = relationships.update_person(
            uow, owner, bo.id, reconnect_cue_days=None, notes="Moved to Oslo"
        )
        uow.commit()
    assert (stopped.reconnect_due_on, stopped.notes) == (None, "Moved to Oslo")
    assert due_names(runtime, owner) == []
    assert event_types(runtime).count("relationships.person.updated") == 2


def test_bad_input_names_the_field_and_writes_nothing(runtime, owner, bo):
    for fields, field in [
        (dict(name="   "), "name"),
        (dict(name="Cy", relationship_type="nemesis"), "relationship_type"),
        (dict(name="Cy", reconnect_cue_days=0), "reconnect_cue_days"),
        (dict(name="Cy", email="cy at example"), "email"),
        (dict(name="Cy", birthday=TODAY + timedelta(days=400)), "birthday"),
    ]:
        with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
            relationships.create_person(uow, owner, **fields)
        assert field in bad.value.fields, fields
    for fields, field in [
        (dict(person_id=bo.id, interaction_type="telepathy", occurred_at=at(11, 1)),
         "interaction_type"),
        (dict(person_id=bo.id, occurred_at=datetime(2026, 11, 1, 12)), "occurred_at"),
        (dict(person_id=bo.id), "occurred_at"),
        (dict(occurred_at=at(11, 1)), "person_id"),
    ]:  # fmt: skip
        with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
            relationships.log_interaction(uow, owner, **fields)
        assert field in bad.value.fields, fields
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        relationships.update_person(uow, owner, bo.id, name=None)
    assert "name" in bad.value.fields
    with runtime.uow() as uow, pytest.raises(InvalidInput, match="status"):
        relationships.set_interaction_inferred_status(uow, owner, 1, "maybe")
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        event = calendar.create_event(uow, owner, title="Call with Bo", start_time=at(11, 2))
        relationships.record_inferred_interaction(
            uow, owner, calendar_event_id=event.id, occurred_at=at(11, 2), confidence=1.5,
            status="rejected", model_version="rules-1",
        )  # fmt: skip
    assert {"confidence", "status"} <= set(bad.value.fields)
    with runtime.uow() as uow:
        assert [p.name for p in relationships.list_people(uow, owner)] == ["Bo Lind"]
        assert relationships.list_interactions(uow, owner) == []
    assert event_types(runtime) == ["relationships.person.created"]


def test_names_need_not_be_unique_and_are_found_ignoring_case_and_spacing(runtime, owner):
    with runtime.uow() as uow:
        first = relationships.create_person(uow, owner, name="Zoë  Lind")
        second = relationships.create_person(
            uow, owner, name="ZOË LIND", relationship_type="family"
        )
        relationships.create_person(uow, owner, name="Zoë Lindqvist")
        uow.commit()
    assert first.name == "Zoë Lind"  # spacing tidied on the way in
    with runtime.uow() as uow:
        found = relationships.find_people_by_name(uow, owner, " zoë lind ")
        assert [p.id for p in found] == [first.id, second.id]
        assert relationships.find_people_by_name(uow, owner, "Zoe Lind") == []
        assert relationships.find_people_by_name(uow, owner, "  ") == []


def test_an_inferred_name_links_to_the_one_person_it_matches_or_waits_unmatched(runtime, owner, bo):
    linked = infer(runtime, owner, at(11, 20), person_name="bo lind")
    assert (linked.person_id, linked.person_name) == (bo.id, "Bo Lind")

    unknown = infer(runtime, owner, at(11, 21), title="Lunch with Cy", person_name="Cy")
    assert (unknown.person_id, unknown.person_name) == (None, "Cy")
    with runtime.uow() as uow:
        relationships.set_interaction_inferred_status(uow, owner, unknown.id, "confirmed")
        cy = relationships.create_person(uow, owner, name="Cy", reconnect_cue_days=7)
        uow.commit()
    assert person(runtime, owner, cy.id).last_contact is None  # not theirs until matched

    with runtime.uow() as uow:
        matched = relationships.update_interaction(uow, owner, unknown.id, person_id=cy.id)
        uow.commit()
    assert (matched.person_id, matched.person_name) == (cy.id, "Cy")
    assert person(runtime, owner, cy.id).last_contact == at(11, 21)


def test_recording_the_same_inference_twice_keeps_one_record(runtime, owner, bo):
    with runtime.uow() as uow:
        event = calendar.create_event(uow, owner, title="Call with Bo", start_time=at(11, 20))
        uow.commit()
    for _ in range(2):
        with runtime.uow() as uow:
            relationships.record_inferred_interaction(
                uow, owner, calendar_event_id=event.id, occurred_at=at(11, 20), confidence=0.9,
                status="confirmed", model_version="rules-1", person_name="Bo Lind",
                interaction_type="call", structure={"person_name": "Bo Lind"},
            )  # fmt: skip
            uow.commit()
    with runtime.uow() as uow:
        assert len(relationships.list_interactions(uow, owner)) == 1
    assert event_types(runtime).count("relationships.interaction.inferred") == 1
    assert person(runtime, owner, bo.id).last_contact == at(11, 20)  # confirmed counts


def test_deleting_a_person_deletes_their_interactions(runtime, owner, bo):
    log(runtime, owner, bo, at(11, 1))
    infer(runtime, owner, at(11, 2), person_id=bo.id)
    with runtime.uow() as uow:
        relationships.delete_person(uow, owner, bo.id)
        uow.commit()
    with runtime.uow() as uow:
        assert relationships.list_people(uow, owner) == []
        assert relationships.list_interactions(uow, owner) == []
        payload = uow.session.scalars(
            sa.select(EventRecord.payload).where(
                EventRecord.event_type == "relationships.person.deleted"
            )
        ).one()
    assert payload["interactions_deleted"] == 2


def test_another_user_cannot_read_change_or_delete_the_owners_people(runtime, owner, bo, make_user):
    call = log(runtime, owner, bo, at(11, 20))
    dinner = infer(runtime, owner, at(11, 21), person_id=bo.id)
    with runtime.uow() as uow:
        owners_event_id = relationships.list_interactions(uow, owner)[0].calendar_event_id
    mallory = make_user("mallory@example.com")
    with runtime.uow() as uow:
        mallorys_event = calendar.create_event(uow, mallory, title="Coffee", start_time=at(11, 22))
        uow.commit()
    with runtime.uow() as uow:
        assert relationships.list_people(uow, mallory) == []
        assert relationships.list_interactions(uow, mallory) == []
        assert relationships.list_interactions(uow, mallory, person_id=bo.id) == []
        assert relationships.find_people_by_name(uow, mallory, "Bo Lind") == []
        assert relationships.people_to_reconnect(uow, mallory, today=date(2030, 1, 1)) == []
        for attempt in (
            lambda: relationships.get_person(uow, mallory, bo.id),
            lambda: relationships.update_person(uow, mallory, bo.id, name="Mine"),
            lambda: relationships.delete_person(uow, mallory, bo.id),
            lambda: relationships.log_interaction(
                uow, mallory, person_id=bo.id, occurred_at=at(11, 23)
            ),
            lambda: relationships.update_interaction(uow, mallory, call.id, notes="mine"),
            lambda: relationships.delete_interaction(uow, mallory, call.id),
            lambda: relationships.set_interaction_inferred_status(
                uow, mallory, dinner.id, "rejected"
            ),
            lambda: relationships.record_inferred_interaction(
                uow, mallory, calendar_event_id=mallorys_event.id, occurred_at=at(11, 22),
                confidence=0.9, status="confirmed", model_version="rules-1", person_id=bo.id,
            ),
            lambda: relationships.record_inferred_interaction(
                uow, mallory, calendar_event_id=owners_event_id, occurred_at=at(11, 22),
                confidence=0.9, status="confirmed", model_version="rules-1",
            ),
        ):  # fmt: skip
            with pytest.raises(NotFound):
                attempt()
        uow.commit()
    with runtime.uow() as uow:
        mallorys_cy = relationships.create_person(uow, mallory, name="Cy")
        with pytest.raises(NotFound):  # nor move the owner's interaction onto her person
            relationships.update_interaction(uow, mallory, call.id, person_id=mallorys_cy.id)
        with pytest.raises(NotFound):  # nor move her own onto the owner's person
            own = relationships.log_interaction(
                uow, mallory, person_id=mallorys_cy.id, occurred_at=at(11, 23)
            )
            relationships.update_interaction(uow, mallory, own.id, person_id=bo.id)
    with runtime.uow() as uow:
        bo_now = relationships.get_person(uow, owner, bo.id)
        assert (bo_now.name, bo_now.last_contact) == ("Bo Lind", at(11, 20))
        assert [
            (i.id, i.notes, i.inferred_status) for i in relationships.list_interactions(uow, owner)
        ] == [(dinner.id, None, "inferred"), (call.id, None, None)]
