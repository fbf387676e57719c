"""One real browser through the real app: what AppTest cannot see (the websocket, the
rendered widgets, the sidebar navigation, the data grid).

The app runs on this test's copy of the demo database (tests/browser/conftest.py); Chromium
signs in, adds an event through the calendar form, confirms its interaction in the review
queue, finds it on the Relationships page and in the Analytics page's time by domain, then
takes a screenshot. The test runs the interpreter and the analytics refresh on the same files
itself, standing in for the Dagster sensor and the analytics job.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from browser_driver import expect, open_from_sidebar, sign_in

from lifeos_core.demo import DEMO_TIMEZONE
from lifeos_core.runtime import build_runtime

ROOT = Path(__file__).resolve().parents[2]
# An amount (finance, auto-confirmed) and a person (relationships, for review); no meal
# word, so the confirmed interaction decides the event's domain in the time allocation.
TITLE = "Coffee w/ Dana ($18)"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.slow


def type_moment(page, label: str, moment: datetime) -> None:
    """Type a moment into an ``st.datetime_input``, segment by segment (year, month, …)."""
    for part, value in (
        ("year", f"{moment:%Y}"),
        ("month", f"{moment:%m}"),
        ("day", f"{moment:%d}"),
        ("hour", f"{moment:%H}"),
        ("minute", f"{moment:%M}"),
    ):
        page.get_by_role("spinbutton", name=f"{part}, {label}").click()
        page.keyboard.type(value)


def test_an_event_typed_in_is_interpreted_confirmed_and_shown_in_its_domain(
    page, database_url, tmp_path
):
    from lifeos_core.interpreter.service import interpret_new_events

    sign_in(page)

    # Earlier today in the owner's zone: the interpreter only reads events that have begun.
    now = datetime.now(ZoneInfo(DEMO_TIMEZONE)).replace(second=0, microsecond=0)
    start = max(now.replace(hour=0, minute=0), now - timedelta(hours=2))
    open_from_sidebar(page, "Calendar")
    page.locator("summary", has_text="Add event").click()
    page.get_by_role("textbox", name="Title").first.fill(TITLE)
    type_moment(page, "Start", start)
    type_moment(page, "End", start + timedelta(minutes=45))
    page.get_by_role("button", name="Add event").click()
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(f"Added “{TITLE}”")

    runtime = build_runtime(database_url=database_url)  # what the Dagster sensor would run
    try:
        counts = interpret_new_events(runtime.uow, runtime.settings)
    finally:
        runtime.dispose()
    assert counts.events == 1

    open_from_sidebar(page, "Review queue")
    card = (
        page.locator('[class*="st-key-review_item_"]')
        .filter(has_text=TITLE)
        .filter(has_text="relationships/interaction")
    )
    expect(card).to_contain_text("% confident")
    card.get_by_role("button", name="Confirm").click()
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        f"Confirmed “{TITLE}” as relationships/interaction."
    )
    expect(card).to_have_count(0)

    open_from_sidebar(page, "Relationships")
    interactions = page.get_by_test_id("stDataFrame").last
    expect(interactions.locator("tr").filter(has_text="Dana").first).to_contain_text("confirmed (")

    if (ROOT / "dashboards" / "app_pages" / "analytics.py").exists():
        from lifeos_core.analytics.build import refresh_snapshot

        runtime = build_runtime(database_url=database_url)  # what the analytics job would run
        try:
            refresh_snapshot(runtime, path=tmp_path / "analytics.duckdb")
        finally:
            runtime.dispose()
        open_from_sidebar(page, "Analytics")
        time_by_domain = page.get_by_test_id("stVegaLiteChart").first
        expect(time_by_domain).to_contain_text("relationships")  # the chart's legend
        expect(page.get_by_test_id("stException")).to_have_count(0)

    screenshot = tmp_path / "end_to_end.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.read_bytes().startswith(PNG_SIGNATURE)
    assert screenshot.stat().st_size > 10_000
