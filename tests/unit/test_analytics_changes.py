"""Reading the audit log: what a refresh must read again, per user."""

from __future__ import annotations

from lifeos_core.analytics.changes import UserChanges


def changes(*events: tuple[str, dict]) -> UserChanges:
    found = UserChanges()
    for event_type, payload in events:
        found.apply(event_type, payload)
    return found


def created(interpretation_id: int, status: str = "inferred", domain: str = "health") -> tuple:
    return (
        "calendar.interpretation.created",
        {
            "interpretation_id": interpretation_id,
            "calendar_event_id": 40 + interpretation_id,
            "domain": domain,
            "record_type": f"{domain}/workout",
            "confidence_score": 0.7,
            "status": status,
        },
    )


def test_calendar_events_that_changed_are_read_again_and_their_domains_noted():
    found = changes(
        ("calendar.event.created", {"event_id": 7}),
        ("calendar.event.updated", {"event_id": 8}),
        ("calendar.event.deleted", {"event_id": 9}),
        ("health.workout.logged", {"workout_id": 3}),
    )
    assert found.calendar_event_ids == {7, 8, 9}
    assert found.domains == {"calendar", "health"}


def test_an_interpretation_ends_as_its_last_event_left_it():
    found = changes(
        created(1),
        ("calendar.interpretation.confirmed", {"interpretation_id": 1, "record_type": "x/y"}),
    )
    assert found.interpretations[1]["status"] == "confirmed"
    assert found.interpretations[1]["domain"] == "health"
    assert found.interpretation_statuses == {}


def test_a_decision_on_an_older_interpretation_is_kept_as_a_status():
    found = changes(("calendar.interpretation.rejected", {"interpretation_id": 5}))
    assert found.interpretations == {}
    assert found.interpretation_statuses == {5: "rejected"}
    assert found.decided_interpretation_ids == {5}


def test_interpreting_an_event_again_replaces_the_earlier_proposal():
    found = changes(
        ("calendar.interpretation.ignored", {"interpretation_id": 2}),
        created(2, status="confirmed", domain="skills"),
    )
    assert found.interpretations[2]["status"] == "confirmed"
    assert found.interpretations[2]["domain"] == "skills"
    assert found.interpretation_statuses == {}


def test_confirmations_name_the_domain_whose_record_changed_status():
    found = changes(
        (
            "calendar.interpretation.confirmed",
            {"interpretation_id": 4, "record_type": "projects/work_session"},
        ),
        ("calendar.interpretation.withdrawn", {"interpretation_id": 6}),
    )
    assert found.decided_record_types == {"projects/work_session"}
    # A withdrawn proposal was never decided: its record (if any) changes through its domain.
    assert found.decided_interpretation_ids == {4}


def test_deleted_transactions_and_unposted_entries_are_remembered():
    found = changes(
        ("finance.transaction.deleted", {"transaction_id": 11}),
        ("finance.journal.unposted", {"entry_id": 12, "transaction_id": 11}),
    )
    assert found.deleted_transaction_ids == {11}
    assert found.unposted_entry_ids == {12}
    assert found.domains == {"finance"}
