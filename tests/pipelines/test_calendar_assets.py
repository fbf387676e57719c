"""The calendar assets against real databases: sync once, change nothing the second time."""

from __future__ import annotations

import dagster as dg

from lifeos_core.calendar import service as calendar
from lifeos_pipelines.calendar.assets import calendar_events, calendar_interpretations

CALENDAR_ASSETS = [calendar_events, calendar_interpretations]

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


def test_calendar_assets_sync_the_demo_calendar_then_find_nothing_new(
    runtime, demo, resources, dagster_instance
):
    first = dg.materialize(CALENDAR_ASSETS, resources=resources, instance=dagster_instance)
    assert first.success
    events = materialized(first, "calendar_events")
    assert events["created"] > 0
    assert events["created"] == events["fetched"]
    assert events["failed_connections"] == 0
    assert materialized(first, "calendar_interpretations")["created"] > 0
    with runtime.uow() as uow:
        assert calendar.count_events(uow, demo.actor) == events["created"]

    second = dg.materialize(CALENDAR_ASSETS, resources=resources, instance=dagster_instance)
    assert second.success
    again = materialized(second, "calendar_events")
    assert again["created"] == 0
    assert again["updated"] == 0
    assert again["unchanged"] == events["created"]
    assert materialized(second, "calendar_interpretations")["created"] == 0
    with runtime.uow() as uow:
        assert calendar.count_events(uow, demo.actor) == events["created"]


def test_a_malformed_calendar_fails_its_check_naming_file_and_line_but_others_still_flow(
    runtime, demo, resources, dagster_instance, tmp_path
):
    broken = tmp_path / "broken.ics"
    broken.write_text(MALFORMED_ICS)
    with runtime.uow() as uow:
        connection = calendar.add_connection(
            uow, demo.actor, kind="ics_file", name="Broken export", location=str(broken)
        )
        uow.commit()

    result = dg.materialize(
        CALENDAR_ASSETS, resources=resources, instance=dagster_instance, raise_on_error=False
    )

    (check,) = result.get_asset_check_evaluations()
    assert check.check_name == "every_connection_synced"
    assert not check.passed
    errors = check.metadata["errors"].value
    assert list(errors) == [str(connection.id)]
    assert f"{broken}:4: not a valid content line" in errors[str(connection.id)]
    events = materialized(result, "calendar_events")
    assert events["failed_connections"] == 1 and events["created"] > 0
    # One broken calendar does not hold up interpretation of everything else.
    assert materialized(result, "calendar_interpretations")["created"] > 0
    with runtime.uow() as uow:
        assert calendar.count_events(uow, demo.actor) == events["created"]
        by_id = {c.id: c for c in calendar.list_connections(uow, demo.actor)}
    assert by_id[demo.connection.id].last_error is None
    assert f"{broken}:4" in by_id[connection.id].last_error
