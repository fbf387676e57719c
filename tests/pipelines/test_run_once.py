"""``python -m lifeos_pipelines run-once``: both jobs, recorded in the instance's history."""

from __future__ import annotations

import dagster as dg
import pytest

from lifeos_core.config import get_settings
from lifeos_pipelines.__main__ import main


def test_run_once_runs_both_jobs_into_the_instance_history(
    runtime, demo, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.setenv(
        "LIFEOS_DATABASE_URL", runtime.engine.url.render_as_string(hide_password=False)
    )
    get_settings.cache_clear()

    assert main(["run-once"]) == 0

    summary = capsys.readouterr().out.strip()
    assert summary.startswith("run-once: calendar_sync_job ok (calendar_events fetched=")
    assert "outbox_dispatch_job ok" in summary
    with dg.DagsterInstance.get() as instance:
        runs = instance.get_runs()
    assert sorted((run.job_name, run.status) for run in runs) == [
        ("calendar_interpretation_job", dg.DagsterRunStatus.SUCCESS),
        ("calendar_sync_job", dg.DagsterRunStatus.SUCCESS),
        ("outbox_dispatch_job", dg.DagsterRunStatus.SUCCESS),
    ]
    (sync_run,) = [run for run in runs if run.job_name == "calendar_sync_job"]
    assert sync_run.tags["dagster/partition"] == str(demo.connection.id)


@pytest.mark.parametrize("home", [None, "missing"])
def test_run_once_without_a_dagster_home_explains_and_runs_nothing(
    home, tmp_path, monkeypatch, capsys
):
    if home is None:
        monkeypatch.delenv("DAGSTER_HOME", raising=False)
    else:
        monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / home))

    assert main(["run-once"]) == 2

    assert "DAGSTER_HOME" in capsys.readouterr().err
