"""The example notebook runs top to bottom against a real snapshot, in a real kernel."""

from __future__ import annotations

from pathlib import Path

import nbclient
import nbformat
import pytest

from lifeos_core.analytics.build import refresh_snapshot
from lifeos_core.config import get_settings
from lifeos_core.database import migrate
from lifeos_core.demo import load_demo
from lifeos_core.pipeline import run_pipeline_once
from lifeos_core.runtime import build_runtime

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.fixture
def snapshot(make_sqlite_database, tmp_path, monkeypatch) -> Path:
    """The demo owner's snapshot, where LIFEOS_DUCKDB_PATH (and so the kernel) finds it."""
    url = make_sqlite_database()
    migrate.upgrade(url)
    runtime = build_runtime(database_url=url)
    try:
        load_demo(runtime)
        run_pipeline_once(runtime)
        path = tmp_path / "analytics.duckdb"
        refresh_snapshot(runtime, path=path)
    finally:
        runtime.dispose()
    monkeypatch.setenv("LIFEOS_DUCKDB_PATH", str(path))
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def test_the_example_notebook_runs_and_draws_its_chart(snapshot):
    notebook = nbformat.read(NOTEBOOKS / "analytics_example.ipynb", as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")

    nbclient.NotebookClient(
        notebook,
        kernel_name="python3",  # the interpreter running the tests, with LifeOS installed
        timeout=120,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    ).execute()

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert not [o for cell in code for o in cell.outputs if o.output_type == "error"]
    [chart] = [cell for cell in code if "alt.Chart" in cell.source]
    assert "vegaEmbed" in chart.outputs[0]["data"]["text/html"]
    [first_table] = code[0].outputs  # snapshot_info, as a DataFrame
    assert "built_at" in first_table["data"]["text/html"]
