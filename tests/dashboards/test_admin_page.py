"""The Admin page: accounts, the outbox and its dead letters; closed to everyone else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from app_driver import keys, open_page, sign_in, titles
from streamlit.testing.v1 import AppTest

from dashboards.ui import md
from lifeos_core.admin import service as admin
from lifeos_core.auth import service as auth
from lifeos_core.calendar import service as calendar
from lifeos_core.demo import DEMO_EMAIL
from lifeos_core.outbox.dispatcher import DispatchPolicy, dispatch_outbox

ADMIN_PAGE = Path(__file__).resolve().parents[2] / "dashboards" / "app_pages" / "admin.py"
VIEWER_PASSWORD = "viewer passphrase 1"
ONE_ATTEMPT = DispatchPolicy(
    batch_size=50, max_attempts=1, backoff_base_seconds=0.0001, backoff_max_seconds=0.001
)


@pytest.fixture
def dead_letters(app_runtime, demo_actor) -> list[int]:
    """Two new events whose delivery failed for good: their outbox rows are dead."""
    start = datetime.now(UTC) + timedelta(days=2)
    with app_runtime.uow() as uow:
        for title in ("Dentist", "Piano lesson"):
            calendar.create_event(uow, demo_actor, title=title, start_time=start)
        uow.commit()

    def refuse(uow, deliveries):
        raise KeyError("amount")

    dispatch_outbox(app_runtime.uow, {"calendar.event.created": [refuse]}, ONE_ATTEMPT)
    with app_runtime.uow() as uow:
        return [d.id for d in admin.dead_letters(uow, demo_actor)]


@pytest.fixture
def viewer(app_runtime):
    with app_runtime.uow() as uow:
        actor = auth.create_user(
            uow, email="vic@example.com", password=VIEWER_PASSWORD, roles=("viewer",)
        )
        uow.commit()
    return actor


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_an_administrator_sees_the_accounts_the_outbox_and_the_way_to_dagster(signed_in):
    at = open_page(signed_in, "admin")

    assert titles(at) == ["Admin"]
    users = at.dataframe[0].value
    assert list(users["Email"]) == [DEMO_EMAIL]
    assert set(at.dataframe[1].value["Role"]) == {"owner", "admin", "viewer"}
    assert metrics(at)["Dead"] == "0" and int(metrics(at)["Sent"]) > 0
    assert metrics(at)["Dead tuples"] == "–"  # a PostgreSQL statistic; the demo runs on SQLite
    assert "No dead letters" in at.success[0].value
    telemetry = at.dataframe[2].value
    assert len(telemetry) > 0 and int(telemetry["Runs"].sum()) > 0  # the demo's pipeline ran
    [dagster] = at.link_button
    assert dagster.proto.url == "http://127.0.0.1:3000/runs"


def test_requeuing_one_dead_letter_sends_it_back_to_the_queue(
    signed_in, app_runtime, demo_actor, dead_letters
):
    piano, dentist = dead_letters  # newest first
    at = open_page(signed_in, "admin")
    assert metrics(at)["Dead"] == "2"
    assert {f"admin_requeue_{piano}", f"admin_requeue_{dentist}"} <= keys(at.button)
    assert "KeyError: 'amount'" in [t.value for t in at.text]

    at = at.button(key=f"admin_requeue_{dentist}").click().run()

    assert at.success[0].value == md("Requeued 1 message; the outbox sensor picks them up.")
    assert f"admin_requeue_{dentist}" not in keys(at.button)
    assert f"admin_requeue_{piano}" in keys(at.button)
    assert metrics(at)["Dead"] == "1" and metrics(at)["Ready to deliver"] == "1"
    with app_runtime.uow() as uow:
        assert [d.id for d in admin.dead_letters(uow, demo_actor)] == [piano]


def test_requeue_all_empties_the_dead_letters(signed_in, app_runtime, demo_actor, dead_letters):
    at = open_page(signed_in, "admin")

    at = at.button(key="admin_requeue_all").click().run()

    assert at.success[0].value == md("Requeued 2 messages; the outbox sensor picks them up.")
    assert metrics(at)["Dead"] == "0"
    with app_runtime.uow() as uow:
        assert admin.dead_letters(uow, demo_actor) == []


def test_a_viewer_has_no_admin_page_in_the_navigation(app, viewer):
    at = sign_in(app, "vic@example.com", VIEWER_PASSWORD)
    assert titles(at) == ["Today"]

    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/admin.py")


def test_the_admin_page_itself_refuses_a_viewer(app_database, viewer):
    """Even opened directly, the page shows nothing an administrator would see."""
    at = AppTest.from_file(ADMIN_PAGE, default_timeout=30)
    at.session_state["auth_actor"] = viewer

    at = at.run()

    assert not at.exception
    assert [i.value for i in at.info] == ["This page is for administrators."]
    assert not at.dataframe and not at.metric and not at.button and not at.link_button
