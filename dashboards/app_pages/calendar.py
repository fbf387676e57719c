"""Calendar: the owner's events as an agenda, a day, a week or a month, with what the
interpreter made of each, and forms to add, edit and delete events by hand, and to tell the
interpreter what it missed in one ("The interpreter missed this…": a confirmed record the
owner's model learns from).

Times are shown in the owner's time zone. Each event carries a badge per interpretation: its
domain's colour, led by an icon for its status (waiting for review, confirmed, rejected,
ignored).
"""

from __future__ import annotations

import calendar as calendar_grid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from dashboards import state, ui
from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.schemas import CalendarEventView, InterpretationView
from lifeos_core.errors import InvalidInput, LifeOSError
from lifeos_core.interpreter import review

LIST_LIMIT = 1000
VIEWS = ("Agenda", "Day", "Week", "Month")
SOURCES = {
    "manual": "Manual",
    "ics_file": ".ics file",
    "ics_url": ".ics URL",
    "google": "Google",
    "caldav": "CalDAV",
}
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
Marks = dict[int, list[InterpretationView]]  # an event's interpretations, by event id


@st.cache_data(ttl=60, show_spinner=False)
def load_events(
    _actor: Actor, user_id: int, start: datetime, end: datetime, sources: tuple[str, ...]
) -> list[CalendarEventView]:
    """The owner's events overlapping [start, end) (cached per user, range and sources)."""
    with state.get_runtime().uow() as uow:
        return calendar.list_events(
            uow, _actor, start=start, end=end, sources=sources or None, limit=LIST_LIMIT
        )


def forget_cached() -> None:
    load_events.clear()


def events_table(events: Sequence[CalendarEventView], marks: Marks, tz: str) -> pd.DataFrame:
    """The events as a table in the owner's time zone."""
    return pd.DataFrame(
        {
            "Start": [ui.local(e.start_time, tz) for e in events],
            "End": [e.end_time and ui.local(e.end_time, tz) for e in events],
            "Title": [e.title for e in events],
            "Location": [e.location or "" for e in events],
            "Source": [e.source for e in events],
            "All day": [e.all_day for e in events],
            "Interpretations": [
                ", ".join(f"{i.domain} ({ui.STATUS_WORDS[i.status]})" for i in marks.get(e.id, []))
                for e in events
            ],
        }
    )


# --- writing ------------------------------------------------------------------------------


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
    forget_cached()
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
    forget_cached()
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
    forget_cached()
    ui.flash("calendar", "success", f"Deleted “{event.title}”.")


def edit_form(actor: Actor, start: datetime, end: datetime, sources: tuple[str, ...]) -> None:
    # Read afresh, not from the cache: an edit must start from the event as it is now.
    with state.get_runtime().uow() as uow:
        events = calendar.list_events(
            uow, actor, start=start, end=end, sources=sources or None, limit=LIST_LIMIT
        )
    if not events:
        return
    by_id = {e.id: e for e in events}
    errors: dict[str, str] = st.session_state.get("calendar_edit_errors", {})
    chosen_id = st.session_state.get("calendar_edit_event")
    missed_error = st.session_state.get(f"calendar_missed_{chosen_id}_error")
    with st.expander("Edit or delete an event", expanded=bool(errors or missed_error)):
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
        if actor.can("review.decide"):
            missed_form(actor, event)


def missed_key(event_id: int, record_type: str, field: str) -> str:
    return f"calendar_missed_{event_id}_{record_type}_{field}"


def add_missed(event_id: int, title: str, record_type: str) -> None:
    """Submit callback of "The interpreter missed this…"."""
    actor = state.refreshed_actor()
    if actor is None:
        return
    ss = st.session_state
    keys = {
        field: missed_key(event_id, record_type, field)
        for field in review.MISSED_FIELDS[record_type]
    }
    fields = {field: ss.get(key) or "" for field, key in keys.items()}
    try:
        with state.get_runtime().uow() as uow:
            review.add_missed(
                uow, actor, calendar_event_id=event_id, record_type=record_type, fields=fields
            )
            uow.commit()
    except LifeOSError as exc:
        ss[f"calendar_missed_{event_id}_error"] = str(exc)
        return
    ss.pop(f"calendar_missed_{event_id}_error", None)
    for key in keys.values():
        ss.pop(key, None)
    ss.pop(f"calendar_missed_{event_id}_type", None)
    ui.flash("calendar", "success", f"Recorded “{title}” as {record_type}.")


