"""Real browsers through the real app: a Streamlit server runs ``dashboards/app.py`` on a free
loopback port against this test's copy of a migrated SQLite file holding the demo, and
Debian's Chromium, driven by Playwright, uses it.

Never ``playwright install``: the browser is the system's (``apt-get install chromium``).
Without it the tests are skipped, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError as exc:  # the playwright_api fixture skips (or, under CI, fails) on it
    sync_playwright = None
    PLAYWRIGHT_MISSING: str | None = str(exc)
else:
    PLAYWRIGHT_MISSING = None


ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
IN_CI = os.environ.get("CI", "").lower() == "true"


def _require(what: str, problem: str | None) -> None:
    if problem is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {what} is missing: {problem}")
    pytest.skip(f"{what} unavailable ({problem})")


@pytest.fixture(scope="session")
def playwright_api():
    """Playwright's sync entry point, once the system's Chromium is known to be there."""
    _require("playwright (pip install 'playwright>=1.40')", PLAYWRIGHT_MISSING)
    _require(
        "Chromium at /usr/bin/chromium (apt-get install chromium)",
        None if CHROMIUM.exists() else f"{CHROMIUM} does not exist",
    )
    return sync_playwright


@pytest.fixture
def database_url(demo_database_copy) -> str:
    """This test's own copy of the demo database."""
    return demo_database_copy


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def app_port() -> int:
    return free_port()


@pytest.fixture
def app_env() -> dict[str, str]:
    """Extra environment for the app's server; a test module overrides it (say, for Google)."""
    return {}


@pytest.fixture
def app_url(database_url, tmp_path, app_port, app_env) -> Iterator[str]:
    """The app served by a real Streamlit server, stopped when the test ends."""
    env = {
        **os.environ,
        "LIFEOS_DATABASE_URL": database_url,
        "LIFEOS_DUCKDB_PATH": str(tmp_path / "analytics.duckdb"),
        "LIFEOS_UPLOAD_DIR": str(tmp_path / "uploads"),
        **app_env,
    }
    env.pop("DAGSTER_HOME", None)
    streamlit = Path(sys.executable).with_name("streamlit")
    log_path = tmp_path / "streamlit.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [
            str(streamlit), "run", "dashboards/app.py",
            "--server.headless", "true", "--server.port", str(app_port),
            "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{app_port}"
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
                pytest.fail(f"Streamlit did not start:\n{log_path.read_text()}")
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
def browser(playwright_api):
    with playwright_api() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(20_000)
    page.goto(app_url)
    return page
