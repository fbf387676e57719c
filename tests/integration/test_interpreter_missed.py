""" "The interpreter missed this": the owner says what an event was where the interpreter
proposed nothing, and gets a confirmed interpretation and a confirmed domain record that
later interpreter runs leave alone and the owner's model learns from; on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from lifeos_core.calendar import service as calendar
from lifeos_core.errors import InvalidInput, NotFound
from lifeos_core.events.models import EventRecord
from lifeos_core.finance import service as finance
from lifeos_core.health import service as health
from lifeos_core.interpreter import learning, review
from lifeos_core.interpreter.service import interpret_new_events
from lifeos_core.relationships import service as relationships

MONDAY = datetime(2026, 11, 2, tzinfo=UTC)
ALL = ("inferred", "confirmed", "rejected", "ignored", "withdrawn")
WORKOUT, MONEY, PEOPLE = "health/workout", "finance/transaction", "relationships/interaction"


def add(runtime, actor, title: str, start: datetime, minutes: int = 45) -> int:
    with runtime.uow() as uow:
        event = calendar.create_event(
            uow, actor, title=title, start_time=start, end_time=start + timedelta(minutes=minutes)
        )
        uow.commit()
    return event.id


def missed(runtime, actor, event_id: int, record_type: str, **fields: str):
    with runtime.uow() as uow:
        view = review.add_missed(
            uow, actor, calendar_event_id=event_id, record_type=record_type, fields=fields
        )
        uow.commit()
    return view


def interpretations(runtime, actor, event_id: int) -> dict:
    with runtime.uow() as uow:
        views = calendar.list_interpretations(uow, actor, statuses=ALL)
    return {v.record_type: v for v in views if v.calendar_event_id == event_id}


def catalog_events(runtime, prefix: str) -> list[tuple[str, dict]]:
    with runtime.uow() as uow:
        rows = uow.session.scalars(
            sa.select(EventRecord)
            .where(EventRecord.event_type.like(f"{prefix}%"))
            .order_by(EventRecord.id)
        )
        return [(row.event_type, row.payload) for row in rows]


# --- the happy paths ------------------------------------------------------------------------


def test_a_missed_expense_becomes_a_confirmed_transaction_of_the_typed_amount(
    runtime, owner, settings
):
    event_id = add(runtime, owner, "Farmers market", MONDAY.replace(hour=9))
    interpret_new_events(runtime.uow, settings)
    assert interpretations(runtime, owner, event_id) == {}  # the rules saw nothing in it

    view = missed(runtime, owner, event_id, MONEY, amount="23,50")

    assert (view.status, view.decided_by, view.confidence_score) == ("confirmed", "owner", 1.0)
    assert view.added_by_owner and view.model_version == "rules-2"
    assert view.structure["amount"] == "23.50"
    assert view.structure["description"] == "Farmers market"
    with runtime.uow() as uow:
        [txn] = finance.list_transactions(uow, owner)
    assert (txn.amount, txn.inferred_status, txn.description) == (
        Decimal("-23.50"),
        "confirmed",
        "Farmers market",
    )
    assert view.record_id == txn.id
    said = catalog_events(runtime, "calendar.interpretation.")
    assert [kind for kind, _ in said] == [
        "calendar.interpretation.created",
        "calendar.interpretation.confirmed",
    ]
    assert all(payload["is_false_negative"] is True for _, payload in said)
    assert said[1][1]["record_id"] == txn.id and said[1][1]["decided_by"] == "owner"
    assert [kind for kind, _ in catalog_events(runtime, "finance.transaction.inferred")] == [
        "finance.transaction.inferred"
    ]


def test_a_missed_workout_takes_its_duration_from_the_event_and_its_type_from_the_owner(
    runtime, owner, settings
):
    event_id = add(runtime, owner, "Sweat sesh", MONDAY.replace(hour=6), minutes=50)
    interpret_new_events(runtime.uow, settings)
    with runtime.uow() as uow:
        hint = review.missed_structure(uow, owner, calendar_event_id=event_id, record_type=WORKOUT)
    assert hint == {"workout_type": "other", "duration_minutes": 50}

    view = missed(runtime, owner, event_id, WORKOUT, workout_type="cycling", duration_minutes="")

    assert view.structure == {"workout_type": "cycling", "duration_minutes": 50}
    with runtime.uow() as uow:
        [workout] = health.list_workouts(uow, owner)
    assert (workout.workout_type, workout.duration_minutes, workout.inferred_status) == (
        "cycling",
        50,
        "confirmed",
    )


def test_time_with_someone_the_rules_could_not_name(runtime, owner, settings):
    event_id = add(runtime, owner, "Ana", MONDAY.replace(hour=18))
    interpret_new_events(runtime.uow, settings)
    assert interpretations(runtime, owner, event_id) == {}

    view = missed(runtime, owner, event_id, PEOPLE, person_name="Ana", interaction_type="meal")

    assert view.structure["person_name"] == "Ana"
    with runtime.uow() as uow:
        [talk] = relationships.list_interactions(uow, owner)
    assert (talk.person_name, talk.interaction_type, talk.inferred_status) == (
        "Ana",
        "meal",
        "confirmed",
    )


def test_the_owner_changing_their_mind_confirms_the_rejected_interpretation_and_record(
    runtime, owner, settings
):
    event_id = add(runtime, owner, "Call with Sam", MONDAY.replace(hour=17))
    interpret_new_events(runtime.uow, settings)
    pending = interpretations(runtime, owner, event_id)[PEOPLE]
    with runtime.uow() as uow:
        review.decide(uow, owner, interpretation_ids=[pending.id], decision="reject")
        uow.commit()

    view = missed(runtime, owner, event_id, PEOPLE)

    assert (view.id, view.record_id, view.status) == (pending.id, pending.record_id, "confirmed")
    with runtime.uow() as uow:
        [talk] = relationships.list_interactions(uow, owner)
    assert (talk.id, talk.inferred_status) == (pending.record_id, "confirmed")
    kind, payload = catalog_events(runtime, "calendar.interpretation.")[-1]
    # The interpreter had it right: this corrects the rejection, it was no miss.
    assert kind == "calendar.interpretation.confirmed"
    assert (payload["is_false_positive"], payload["is_false_negative"]) == (False, False)


def test_a_withdrawn_proposal_the_owner_says_was_right_after_all_is_a_miss(
    runtime, owner, settings
):
    event_id = add(runtime, owner, "Call with Sam", MONDAY.replace(hour=17))
    interpret_new_events(runtime.uow, settings)
    with runtime.uow() as uow:
        calendar.update_event(uow, owner, event_id, title="Sam")
        uow.commit()
    interpret_new_events(runtime.uow, settings)
    assert interpretations(runtime, owner, event_id)[PEOPLE].status == "withdrawn"

    view = missed(runtime, owner, event_id, PEOPLE, person_name="Sam")

    assert view.status == "confirmed" and len(interpretations(runtime, owner, event_id)) == 1
    with runtime.uow() as uow:
        confirmed = relationships.list_interactions(uow, owner)
    assert [(t.person_name, t.inferred_status) for t in confirmed] == [("Sam", "confirmed")]
    assert catalog_events(runtime, "calendar.interpretation.confirmed")[-1][1]["is_false_negative"]


# --- refusals ------------------------------------------------------------------------------


def refused(runtime, actor, event_id, record_type, error=InvalidInput, match=None, **fields):
    with runtime.uow() as uow, pytest.raises(error, match=match):
        review.add_missed(
            uow, actor, calendar_event_id=event_id, record_type=record_type, fields=fields
        )
        uow.commit()


def nothing_changed(runtime, actor, event_id: int) -> None:
    assert interpretations(runtime, actor, event_id) == {}
    with runtime.uow() as uow:
        assert finance.list_transactions(uow, actor) == []
        assert relationships.list_interactions(uow, actor) == []
        assert health.list_workouts(uow, actor) == []
    assert catalog_events(runtime, "calendar.interpretation.") == []


def test_refusals_leave_nothing_behind(runtime, owner, settings):
    event_id = add(runtime, owner, "Ana", MONDAY.replace(hour=18))
    refused(runtime, owner, event_id, "journal/entry", match="record_type")
    refused(runtime, owner, event_id, MONEY, match="amount: needed")
    refused(runtime, owner, event_id, MONEY, match="not an amount", amount="lots")
    refused(runtime, owner, event_id, MONEY, match="more than zero", amount="-5")
    refused(runtime, owner, event_id, WORKOUT, match="not a field", calories="300")
    refused(runtime, owner, event_id, WORKOUT, match="whole number", duration_minutes="an hour")
    # The domain refuses the value: the interpretation it would have gone with is not kept.
    refused(runtime, owner, event_id, PEOPLE, match="did not accept", interaction_type="telepathy")
    nothing_changed(runtime, owner, event_id)


def test_another_owners_event_and_a_deleted_one_are_not_found(runtime, owner, make_user, settings):
    other = make_user("grace@example.com", timezone="America/New_York")
    theirs = add(runtime, other, "Sweat sesh", MONDAY.replace(hour=7))
    refused(runtime, owner, theirs, WORKOUT, error=NotFound)
    gone = add(runtime, owner, "Sweat sesh", MONDAY.replace(hour=7))
    with runtime.uow() as uow:
        calendar.delete_event(uow, owner, gone)
        uow.commit()
    refused(runtime, owner, gone, WORKOUT, error=NotFound)
    refused(runtime, owner, 10_000, WORKOUT, error=NotFound)
    with runtime.uow() as uow:  # nor through the calendar service itself
        with pytest.raises(NotFound):
            calendar.event_interpretations(uow, owner, theirs)
        with pytest.raises(NotFound):
            calendar.record_missed_interpretation(
                uow, owner, event_id=theirs, domain="health", record_type=WORKOUT,
                structure={}, model_version="rules-2", record_id=None,
            )  # fmt: skip
    nothing_changed(runtime, other, theirs)


def test_an_event_already_interpreted_as_that_type_is_refused(runtime, owner, settings):
    climbing = add(runtime, owner, "Climbing", MONDAY.replace(hour=7))
    call = add(runtime, owner, "Call with Sam", MONDAY.replace(hour=17))
    interpret_new_events(runtime.uow, settings)
    assert interpretations(runtime, owner, climbing)[WORKOUT].status == "confirmed"  # auto
    refused(runtime, owner, climbing, WORKOUT, match="already confirmed")
    refused(runtime, owner, call, PEOPLE, match="waiting for your review")
    another = add(runtime, owner, "Sweat sesh", MONDAY.replace(hour=8))
    missed(runtime, owner, another, WORKOUT)
    refused(runtime, owner, another, WORKOUT, match="already confirmed")


def test_a_workout_the_owner_rejected_cannot_come_back_through_health(runtime, owner, settings):
    """Health keeps one workout per event and a decided one as the owner decided it: the
    owner is told so, and nothing changes."""
    event_id = add(runtime, owner, "Run", MONDAY.replace(hour=13))
    interpret_new_events(runtime.uow, settings)
    pending = interpretations(runtime, owner, event_id)[WORKOUT]
    assert pending.status == "inferred"
    with runtime.uow() as uow:
        review.decide(uow, owner, interpretation_ids=[pending.id], decision="reject")
        uow.commit()
    refused(runtime, owner, event_id, WORKOUT, match="will not take it back")
    assert interpretations(runtime, owner, event_id)[WORKOUT].status == "rejected"


# --- later interpreter runs ------------------------------------------------------------------


def test_a_later_run_neither_duplicates_nor_withdraws_the_owners_interpretation(
    runtime, owner, settings
):
    # Marked before the interpreter ever looked at the event: its first run adds what the
    # rules see (the meal) beside the owner's interaction, and later runs change nothing.
    event_id = add(runtime, owner, "Tapas", MONDAY.replace(hour=20))
    view = missed(runtime, owner, event_id, PEOPLE, person_name="Ana")
    for _ in range(2):
        interpret_new_events(runtime.uow, settings)
    found = interpretations(runtime, owner, event_id)
    assert found[PEOPLE] == view
    assert "health/meal" in found
    with runtime.uow() as uow:
        assert len(relationships.list_interactions(uow, owner)) == 1


def test_the_owners_interpretation_survives_an_upstream_change_but_not_a_deletion(
    runtime, owner, settings
):
    event_id = add(runtime, owner, "Sweat sesh", MONDAY.replace(hour=6))
    interpret_new_events(runtime.uow, settings)
    view = missed(runtime, owner, event_id, WORKOUT)
    with runtime.uow() as uow:
        calendar.update_event(uow, owner, event_id, title="Sweat sesh (long)")
        uow.commit()
    interpret_new_events(runtime.uow, settings)
    assert interpretations(runtime, owner, event_id)[WORKOUT] == view.model_copy(
        update={"event_title": "Sweat sesh (long)"}
    )

    with runtime.uow() as uow:
        calendar.delete_event(uow, owner, event_id)
        uow.commit()
    interpret_new_events(runtime.uow, settings)
    # Gone with its event, like every interpretation; the workout stays as the owner
    # confirmed it (the same as one they confirmed in the review queue).
    assert interpretations(runtime, owner, event_id) == {}
    with runtime.uow() as uow:
        [workout] = health.list_workouts(uow, owner)
    assert workout.inferred_status == "confirmed"


# --- learning --------------------------------------------------------------------------------


def test_misses_are_owner_decisions_and_positives(runtime, owner, settings):
    event_id = add(runtime, owner, "Sweat sesh", MONDAY.replace(hour=6))
    missed(runtime, owner, event_id, WORKOUT)
    with runtime.uow() as uow:
        examples, decisions = learning.decided_examples(uow, owner)
        assert learning.owner_decision_count(uow, owner) == 1
    assert decisions == 1
    [example] = examples
    assert example.facts.title == "Sweat sesh"
    assert example.positives == {WORKOUT} and WORKOUT not in example.negatives


def test_a_phrase_the_rules_do_not_know_is_learnt_from_a_few_misses(runtime, owner, settings):
    """The owner's "Sweat sesh" is a workout the rules cannot see; after they mark a few,
    the retrained model proposes it by itself, and the model's numbers count the misses."""
    days = [MONDAY.replace(hour=6) + timedelta(days=day) for day in range(12)]
    for day in days[:4]:
        add(runtime, owner, "Meditation", day.replace(hour=21), minutes=15)
    sessions = [add(runtime, owner, "Sweat sesh", day) for day in days[:4]]
    interpret_new_events(runtime.uow, settings)
    with runtime.uow() as uow:
        meditation = [
            v.id for v in calendar.list_interpretations(uow, owner) if v.event_title == "Meditation"
        ]
        review.decide(uow, owner, interpretation_ids=meditation, decision="confirm")
        uow.commit()
    assert all(interpretations(runtime, owner, e) == {} for e in sessions)

    for event_id in sessions:
        missed(runtime, owner, event_id, WORKOUT, workout_type="hiit")
    with runtime.uow() as uow:
        trained = learning.train_user_model(uow, owner)
        uow.commit()
    assert trained.metrics["owner_missed"] == 4 and trained.metrics["owner_rejected"] == 0
    assert trained.decisions == 8

    later = add(runtime, owner, "Sweat sesh", days[10])
    similar = add(runtime, owner, "Sweat sesh at home", days[11])
    interpret_new_events(runtime.uow, settings)
    learnt = interpretations(runtime, owner, later)[WORKOUT]
    assert (learnt.status, learnt.decided_by) == ("confirmed", "auto")  # remembered
    assert learnt.model_version == f"rules-2+user-{owner.user_id}-v1"
    assert learnt.structure["workout_type"] == "hiit"  # as the owner told it
    # A title it never saw is no longer invisible: its words earn it a place in the queue.
    assert interpretations(runtime, owner, similar)[WORKOUT].status == "inferred"
    with runtime.uow() as uow:
        assert len(health.list_workouts(uow, owner, include_unconfirmed=False)) == 5
