"""The analytics job against real databases: the snapshot is built, checked and published."""

from __future__ import annotations

from datetime import date

import dagster as dg
import pytest

from lifeos_core.analytics import connect
from lifeos_core.config import get_settings
from lifeos_core.health import service as health
from lifeos_core.pipeline import run_pipeline_once
from lifeos_pipelines.analytics.assets import READ_MODELS, analytics_read_models
from lifeos_pipelines.analytics.checks import (
    ledger_balances_in_read_model,
    row_counts_match_app_database,
)
from lifeos_pipelines.analytics.jobs import analytics_job
from lifeos_pipelines.analytics.schedules import analytics_nightly_schedule
from lifeos_pipelines.analytics.sensors import analytics_sensor
from lifeos_pipelines.resources import LifeOSResource


@pytest.fixture
def snapshot(tmp_path, monkeypatch):
    """Where this test's snapshot goes (LIFEOS_DUCKDB_PATH, as in production)."""
    path = tmp_path / "analytics.duckdb"
    monkeypatch.setenv("LIFEOS_DUCKDB_PATH", str(path))
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def pooled_instance():
    """An instance whose pools hold one op at a time, as deploy/dagster.yaml configures it."""
    with dg.instance_for_test(
        overrides={"concurrency": {"pools": {"default_limit": 1}}}
    ) as instance:
        yield instance


def definitions(resources) -> dg.Definitions:
    return dg.Definitions(
        assets=[analytics_read_models],
        asset_checks=[ledger_balances_in_read_model, row_counts_match_app_database],
        jobs=[analytics_job],
        schedules=[analytics_nightly_schedule],
        sensors=[analytics_sensor],
        resources=resources,
    )


def run(resources, instance, **config) -> dg.ExecuteInProcessResult:
    job = definitions(resources).resolve_job_def("analytics_job")
    run_config = {"ops": {"analytics_read_models": {"config": config}}} if config else None
    return job.execute_in_process(instance=instance, run_config=run_config)


def test_the_job_publishes_every_read_model_and_its_checks_pass(
    runtime, demo, resources, pooled_instance, snapshot
):
    run_pipeline_once(runtime)

    first = run(resources, pooled_instance)
    second = run(resources, pooled_instance)

    assert first.success and second.success
    rows = {
        m.asset_key.path[-1]: m.metadata
        for m in first.asset_materializations_for_node("analytics_read_models")
    }
    assert set(rows) == {name for name, _, _ in READ_MODELS}
    assert rows["timeline"]["dagster/row_count"].value > 100
    assert rows["timeline"]["mode"].value == "full"
    (again,) = [
        m.metadata["mode"].value
        for m in second.asset_materializations_for_node("analytics_read_models")
        if m.asset_key.path[-1] == "timeline"
    ]
    assert again == "incremental"
    checks = {c.check_name: c.passed for c in second.get_asset_check_evaluations()}
    assert checks == {"ledger_balances_in_read_model": True, "row_counts_match_app_database": True}
    with connect(snapshot) as con:
        assert con.execute("SELECT mode FROM snapshot_info").fetchone() == ("incremental",)

    rebuilt = run(resources, pooled_instance, full_rebuild=True)
    assert {
        m.metadata["mode"].value
        for m in rebuilt.asset_materializations_for_node("analytics_read_models")
    } == {"full"}


def test_the_sensor_asks_for_one_refresh_per_batch_of_new_records(runtime, demo, lifeos):
    with dg.instance_for_test() as instance:
        with dg.build_sensor_context(instance=instance, resources={"lifeos": lifeos}) as context:
            request = analytics_sensor(context)
            cursor = context.cursor
        assert isinstance(request, dg.RunRequest) and request.run_key == f"analytics-after-{cursor}"

        with dg.build_sensor_context(
            instance=instance, resources={"lifeos": lifeos}, cursor=cursor
        ) as context:
            assert isinstance(analytics_sensor(context), dg.SkipReason)

        with runtime.uow() as uow:  # a new record
            health.log_workout(
                uow, demo.actor, workout_date=date(2026, 11, 20), workout_type="run",
                duration_minutes=30,
            )  # fmt: skip
            uow.commit()
        with dg.build_sensor_context(
            instance=instance, resources={"lifeos": lifeos}, cursor=cursor
        ) as context:
            assert isinstance(analytics_sensor(context), dg.RunRequest)


def test_writers_share_the_duckdb_pool_and_the_night_run_rebuilds_whole():
    defs = definitions({"lifeos": LifeOSResource()})
    dg.Definitions.validate_loadable(defs)
    job = defs.resolve_job_def("analytics_job")
    assert [node.name for node in job.nodes_in_topological_order] == [
        "analytics_read_models",
        "analytics__ledger_lines_ledger_balances_in_read_model",
        "analytics__timeline_row_counts_match_app_database",
    ]
    assert analytics_read_models.op.pool == "duckdb"
    assert {key.path[0] for key in analytics_read_models.keys} == {"analytics"}
    assert {analytics_read_models.group_names_by_key[k] for k in analytics_read_models.keys} == {
        "analytics"
    }
    schedule = defs.resolve_schedule_def("analytics_nightly_schedule")
    assert schedule.job_name == "analytics_job"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    run_config = schedule.evaluate_tick(dg.build_schedule_context()).run_requests[0].run_config
    assert run_config["ops"]["analytics_read_models"]["config"] == {"full_rebuild": True}
    sensor = defs.resolve_sensor_def("analytics_sensor")
    assert sensor.job_name == "analytics_job"
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
