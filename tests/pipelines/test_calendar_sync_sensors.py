"""The connections sensor keeps a partition per connection; the schedule runs each one."""

from __future__ import annotations

from datetime import UTC, datetime

import dagster as dg

from lifeos_pipelines.calendar.partitions import calendar_connections_partitions
from lifeos_pipelines.calendar.schedules import calendar_sync_schedule
from lifeos_pipelines.calendar.sensors import calendar_connections_sensor


def test_new_connections_get_a_partition_and_a_run_and_removed_ones_lose_theirs(
    runtime, demo, lifeos
):
    with dg.DagsterInstance.ephemeral() as instance:
        with dg.build_sensor_context(instance=instance, resources={"lifeos": lifeos}) as context:
            result = calendar_connections_sensor(context)
        key = str(demo.connection.id)
        assert [r.partition_key for r in result.run_requests] == [key]
        assert result.dynamic_partitions_requests[0].partition_keys == [key]
        instance.add_dynamic_partitions(calendar_connections_partitions.name, [key, "999"])

        with dg.build_sensor_context(instance=instance, resources={"lifeos": lifeos}) as context:
            result = calendar_connections_sensor(context)
        assert result.run_requests == []
        (delete,) = result.dynamic_partitions_requests
        assert isinstance(delete, dg.DeleteDynamicPartitionsRequest)
        assert delete.partition_keys == ["999"]


def test_the_schedule_requests_one_run_per_connection_every_quarter_hour(runtime, demo):
    assert calendar_sync_schedule.cron_schedule == "*/15 * * * *"
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(calendar_connections_partitions.name, ["2", "10"])
        tick = datetime(2026, 11, 25, 21, 15, tzinfo=UTC)
        requests = calendar_sync_schedule(
            dg.build_schedule_context(instance=instance, scheduled_execution_time=tick)
        )
    assert [r.partition_key for r in requests] == ["2", "10"]
    assert len({r.run_key for r in requests}) == 2
