"""Today: what is on the calendar, what waits for a decision, and what needs attention.

Everything is read afresh on each render (a handful of small, indexed queries), so what
the owner just did on another page shows here at once. The interpretations behind the
badges, the one read that grows with history, come from a cache that is refreshed whenever
the interpretation counts change.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from dashboards import state, ui
from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.schemas import CalendarEventView
from lifeos_core.finance import service as finance
from lifeos_core.habits import service as habits
from lifeos_core.habits.schemas import HabitView
from lifeos_core.insights import service as insights
from lifeos_core.relationships import service as relationships
from lifeos_core.unit_of_work import UnitOfWork

INSIGHTS_SHOWN = 5
RECEIVABLES_WITHIN_DAYS = 7
SEVERITY_COLORS = {"positive": "green", "info": "blue", "warning": "orange", "critical": "red"}


def habits_at_risk(uow: UnitOfWork, actor: Actor, today: date) -> list[tuple[HabitView, int]]:
    """Active daily habits with a running streak that have no check-in today yet."""
    found = []
    for habit in habits.list_habits(uow, actor):
        if habit.schedule_type != "daily":
            continue
        streak = habits.habit_metrics(uow, actor, habit.id, today=today).current_streak
        if streak == 0:
            continue
        logs = habits.list_logs(uow, actor, habit_id=habit.id, include_unconfirmed=False, limit=50)
        if sum(log.value for log in logs if log.logged_date == today) < habit.target_count:
            found.append((habit, streak))
    return sorted(found, key=lambda pair: -pair[1])


def gather(actor: Actor, today: date) -> dict[str, Any]:
    """Everything the page shows, as of now."""
    start = datetime.combine(today, time.min, ZoneInfo(actor.timezone))
    found: dict[str, Any] = {"events": [], "marks": {}, "waiting": None, "insights": []}
    counts = None
    with state.get_runtime().uow() as uow:
        if actor.can("calendar.read"):
            counts = calendar.interpretation_status_counts(uow, actor)
            found["waiting"] = counts.get("inferred", 0)
            found["events"] = calendar.list_events(
                uow, actor, start=start, end=start + timedelta(days=1)
            )
        if actor.can("insights.read"):
            fresh = [i for i in insights.list_insights(uow, actor) if i.acknowledged_at is None]
            found["insights"] = fresh[:INSIGHTS_SHOWN]
            found["more_insights"] = max(0, len(fresh) - INSIGHTS_SHOWN)
        found["habits"] = habits_at_risk(uow, actor, today)
        found["reconnect"] = relationships.people_to_reconnect(uow, actor, today=today)
        found["receivables"] = finance.receivables_due(
            uow, actor, within_days=RECEIVABLES_WITHIN_DAYS, today=today
        )
    if counts is not None:  # after the unit of work: SQLite takes one at a time
        found["marks"] = ui.interpretations_by_event(actor, counts)
    return found


def time_span(event: CalendarEventView, today: date, timezone: str) -> str:
    """'09:00–10:00', 'until 10:00' (began before today), '22:00 on' (ends after today)."""
    if event.all_day:
        return "All day"
    start = ui.local(event.start_time, timezone)
    end = ui.local(event.end_time, timezone) if event.end_time else None
    ends_today = end is not None and end > start and end.date() == today
    if start.date() < today:
        return f"until {end:%H:%M}" if ends_today else "all day"
    if end is None or end <= start:
        return f"{start:%H:%M}"
    return f"{start:%H:%M}–{end:%H:%M}" if ends_today else f"{start:%H:%M} on"


def event_lines(actor: Actor, today: date, found: dict[str, Any]) -> None:
    if not found["events"]:
        st.caption("Nothing on the calendar today.")
    for event in found["events"]:
        badges = " ".join(
            ui.domain_badge(i.domain, i.status) for i in found["marks"].get(event.id, [])
        )
        times = time_span(event, today, actor.timezone)
        st.markdown(f"**{times}** {ui.md(event.title)} {badges}".rstrip())


def insight_lines(found: dict[str, Any]) -> None:
    if not found["insights"]:
        st.caption("Nothing new. Insights appear as you confirm records.")
    for insight in found["insights"]:
        color = SEVERITY_COLORS.get(insight.severity, "gray")
        st.markdown(f":{color}-badge[{ui.md(insight.severity)}] {ui.md(insight.title)}")
    if found.get("more_insights"):
        st.caption(f"and {found['more_insights']} more")


def habit_lines(found: dict[str, Any]) -> None:
    if not found["habits"]:
        st.caption("No streak is at risk today.")
    for habit, streak in found["habits"]:
        st.markdown(
            f"**{ui.md(habit.name)}** · {streak}-day streak: check in today to keep it going"
        )


def cue_lines(today: date, found: dict[str, Any]) -> None:
    if not found["reconnect"] and not found["receivables"]:
        st.caption("Nobody is due a reconnect and no money owed to you falls due this week.")
    for person in found["reconnect"]:
        overdue = person.days_overdue(today) or 0
        due = "due today" if overdue == 0 else f"{overdue} day{'s' if overdue != 1 else ''} overdue"
        st.markdown(f":violet-badge[reconnect] **{ui.md(person.name)}** · {due}")
    for receivable in found["receivables"]:
        when = "overdue" if receivable.due_date < today else f"due {receivable.due_date:%a %d %b}"
        st.markdown(
            f":green-badge[owed to you] **{ui.md(receivable.counterparty)}** · "
            f"{ui.md(receivable.outstanding)} outstanding · {when}"
        )


actor = state.current_actor()
tz = ZoneInfo(actor.timezone)
today = datetime.now(tz).date()
st.title("Today")
st.caption(ui.md(f"{today:%A %d %B %Y} · {actor.timezone}"))

found = gather(actor, today)
waiting = found["waiting"]

figures = st.columns(4)
figures[0].metric("Events today", len(found["events"]))
figures[1].metric("Waiting for review", "–" if waiting is None else waiting)
figures[2].metric("New insights", len(found["insights"]) + found.get("more_insights", 0))
figures[3].metric("Streaks at risk", len(found["habits"]))

agenda, attention = st.columns([3, 2], gap="large")
with agenda:
    st.subheader("Calendar")
    if actor.can("calendar.read"):
        event_lines(actor, today, found)
        st.page_link("app_pages/calendar.py", label="Open the calendar", icon=":material/event:")
    else:
        st.caption("Your account cannot see calendar events.")

with attention:
    st.subheader("Review")
    if waiting is None:
        st.caption("Your account cannot see interpretations.")
    elif waiting:
        st.markdown(f"**{waiting}** interpretation{'s' if waiting != 1 else ''} waiting for you.")
    else:
        st.caption("Nothing is waiting for review.")
    if waiting is not None:
        st.page_link(
            "app_pages/review.py", label="Open the review queue", icon=":material/fact_check:"
        )

    st.subheader("Insights")
    if actor.can("insights.read"):
        insight_lines(found)
        st.page_link("app_pages/insights.py", label="All insights", icon=":material/lightbulb:")
    else:
        st.caption("Your account cannot see insights.")

    st.subheader("Streaks at risk")
    habit_lines(found)
    if found["habits"]:
        st.page_link("app_pages/habits.py", label="Check in", icon=":material/repeat:")

    st.subheader("Reconnect and money owed")
    cue_lines(today, found)
    with st.container(horizontal=True):
        if found["reconnect"]:
            st.page_link("app_pages/relationships.py", label="People", icon=":material/group:")
        if found["receivables"]:
            st.page_link(
                "app_pages/finance.py",
                label="Receivables",
                icon=":material/account_balance_wallet:",
            )
