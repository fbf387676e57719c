"""The calendar assets against real databases: one partition per connection, sync once,
change nothing the second time, and a broken connection never holds up the others."""

from __future__ import annotations

import dagster as dg

from lifeos_core.calendar import service as calendar
from lifeos_pipelines.calendar.assets import calendar_events, calendar_interpretations
from lifeos_pipelines.calendar.partitions import calendar_connections_partitions

MALFORMED_ICS = """BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VEVENT
this line has no colon
END:VEVENT
END:VCALENDAR
"""


def materialized(result: dg.ExecuteInProcessResult, asset_name: str) -> dict[str, object]:
    (materialization,) = result.asset_materializations_for_node(asset_name)
    return {key: value.value for key, value in materialization.metadata.items()}


def sync(connection_id: int, resources, instance, **kwargs) -> dg.ExecuteInProcessResult:
    key = str(connection_id)
    if not instance.has_dynamic_partition(calendar_connections_partitions.name, key):
        instance.add_dynamic_partitions(calendar_connections_partitions.name, [key])
    return dg.materialize(
        [calendar_events], partition_key=key, resources=resources, instance=instance, **kwargs
    )


def interpret(resources, instance) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [calendar_interpretations],
        resources=resources,
        instance=instance,
        selection=[calendar_interpretations],
    )


def test_a_connection_partition_syncs_the_demo_calendar_then_finds_nothing_new(
    runtime, demo, resources, dagster_instance
):
    first = sync(demo.connection.id, resources, dagster_instance)
    assert first.success
    events = materialized(first, "calendar_events")
    assert events["created"] > 0 and events["created"] == events["fetched"]
    assert events["connection_id"] == demo.connection.id and events["duration_seconds"] >= 0
    (check,) = first.get_asset_check_evaluations()
    assert check.passed
    assert (
        materialized(interpret(resources, dagster_instance), "calendar_interpretations")["created"]
        > 0
    )
    with runtime.uow() as uow:
        assert calendar.count_events(uow, demo.actor) == events["created"]

    second = sync(demo.connection.id, resources, dagster_instance)
    again = materialized(second, "calendar_events")
    assert (again["created"], again["updated"]) == (0, 0)
    assert again["unchanged"] == events["created"]
    assert (
        materialized(interpret(resources, dagster_instance), "calendar_interpretations")["created"]
        == 0
    )


def test_a_malformed_calendar_fails_its_own_check_naming_file_and_line_but_others_flow(
    runtime, demo, resources, dagster_instance, tmp_path
):
    broken = tmp_path / "broken.ics"
    broken.write_text(MALFORMED_ICS)
    with runtime.uow() as uow:
        connection = calendar.add_connection(
            uow, demo.actor, kind="ics_file", name="Broken export", location=str(broken)
        )
        uow.commit()

    bad = sync(connection.id, resources, dagster_instance, raise_on_error=False)
    good = sync(demo.connection.id, resources, dagster_instance)

    (check,) = bad.get_asset_check_evaluations()
    assert check.check_name == "every_connection_synced" and not check.passed
    errors = check.metadata["errors"].value
    assert list(errors) == [str(connection.id)]
    assert f"{broken}:4: not a valid content line" in errors[str(connection.id)]
    assert materialized(good, "calendar_events")["created"] > 0
    # One broken calendar does not hold up interpretation of everything else.
    assert (
        materialized(interpret(resources, dagster_instance), "calendar_interpretations")["created"]
        > 0
    )
    with runtime.uow() as uow:
        by_id = {c.id: c for c in calendar.list_connections(uow, demo.actor)}
    assert by_id[demo.connection.id].last_error is None
    assert f"{broken}:4" in by_id[connection.id].last_error
