"""Fixtures for the Streamlit app: a demo database per test, and an AppTest of the entrypoint.

The demo (sync, interpretation, insights) takes seconds, so it is built once per session on
SQLite and each test gets its own copy of the file. The app finds the copy the way it finds
any database: through LIFEOS_DATABASE_URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from app_driver import sign_in
from streamlit.testing.v1 import AppTest

from lifeos_core.auth.schemas import Actor
from lifeos_core.config import get_settings
from lifeos_core.demo import load_demo
from lifeos_core.runtime import Runtime, build_runtime

APP = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"


@pytest.fixture
def app_database(demo_database_copy, monkeypatch) -> Iterator[str]:
    """This test's own copy of the demo database, which the app is pointed at."""
    url = demo_database_copy
    monkeypatch.setenv("LIFEOS_DATABASE_URL", url)
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()  # disposes the app's engine
    st.cache_data.clear()
    get_settings.cache_clear()


@pytest.fixture
def app_runtime(app_database) -> Iterator[Runtime]:
    """The test's own way into the app's database, to set up and to check through services."""
    runtime = build_runtime(database_url=app_database)
    yield runtime
    runtime.dispose()


@pytest.fixture
def demo_actor(app_runtime) -> Actor:
    return load_demo(app_runtime).actor


@pytest.fixture
def app(app_database) -> AppTest:
    """The app as a fresh browser session sees it: not signed in."""
    return AppTest.from_file(APP, default_timeout=30).run()


@pytest.fixture
def signed_in(app) -> AppTest:
    return sign_in(app)


FRESH_EMAIL = "fresh@lifeos.local"
FRESH_PASSWORD = "fresh-owner-2026"


@pytest.fixture
def fresh_actor(app_runtime) -> Actor:
    """A second owner with nothing in any domain (the demo's calendar fills the demo's)."""
    from lifeos_core.auth import service as auth

    with app_runtime.uow() as uow:
        actor = auth.create_user(
            uow, email=FRESH_EMAIL, password=FRESH_PASSWORD, timezone="Europe/Berlin"
        )
        uow.commit()
    return actor


@pytest.fixture
def signed_in_fresh(app, fresh_actor) -> AppTest:
    return sign_in(app, FRESH_EMAIL, FRESH_PASSWORD)
