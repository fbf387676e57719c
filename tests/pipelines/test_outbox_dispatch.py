"""The outbox sensor and dispatch job against real databases."""

from __future__ import annotations

import dagster as dg

from lifeos_core.insights import service as insights
from lifeos_core.outbox import service as outbox
from lifeos_pipelines.calendar.assets import calendar_events, calendar_interpretations
from lifeos_pipelines.calendar.partitions import calendar_connections_partitions
from lifeos_pipelines.outbox.jobs import outbox_dispatch_job
from lifeos_pipelines.outbox.sensors import outbox_sensor


def ready_messages(runtime) -> int:
    with runtime.uow() as uow:
        return outbox.count_ready(uow.session)


def newest_message(runtime) -> int:
    with runtime.uow() as uow:
        return outbox.newest_message_id(uow.session)


def evaluate_sensor(instance, resources, cursor=None):
    with dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources) as context:
        return outbox_sensor(context), context.cursor


def test_dispatch_job_delivers_every_ready_message_and_the_demo_gets_insights(
    runtime, demo, resources, dagster_instance
):
    key = str(demo.connection.id)
    dagster_instance.add_dynamic_partitions(calendar_connections_partitions.name, [key])
    synced = dg.materialize(
        [calendar_events], partition_key=key, resources=resources, instance=dagster_instance
    )
    interpreted = dg.materialize(
        [calendar_interpretations], resources=resources, instance=dagster_instance
    )
    assert synced.success and interpreted.success
    waiting = ready_messages(runtime)
    assert waiting > 0

    result = outbox_dispatch_job.execute_in_process(resources=resources, instance=dagster_instance)

    assert result.success
    (output,) = [e for e in result.all_node_events if e.is_successful_output]
    reported = {key: value.value for key, value in output.step_output_data.metadata.items()}
    assert reported["sent"] == waiting
    assert reported["failed"] == reported["dead"] == reported["still_ready"] == 0
    assert ready_messages(runtime) == 0
    with runtime.uow() as uow:
        assert insights.count_insights(uow, demo.actor) >= 1


def test_sensor_skips_while_no_message_is_ready(runtime, resources, dagster_instance):
    outcome, cursor = evaluate_sensor(dagster_instance, resources)
    assert isinstance(outcome, dg.SkipReason)
    assert outcome.skip_message == "No outbox messages are ready"
    assert cursor is None


def test_sensor_requests_a_dispatch_run_keyed_by_the_newest_ready_message(
    runtime, owner, resources, dagster_instance
):
    newest = newest_message(runtime)
    assert ready_messages(runtime) > 0  # creating the owner emitted an event

    outcome, cursor = evaluate_sensor(dagster_instance, resources)

    assert isinstance(outcome, dg.RunRequest)
    assert outcome.run_key == f"outbox-{newest}-1"
    assert cursor is not None


def test_sensor_gives_a_new_run_key_when_the_same_messages_are_ready_again(
    runtime, owner, make_user, resources, dagster_instance
):
    # After a run that failed, or messages waiting out their backoff, the newest id is the
    # same: a repeated key would be dropped by Dagster and the outbox would stall.
    first, cursor = evaluate_sensor(dagster_instance, resources)
    again, cursor = evaluate_sensor(dagster_instance, resources, cursor)
    assert first.run_key != again.run_key

    make_user("grace@example.com")
    newer, _ = evaluate_sensor(dagster_instance, resources, cursor)
    assert newer.run_key == f"outbox-{newest_message(runtime)}-1"


def test_sensor_waits_while_a_dispatch_run_is_in_flight(runtime, owner, resources):
    with dg.DagsterInstance.ephemeral() as instance:
        instance.create_run_for_job(outbox_dispatch_job, status=dg.DagsterRunStatus.STARTED)
        outcome, _ = evaluate_sensor(instance, resources)
    assert isinstance(outcome, dg.SkipReason)
    assert "already queued or running" in outcome.skip_message
