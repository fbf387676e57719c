"""Habits: define habits, check in, and watch streaks and strength."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from dashboards import state, ui
from lifeos_core.errors import InvalidInput, LifeOSError
from lifeos_core.habits import service as habits

SCHEDULES = {"daily": "Every day", "weekly": "Every week", "n_per_week": "N times a week"}
LABELS = {
    "name": "Name",
    "schedule_type": "Schedule",
    "target_count": "Times per period",
    "description": "Description",
    "habit_id": "Habit",
    "logged_date": "Date",
    "note": "Note",
    "value": "Count",
    "input": "Habit",
}
NEW_KEYS = ("habits_new_name", "habits_new_schedule", "habits_new_target", "habits_new_description")


def _today(actor) -> date:
    return datetime.now(ZoneInfo(actor.timezone)).date()


def _run(errors_key: str, action) -> bool:
    """Run a write; keep field messages under ``errors_key`` when it is refused."""
    try:
        with state.get_runtime().uow() as uow:
            action(uow)
            uow.commit()
    except InvalidInput as exc:
        st.session_state[errors_key] = ui.field_messages(exc.fields or {"input": str(exc)}, LABELS)
        return False
    except LifeOSError as exc:
        message = str(exc)
        field, _, rest = message.partition(": ")
        st.session_state[errors_key] = ui.field_messages(
            {field if rest else "input": rest or message}, LABELS
        )
        return False
    st.session_state.pop(errors_key, None)
    return True


def create_habit() -> None:
    actor = state.refreshed_actor()
    if actor is None:
        return
    ss = st.session_state
    fields = {
        "name": (ss.get("habits_new_name") or "").strip(),
        "schedule_type": ss.get("habits_new_schedule", "daily"),
        "target_count": ss.get("habits_new_target", 1),
        "description": (ss.get("habits_new_description") or "").strip() or None,
    }
    if _run("habits_new_errors", lambda uow: habits.create_habit(uow, actor, **fields)):
        for key in NEW_KEYS:
            ss.pop(key, None)
        ui.flash("habits", "success", f"Created the habit “{fields['name']}”.")


def check_in() -> None:
    actor = state.refreshed_actor()
    if actor is None:
        return
    ss = st.session_state
    habit_id = ss.get("habits_log_habit")
    if habit_id is None:
        ss["habits_log_errors"] = {"habit_id": "Habit: choose the habit to check in on"}
        return
    fields = {
        "habit_id": habit_id,
        "logged_date": ss.get("habits_log_date") or _today(actor),
        "note": (ss.get("habits_log_note") or "").strip() or None,
    }
    if _run("habits_log_errors", lambda uow: habits.log_habit(uow, actor, **fields)):
        ss.pop("habits_log_note", None)
        ui.flash("habits", "success", f"Checked in on {fields['logged_date']:%a %d %b}.")


def deactivate(habit_id: int) -> None:
    actor = state.refreshed_actor()
    if actor is not None and _run(
        "habits_list_errors", lambda uow: habits.deactivate_habit(uow, actor, habit_id)
    ):
        ui.flash("habits", "info", "Habit paused; its history stays.")


def streak_text(periods: int, schedule_type: str) -> str:
    unit = "day" if schedule_type == "daily" else "week"
    return f"{periods} {unit}{'' if periods == 1 else 's'}"


def show_errors(errors: dict[str, str], *names: str) -> None:
    for name in names:
        if name in errors:
            st.error(ui.md(errors[name]))


actor = state.current_actor()
st.title("Habits")
ui.show_flash("habits")
today = _today(actor)

with state.get_runtime().uow() as uow:
    active = habits.list_habits(uow, actor)
    metrics = {h.id: habits.habit_metrics(uow, actor, h.id, today=today) for h in active}
    recent = habits.list_logs(uow, actor, limit=200)

show_errors(st.session_state.get("habits_list_errors", {}), "input")
if active:
    st.dataframe(
        pd.DataFrame(
            {
                "Habit": [h.name for h in active],
                "Schedule": [
                    SCHEDULES[h.schedule_type]
                    + (f" ×{h.target_count}" if h.target_count > 1 else "")
                    for h in active
                ],
                "Current streak": [
                    streak_text(metrics[h.id].current_streak, h.schedule_type) for h in active
                ],
                "Longest": [metrics[h.id].longest_streak for h in active],
                "Completion": [metrics[h.id].completion_rate for h in active],
                "Strength": [metrics[h.id].strength for h in active],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Completion": st.column_config.ProgressColumn(
                format="percent", min_value=0, max_value=1
            ),
            "Strength": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1),
        },
    )
    with st.expander("Pause a habit"):
        for habit in active:
            st.button(
                f"Pause {ui.md(habit.name)}",
                key=f"habits_deactivate_{habit.id}",
                on_click=deactivate,
                args=(habit.id,),
            )
else:
    st.info("No habits yet: create one below.")

left, right = st.columns(2)
with left, st.form("habits_new"):
    st.subheader("New habit")
    errors = st.session_state.get("habits_new_errors", {})
    show_errors(errors, "input")
    st.text_input("Name", key="habits_new_name", max_chars=200)
    show_errors(errors, "name")
    st.selectbox("Schedule", list(SCHEDULES), format_func=SCHEDULES.get, key="habits_new_schedule")
    st.number_input(
        "Times per period", min_value=1, max_value=100, value=1, key="habits_new_target"
    )
    show_errors(errors, "target_count", "schedule_type")
    st.text_area("Description", key="habits_new_description")
    st.form_submit_button(
        "Create habit", key="habits_new_submit", on_click=create_habit, type="primary"
    )

with right, st.form("habits_log"):
    st.subheader("Check in")
    errors = st.session_state.get("habits_log_errors", {})
    show_errors(errors, "input")
    names = {h.id: h.name for h in active}
    st.selectbox(
        "Habit",
        list(names),
        format_func=names.get,
        key="habits_log_habit",
        placeholder="Pick a habit",
    )
    show_errors(errors, "habit_id")
    st.date_input("Date", value=today, max_value=today, key="habits_log_date", format="YYYY-MM-DD")
    show_errors(errors, "logged_date")
    st.text_input("Note", key="habits_log_note", max_chars=2000)
    st.form_submit_button(
        "Check in", key="habits_log_submit", on_click=check_in, disabled=not active
    )

st.subheader("Recent check-ins")
if recent:
    st.dataframe(
        pd.DataFrame(
            {
                "Date": [log.logged_date for log in recent],
                "Habit": [names.get(log.habit_id, "(paused habit)") for log in recent],
                "Note": [log.note or "" for log in recent],
                "Source": [
                    "manual"
                    if log.inferred_status is None
                    else f"calendar, {log.inferred_status} ({log.confidence_score:.0%})"
                    for log in recent
                ],  # fmt: skip
            }
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.caption("No check-ins yet.")