def missed_form(actor: Actor, event: CalendarEventView) -> None:
    """Tell the interpreter what an event was when it proposed nothing (or not that): a
    confirmed interpretation and record, and a lesson for the owner's model."""
    st.markdown("**The interpreter missed this…**")
    with state.get_runtime().uow() as uow:
        live = {
            i.record_type
            for i in calendar.event_interpretations(uow, actor, event.id)
            if i.status in ("inferred", "confirmed")
        }
    choices = [t for t in review.MISSED_FIELDS if t not in live]
    if not choices:
        st.caption("Every kind of record is already proposed or confirmed for this event.")
        return
    record_type = st.selectbox(
        "It was", choices, key=f"calendar_missed_{event.id}_type",
        help="Confirmed at once, and your model learns from it at its next training.",
    )  # fmt: skip
    if record_type is None:
        return
    # What the interpreter would take from the event itself; a blank field keeps it.
    with state.get_runtime().uow() as uow:
        hints = review.missed_structure(
            uow, actor, calendar_event_id=event.id, record_type=record_type
        )
    error = st.session_state.get(f"calendar_missed_{event.id}_error")
    with st.form(f"calendar_missed_form_{event.id}"):
        if error:
            st.error(ui.md(error))
        st.markdown(f"{ui.domain_badge(record_type.split('/')[0])} {ui.md(record_type)}")
        for field in review.MISSED_FIELDS[record_type]:
            hint = hints.get(field)
            st.text_input(
                field.replace("_", " ").capitalize(),
                key=missed_key(event.id, record_type, field),
                placeholder="" if hint in (None, "") else str(hint),
                max_chars=200,
            )
        st.form_submit_button(
            "Record it",
            key="calendar_missed_submit",
            on_click=add_missed,
            args=(event.id, event.title, record_type),
        )


# --- reading: the views -------------------------------------------------------------------


def view_range(view: str, day: date) -> tuple[date, date]:
    """The first day shown and the day after the last, for the Day, Week and Month views."""
    if view == "Day":
        return day, day + timedelta(days=1)
    if view == "Week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=7)
    first = day.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1)


def shift_day(step: int) -> None:
    """Prev/next callback: move the picked date by one day, week or month."""
    ss = st.session_state
    day: date = ss.get("calendar_day") or date.today()
    view = ss.get("calendar_view") or "Week"
    if view == "Day":
        ss["calendar_day"] = day + timedelta(days=step)
    elif view == "Week":
        ss["calendar_day"] = day + timedelta(weeks=step)
    else:
        month = day.month - 1 + step
        year, month = day.year + month // 12, month % 12 + 1
        ss["calendar_day"] = day.replace(
            year=year, month=month, day=min(day.day, calendar_grid.monthrange(year, month)[1])
        )


def go_to(day: date) -> None:
    st.session_state["calendar_day"] = day


def days_of(event: CalendarEventView, tz: str) -> list[date]:
    """The local dates an event covers (an end at midnight does not reach the next day)."""
    first = ui.local(event.start_time, tz).date()
    if event.end_time is None or event.end_time <= event.start_time:
        return [first]
    last = (ui.local(event.end_time, tz) - timedelta(microseconds=1)).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def by_day(events: Sequence[CalendarEventView], tz: str) -> dict[date, list[CalendarEventView]]:
    days: dict[date, list[CalendarEventView]] = defaultdict(list)
    for event in events:
        for day in days_of(event, tz):
            days[day].append(event)
    return days


def time_label(event: CalendarEventView, day: date, tz: str) -> str:
    if event.all_day:
        return "All day"
    start = ui.local(event.start_time, tz)
    return f"{start:%H:%M}" if start.date() == day else "…"


def event_line(
    event: CalendarEventView, day: date, tz: str, marks: Sequence[InterpretationView]
) -> str:
    line = f"**{time_label(event, day, tz)}** {ui.md(event.title)}"
    if not marks:
        return line
    return f"{line}  \n" + " ".join(ui.domain_badge(i.domain, i.status) for i in marks)


def day_view(actor: Actor, day: date, events: Sequence[CalendarEventView], marks: Marks) -> None:
    tz = actor.timezone
    st.subheader(f"{day:%A %d %B %Y}")
    todays = by_day(events, tz).get(day, [])
    if not todays:
        st.caption("Nothing on this day.")
    for event in todays:
        with st.container(border=True, key=f"calendar_day_event_{event.id}"):
            times = "All day" if event.all_day else ui.when(event.start_time, event.end_time, tz)
            st.markdown(f"**{ui.md(event.title)}**")
            details = [times, SOURCES.get(event.source, event.source)]
            if event.location:
                details.append(event.location)
            st.caption(ui.md(" · ".join(details)))
            for i in marks.get(event.id, []):
                st.markdown(
                    f"{ui.domain_badge(i.domain, i.status)} {ui.md(i.record_type)} · "
                    f"{i.confidence_score:.0%} confident · {ui.STATUS_WORDS[i.status]}"
                )


def week_view(actor: Actor, first: date, events: Sequence[CalendarEventView], marks: Marks) -> None:
    tz = actor.timezone
    today = datetime.now(ZoneInfo(tz)).date()
    days = by_day(events, tz)
    for offset, column in enumerate(st.columns(7, border=True)):
        day = first + timedelta(days=offset)
        with column:
            heading = f"**{day:%a %d %b}**"
            st.markdown(f":blue[{heading}]" if day == today else heading)
            for event in days.get(day, []):
                st.markdown(event_line(event, day, tz, marks.get(event.id, [])))


