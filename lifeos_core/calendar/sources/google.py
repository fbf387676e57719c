"""Google Calendar through google-api-python-client: OAuth 2 with PKCE, incremental sync.

The first sync lists every event (``showDeleted``, recurring masters unexpanded, pages of
2,500) and ends with a ``nextSyncToken``; later syncs send it and get only what changed,
cancelled events included. The token is saved only after the last page (and in the same
transaction as the events). A 410 GONE means the token expired: we list everything again,
which upserts by event id and so keeps our own columns (colours, interpretations).
Rate limits (429, 403 rateLimitExceeded) and 5xx answers are retried with exponential
backoff and full jitter.

Each Google event is kept raw; a recurring master and its exceptions (``recurringEventId``,
``originalStartTime``) form one series, expanded in the rolling window by the same code as
.ics files, so EXDATE-style cancellations and moved instances behave identically.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import secrets
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from lifeos_core.calendar.ics import IcsError, NormalisedEvent, parse_ics
from lifeos_core.calendar.schemas import ConnectionView, SourceItem
from lifeos_core.calendar.sources import Fetched, SourceError, Window

SCOPES = ("https://www.googleapis.com/auth/calendar.readonly",)
PAGE_SIZE = 2500
RETRIABLE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"}


class GoogleSettings(BaseSettings):
    """The OAuth client of this LifeOS install (a "Web application" client in Google Cloud)."""

    model_config = SettingsConfigDict(env_prefix="LIFEOS_GOOGLE_", extra="ignore")

    client_id: str = ""
    client_secret: SecretStr = SecretStr("")
    # Must be listed among the client's authorised redirect URIs: the connections page.
    redirect_uri: str = "http://localhost:8501/connections"
    auth_uri: str = "https://accounts.google.com/o/oauth2/v2/auth"
    token_uri: str = "https://oauth2.googleapis.com/token"
    # Unset means Google's own endpoint; tests point it at a local server.
    api_endpoint: str | None = None
    max_attempts: int = 6
    backoff_base_seconds: float = 1.0
    backoff_max_seconds: float = 60.0

    @property
    def configured(self) -> bool:
        return bool(self.client_id and self.client_secret.get_secret_value())


# --- OAuth ------------------------------------------------------------------------------------


def new_authorisation(settings: GoogleSettings) -> tuple[str, str, str]:
    """A fresh ``state``, PKCE ``code_verifier`` and the URL to send the owner to."""
    state = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(64)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = {
        "client_id": settings.client_id,
        "redirect_uri": settings.redirect_uri,
        "response_type": "code",
        "scope": " ".join(SCOPES),
        "state": state,
        "code_challenge": challenge.decode().rstrip("="),
        "code_challenge_method": "S256",
        "access_type": "offline",  # a refresh token, so syncs run while the owner is away
        "prompt": "consent",
        "include_granted_scopes": "true",
    }
    return state, verifier, f"{settings.auth_uri}?{urlencode(query)}"


def exchange_code(
    settings: GoogleSettings, *, code: str, code_verifier: str, redirect_uri: str
) -> dict[str, Any]:
    """Trade the callback's code for tokens (what the connection stores, encrypted)."""
    try:
        response = requests.post(
            settings.token_uri,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "code_verifier": code_verifier,
                "redirect_uri": redirect_uri,
                "client_id": settings.client_id,
                "client_secret": settings.client_secret.get_secret_value(),
            },
            timeout=30,
        )
    except requests.RequestException as exc:
        raise SourceError(
            f"Google sign-in could not be completed ({exc})", transient=True
        ) from None
    if response.status_code != 200:
        raise SourceError(
            f"Google refused the authorisation ({response.status_code}: {response.text[:200]})"
        )
    body = response.json()
    expiry = datetime.now(UTC) + timedelta(seconds=int(body.get("expires_in", 3600)))
    return {
        "token": body["access_token"],
        "refresh_token": body.get("refresh_token"),
        "expiry": expiry.isoformat(),
        "scopes": body.get("scope", " ".join(SCOPES)).split(),
    }


def _credentials(settings: GoogleSettings, stored: dict[str, Any]):
    from google.oauth2.credentials import Credentials

    expiry = stored.get("expiry")
    return Credentials(
        token=stored.get("token"),
        refresh_token=stored.get("refresh_token"),
        token_uri=settings.token_uri,
        client_id=settings.client_id,
        client_secret=settings.client_secret.get_secret_value(),
        scopes=stored.get("scopes") or list(SCOPES),
        # google-auth compares expiry with a naive UTC now.
        expiry=datetime.fromisoformat(expiry).astimezone(UTC).replace(tzinfo=None)
        if expiry
        else None,
    )


