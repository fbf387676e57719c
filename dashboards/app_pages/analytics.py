"""Analytics: where the time goes, where the money goes, habits, workouts, practice, and mood
against exercise, over a date range.

The charts read the published DuckDB snapshot (``lifeos_core.analytics``), which Dagster's
analytics job refreshes after new records; the page never writes it and never waits for it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import altair as alt
import pandas as pd
import streamlit as st

from dashboards import state, ui
from lifeos_core import analytics
from lifeos_core.analytics import queries
from lifeos_core.auth.schemas import Actor

PRESETS = {
    "Last 4 weeks": 28,
    "Last 3 months": 91,
    "Last 12 months": 365,
    "Last 5 years": 5 * 365,
}
NO_SNAPSHOT = (
    "No analytics snapshot yet; it is built by Dagster's analytics job "
    "(or `lifeos analytics refresh`)."
)
EMPTY = "Nothing recorded in these dates yet."


def _today(actor: Actor) -> date:
    return datetime.now(ZoneInfo(actor.timezone)).date()


def _apply_preset() -> None:
    """Choosing a preset sets the date range (which can then be adjusted by hand)."""
    days = PRESETS[st.session_state["analytics_preset"]]
    actor = state.current_actor()
    today = _today(actor)
    st.session_state["analytics_dates"] = (today - timedelta(days=days - 1), today)


def date_range(actor: Actor) -> tuple[date, date]:
    today = _today(actor)
    st.session_state.setdefault("analytics_dates", (today - timedelta(days=90), today))
    left, right = st.columns([1, 2])
    left.selectbox(
        "Period",
        list(PRESETS),
        index=None,
        placeholder="Choose a period…",
        key="analytics_preset",
        on_change=_apply_preset,
    )
    chosen = right.date_input(
        "Dates",
        key="analytics_dates",
        min_value=date(1970, 1, 1),
        max_value=today + timedelta(days=366),
    )
    if not isinstance(chosen, tuple) or len(chosen) != 2:
        st.info("Pick the last day of the range too.")
        st.stop()
    return chosen


def chart(frame: pd.DataFrame, build) -> None:
    """The chart, or a line saying there is nothing to draw."""
    if frame.empty:
        st.caption(EMPTY)
    else:
        st.altair_chart(build(frame), width="stretch")


def time_chart(frame: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("week:T", title="Week of"),
            y=alt.Y("sum(hours):Q", title="Hours"),
            color=alt.Color("domain:N", title="Domain"),
            tooltip=[
                alt.Tooltip("week:T", title="Week of"),
                alt.Tooltip("domain:N", title="Domain"),
                alt.Tooltip("sum(hours):Q", title="Hours", format=".1f"),
            ],
        )
    )


def spending_chart(frame: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(month):T", title="Month"),
            y=alt.Y("sum(amount):Q", title="Spent"),
            color=alt.Color("category:N", title="Category"),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title="Month"),
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("sum(amount):Q", title="Spent", format=",.2f"),
                alt.Tooltip("sum(transactions):Q", title="Transactions"),
            ],
        )
    )


def habit_chart(frame: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            x=alt.X("yearmonthdate(day):O", title="Day", axis=alt.Axis(labels=False, ticks=False)),
            y=alt.Y("habit:N", title=None),
            color=alt.Color("value:Q", title="Check-ins", scale=alt.Scale(scheme="greens")),
            tooltip=[
                alt.Tooltip("habit:N", title="Habit"),
                alt.Tooltip("day:T", title="Day"),
                alt.Tooltip("value:Q", title="Check-ins"),
            ],
        )
    )


def workout_chart(frame: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("week:T", title="Week of"),
            y=alt.Y("sum(minutes):Q", title="Minutes"),
            color=alt.Color("workout_type:N", title="Workout"),
            tooltip=[
                alt.Tooltip("week:T", title="Week of"),
                alt.Tooltip("workout_type:N", title="Workout"),
                alt.Tooltip("sum(sessions):Q", title="Sessions"),
                alt.Tooltip("sum(minutes):Q", title="Minutes"),
            ],
        )
    )


def practice_chart(frame: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("hours:Q", title="Hours"),
            y=alt.Y("skill:N", title=None, sort="-x"),
            tooltip=[
                alt.Tooltip("skill:N", title="Skill"),
                alt.Tooltip("hours:Q", title="Hours", format=".1f"),
                alt.Tooltip("sessions:Q", title="Sessions"),
            ],
        )
    )


def mood_chart(frame: pd.DataFrame) -> alt.LayerChart:
    points = (
        alt.Chart(frame)
        .mark_circle(size=60, opacity=0.6)
        .encode(
            x=alt.X("exercise_minutes:Q", title="Exercise that day (minutes)"),
            y=alt.Y("mood:Q", title="Mood", scale=alt.Scale(domain=[1, 10])),
            tooltip=[
                alt.Tooltip("day:T", title="Day"),
                alt.Tooltip("mood:Q", title="Mood", format=".1f"),
                alt.Tooltip("exercise_minutes:Q", title="Exercise (min)"),
            ],
        )
    )
    trend = points.transform_regression("exercise_minutes", "mood").mark_line()
    return points + trend


actor = state.current_actor()
st.title("Analytics")
if not actor.can(queries.READ_PERMISSION):
    st.info("Your account cannot see analytics.")
    st.stop()
start, end = date_range(actor)
try:
    con = analytics.connect()
except analytics.SnapshotMissing:
    st.info(NO_SNAPSHOT)
    st.stop()
with con:
    built_at = queries.built_at(con)
    found = {q.__name__: q(con, actor, start=start, end=end) for q in queries.APP_QUERIES}
if built_at is not None:
    st.caption(
        ui.md(
            f"As of {ui.local(built_at, actor.timezone):%a %d %b %Y, %H:%M}; "
            "refreshed after new records. Unconfirmed inferences are left out."
        )
    )

left, right = st.columns(2)
with left:
    st.subheader("Time by domain, per week")
    chart(found["time_allocation"], time_chart)
with right:
    st.subheader("Spending by category, per month")
    chart(found["spending_by_category"], spending_chart)

st.subheader("Habits")
chart(found["habit_heatmap"], habit_chart)

left, right = st.columns(2)
with left:
    st.subheader("Workout volume")
    chart(found["workout_volume"], workout_chart)
with right:
    st.subheader("Practice hours per skill")
    chart(found["practice_hours"], practice_chart)

st.subheader("Mood against exercise")
chart(found["mood_vs_exercise"], mood_chart)
