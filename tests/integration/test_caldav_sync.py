"""CalDAV sync against real servers (Radicale and Xandikos), started on loopback ports."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import caldav
import pytest
import sqlalchemy as sa
from fakes.dav import start_radicale, start_xandikos

from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.models import CalendarConnection
from lifeos_core.calendar.sources import SourceError
from lifeos_core.calendar.sources.caldav import discover_calendars
from lifeos_core.calendar.sync import sync_connection
from lifeos_core.crypto import Keyring
from lifeos_core.interpreter.service import interpret_new_events
from lifeos_core.outbox.models import OutboxMessage

PASSWORD = "app-specific-hunter2-pw"
TODAY = date.today()
D1 = TODAY - timedelta(days=3)


def vevent(uid: str, summary: str, day: date, *, extra: str = "", hour: int = 17) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{day:%Y%m%d}T{hour:02d}0000Z\r\nDTEND:{day:%Y%m%d}T{hour:02d}3000Z\r\n"
        f"SUMMARY:{summary}\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def yoga_series(*, moved_title: str = "Late yoga") -> str:
    """Daily yoga for five days (Berlin time), the 2nd skipped, the 4th moved to the evening."""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:yoga\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;TZID=Europe/Berlin:{D1:%Y%m%d}T073000\r\n"
        f"DTEND;TZID=Europe/Berlin:{D1:%Y%m%d}T083000\r\n"
        "RRULE:FREQ=DAILY;COUNT=5\r\n"
        f"EXDATE;TZID=Europe/Berlin:{D1 + timedelta(days=1):%Y%m%d}T073000\r\n"
        "SUMMARY:Yoga\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:yoga\r\nDTSTAMP:20260101T000000Z\r\n"
        f"RECURRENCE-ID;TZID=Europe/Berlin:{D1 + timedelta(days=3):%Y%m%d}T073000\r\n"
        f"DTSTART;TZID=Europe/Berlin:{D1 + timedelta(days=3):%Y%m%d}T190000\r\n"
        f"DTEND;TZID=Europe/Berlin:{D1 + timedelta(days=3):%Y%m%d}T200000\r\n"
        f"SUMMARY:{moved_title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


@pytest.fixture(scope="module", params=["radicale", "xandikos"])
def dav_server(request, tmp_path_factory):
    start = start_radicale if request.param == "radicale" else start_xandikos
    server = start(tmp_path_factory.mktemp(request.param))
    yield server
    server.stop()


@pytest.fixture
def dav_calendar(dav_server):
    """A fresh, empty calendar on the server."""
    client = caldav.DAVClient(url=dav_server.base_url + "/", username="ada", password=PASSWORD)
    cal_id = f"cal-{uuid.uuid4().hex[:8]}"
    remote = client.principal().make_calendar(name="Life", cal_id=cal_id)
    remote.add_event(vevent("call@test", "Call with Priya", D1 + timedelta(days=1)))
    remote.add_event(vevent("dentist@test", "Dentist", D1 + timedelta(days=2), hour=9))
    remote.add_event(yoga_series())
    yield remote
    client.close()


@pytest.fixture
def keyring(settings) -> Keyring:
    return Keyring.from_settings(settings)


@pytest.fixture
def connection(runtime, owner, dav_calendar, keyring):
    with runtime.uow() as uow:
        view = calendar.add_connection(
            uow,
            owner,
            kind="caldav",
            name="Life",
            location=str(dav_calendar.url),
            options={"username": "ada"},
            credentials={"password": PASSWORD},
            keyring=keyring,
        )
        uow.commit()
    return view


def sync(runtime, settings, connection):
    return sync_connection(runtime.uow, settings, connection.id)


def titles(runtime, owner) -> list[str]:
    with runtime.uow() as uow:
        return [e.title for e in calendar.list_events(uow, owner)]


def outbox_size(runtime) -> int:
    with runtime.uow() as uow:
        return uow.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))


def find(remote, uid):
    return remote.get_event_by_uid(uid)


def test_first_sync_imports_events_and_expands_the_series(runtime, settings, owner, connection):
    counts = sync(runtime, settings, connection)
    # Yoga: 5 days, one excluded, one moved = 4 occurrences; plus the call and the dentist.
    assert (counts.created, counts.updated, counts.deleted) == (6, 0, 0)
    assert sorted(titles(runtime, owner)) == sorted(
        ["Yoga", "Call with Priya", "Dentist", "Yoga", "Late yoga", "Yoga"]
    )
    with runtime.uow() as uow:
        [stored] = calendar.list_connections(uow, owner)
        late = [e for e in calendar.list_events(uow, owner) if e.title == "Late yoga"][0]
    assert stored.last_error is None and stored.sync_state["sync_token"]
    assert late.original_timezone == "Europe/Berlin"
    assert late.start_time.hour == 18  # 19:00 in Berlin, winter time


def test_syncing_again_with_nothing_changed_writes_nothing(runtime, settings, owner, connection):
    sync(runtime, settings, connection)
    before = outbox_size(runtime)
    counts = sync(runtime, settings, connection)
    assert (counts.created, counts.updated, counts.deleted) == (0, 0, 0)
    assert outbox_size(runtime) == before


def test_changes_and_deletions_arrive_incrementally_and_withdraw_pending_reviews(
    runtime, settings, owner, connection, dav_calendar
):
    sync(runtime, settings, connection)
    interpret_new_events(runtime.uow, settings)
    with runtime.uow() as uow:
        assert [i.event_title for i in calendar.list_interpretations(uow, owner)] == [
            "Call with Priya"
        ]

    find(dav_calendar, "call@test").delete()
    dentist = find(dav_calendar, "dentist@test")
    dentist.data = vevent("dentist@test", "Dentist (moved)", D1 + timedelta(days=2), hour=11)
    dentist.save()
    dav_calendar.add_event(vevent("gym@test", "Gym", D1))

    counts = sync(runtime, settings, connection)

    assert (counts.created, counts.updated, counts.deleted) == (1, 1, 1)
    assert "Call with Priya" not in titles(runtime, owner)
    assert {"Dentist (moved)", "Gym"} <= set(titles(runtime, owner))
    with runtime.uow() as uow:
        assert calendar.interpretation_status_counts(uow, owner).get("withdrawn") == 1


def test_a_changed_exception_reexpands_only_its_series(
    runtime, settings, owner, connection, dav_calendar
):
    sync(runtime, settings, connection)
    yoga = find(dav_calendar, "yoga")
    yoga.data = yoga_series(moved_title="Evening yoga")
    yoga.save()
    counts = sync(runtime, settings, connection)
    assert (counts.fetched, counts.updated, counts.unchanged, counts.created) == (4, 1, 3, 0)
    assert "Evening yoga" in titles(runtime, owner)


def test_an_expired_sync_token_falls_back_to_comparing_etags(
    runtime, settings, owner, connection, dav_calendar
):
    sync(runtime, settings, connection)
    with runtime.uow() as uow:
        row = uow.session.get(CalendarConnection, connection.id)
        token = row.sync_state["sync_token"]
        row.sync_state = {**row.sync_state, "sync_token": token[:-6] + "abcdef"}
        uow.commit()
    find(dav_calendar, "call@test").delete()
    dav_calendar.add_event(vevent("gym@test", "Gym", D1))

    counts = sync(runtime, settings, connection)

    assert (counts.created, counts.deleted) == (1, 1)
    with runtime.uow() as uow:
        [stored] = calendar.list_connections(uow, owner)
    assert stored.sync_state["fallbacks"] == 1 and stored.sync_state["sync_token"] != token
    # ...and the fresh token works: the next sync is incremental again and finds nothing.
    again = sync(runtime, settings, connection)
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    with runtime.uow() as uow:
        [stored] = calendar.list_connections(uow, owner)
    assert stored.sync_state["fallbacks"] == 1


def test_the_password_is_stored_encrypted(runtime, connection):
    with runtime.engine.connect() as db:
        raw = db.execute(sa.text("SELECT credentials FROM calendar_connection")).scalar_one()
        dump = "\n".join(
            str(row) for table in ("calendar_connection", "event_record", "platform_outbox")
            for row in db.execute(sa.text(f"SELECT * FROM {table}"))  # noqa: S608
        )  # fmt: skip
    assert raw.startswith("v1.") and PASSWORD not in dump


def test_an_unreachable_server_is_recorded_on_the_connection(runtime, settings, owner, keyring):
    with runtime.uow() as uow:
        broken = calendar.add_connection(
            uow, owner, kind="caldav", name="Gone", location="http://127.0.0.1:9/cal/",
            options={"username": "ada"}, credentials={"password": "x"}, keyring=keyring,
        )  # fmt: skip
        uow.commit()
    with pytest.raises(SourceError) as raised:
        sync(runtime, settings, broken)
    assert raised.value.transient
    with runtime.uow() as uow:
        [stored] = calendar.list_connections(uow, owner)
    assert stored.last_error and "127.0.0.1:9" in stored.last_error


def test_discovery_lists_the_accounts_calendars(dav_server, dav_calendar):
    found = discover_calendars(dav_server.base_url + "/", "ada", PASSWORD)
    assert str(dav_calendar.url) in [url for url, _ in found]
