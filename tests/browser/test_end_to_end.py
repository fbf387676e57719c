"""One real browser through the real app: what AppTest cannot see (the websocket, the
rendered widgets, the sidebar navigation, the data grid).

A Streamlit server runs ``dashboards/app.py`` on a free loopback port against a migrated
SQLite file holding the demo; Debian's Chromium, driven by Playwright, signs in, adds an
event through the calendar form, confirms its interaction in the review queue, finds it on
the Relationships page and in the Analytics page's time by domain, then takes a screenshot.
The test runs the interpreter and the analytics refresh on the same files itself, standing
in for the Dagster sensor and the analytics job.

Never ``playwright install``: the browser is the system's (``apt-get install chromium``).
Without it the test is skipped, except under CI=true, where it fails.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError as exc:  # the playwright_api fixture skips (or, under CI, fails) on it
    expect = sync_playwright = None
    PLAYWRIGHT_MISSING: str | None = str(exc)
else:
    PLAYWRIGHT_MISSING = None

from lifeos_core.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_TIMEZONE, load_demo
from lifeos_core.runtime import build_runtime

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
IN_CI = os.environ.get("CI", "").lower() == "true"
# An amount (finance, auto-confirmed) and a person (relationships, for review); no meal
# word, so the confirmed interaction decides the event's domain in the time allocation.
TITLE = "Coffee w/ Dana ($18)"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.slow


def _require(what: str, problem: str | None) -> None:
    if problem is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {what} is missing: {problem}")
    pytest.skip(f"{what} unavailable ({problem})")


@pytest.fixture(scope="module")
def playwright_api():
    """Playwright's sync entry point, once the system's Chromium is known to be there."""
    _require("playwright (pip install 'playwright>=1.40')", PLAYWRIGHT_MISSING)
    _require(
        "Chromium at /usr/bin/chromium (apt-get install chromium)",
        None if CHROMIUM.exists() else f"{CHROMIUM} does not exist",
    )
    return sync_playwright


@pytest.fixture
def database_url(tmp_path) -> str:
    """A migrated SQLite file with the demo owner after one pipeline run."""
    from lifeos_core.database import migrate
    from lifeos_core.pipeline import run_pipeline_once

    url = f"sqlite:///{tmp_path / 'lifeos.db'}"
    migrate.upgrade(url)
    runtime = build_runtime(database_url=url)
    try:
        load_demo(runtime)
        run_pipeline_once(runtime)
    finally:
        runtime.dispose()
    return url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def app_url(database_url, tmp_path) -> Iterator[str]:
    """The app served by a real Streamlit server, stopped when the test ends."""
    port = free_port()
    env = {
        **os.environ,
        "LIFEOS_DATABASE_URL": database_url,
        "LIFEOS_DUCKDB_PATH": str(tmp_path / "analytics.duckdb"),
    }
    env.pop("DAGSTER_HOME", None)
    streamlit = Path(sys.executable).with_name("streamlit")
    log = (tmp_path / "streamlit.log").open("w")
    server = subprocess.Popen(
        [
            str(streamlit), "run", "dashboards/app.py",
            "--server.headless", "true", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"Streamlit did not start:\n{(tmp_path / 'streamlit.log').read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture
def page(playwright_api, app_url):
    with playwright_api() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(20_000)
            page.goto(app_url)
            yield page
        finally:
            browser.close()


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


def open_from_sidebar(page, name: str, heading: str | None = None) -> None:
    """Navigate as a person does: a reload would start a new, signed-out session."""
    sidebar = page.get_by_test_id("stSidebar")
    link = sidebar.get_by_role("link", name=name, exact=True)
    more = sidebar.get_by_text(re.compile(r"^View \d+ more$"))
    if not link.is_visible() and more.is_visible():  # a long menu shows ten pages at first
        more.click()
    expect(
        link, f"no {name!r} page in the sidebar; does dashboards/app.py register it?"
    ).to_be_visible()
    link.click()
    page.get_by_role("heading", name=heading or name, exact=True).wait_for()


def test_an_event_typed_in_is_interpreted_confirmed_and_shown_in_its_domain(
    page, database_url, tmp_path
):
    from lifeos_core.interpreter.service import interpret_new_events

    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

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
