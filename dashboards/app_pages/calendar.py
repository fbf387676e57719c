"""Calendar: the owner's events in a date range, and a form to add one by hand."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from dashboards import state, ui
from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar import service as calendar
from lifeos_core.errors import InvalidInput, LifeOSError

LIST_LIMIT = 1000
NEW_EVENT_KEYS = (
    "calendar_new_title", "calendar_new_start", "calendar_new_end", "calendar_new_all_day",
    "calendar_new_location", "calendar_new_description",
)  # fmt: skip
FIELD_LABELS = {
    "title": "Title",
    "start_time": "Start",
    "end_time": "End",
    "location": "Location",
    "description": "Description",
    "input": "Event",
}


@st.cache_data(ttl=60, show_spinner=False)
def events_table(
    _actor: Actor, user_id: int, start: datetime, end: datetime, sources: tuple[str, ...]
) -> pd.DataFrame:
    """The events as a table in the owner's time zone (cached per user and filter)."""
    with state.get_runtime().uow() as uow:
        events = calendar.list_events(
            uow, _actor, start=start, end=end, sources=sources or None, limit=LIST_LIMIT
        )
    tz = _actor.timezone
    return pd.DataFrame(
        {
            "Start": [ui.local(e.start_time, tz) for e in events],
            "End": [e.end_time and ui.local(e.end_time, tz) for e in events],
            "Title": [e.title for e in events],
            "Location": [e.location or "" for e in events],
            "Source": [e.source for e in events],
            "All day": [e.all_day for e in events],
        }
    )


def add_event() -> None:
    """Submit callback: create the event, or keep the input and remember what is wrong."""
    actor = state.refreshed_actor()  # callbacks run before the entrypoint reloads it
    if actor is None:
        return
    ss = st.session_state
    tz = ZoneInfo(actor.timezone)
    start, end = ss.get("calendar_new_start"), ss.get("calendar_new_end")
    fields = {
        "title": (ss.get("calendar_new_title") or "").strip(),
        "start_time": start and start.replace(tzinfo=tz),
        "end_time": end and end.replace(tzinfo=tz),
        "all_day": bool(ss.get("calendar_new_all_day")),
        "location": (ss.get("calendar_new_location") or "").strip() or None,
        "description": (ss.get("calendar_new_description") or "").strip() or None,
    }
    try:
        with state.get_runtime().uow() as uow:
            event = calendar.create_event(uow, actor, **fields)
            uow.commit()
    except InvalidInput as exc:
        ss["calendar_new_errors"] = ui.field_messages(
            exc.fields or {"input": str(exc)}, FIELD_LABELS
        )
        return
    except LifeOSError as exc:
        ss["calendar_new_errors"] = {"input": str(exc)}
        return
    ss.pop("calendar_new_errors", None)
    for key in NEW_EVENT_KEYS:  # back to the defaults for the next event
        ss.pop(key, None)
    events_table.clear()
    ui.flash(
        "calendar",
        "success",
        f"Added “{event.title}” ({ui.when(event.start_time, event.end_time, actor.timezone)}).",
    )


def show_errors(errors: dict[str, str], *names: str) -> None:
    for name in names:
        if name in errors:
            st.error(ui.md(errors[name]))


