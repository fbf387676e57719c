"""CalDAV (iCloud, Fastmail, Nextcloud, Radicale, Xandikos...): sync-collection, etag fallback.

A sync asks the server what changed since our token (RFC 6578 ``sync-collection``, without
calendar data), then fetches the changed resources with ``calendar-multiget`` in batches.
When the server no longer knows our token (the ``DAV:valid-sync-token`` precondition:
Radicale answers 403, Xandikos 412) we compare every resource's ETag with the ones we hold,
fetch what differs and take a fresh token. iCloud needs an app-specific password
(appleid.apple.com → Sign-In and Security → App-Specific Passwords), never the Apple ID one.

Each resource is one series: its href is the ``series_id`` of the occurrences it expands to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import unquote, urlsplit

import caldav
from caldav.elements import dav
from caldav.lib import error

from lifeos_core.calendar.ics import IcsError, NormalisedEvent, parse_ics
from lifeos_core.calendar.schemas import ConnectionView, SourceItem
from lifeos_core.calendar.sources import Fetched, SourceError, Window

MULTIGET_BATCH = 250
TIMEOUT_SECONDS = 60
EXPIRED_TOKEN = "{DAV:}valid-sync-token"


def client_for(url: str, username: str | None, password: str | None) -> caldav.DAVClient:
    return caldav.DAVClient(
        url=url, username=username or None, password=password or None, timeout=TIMEOUT_SECONDS
    )


def discover_calendars(url: str, username: str, password: str) -> list[tuple[str, str]]:
    """(URL, name) of every calendar the account can see, starting from a server URL."""
    try:
        with client_for(url, username, password) as client:
            calendars = client.principal().calendars()
            return [
                (str(c.url), c.get_display_name() or _last_segment(str(c.url))) for c in calendars
            ]
    except error.AuthorizationError:
        raise SourceError(
            f"{url}: the server refused the user name or password (iCloud needs an "
            "app-specific password)"
        ) from None
    except (error.DAVError, OSError) as exc:
        raise SourceError(f"{url}: no calendars found ({_describe(exc)})", transient=True) from None


def _last_segment(url: str) -> str:
    return unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])


def href_of(url: Any) -> str:
    return unquote(urlsplit(str(url)).path)


def _describe(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__


def fetch(
    connection: ConnectionView,
    credentials: dict[str, Any],
    window: Window,
    *,
    stored_etags: Callable[[], dict[str, str | None]],
) -> Fetched:
    state = connection.sync_state
    token = state.get("sync_token")
    try:
        with client_for(
            connection.location, connection.options.get("username"), credentials.get("password")
        ) as client:
            calendar = client.calendar(url=connection.location)
            try:
                result = calendar.get_objects_by_sync_token(
                    token, load_objects=False, disable_fallback=True
                )
            except (error.AuthorizationError, error.ReportError, error.DAVError) as exc:
                if token is None or not _expired_token(exc):
                    raise
                return _etag_fallback(calendar, state, window, stored_etags())
            deleted = sorted({href_of(url) for url in result.deleted_urls})
            changed = [o.url for o in result.objects if href_of(o.url) not in set(deleted)]
            new_state = {**state, "sync_token": result.sync_token, "window": window.key}
            if not changed and not deleted and new_state == state:
                return Fetched(state=state, unchanged=True)
            items = _multiget(calendar, changed)
            # A resource listed as changed but gone by the time we asked was deleted meanwhile.
            gone = {href_of(u) for u in changed} - {i.href for i in items}
            return Fetched(
                state=new_state,
                items=items,
                deleted=sorted({*deleted, *gone}),
                complete=token is None,
            )
    except error.AuthorizationError as exc:
        raise SourceError(
            f"{connection.location}: the server refused access ({_describe(exc)}); check the "
            "user name and (app-specific) password"
        ) from None
    except error.NotFoundError:
        raise SourceError(f"{connection.location}: no calendar at this URL") from None
    except (error.DAVError, OSError) as exc:
        raise SourceError(f"{connection.location}: {_describe(exc)}", transient=True) from None


def _expired_token(exc: Exception) -> bool:
    preconditions = getattr(exc, "preconditions", None) or []
    if any(EXPIRED_TOKEN in p for p in preconditions):
        return True
    # Some servers answer 403/412 with no body worth parsing.
    return any(code in str(exc) for code in ("403", "412"))


def _etag_fallback(
    calendar: caldav.Calendar,
    state: dict[str, Any],
    window: Window,
    stored: dict[str, str | None],
) -> Fetched:
    """Our token expired: compare ETags, fetch what differs, and start again from a new token."""
    response = calendar._query_properties([dav.GetEtag()], depth=1)
    collection = href_of(calendar.url).rstrip("/")
    upstream = {
        href_of(href): props.get(dav.GetEtag.tag)
        for href, props in response.expand_simple_props([dav.GetEtag()]).items()
        if href_of(href).rstrip("/") != collection
    }
    changed = [href for href, etag in upstream.items() if stored.get(href) != etag or etag is None]
    deleted = sorted(set(stored) - set(upstream))
    items = _multiget(calendar, [calendar.url.join(h) for h in changed])
    token = calendar.get_property(dav.SyncToken())
    return Fetched(
        state={
            **state,
            "sync_token": token,
            "window": window.key,
            "fallbacks": state.get("fallbacks", 0) + 1,
        },
        items=items,
        deleted=deleted,
    )


def _multiget(calendar: caldav.Calendar, urls: list[Any]) -> list[SourceItem]:
    items: list[SourceItem] = []
    for start in range(0, len(urls), MULTIGET_BATCH):
        for obj in calendar.multiget(urls[start : start + MULTIGET_BATCH]):
            href = href_of(obj.url)
            items.append(
                SourceItem(
                    href=href,
                    series_id=href,
                    etag=(obj.props or {}).get(dav.GetEtag.tag),
                    data=obj.data,
                )
            )
    return items


def expand(
    items: Iterable[SourceItem], window: Window
) -> tuple[dict[str, list[NormalisedEvent]], dict[str, str]]:
    """Occurrences per series (href), and the resources that would not parse with why."""
    series: dict[str, list[NormalisedEvent]] = {}
    rejected: dict[str, str] = {}
    for item in items:
        try:
            occurrences = parse_ics(
                item.data,
                source=item.href,
                window_start=window.start,
                window_end=window.end,
                default_timezone=window.zone,
            )
        except IcsError as exc:
            rejected[item.href] = str(exc)  # its events stay as they were
            continue
        series[item.series_id] = [replace(o, series_id=item.series_id) for o in occurrences]
    return series, rejected
