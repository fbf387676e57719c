"""An .ics URL: conditional GETs where the server honours validators, a content diff where
it does not.

The ETag and Last-Modified of the last response go back as If-None-Match and
If-Modified-Since; a 304 means nothing changed. Many feeds ignore validators (or change the
ETag on every request), so the body's SHA-256 is compared too. Either way, when the rolling
window moved since the last sync the feed is expanded again, so the unconditional body is
fetched.
"""

from __future__ import annotations

import hashlib
from typing import Any

import requests

from lifeos_core.calendar.ics import parse_ics
from lifeos_core.calendar.schemas import ConnectionView
from lifeos_core.calendar.sources import Fetched, SourceError, Window

TIMEOUT_SECONDS = 30
MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = "LifeOS calendar sync"


def fetch(
    connection: ConnectionView,
    credentials: dict[str, Any],
    window: Window,
    *,
    session: requests.Session | None = None,
) -> Fetched:
    state = connection.sync_state
    same_window = state.get("window") == window.key
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    if same_window:
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
    auth = None
    if credentials.get("password") is not None:
        auth = (connection.options.get("username", ""), credentials["password"])
    response = _get(session, connection.location, headers, auth)
    if response.status_code == 304:
        return Fetched(state=state, unchanged=True)
    body = response.content
    digest = hashlib.sha256(body).hexdigest()
    new_state = {
        "window": window.key,
        "etag": response.headers.get("ETag"),
        "last_modified": response.headers.get("Last-Modified"),
        "sha256": digest,
        "occurrences": state.get("occurrences", 0),
    }
    if same_window and digest == state.get("sha256"):
        return Fetched(state=new_state, unchanged=True)
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = body.decode(response.encoding or "latin-1", errors="replace")
    occurrences = parse_ics(
        text,
        source=connection.location,
        window_start=window.start,
        window_end=window.end,
        default_timezone=window.zone,
    )
    new_state["occurrences"] = len(occurrences)
    return Fetched(snapshot=occurrences, state=new_state)


def _get(session, url: str, headers: dict[str, str], auth) -> requests.Response:
    try:
        response = (session or requests).get(
            url, headers=headers, auth=auth, timeout=TIMEOUT_SECONDS, stream=True
        )
        if response.status_code == 304:
            return response
        content = response.raw.read(MAX_BYTES + 1, decode_content=True)
    except requests.RequestException as exc:
        raise SourceError(f"{url}: could not be fetched ({exc})", transient=True) from None
    if len(content) > MAX_BYTES:
        raise SourceError(f"{url}: is larger than {MAX_BYTES // (1024 * 1024)} MB")
    response._content = content
    if response.status_code >= 400:
        transient = response.status_code >= 500 or response.status_code == 429
        raise SourceError(
            f"{url}: the server answered {response.status_code} {response.reason}",
            transient=transient,
        )
    return response
