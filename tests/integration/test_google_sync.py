"""Google sync through the real client library, offline, against a local fake of the API."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fakes.google_calendar import FakeGoogleCalendar, GoogleServer

from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.sources import SourceError
from lifeos_core.calendar.sync import sync_connection
from lifeos_core.crypto import Keyring

DAY = date.today() - timedelta(days=2)


def at(day: date, hour: int) -> dict:
    return {"dateTime": f"{day:%Y-%m-%d}T{hour:02d}:00:00+01:00", "timeZone": "Europe/Berlin"}


@pytest.fixture
def google(monkeypatch):
    fake = FakeGoogleCalendar(page_size=2)
    fake.put(
        {"id": "call1", "summary": "Call with Priya", "start": at(DAY, 18), "end": at(DAY, 19)}
    )
    fake.put({"id": "dentist", "summary": "Dentist", "start": at(DAY, 9), "end": at(DAY, 10)})
    fake.put(
        {"id": "run", "summary": "Run", "start": at(DAY, 7), "end": at(DAY, 8),
         "recurrence": ["RRULE:FREQ=DAILY;COUNT=4"]}
    )  # fmt: skip
    # The 2nd run moved to the evening, the 3rd cancelled.
    fake.put(
        {"id": "run_2", "recurringEventId": "run", "summary": "Evening run",
         "originalStartTime": at(DAY + timedelta(days=1), 7),
         "start": at(DAY + timedelta(days=1), 19), "end": at(DAY + timedelta(days=1), 20)}
    )  # fmt: skip
    fake.put(
        {"id": "run_3", "recurringEventId": "run", "status": "cancelled",
         "originalStartTime": at(DAY + timedelta(days=2), 7)}
    )  # fmt: skip
    fake.put({"id": "holiday", "summary": "Day off", "start": {"date": f"{DAY:%Y-%m-%d}"},
              "end": {"date": f"{DAY + timedelta(days=1):%Y-%m-%d}"}})  # fmt: skip
    with GoogleServer(fake):
        for name, value in {
            "CLIENT_ID": "client-1", "CLIENT_SECRET": "secret-1",
            "TOKEN_URI": f"{fake.base_url}/token",
            "API_ENDPOINT": f"{fake.base_url}/calendar/v3/",
            "BACKOFF_BASE_SECONDS": "0.01", "MAX_ATTEMPTS": "4",
        }.items():  # fmt: skip
            monkeypatch.setenv(f"LIFEOS_GOOGLE_{name}", value)
        yield fake


@pytest.fixture
def connection(runtime, owner, settings, google):
    expiry = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    with runtime.uow() as uow:
        view = calendar.add_connection(
            uow, owner, kind="google", name="Google", location="primary",
            credentials={"token": "access-0", "refresh_token": "refresh-1", "expiry": expiry},
            keyring=Keyring.from_settings(settings),
        )  # fmt: skip
        uow.commit()
    return view


def sync(runtime, settings, connection):
    return sync_connection(runtime.uow, settings, connection.id)


def titles(runtime, owner) -> list[str]:
    with runtime.uow() as uow:
        return sorted(e.title for e in calendar.list_events(uow, owner))


def list_requests(google) -> list[dict]:
    return [query for path, query in google.requests if path.endswith("/events")]


def test_a_full_sync_pages_through_and_expands_masters_and_exceptions(
    runtime, settings, owner, google, connection
):
    counts = sync(runtime, settings, connection)
    assert titles(runtime, owner) == sorted(
        ["Call with Priya", "Dentist", "Run", "Evening run", "Run", "Day off"]
    )
    assert counts.created == 6
    pages = list_requests(google)
    assert len(pages) == 3 and "pageToken" in pages[1] and "syncToken" not in pages[0]
    assert all(q["showDeleted"] == ["true"] for q in pages)
    with runtime.uow() as uow:
        [stored] = calendar.list_connections(uow, owner)
        day_off = [e for e in calendar.list_events(uow, owner) if e.title == "Day off"][0]
    assert stored.sync_state["sync_token"] == f"s{google.seq}"
    assert day_off.all_day and day_off.end_time - day_off.start_time == timedelta(days=1)


def test_an_incremental_sync_applies_changes_and_cancellations(
    runtime, settings, owner, google, connection
):
    sync(runtime, settings, connection)
    google.cancel("call1")
    google.put({**google.events["dentist"], "summary": "Dentist (moved)"})
    google.cancel("run_2")  # the moved run is cancelled: that occurrence goes

    counts = sync(runtime, settings, connection)

    assert list_requests(google)[-1]["syncToken"]
    assert (counts.created, counts.updated, counts.deleted) == (0, 1, 2)
    assert titles(runtime, owner) == sorted(["Dentist (moved)", "Run", "Run", "Day off"])
    nothing = sync(runtime, settings, connection)
    assert (nothing.created, nothing.updated, nothing.deleted) == (0, 0, 0)


def test_gone_410_resyncs_everything_and_keeps_our_own_columns(
    runtime, settings, owner, google, connection
):
    sync(runtime, settings, connection)
    with runtime.uow() as uow:
        dentist = [e for e in calendar.list_events(uow, owner) if e.title == "Dentist"][0]
        calendar.update_event(uow, owner, dentist.id, color="#ff8800")
        uow.commit()
    google.expire_tokens()
    google.cancel("call1")

    counts = sync(runtime, settings, connection)

    assert counts.deleted == 1 and counts.created == 0
    with runtime.uow() as uow:
        assert calendar.get_event(uow, owner, dentist.id).color == "#ff8800"
        [stored] = calendar.list_connections(uow, owner)
    assert stored.sync_state["full_resyncs"] == 1


@pytest.mark.parametrize(
    "status, reason", [(429, "rateLimitExceeded"), (403, "userRateLimitExceeded"), (500, None)]
)
def test_rate_limits_and_server_errors_are_retried_with_backoff(
    runtime, settings, owner, google, connection, status, reason
):
    google.fail_next(status, reason, times=2)
    counts = sync(runtime, settings, connection)
    assert counts.created == 6


def test_a_plain_403_is_not_retried_and_is_kept_on_the_connection(
    runtime, settings, owner, google, connection
):
    google.fail_next(403, None, times=1)
    with pytest.raises(SourceError) as raised:
        sync(runtime, settings, connection)
    assert not raised.value.transient
    with runtime.uow() as uow:
        [stored] = calendar.list_connections(uow, owner)
    assert "403" in stored.last_error


def test_an_expired_access_token_is_refreshed_and_saved_encrypted(
    runtime, settings, owner, google, connection
):
    keyring = Keyring.from_settings(settings)
    past = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    with runtime.uow() as uow:
        calendar.add_connection(
            uow, owner, kind="google", name="Google", location="primary",
            credentials={"token": "access-0", "refresh_token": "refresh-1", "expiry": past},
            keyring=keyring,
        )  # fmt: skip
        uow.commit()
    sync(runtime, settings, connection)
    assert google.refreshes == 1
    with runtime.uow() as uow:
        stored = calendar.connection_credentials(uow, owner, connection.id, keyring=keyring)
    assert stored["token"] == "access-1" and stored["refresh_token"] == "refresh-1"