def _refreshed(settings: GoogleSettings, stored: dict[str, Any]):
    """Credentials ready to use, and the new token dict when it had to be refreshed."""
    from google.auth.exceptions import RefreshError, TransportError
    from google.auth.transport.requests import Request

    creds = _credentials(settings, stored)
    if creds.valid:
        return creds, None
    if not creds.refresh_token:
        raise SourceError("Google access expired and there is no refresh token; connect again")
    try:
        creds.refresh(Request())
    except RefreshError as exc:
        raise SourceError(f"Google refused to refresh access ({exc}); connect again") from None
    except TransportError as exc:
        raise SourceError(
            f"Google could not be reached to refresh access ({exc})", transient=True
        ) from None
    updated = {
        **stored,
        "token": creds.token,
        "expiry": creds.expiry.replace(tzinfo=UTC).isoformat() if creds.expiry else None,
    }
    if creds.refresh_token:
        updated["refresh_token"] = creds.refresh_token
    return creds, updated


# --- fetching ---------------------------------------------------------------------------------


def build_service(settings: GoogleSettings, creds):
    from googleapiclient.discovery import build

    options = {"api_endpoint": settings.api_endpoint} if settings.api_endpoint else None
    return build(
        "calendar",
        "v3",
        credentials=creds,
        static_discovery=True,
        cache_discovery=False,
        client_options=options,
    )


class _Gone(Exception):
    """410: the sync token expired."""


def _execute(request, settings: GoogleSettings, sleep=time.sleep):
    from googleapiclient.errors import HttpError

    for attempt in range(settings.max_attempts):
        try:
            return request.execute()
        except HttpError as exc:
            status = exc.resp.status
            if status == 410:
                raise _Gone() from None
            reasons = {d.get("reason") for d in (exc.error_details or []) if isinstance(d, dict)}
            retriable = (
                status == 429 or status >= 500 or (status == 403 and reasons & RETRIABLE_REASONS)
            )
            if not retriable:
                raise SourceError(f"Google answered {status}: {exc.reason}") from None
            if attempt == settings.max_attempts - 1:
                raise SourceError(
                    f"Google answered {status} ({exc.reason}) {settings.max_attempts} times; "
                    "will try again later",
                    transient=True,
                ) from None
            # Exponential backoff with full jitter: parallel syncs do not retry in step.
            ceiling = min(settings.backoff_max_seconds, settings.backoff_base_seconds * 2**attempt)
            sleep(random.uniform(0, ceiling))
        except (OSError, TimeoutError) as exc:
            if attempt == settings.max_attempts - 1:
                raise SourceError(f"Google could not be reached ({exc})", transient=True) from None
            sleep(random.uniform(0, settings.backoff_base_seconds * 2**attempt))
    raise AssertionError("unreachable")


def fetch(
    connection: ConnectionView,
    credentials: dict[str, Any],
    window: Window,
    *,
    settings: GoogleSettings | None = None,
) -> Fetched:
    settings = settings or GoogleSettings()
    creds, refreshed = _refreshed(settings, credentials)
    service = build_service(settings, creds)
    calendar_id = connection.location
    state = dict(connection.sync_state)
    token = state.get("sync_token")
    if not state.get("timezone"):
        about = _execute(service.calendars().get(calendarId=calendar_id), settings)
        state["timezone"] = about.get("timeZone") or "UTC"
    try:
        events, next_token = _list(service, settings, calendar_id, token)
        complete = token is None
    except _Gone:
        events, next_token = _list(service, settings, calendar_id, None)
        complete = True
        state["full_resyncs"] = state.get("full_resyncs", 0) + 1
    items: list[SourceItem] = []
    deleted: list[str] = []
    for event in events:
        series_id = event.get("recurringEventId") or event["id"]
        if event.get("status") == "cancelled" and "recurringEventId" not in event:
            deleted.append(event["id"])  # a whole event or series is gone
            continue
        # A cancelled instance stays: it removes that occurrence from its series.
        items.append(
            SourceItem(
                href=event["id"],
                series_id=series_id,
                etag=event.get("etag"),
                data=json.dumps(event, sort_keys=True, separators=(",", ":")),
            )
        )
    new_state = {**state, "sync_token": next_token, "window": window.key}
    unchanged = not items and not deleted and new_state == connection.sync_state
    return Fetched(
        state=new_state,
        items=items,
        deleted=deleted,
        complete=complete,
        unchanged=unchanged,
        credentials=refreshed,
    )


def _list(service, settings: GoogleSettings, calendar_id: str, sync_token: str | None):
    """Every page of events.list; the sync token comes with the last page only."""
    events: list[dict[str, Any]] = []
    page_token = None
    while True:
        params: dict[str, Any] = {
            "calendarId": calendar_id,
            "showDeleted": True,
            "singleEvents": False,
            "maxResults": PAGE_SIZE,
        }
        if sync_token:
            params["syncToken"] = sync_token
        if page_token:
            params["pageToken"] = page_token
        page = _execute(service.events().list(**params), settings)
        events.extend(page.get("items", []))
        page_token = page.get("nextPageToken")
        if not page_token:
            return events, page.get("nextSyncToken")


# --- normalising ------------------------------------------------------------------------------


def _zone(name: str | None, fallback):
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return fallback


