"""Small rendering helpers shared by the pages, and the one cached read two pages share.

Streamlit treats the body of ``st.markdown``, alerts, captions, badges and widget labels as
Markdown. Anything that came from a user or a calendar feed goes through :func:`md` first,
so a title like ``[win](https://evil.example)`` or ``![](https://tracker)`` shows as typed.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

import streamlit as st

from dashboards import state
from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.schemas import InterpretationView

T = TypeVar("T")
Kind = Literal["success", "info", "warning", "error"]

# CommonMark lets any ASCII punctuation be backslash-escaped; escaping all of it also
# neutralises Streamlit's own syntax (":red[...]", ":material/icon:", "$latex$").
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md(text: object) -> str:
    """``text`` as literal Markdown on one line."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))


def when(start: datetime, end: datetime | None, timezone: str) -> str:
    """'Tue 24 Nov 2026, 19:00–19:45' in the owner's time zone."""
    start = local(start, timezone)
    text = f"{start:%a %d %b %Y, %H:%M}"
    if end is not None:
        end = local(end, timezone)
        text += f"–{end:%H:%M}" if end.date() == start.date() else f" – {end:%a %d %b %Y, %H:%M}"
    return text


def flash(page: str, kind: Kind, message: str) -> None:
    """Keep a message for the next render of ``page`` (callbacks run before the page does)."""
    st.session_state[f"{page}_flash"] = (kind, message)


def show_flash(page: str) -> None:
    kind, message = st.session_state.pop(f"{page}_flash", (None, None))
    if kind is not None:
        getattr(st, kind)(md(message))


_GO_TO_JS = """
export default function ({ data }) {
  window.location.assign(data.url);
}
"""


def go_to(url: str, *, key: str) -> None:
    """Send this tab to ``url``, an address the app built (never one a user typed).

    Streamlit's link buttons open a new tab; an OAuth consent screen should come back to the
    tab that sent the owner there. A ``st.components.v2`` component runs in the page itself.
    """
    navigate = st.components.v2.component("lifeos_go_to", js=_GO_TO_JS)
    navigate(data={"url": url}, key=key, height=0)


def field_messages(fields: Mapping[str, str], labels: Mapping[str, str]) -> dict[str, str]:
    """InvalidInput.fields as readable messages, keyed like ``fields``."""
    return {name: f"{labels.get(name, name)}: {message}" for name, message in fields.items()}


def paginate(items: Sequence[T], *, page_size: int, key: str) -> tuple[Sequence[T], int, int]:
    """The slice of ``items`` on the chosen page, the page number and the page count."""
    pages = max(1, math.ceil(len(items) / page_size))
    # A page that no longer exists (its items were decided) reads as page 1.
    page = st.pagination(pages, key=key) if pages > 1 else 1
    return items[(page - 1) * page_size : page * page_size], page, pages


def compact(value: object) -> str:
    """A structure value on one line: scalars as they are, the rest as JSON."""
    if isinstance(value, str | int | float | bool) or value is None:
        return str(value)
    return json.dumps(value, default=str, ensure_ascii=False)


# Domains and interpretation statuses look the same on every page that shows them.
DOMAIN_COLORS = {
    "finance": "green",
    "health": "red",
    "habits": "orange",
    "projects": "blue",
    "relationships": "violet",
    "skills": "yellow",
    "journal": "gray",
}
STATUS_ICONS = {
    "inferred": ":material/hourglass_top:",
    "confirmed": ":material/check_circle:",
    "rejected": ":material/cancel:",
    "ignored": ":material/visibility_off:",
}
STATUS_WORDS = {
    "inferred": "waiting for review",
    "confirmed": "confirmed",
    "rejected": "rejected",
    "ignored": "ignored",
}


def domain_badge(domain: str, status: str | None = None) -> str:
    """A domain's coloured badge, led by the interpretation status's icon when given."""
    icon = STATUS_ICONS.get(status or "", "")
    label = f"{icon} {md(domain)}" if icon else md(domain)
    return f":{DOMAIN_COLORS.get(domain, 'gray')}-badge[{label}]"


def status_legend() -> str:
    return " · ".join(f"{STATUS_ICONS[s]} {STATUS_WORDS[s]}" for s in STATUS_ICONS)


# Interpretations come newest event first, so this bounds how far back badges reach.
MARKS_LIMIT = 5000


def interpretations_by_event(
    actor: Actor, counts: Mapping[str, int]
) -> dict[int, list[InterpretationView]]:
    """Each event's interpretations (withdrawn ones left out), keyed by event id.

    ``counts`` are the actor's interpretation status counts (one cheap query) and part of
    the cache key: a decision, a new interpretation or a withdrawal changes them, so the
    list is read again at once; anything else (an interpretation re-scored in place) shows
    when the entry expires.
    """
    return _interpretations_by_event(actor, actor.user_id, tuple(sorted(counts.items())))


@st.cache_data(ttl=120, max_entries=64, show_spinner=False)
def _interpretations_by_event(
    _actor: Actor, user_id: int, counts: tuple[tuple[str, int], ...]
) -> dict[int, list[InterpretationView]]:
    with state.get_runtime().uow() as uow:
        found = calendar.list_interpretations(
            uow, _actor, statuses=tuple(STATUS_ICONS), limit=MARKS_LIMIT
        )
    marks: dict[int, list[InterpretationView]] = {}
    for interpretation in found:
        marks.setdefault(interpretation.calendar_event_id, []).append(interpretation)
    return marks
