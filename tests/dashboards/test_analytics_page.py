"""The Analytics page: charts over the published snapshot, for the dates chosen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lifeos_core.analytics.build import refresh_snapshot
from lifeos_core.config import get_settings

PAGE = Path(__file__).resolve().parents[2] / "dashboards" / "app_pages" / "analytics.py"


@pytest.fixture
def snapshot(app_database, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "analytics.duckdb"
    monkeypatch.setenv("LIFEOS_DUCKDB_PATH", str(path))
    get_settings.cache_clear()
    return path


def open_page(actor) -> AppTest:
    """The page as the app runs it for a signed-in session (the router is the lead's)."""
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["auth_actor"] = actor
    return at.run()


def charts(at: AppTest) -> list:
    return at.get("vega_lite_chart")


def test_before_the_first_refresh_the_page_says_how_the_snapshot_is_built(snapshot, demo_actor):
    at = open_page(demo_actor)
    assert not at.exception
    assert [i.value for i in at.info] == [
        "No analytics snapshot yet; it is built by Dagster's analytics job "
        "(or `lifeos analytics refresh`)."
    ]
    assert charts(at) == []


def test_the_page_charts_the_owners_records_for_the_chosen_dates(snapshot, app_runtime, demo_actor):
    refresh_snapshot(app_runtime, path=snapshot)

    at = open_page(demo_actor)
    assert not at.exception and not at.error
    assert [s.value for s in at.subheader] == [
        "Time by domain, per week",
        "Spending by category, per month",
        "Habits",
        "Workout volume",
        "Practice hours per skill",
        "Mood against exercise",
    ]
    drawn = len(charts(at))
    assert drawn >= 3  # the demo has calendar time, spending and workouts

    at.date_input(key="analytics_dates").set_value((date(2001, 1, 1), date(2001, 12, 31))).run()
    assert charts(at) == []
    assert [c.value for c in at.caption].count("Nothing recorded in these dates yet.") == 6

    at.selectbox(key="analytics_preset").select("Last 5 years").run()
    assert not at.exception
    assert len(charts(at)) == drawn
