""".ics URLs: conditional GETs where the server honours validators, content diff elsewhere."""

from __future__ import annotations

import hashlib
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.sources import SourceError
from lifeos_core.calendar.sync import sync_connection

DAY = date.today() - timedelta(days=1)
FEED = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nX-WR-TIMEZONE:Europe/Berlin\r\n"
    f"BEGIN:VEVENT\r\nUID:swim\r\nDTSTART:{DAY:%Y%m%d}T070000\r\nDTEND:{DAY:%Y%m%d}T080000\r\n"
    "SUMMARY:Swim\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


class Feed:
    def __init__(self, honours_validators: bool):
        self.body, self.honours, self.status = FEED, honours_validators, 200
        self.requests: list[tuple[int, dict]] = []


@pytest.fixture(params=["validators", "no-validators"])
def feed(request):
    feed = Feed(honours_validators=request.param == "validators")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = feed.body.encode()
            etag = '"' + hashlib.sha1(body).hexdigest() + '"'
            # Each request is recorded before the reply goes out: the client may read the reply
            # and the test look at the record before this thread runs again.
            if feed.status != 200:
                feed.requests.append((feed.status, dict(self.headers)))
                self.send_response(feed.status)
                self.end_headers()
                return
            if feed.honours and self.headers.get("If-None-Match") == etag:
                feed.requests.append((304, dict(self.headers)))
                self.send_response(304)
                self.end_headers()
                return
            feed.requests.append((200, dict(self.headers)))
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            if feed.honours:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    feed.url = f"http://127.0.0.1:{server.server_port}/life.ics"
    yield feed
    server.shutdown()
    server.server_close()


@pytest.fixture
def connection(runtime, owner, feed):
    with runtime.uow() as uow:
        view = calendar.add_connection(uow, owner, kind="ics_url", name="Club", location=feed.url)
        uow.commit()
    return view


def test_an_unchanged_feed_writes_nothing_whether_or_not_it_honours_validators(
    runtime, settings, owner, feed, connection
):
    first = sync_connection(runtime.uow, settings, connection.id)
    assert first.created == 1
    with runtime.uow() as uow:
        [event] = calendar.list_events(uow, owner)
    assert event.original_timezone == "Europe/Berlin" and event.start_time.hour in (5, 6)

    again = sync_connection(runtime.uow, settings, connection.id)
    assert (again.created, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 1)
    assert feed.requests[-1][0] == (304 if feed.honours else 200)

    feed.body = FEED.replace("Swim", "Swim (pool closed)")
    changed = sync_connection(runtime.uow, settings, connection.id)
    assert changed.updated == 1
    with runtime.uow() as uow:
        assert [e.title for e in calendar.list_events(uow, owner)] == ["Swim (pool closed)"]


def test_a_server_error_is_transient_and_kept_on_the_connection(
    runtime, settings, owner, feed, connection
):
    feed.status = 503
    with pytest.raises(SourceError) as raised:
        sync_connection(runtime.uow, settings, connection.id)
    assert raised.value.transient
    with runtime.uow() as uow:
        [stored] = calendar.list_connections(uow, owner)
    assert "503" in stored.last_error


def test_webcal_links_are_read_over_https_and_other_schemes_refused(runtime, owner):
    from lifeos_core.errors import InvalidInput

    with runtime.uow() as uow:
        view = calendar.add_connection(
            uow, owner, kind="ics_url", name="Holidays", location="webcal://example.org/h.ics"
        )
        assert view.location == "https://example.org/h.ics"
        with pytest.raises(InvalidInput, match="not an http"):
            calendar.add_connection(uow, owner, kind="ics_url", name="x", location="ftp://x/y.ics")
