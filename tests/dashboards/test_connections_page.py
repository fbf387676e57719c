"""The connections page: status of each source, sync now, add, and disconnect."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboards import state
from dashboards.ui import md
from lifeos_core.calendar import service as calendar

PAGE = Path(__file__).resolve().parents[2] / "dashboards" / "app_pages" / "connections.py"


@pytest.fixture
def page(app_database, demo_actor) -> AppTest:
    """The page as the signed-in demo owner sees it (registered in app.py by the lead)."""
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state[state.ACTOR_KEY] = demo_actor
    return at.run()


def test_the_demo_connection_shows_its_last_sync(page):
    assert not page.exception
    assert [t.value for t in page.title] == ["Connections"]
    text = " ".join(m.value for m in page.markdown)
    assert "Demo calendar" in text and ".ics file" in text and "ok" in text
    assert any("fetched" in c.value for c in page.caption)


def test_sync_now_reports_counts(page, demo_actor, app_runtime):
    with app_runtime.uow() as uow:
        [connection] = calendar.list_connections(uow, demo_actor)
    at = page.button(key=f"connections_sync_{connection.id}").click().run()
    assert at.success[0].value == md("Synced: 0 new, 0 changed, 0 deleted.")


def test_a_broken_upload_is_refused_with_its_line(page, app_runtime, demo_actor, tmp_path):
    # AppTest cannot drive st.file_uploader, so the callback's service is exercised directly.
    from lifeos_core.calendar.ics import IcsError
    from lifeos_core.calendar.sources.ics_file import store_upload

    with pytest.raises(IcsError, match=r"broken\.ics:3"):
        store_upload(tmp_path, demo_actor.user_id, "broken.ics", b"BEGIN:VCALENDAR\nX:1\nnope\n")
    assert not list(tmp_path.rglob("*.ics"))


def test_disconnecting_with_its_events_removes_them(page, app_runtime, demo_actor):
    with app_runtime.uow() as uow:
        [connection] = calendar.list_connections(uow, demo_actor)
        before = calendar.count_events(uow, demo_actor)
    assert before > 0
    page.checkbox(key=f"connections_delete_events_{connection.id}").check()
    at = page.button(key=f"connections_disconnect_{connection.id}").click().run()
    assert at.success[0].value.startswith(md(f"Disconnected; {before} events deleted."))
    with app_runtime.uow() as uow:
        assert calendar.list_connections(uow, demo_actor) == []
        assert calendar.count_events(uow, demo_actor) == 0
    assert any("No calendars connected" in i.value for i in at.info)


def test_an_unreachable_caldav_server_is_reported_and_the_password_not_kept(page):
    page.text_input(key="connections_caldav_url").input("http://127.0.0.1:9/")
    page.text_input(key="connections_caldav_user").input("ada")
    page.text_input(key="connections_caldav_password").input("app-pw")
    at = page.button(key="connections_caldav_submit").click().run()
    assert at.error and md("127.0.0.1:9") in at.error[0].value
    assert at.text_input(key="connections_caldav_password").value == ""