def new_event_form(tz: ZoneInfo) -> None:
    errors: dict[str, str] = st.session_state.get("calendar_new_errors", {})
    next_hour = datetime.now(tz).replace(minute=0, second=0, microsecond=0, tzinfo=None)
    next_hour += timedelta(hours=1)
    with st.expander("Add event", expanded=bool(errors)), st.form("calendar_new_event"):
        show_errors(errors, "input")
        st.text_input("Title", key="calendar_new_title", max_chars=500)
        show_errors(errors, "title")
        left, right = st.columns(2)
        with left:
            st.datetime_input(
                "Start",
                value=next_hour,
                key="calendar_new_start",
                format="YYYY-MM-DD",
                help=f"In your time zone, {tz.key}",
            )
            show_errors(errors, "start_time")
        with right:
            st.datetime_input(
                "End",
                value=next_hour + timedelta(hours=1),
                key="calendar_new_end",
                format="YYYY-MM-DD",
                help=f"In your time zone, {tz.key}",
            )
            show_errors(errors, "end_time")
        st.checkbox("All day", key="calendar_new_all_day")
        st.text_input("Location", key="calendar_new_location", max_chars=500)
        show_errors(errors, "location")
        st.text_area("Description", key="calendar_new_description")
        show_errors(errors, "description")
        st.form_submit_button(
            "Add event",
            type="primary",
            key="calendar_new_submit",
            on_click=add_event,
        )


DEFAULT_COLOUR = "#4c78a8"


def save_edit(event_id: int, synced: bool, shown_colour: str) -> None:
    """Submit callback of the edit form."""
    actor = state.refreshed_actor()
    if actor is None:
        return
    ss = st.session_state
    tz = ZoneInfo(actor.timezone)
    colour = ss.get(f"calendar_edit_{event_id}_color")
    # An untouched picker shows a default; saving it would colour every edited event.
    changes: dict = {"color": colour} if colour and colour != shown_colour else {}
    if not synced:
        start, end = (
            ss.get(f"calendar_edit_{event_id}_start"),
            ss.get(f"calendar_edit_{event_id}_end"),
        )
        changes |= {
            "title": (ss.get(f"calendar_edit_{event_id}_title") or "").strip(),
            "start_time": start and start.replace(tzinfo=tz),
            "end_time": end and end.replace(tzinfo=tz),
            "location": (ss.get(f"calendar_edit_{event_id}_location") or "").strip() or None,
            "description": (ss.get(f"calendar_edit_{event_id}_description") or "").strip() or None,
            "is_private": bool(ss.get(f"calendar_edit_{event_id}_private")),
        }
    try:
        with state.get_runtime().uow() as uow:
            event = calendar.update_event(uow, actor, event_id, **changes)
            uow.commit()
    except InvalidInput as exc:
        ss["calendar_edit_errors"] = ui.field_messages(
            exc.fields or {"input": str(exc)}, FIELD_LABELS
        )
        return
    except LifeOSError as exc:
        ss["calendar_edit_errors"] = {"input": str(exc)}
        return
    ss.pop("calendar_edit_errors", None)
    events_table.clear()
    ui.flash("calendar", "success", f"Saved “{event.title}”.")


def delete_chosen(event_id: int) -> None:
    actor = state.refreshed_actor()
    if actor is None:
        return
    try:
        with state.get_runtime().uow() as uow:
            event = calendar.get_event(uow, actor, event_id)
            calendar.delete_event(uow, actor, event_id)
            uow.commit()
    except LifeOSError as exc:
        ui.flash("calendar", "error", str(exc))
        return
    st.session_state.pop("calendar_edit_event", None)
    events_table.clear()
    ui.flash("calendar", "success", f"Deleted “{event.title}”.")