def month_view(actor: Actor, day: date, events: Sequence[CalendarEventView], marks: Marks) -> None:
    tz = actor.timezone
    today = datetime.now(ZoneInfo(tz)).date()
    days = by_day(events, tz)
    st.subheader(f"{day:%B %Y}")
    for column, name in zip(st.columns(7), calendar_grid.day_abbr, strict=True):
        column.markdown(f"**{name}**")
    for week in calendar_grid.Calendar().monthdatescalendar(day.year, day.month):
        for column, cell in zip(st.columns(7, border=True), week, strict=True):
            with column:
                if cell.month != day.month:
                    st.caption(f"{cell.day}")
                    continue
                label = f"**{cell.day}**"
                st.markdown(f":blue[{label}]" if cell == today else label)
                found = days.get(cell, [])
                if found:
                    waiting = sum(
                        i.status == "inferred" for event in found for i in marks.get(event.id, [])
                    )
                    count = f"{len(found)} event{'s' if len(found) != 1 else ''}"
                    if waiting:
                        count += f"  \n{ui.STATUS_ICONS['inferred']} {waiting} to review"
                    st.markdown(count)
                    domains = sorted({i.domain for event in found for i in marks.get(event.id, [])})
                    if domains:
                        st.markdown(" ".join(ui.domain_badge(d) for d in domains))


def day_picker(view: str, today: date) -> date:
    """The date picker with previous / today / next, for the Day, Week and Month views."""
    step = {"Day": "day", "Week": "week", "Month": "month"}[view]
    st.session_state.setdefault("calendar_day", today)  # today in the owner's zone
    with st.container(horizontal=True, vertical_alignment="bottom"):
        picked = st.date_input("Date", key="calendar_day", format="YYYY-MM-DD")
        st.button(
            f"Previous {step}", key="calendar_previous", icon=":material/chevron_left:",
            on_click=shift_day, args=(-1,),
        )  # fmt: skip
        st.button("Today", key="calendar_today", on_click=go_to, args=(today,))
        st.button(
            f"Next {step}", key="calendar_next", icon=":material/chevron_right:",
            on_click=shift_day, args=(1,),
        )  # fmt: skip
    return picked or today


actor = state.current_actor()
st.title("Calendar")
ui.show_flash("calendar")
if not actor.can("calendar.read"):
    st.info("Your account cannot see calendar events.")
    st.stop()

tz = ZoneInfo(actor.timezone)
today = datetime.now(tz).date()

view_column, sources_column = st.columns([2, 3])
with view_column:
    view = st.segmented_control("View", VIEWS, default="Agenda", required=True, key="calendar_view")
chosen = sources_column.multiselect(
    "Sources",
    list(SOURCES),
    format_func=SOURCES.get,
    key="calendar_sources",
    placeholder="All sources",
)

if view == "Agenda":
    picked = st.date_input(
        "Dates",
        value=(today - timedelta(days=7), today + timedelta(days=14)),
        key="calendar_dates",
        format="YYYY-MM-DD",
    )
    # While the second date is being picked the widget returns one date: show that day.
    first, last = (picked[0], picked[-1]) if picked else (today, today)
    after_last = last + timedelta(days=1)
else:
    first, after_last = view_range(view, day_picker(view, today))
    last = after_last - timedelta(days=1)
start = datetime.combine(first, time.min, tz)
end = datetime.combine(after_last, time.min, tz)

events = load_events(actor, actor.user_id, start, end, tuple(chosen))
with state.get_runtime().uow() as uow:
    counts = calendar.interpretation_status_counts(uow, actor)
marks = ui.interpretations_by_event(actor, counts)
if view == "Agenda":
    st.dataframe(
        events_table(events, marks, actor.timezone),
        hide_index=True,
        width="stretch",
        column_config={
            "Start": st.column_config.DatetimeColumn(format="ddd DD MMM YYYY, HH:mm"),
            "End": st.column_config.DatetimeColumn(format="ddd DD MMM YYYY, HH:mm"),
            "All day": st.column_config.CheckboxColumn(width="small"),
        },
    )
elif view == "Day":
    day_view(actor, first, events, marks)
elif view == "Week":
    week_view(actor, first, events, marks)
else:
    month_view(actor, first, events, marks)

if len(events) >= LIST_LIMIT:
    st.caption(f"Showing the first {LIST_LIMIT} events; narrow the dates to see the rest.")
else:
    st.caption(
        f"{len(events)} events from {first:%d %b %Y} to {last:%d %b %Y} ({actor.timezone}). "
        f"Interpretations: {ui.status_legend()}."
    )

if actor.can("calendar.write"):
    new_event_form(tz)
    edit_form(actor, start, end, tuple(chosen))
