"""The Connections page in a real browser, for what AppTest cannot drive: the round trip to
Google's consent screen and back, and the .ics file uploader.

Google is the local fake (tests/fakes/google_calendar.py) behind the real client library:
its ``/authorize`` stands in for the consent screen and redirects straight back with a code,
and its ``/token`` hands out tokens only for the PKCE verifier that code was issued for.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from browser_driver import expect, open_from_sidebar, sign_in
from fakes.google_calendar import FakeGoogleCalendar, GoogleServer

from lifeos_core.auth import service as auth
from lifeos_core.calendar import service as calendar
from lifeos_core.demo import DEMO_EMAIL
from lifeos_core.runtime import build_runtime

pytestmark = pytest.mark.slow
DAY = date.today() - timedelta(days=2)


def at(day: date, hour: int) -> dict:
    return {"dateTime": f"{day:%Y-%m-%d}T{hour:02d}:00:00+01:00", "timeZone": "Europe/Berlin"}


@pytest.fixture
def google():
    fake = FakeGoogleCalendar()
    fake.put({"id": "dentist", "summary": "Dentist", "start": at(DAY, 9), "end": at(DAY, 10)})
    fake.put({"id": "call", "summary": "Call with Priya", "start": at(DAY, 18), "end": at(DAY, 19)})
    with GoogleServer(fake):
        yield fake


@pytest.fixture
def app_env(google, app_port) -> dict[str, str]:
    """The app's Google OAuth client, pointed at the fake; its redirect URI is this app."""
    return {
        "LIFEOS_GOOGLE_CLIENT_ID": "lifeos-browser-test",
        "LIFEOS_GOOGLE_CLIENT_SECRET": "not-a-real-secret",
        "LIFEOS_GOOGLE_REDIRECT_URI": f"http://127.0.0.1:{app_port}/connections",
        "LIFEOS_GOOGLE_AUTH_URI": f"{google.base_url}/authorize",
        "LIFEOS_GOOGLE_TOKEN_URI": f"{google.base_url}/token",
        "LIFEOS_GOOGLE_API_ENDPOINT": f"{google.base_url}/calendar/v3/",
    }


def connections(database_url: str, kind: str):
    runtime = build_runtime(database_url=database_url)
    try:
        with runtime.uow() as uow:
            owner = auth.get_actor(uow, auth.find_user_id(uow, DEMO_EMAIL))
            found = [c for c in calendar.list_connections(uow, owner) if c.kind == kind]
            titles = sorted(e.title for e in calendar.list_events(uow, owner, sources=[kind]))
    finally:
        runtime.dispose()
    return found, titles


def card(page, name: str):
    return page.locator('[class*="st-key-connections_card_"]').filter(has_text=name)


def success(page):
    return page.get_by_test_id("stAlertContentSuccess")


def error(page):
    return page.get_by_test_id("stAlertContentError")


def test_connecting_google_comes_back_signed_in_to_a_connected_calendar_that_syncs(
    page, app_url, google, database_url
):
    callbacks: list[str] = []
    page.on(
        "request",
        lambda request: (
            callbacks.append(request.url)
            if request.is_navigation_request() and "code=" in request.url
            else None
        ),
    )
    sign_in(page)
    open_from_sidebar(page, "Connections")

    page.get_by_role("button", name="Connect Google").click()

    # Off to the consent screen and back in this tab: a new Streamlit session, still signed in.
    expect(success(page)).to_contain_text(
        "Connected Google Calendar. Synced: 2 new, 0 changed, 0 deleted."
    )
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(card(page, "Google Calendar")).to_contain_text("Google · ok")
    expect(card(page, "Google Calendar")).to_contain_text("2 fetched, 2 new")
    expect(page).to_have_url(f"{app_url}/connections")  # code and state are gone
    assert google.codes_exchanged == 1  # with the verifier matching the challenge
    [callback] = callbacks
    assert callback.startswith(f"{app_url}/connections?code=")

    google.put({"id": "run", "summary": "Run", "start": at(DAY, 7), "end": at(DAY, 8)})
    card(page, "Google Calendar").get_by_role("button", name="Sync now").click()
    expect(success(page)).to_contain_text("Synced: 1 new, 0 changed, 0 deleted.")
    expect(card(page, "Google Calendar")).to_contain_text("1 fetched, 1 new")
    assert connections(database_url, "google")[1] == ["Call with Priya", "Dentist", "Run"]

    # The same redirect replayed, and one with a forged state: refused, nothing created.
    for url in (callback, f"{app_url}/connections?code=forged&state=forged-state"):
        page.goto(url)
        expect(error(page)).to_contain_text(
            "Google was not connected: this authorisation is unknown or expired"
        )
        expect(page).to_have_url(f"{app_url}/connections")
        expect(card(page, "Google Calendar")).to_have_count(1)
    assert google.codes_exchanged == 1
    assert len(connections(database_url, "google")[0]) == 1


def test_declining_at_google_connects_nothing(page, app_url, google, database_url):
    google.deny_consent = True
    sign_in(page)
    open_from_sidebar(page, "Connections")

    page.get_by_role("button", name="Connect Google").click()

    expect(error(page)).to_contain_text("Google was not connected: Google said access_denied.")
    expect(page).to_have_url(f"{app_url}/connections")
    expect(card(page, "Google Calendar")).to_have_count(0)
    assert connections(database_url, "google") == ([], [])

    # An error that no flow of this owner asked for is not passed off as Google's.
    page.goto(f"{app_url}/connections?error=call+0800+555&state=forged-state")
    expect(error(page)).to_contain_text("this authorisation is unknown or expired")
    expect(error(page)).not_to_contain_text("0800")


def test_an_uploaded_ics_file_becomes_a_connection_with_its_events(page, tmp_path, database_url):
    day = date.today() - timedelta(days=1)
    events = [("standup", "Team stand-up", 9), ("review", "Design review", 11), ("gym", "Gym", 18)]
    ics = tmp_path / "team-offsite.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//LifeOS tests//EN\r\n"
        + "".join(
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{day:%Y%m%d}T{hour:02d}0000Z\r\n"
            f"DTEND:{day:%Y%m%d}T{hour:02d}3000Z\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n"
            for uid, title, hour in events
        )
        + "END:VCALENDAR\r\n"
    )
    sign_in(page)
    open_from_sidebar(page, "Connections")

    page.get_by_role("tab", name="Upload .ics").click()
    page.locator("input[type=file]").set_input_files(ics)
    # Uploaded to the server once the widget offers to remove it.
    expect(page.get_by_role("button", name="Remove team-offsite.ics")).to_be_visible()
    page.get_by_role("button", name="Import").click()

    expect(success(page)).to_contain_text(
        "Connected team-offsite.ics. Synced: 3 new, 0 changed, 0 deleted."
    )
    expect(card(page, "team-offsite.ics")).to_contain_text(".ics file · ok")
    expect(card(page, "team-offsite.ics")).to_contain_text("3 fetched, 3 new")
    found, titles = connections(database_url, "ics_file")
    assert titles.count("Design review") == 1 and titles.count("Gym") == 1
    assert {c.name for c in found} == {"Demo calendar", "team-offsite.ics"}
    # Stored where LIFEOS_UPLOAD_DIR says (this test's directory), not in the checkout's var/.
    assert list((tmp_path / "uploads").rglob("*.ics"))
