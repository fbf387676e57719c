"""Admin services: an administrator sees every account and the outbox; nobody else does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lifeos_core.admin import service as admin
from lifeos_core.calendar import service as calendar
from lifeos_core.errors import InvalidInput, PermissionDenied
from lifeos_core.outbox.dispatcher import DispatchPolicy, dispatch_outbox

START = datetime(2026, 11, 20, 18, tzinfo=UTC)
ONE_ATTEMPT = DispatchPolicy(
    batch_size=50, max_attempts=1, backoff_base_seconds=0.0001, backoff_max_seconds=0.001
)


@pytest.fixture
def operator(make_user):
    return make_user("ops@example.com", roles=("admin",), display_name="Ops")


@pytest.fixture
def viewer(make_user):
    return make_user("vic@example.com", roles=("viewer",), display_name="Vic")


def add_events(runtime, actor, *titles: str) -> None:
    with runtime.uow() as uow:
        for i, title in enumerate(titles):
            calendar.create_event(uow, actor, title=title, start_time=START + timedelta(hours=i))
        uow.commit()


def choke_on_calendar_events(runtime) -> None:
    """Deliver the outbox once to a subscriber that fails on every new calendar event."""

    def refuse(uow, deliveries):
        raise ValueError(f"cannot digest {deliveries[0][0].title}")

    dispatch_outbox(runtime.uow, {"calendar.event.created": [refuse]}, ONE_ATTEMPT)


def test_an_administrator_sees_every_account_with_its_roles(runtime, owner, operator, viewer):
    with runtime.uow() as uow:
        users = admin.list_users(uow, operator)

    assert [(u.email, u.roles) for u in users] == [
        ("ada@example.com", ("owner",)),
        ("ops@example.com", ("admin",)),
        ("vic@example.com", ("viewer",)),
    ]
    assert "admin.operations" in users[1].permissions
    assert {r.name for r in admin.list_roles(operator)} == {"owner", "admin", "viewer"}


def test_without_an_admin_permission_every_admin_service_refuses(runtime, viewer):
    with runtime.uow() as uow:
        for call in (
            lambda: admin.list_users(uow, viewer),
            lambda: admin.list_roles(viewer),
            lambda: admin.outbox_health(uow, viewer),
            lambda: admin.dead_letters(uow, viewer),
            lambda: admin.requeue_dead_letters(uow, viewer),
            lambda: admin.telemetry(uow, viewer),
            lambda: admin.dagster_runs_url(viewer, runtime.settings),
        ):
            with pytest.raises(PermissionDenied):
                call()
    assert not admin.is_admin(viewer)


def test_outbox_health_counts_what_waits_and_what_died(runtime, owner, operator):
    add_events(runtime, owner, "Dentist", "Gym")
    with runtime.uow() as uow:
        waiting = admin.outbox_health(uow, operator)
    assert waiting.by_status.get("pending", 0) >= 2 and waiting.ready >= 2
    assert waiting.dead == 0

    choke_on_calendar_events(runtime)

    with runtime.uow() as uow:
        health = admin.outbox_health(uow, operator)
    assert health.dead == 2 and health.ready == 0
    assert health.oldest_ready_age_seconds == 0
    if runtime.engine.dialect.name == "postgresql":
        assert health.dead_tuples is not None and health.oldest_transaction_age_seconds >= 0
    else:
        assert health.dead_tuples is None


def test_a_dead_letter_keeps_its_error_and_requeuing_one_leaves_the_other_dead(
    runtime, owner, operator
):
    add_events(runtime, owner, "Dentist", "Gym")
    choke_on_calendar_events(runtime)
    with runtime.uow() as uow:
        gym, dentist = admin.dead_letters(uow, operator)  # newest first
    assert (gym.event_type, gym.user_id, gym.attempts) == (
        "calendar.event.created",
        owner.user_id,
        1,
    )
    assert "cannot digest" in gym.last_error

    with runtime.uow() as uow:
        assert admin.requeue_dead_letters(uow, operator, message_ids=[dentist.id]) == 1
        uow.commit()

    with runtime.uow() as uow:
        assert [d.id for d in admin.dead_letters(uow, operator)] == [gym.id]
        health = admin.outbox_health(uow, operator)
    assert health.dead == 1 and health.ready == 1


def test_requeuing_all_empties_the_dead_letters(runtime, owner, operator):
    add_events(runtime, owner, "Dentist", "Gym", "Piano lesson")
    choke_on_calendar_events(runtime)

    with runtime.uow() as uow:
        assert admin.requeue_dead_letters(uow, operator) == 3
        uow.commit()

    with runtime.uow() as uow:
        assert admin.dead_letters(uow, operator) == []
        assert admin.outbox_health(uow, operator).ready == 3


def test_requeuing_an_empty_choice_is_refused(runtime, operator):
    with runtime.uow() as uow, pytest.raises(InvalidInput):
        admin.requeue_dead_letters(uow, operator, message_ids=[])


def test_the_dagster_link_points_at_the_runs(runtime, operator):
    url = admin.dagster_runs_url(operator, runtime.settings)

    assert url.endswith("/runs") and url.startswith("http")


def test_telemetry_lists_the_insight_rules_for_an_operator(runtime, operator):
    with runtime.uow() as uow:
        rows = admin.telemetry(uow, operator, days=7)

    assert rows and all(r.rule and r.domain for r in rows)
    assert all(r.created == 0 and r.not_useful == 0 for r in rows)  # nothing has run yet
