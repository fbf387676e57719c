"""CalDAV (iCloud, Fastmail, Nextcloud, Radicale, Xandikos...): sync-collection, etag fallback.

A sync asks the server what changed since our token (RFC 6578 ``sync-collection``, without
calendar data), then fetches the changed resources with ``calendar-multiget`` in batches,
expanding each batch while the next one downloads.
When the server no longer knows our token (the ``DAV:valid-sync-token`` precondition:
Radicale answers 403, Xandikos 412) we compare every resource's ETag with the ones we hold,
fetch what differs and take a fresh token. iCloud needs an app-specific password
(appleid.apple.com → Sign-In and Security → App-Specific Passwords), never the Apple ID one.

Each resource is one series: its href is the ``series_id`` of the occurrences it expands to.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import caldav
from caldav.elements import cdav, dav
from caldav.lib import error

from lifeos_core.calendar.ics import IcsError, NormalisedEvent, parse_ics
from lifeos_core.calendar.schemas import ConnectionView, SourceItem
from lifeos_core.calendar.sources import Fetched, SourceError, Window

# Hrefs per calendar-multiget: few requests cost the server least, and more than one lets the
# next batch download while this one is expanded.
MULTIGET_BATCH = 500
TIMEOUT_SECONDS = 60
EXPIRED_TOKEN = "{DAV:}valid-sync-token"

log = logging.getLogger(__name__)

# A resource as expanded: the data read, and its occurrences or why it would not parse.
Expanded = tuple[str, "list[NormalisedEvent] | str"]


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
                new_token, members, deleted = _changes_since(calendar, token)
            except (error.AuthorizationError, error.ReportError, error.DAVError) as exc:
                if token is None or not _expired_token(exc):
                    raise
                return _etag_fallback(calendar, state, window, stored_etags())
            changed = {href: path for href, path in members.items() if href not in deleted}
            new_state = {**state, "sync_token": new_token, "window": window.key}
            if not changed and not deleted and new_state == state:
                return Fetched(state=state, unchanged=True)
            items, expanded = _multiget(calendar, list(changed.values()), window)
            # A resource listed as changed but gone by the time we asked was deleted meanwhile.
            gone = set(changed) - {i.href for i in items}
            return Fetched(
                state=new_state,
                items=items,
                deleted=sorted({*deleted, *gone}),
                complete=token is None,
                expanded=expanded,
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


def _changes_since(
    calendar: caldav.Calendar, token: str | None
) -> tuple[str | None, dict[str, str], set[str]]:
    """RFC 6578 ``sync-collection`` from ``token`` (ETags, no data): the new token, every
    member listed (our href -> its path as the server spells it) and the hrefs removed.

    This is ``calendar.get_objects_by_sync_token(token, load_objects=False,
    disable_fallback=True)`` step by step - the same request, the same pages of a truncated
    reply, the same errors, the same rule for a member both removed and listed again - but
    it keeps hrefs instead of building a resource object per member, whose URL handling
    (a few tenths of a millisecond each) cost more than the server's whole answer in an
    initial sync of a large calendar.
    """
    calendar._should_use_sync_token(token, True)  # raises if the server is known not to sync
    base = str(calendar.url)
    collection = href_of(base).rstrip("/")
    members: dict[str, str] = {}
    deleted: set[str] = set()
    current = token
    for _page in range(max(1, calendar.sync_max_pages)):
        body = calendar.client._build_sync_collection_body(sync_token=current, props=["getetag"])
        response = calendar._query(body, 1, "report")
        found = response.expand_simple_props(
            [cdav.CalendarData(), dav.GetEtag(), cdav.ScheduleTag()]
        )
        removed = {
            href_of(urljoin(base, raw))
            for raw, status in response.statuses.items()
            if _status_code(status) == 404
        }
        for raw, props in found.items():
            path = urlsplit(urljoin(base, raw)).path
            href = unquote(path)
            if href.rstrip("/") == collection:
                continue  # iCloud lists the calendar itself too
            members[href] = path
            # A removed member has a 404 and no ETag; one also listed as changed has one.
            if href in removed and props.get(dav.GetEtag.tag) is None:
                deleted.add(href)
            else:
                deleted.discard(href)
        previous, current = current, response.sync_token
        truncated = calendar._sync_page_truncated(response)
        if calendar._initial_sync_cannot_be_paged(token, truncated):
            current = token
            break
        if not (truncated and current and current != previous):
            if truncated:
                log.warning("%s: truncated sync-collection reply without a new token", base)
            break
    else:
        log.warning("%s: sync-collection still truncated after %d pages", base, _page + 1)
    return current, members, deleted


def _status_code(status: str | None) -> int:
    """200 from "HTTP/1.1 200 OK" (and for no status at all, as caldav reads it)."""
    parts = (status or "").split()
    return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else 200


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
    base = str(calendar.url)
    collection = href_of(base).rstrip("/")
    upstream: dict[str, str | None] = {}
    paths: dict[str, str] = {}
    for raw, props in response.expand_simple_props([dav.GetEtag()]).items():
        path = urlsplit(urljoin(base, raw)).path
        href = unquote(path)
        if href.rstrip("/") != collection:
            upstream[href], paths[href] = props.get(dav.GetEtag.tag), path
    changed = [href for href, etag in upstream.items() if stored.get(href) != etag or etag is None]
    deleted = sorted(set(stored) - set(upstream))
    items, expanded = _multiget(calendar, [paths[h] for h in changed], window)
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
        expanded=expanded,
    )


def _multiget(
    calendar: caldav.Calendar, paths: list[str], window: Window
) -> tuple[list[SourceItem], dict[str, Expanded]]:
    """The resources at ``paths`` (as the server spells them) in ``calendar-multiget``
    batches, and each one already expanded: a helper thread asks for the next batch while
    this one is expanded, so the server's work and ours overlap. A resource the server no
    longer has is simply absent (the caller treats it as deleted)."""
    items: list[SourceItem] = []
    expanded: dict[str, Expanded] = {}
    batches = [
        [urlsplit(path) for path in paths[start : start + MULTIGET_BATCH]]
        for start in range(0, len(paths), MULTIGET_BATCH)
    ]
    if not batches:
        return items, expanded
    base = str(calendar.url)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="caldav-multiget") as ahead:
        # The raw (href, data, props) of each multiget: the public ``multiget`` wraps each in
        # a CalendarObjectResource, whose URL handling cost more than the request.
        pending = ahead.submit(calendar._multiget, batches[0])
        for number in range(len(batches)):
            results = pending.result()
            if number + 1 < len(batches):
                pending = ahead.submit(calendar._multiget, batches[number + 1])
            for raw, data, props in results:
                if not data:
                    continue
                href = href_of(urljoin(base, raw))
                item = SourceItem(
                    href=href, series_id=href, etag=props.get(dav.GetEtag.tag), data=data
                )
                items.append(item)
                expanded[item.series_id] = (item.data, _expand_item(item, window))
    return items, expanded


def _expand_item(item: SourceItem, window: Window) -> list[NormalisedEvent] | str:
    try:
        occurrences = parse_ics(
            item.data,
            source=item.href,
            window_start=window.start,
            window_end=window.end,
            default_timezone=window.zone,
        )
    except IcsError as exc:
        return str(exc)
    return [replace(o, series_id=item.series_id) for o in occurrences]


def expand(
    items: Iterable[SourceItem],
    window: Window,
    *,
    expanded: Mapping[str, Expanded] | None = None,
) -> tuple[dict[str, list[NormalisedEvent]], dict[str, str]]:
    """Occurrences per series (href), and the resources that would not parse with why.

    ``expanded`` is what the fetch already expanded in this window (series -> the data it
    read and the result); it is used only for the very same data.
    """
    series: dict[str, list[NormalisedEvent]] = {}
    rejected: dict[str, str] = {}
    for item in items:
        known = (expanded or {}).get(item.series_id)
        result = known[1] if known and known[0] == item.data else _expand_item(item, window)
        if isinstance(result, str):
            rejected[item.href] = result  # its events stay as they were
        else:
            series[item.series_id] = result
    return series, rejected
