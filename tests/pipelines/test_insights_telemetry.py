"""The insight rules' telemetry reaches Dagster as asset metadata."""

from __future__ import annotations

from datetime import date, timedelta

import dagster as dg
import pytest

from lifeos_core.events import catalog
from lifeos_core.habits import service as habits
from lifeos_core.insights import service as insights
from lifeos_core.outbox.dispatcher import DispatchPolicy, dispatch_outbox
from lifeos_core.subscriptions import subscribers
from lifeos_pipelines.insights.assets import insight_rule_telemetry
from lifeos_pipelines.insights.jobs import insight_telemetry_job
from lifeos_pipelines.insights.schedules import insight_telemetry_schedule


@pytest.fixture(autouse=True)
def insight_events_in_catalog(monkeypatch):
    """Until lifeos_core/events/catalog.py lists the insights' events (the lead wires it)."""
    module = "lifeos_core.insights.events"
    if module not in catalog.CATALOG_MODULES:
        monkeypatch.setattr(catalog, "CATALOG_MODULES", (*catalog.CATALOG_MODULES, module))
        catalog.event_catalog.cache_clear()
    yield
    catalog.event_catalog.cache_clear()


def test_telemetry_metadata_counts_runs_insights_and_the_owners_not_useful(
    runtime, owner, resources, dagster_instance
):
    with runtime.uow() as uow:
        habit = habits.create_habit(uow, owner, name="Meditate")
        for day in range(7):
            habits.log_habit(
                uow, owner, habit_id=habit.id, logged_date=date(2026, 10, 1) + timedelta(days=day)
            )
        uow.commit()
    dispatch_outbox(runtime.uow, subscribers(), DispatchPolicy())
    with runtime.uow() as uow:
        [streak] = insights.list_insights(uow, owner, include_expired=True)
        insights.mark_insight(uow, owner, streak.id, "not_useful")
        uow.commit()

    result = dg.materialize(
        [insight_rule_telemetry], resources=resources, instance=dagster_instance
    )

    (materialization,) = result.asset_materializations_for_node("insight_rule_telemetry")
    metadata = {key: value.value for key, value in materialization.metadata.items()}
    assert metadata["habit_streak_v1_created"] == 1
    assert metadata["habit_streak_v1_not_useful"] == 1
    assert metadata["habit_streak_v1_runs"] == 1 and metadata["habit_streak_v1_latency_ms_mean"] > 0
    assert metadata["created"] == 1 and metadata["not_useful"] == 1
    rows = {r.data["rule"]: r.data for r in metadata["telemetry"].records}
    assert rows["habit_streak"]["events"] == 7
    assert insight_telemetry_schedule.job is insight_telemetry_job