def _moment(value: dict[str, Any], zone) -> tuple[datetime | date, str | None]:
    """A Google start/end as a date (all day) or an aware datetime, and its zone name."""
    if "date" in value:
        return date.fromisoformat(value["date"]), None
    moment = datetime.fromisoformat(value["dateTime"].replace("Z", "+00:00"))
    tz = _zone(value.get("timeZone"), zone)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(tz), getattr(tz, "key", None)


def _ics_time(name: str, value: datetime | date) -> str:
    if isinstance(value, datetime):
        key = getattr(value.tzinfo, "key", None)
        if key:
            return f"{name};TZID={key}:{value:%Y%m%dT%H%M%S}"
        return f"{name}:{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _vevent(event: dict[str, Any], uid: str, zone, *, with_rules: bool) -> list[str]:
    start, _ = _moment(event["start"], zone)
    end, _ = _moment(event.get("end") or event["start"], zone)
    lines = ["BEGIN:VEVENT", f"UID:{uid}", _ics_time("DTSTART", start), _ics_time("DTEND", end)]
    if "originalStartTime" in event:
        original, _ = _moment(event["originalStartTime"], zone)
        lines.append(_ics_time("RECURRENCE-ID", original))
    if with_rules:
        lines.extend(
            rule
            for rule in event.get("recurrence", [])
            if rule.split(":", 1)[0].split(";")[0] in ("RRULE", "EXDATE", "RDATE")
        )
    lines.append(f"SUMMARY:{_escape(event.get('summary') or '(no title)')}")
    if event.get("description"):
        lines.append(f"DESCRIPTION:{_escape(event['description'])}")
    if event.get("location"):
        lines.append(f"LOCATION:{_escape(event['location'])}")
    if event.get("visibility") in ("private", "confidential"):
        lines.append("CLASS:PRIVATE")
    lines.append("END:VEVENT")
    return lines


def _single(event: dict[str, Any], window: Window, zone) -> NormalisedEvent | None:
    """A plain event, normalised straight from its JSON (no iCalendar round trip)."""
    start, zone_name = _moment(event["start"], zone)
    end, _ = _moment(event.get("end") or event["start"], zone)
    all_day = not isinstance(start, datetime)
    if all_day:
        start = datetime(start.year, start.month, start.day, tzinfo=UTC)
        end = datetime(end.year, end.month, end.day, tzinfo=UTC)  # Google's end is exclusive too
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if not (start < window.end and max(end, start + timedelta(seconds=1)) > window.start):
        return None
    return NormalisedEvent(
        external_id=event["id"],
        title=event.get("summary") or "(no title)",
        start_time=start,
        end_time=end,
        all_day=all_day,
        timezone=None if all_day else zone_name or getattr(zone, "key", None),
        description=event.get("description") or None,
        location=event.get("location") or None,
        is_private=event.get("visibility") in ("private", "confidential"),
        series_id=event["id"],
    )


def expand(
    items: Iterable[SourceItem],
    window: Window,
    *,
    expanded: Mapping[str, tuple[str, list[NormalisedEvent] | str]] | None = None,
) -> tuple[dict[str, list[NormalisedEvent]], dict[str, str]]:
    """Occurrences per series (master id), and the series that would not expand, with why.

    (``expanded`` is for sources that expand while fetching; a Google series is expanded
    from all its items after the fetch, so there is never any.)"""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        grouped[item.series_id].append(json.loads(item.data))
    series: dict[str, list[NormalisedEvent]] = {}
    rejected: dict[str, str] = {}
    zone = window.zone
    for series_id, events in grouped.items():
        master = next((e for e in events if e["id"] == series_id), None)
        try:
            if master is not None and len(events) == 1 and not master.get("recurrence"):
                occurrence = _single(master, window, _zone(None, zone))
                series[series_id] = [occurrence] if occurrence else []
                continue
            series[series_id] = _expand_series(series_id, master, events, window)
        except (IcsError, KeyError, ValueError) as exc:
            rejected[series_id] = f"{series_id}: {exc}"
    return series, rejected


def _expand_series(
    series_id: str, master, events: list[dict[str, Any]], window: Window
) -> list[NormalisedEvent]:
    zone = window.zone
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//LifeOS//Google//EN"]
    exdates: list[str] = []
    exceptions = [e for e in events if e is not master]
    if master is not None and master.get("status") != "cancelled":
        for e in exceptions:
            if e.get("status") == "cancelled" and "originalStartTime" in e:
                original, _ = _moment(e["originalStartTime"], zone)
                exdates.append(_ics_time("EXDATE", original))
        vevent = _vevent(master, series_id, zone, with_rules=True)
        lines.extend(vevent[:-1] + exdates + ["END:VEVENT"])
    for e in exceptions:
        if e.get("status") == "cancelled" or "start" not in e:
            continue
        # Without its master (not visible to us) an exception is just an event of its own.
        lines.extend(_vevent(e, series_id if master else e["id"], zone, with_rules=False))
    lines.append("END:VCALENDAR")
    occurrences = parse_ics(
        "\r\n".join(lines) + "\r\n",
        source=f"google event {series_id}",
        window_start=window.start,
        window_end=window.end,
        default_timezone=zone,
    )
    return [replace(o, series_id=series_id) for o in occurrences]