def edit_form(actor: Actor, start: datetime, end: datetime, sources: tuple[str, ...]) -> None:
    with state.get_runtime().uow() as uow:
        events = calendar.list_events(
            uow, actor, start=start, end=end, sources=sources or None, limit=LIST_LIMIT
        )
    if not events:
        return
    by_id = {e.id: e for e in events}
    errors: dict[str, str] = st.session_state.get("calendar_edit_errors", {})
    with st.expander("Edit or delete an event", expanded=bool(errors)):
        chosen = st.selectbox(
            "Event",
            list(by_id),
            format_func=lambda i: (
                f"{ui.when(by_id[i].start_time, None, actor.timezone)} · {by_id[i].title}"
            ),
            key="calendar_edit_event",
        )
        event = by_id.get(chosen)
        if event is None:
            return
        synced = event.source != "manual"
        if synced:
            st.caption(
                f"This event comes from {ui.md(event.source)}: change it there. Here you can set its colour."
            )
        # Keys carry the event id, so choosing another event shows its values, not the last ones typed.
        with st.form(f"calendar_edit_form_{event.id}"):
            show_errors(errors, "input")
            st.text_input(
                "Title", value=event.title, key=f"calendar_edit_{event.id}_title", disabled=synced
            )
            show_errors(errors, "title")
            left, right = st.columns(2)
            left.datetime_input(
                "Start", value=ui.local(event.start_time, actor.timezone).replace(tzinfo=None),
                key=f"calendar_edit_{event.id}_start", format="YYYY-MM-DD", disabled=synced,
            )  # fmt: skip
            right.datetime_input(
                "End",
                value=event.end_time and ui.local(event.end_time, actor.timezone).replace(tzinfo=None),
                key=f"calendar_edit_{event.id}_end", format="YYYY-MM-DD", disabled=synced,
            )  # fmt: skip
            show_errors(errors, "start_time", "end_time")
            st.text_input(
                "Location",
                value=event.location or "",
                key=f"calendar_edit_{event.id}_location",
                disabled=synced,
            )
            st.text_area(
                "Description",
                value=event.description or "",
                key=f"calendar_edit_{event.id}_description",
                disabled=synced,
            )
            st.checkbox(
                "Private",
                value=event.is_private,
                key=f"calendar_edit_{event.id}_private",
                disabled=synced,
            )
            st.color_picker(
                "Colour", value=event.color or DEFAULT_COLOUR, key=f"calendar_edit_{event.id}_color"
            )
            show_errors(errors, "color")
            st.form_submit_button(
                "Save changes",
                key="calendar_edit_submit",
                on_click=save_edit,
                args=(event.id, synced, event.color or DEFAULT_COLOUR),
            )
        st.button(
            "Delete this event", key="calendar_edit_delete", on_click=delete_chosen, args=(event.id,),
            help="Synced events come back at the next sync unless deleted at their source." if synced else None,
        )  # fmt: skip


actor = state.current_actor()
st.title("Calendar")
ui.show_flash("calendar")
if not actor.can("calendar.read"):
    st.info("Your account cannot see calendar events.")
    st.stop()

tz = ZoneInfo(actor.timezone)
today = datetime.now(tz).date()
with state.get_runtime().uow() as uow:
    sources = sorted({"manual", *(c.kind for c in calendar.list_connections(uow, actor))})

dates_column, sources_column = st.columns([2, 3])
picked = dates_column.date_input(
    "Dates",
    value=(today - timedelta(days=7), today + timedelta(days=14)),
    key="calendar_dates",
    format="YYYY-MM-DD",
)
chosen = sources_column.multiselect(
    "Sources", sources, key="calendar_sources", placeholder="All sources"
)
# While the second date is being picked the widget returns one date: show that day.
first, last = (picked[0], picked[-1]) if picked else (today, today)
start = datetime.combine(first, time.min, tz)
end = datetime.combine(last + timedelta(days=1), time.min, tz)

table = events_table(actor, actor.user_id, start, end, tuple(chosen))
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "Start": st.column_config.DatetimeColumn(format="ddd DD MMM YYYY, HH:mm"),
        "End": st.column_config.DatetimeColumn(format="ddd DD MMM YYYY, HH:mm"),
        "All day": st.column_config.CheckboxColumn(width="small"),
    },
)
if len(table) >= LIST_LIMIT:
    st.caption(f"Showing the first {LIST_LIMIT} events; narrow the dates to see the rest.")
else:
    st.caption(f"{len(table)} events from {first:%d %b %Y} to {last:%d %b %Y} ({actor.timezone}).")

if actor.can("calendar.write"):
    new_event_form(tz)
    edit_form(actor, start, end, tuple(chosen))
