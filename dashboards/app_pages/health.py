"""Health: this week at a glance, then biometrics, workouts and meals, each with a form and a
list.

Workouts and meals proposed from the calendar are listed with their confidence; they count
in the summaries once confirmed in the review queue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from dashboards import state, ui
from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import InvalidInput, LifeOSError
from lifeos_core.health import service as health
from lifeos_core.health.schemas import (
    BiometricView,
    DailyCalories,
    MealView,
    WeeklyWorkoutSummary,
    WeightTrend,
    WorkoutView,
)

LIST_LIMIT = 200
COMMON_WORKOUTS = ("run", "walk", "cycling", "swim", "strength", "yoga", "hiit", "climbing")
INTENSITIES = ("low", "moderate", "high")
MEAL_TYPES = ("breakfast", "lunch", "dinner", "snack")

FORMS = {
    "bio": (
        "health_bio_date", "health_bio_weight", "health_bio_body_fat", "health_bio_resting_hr",
        "health_bio_energy", "health_bio_stress", "health_bio_note",
    ),
    "workout": (
        "health_workout_date", "health_workout_time", "health_workout_type",
        "health_workout_minutes", "health_workout_intensity", "health_workout_calories",
        "health_workout_note",
    ),
    "meal": (
        "health_meal_date", "health_meal_type", "health_meal_calories", "health_meal_quality",
        "health_meal_note",
    ),
}  # fmt: skip
FIELD_LABELS = {
    "measured_on": "Date",
    "weight_kg": "Weight",
    "body_fat_pct": "Body fat",
    "resting_hr": "Resting heart rate",
    "energy_level": "Energy",
    "stress_level": "Stress",
    "measurements": "Measurements",
    "workout_date": "Date",
    "start_time": "Start",
    "workout_type": "Type",
    "duration_minutes": "Duration",
    "intensity": "Intensity",
    "meal_date": "Date",
    "meal_type": "Meal",
    "calories_est": "Calories",
    "quality_score": "Quality",
    "note": "Note",
    "input": "Entry",
}


# --- writing ------------------------------------------------------------------------------


def rounded(value: float | None, places: int) -> float | None:
    """Number inputs hand back floats like 80.30000000000001; keep what was meant."""
    return None if value is None else round(value, places)


def text(key: str) -> str | None:
    return (st.session_state.get(key) or "").strip() or None


def save(form: str, write: Callable[[Actor], str]) -> None:
    """Submit callback body: run ``write``; on bad input keep the form and say what is wrong."""
    actor = state.refreshed_actor()  # callbacks run before the entrypoint reloads it
    if actor is None:
        return
    ss = st.session_state
    try:
        message = write(actor)
    except InvalidInput as exc:
        ss[f"health_{form}_errors"] = ui.field_messages(
            exc.fields or {"input": str(exc)}, FIELD_LABELS
        )
        return
    except LifeOSError as exc:
        ss[f"health_{form}_errors"] = {"input": str(exc)}
        return
    ss.pop(f"health_{form}_errors", None)
    for key in FORMS[form]:  # back to the defaults for the next entry
        ss.pop(key, None)
    ui.flash("health", "success", message)


def in_uow(actor: Actor, call: Callable) -> object:
    with state.get_runtime().uow() as uow:
        result = call(uow, actor)
        uow.commit()
    return result


def add_biometric() -> None:
    ss = st.session_state

    def write(actor: Actor) -> str:
        fields = {
            "measured_on": ss.get("health_bio_date"),
            "weight_kg": rounded(ss.get("health_bio_weight"), 2),
            "body_fat_pct": rounded(ss.get("health_bio_body_fat"), 1),
            "resting_hr": ss.get("health_bio_resting_hr"),
            "energy_level": ss.get("health_bio_energy"),
            "stress_level": ss.get("health_bio_stress"),
            "note": text("health_bio_note"),
        }
        row = in_uow(actor, lambda uow, a: health.log_biometric(uow, a, **fields))
        return f"Logged biometrics for {row.measured_on:%a %d %b %Y}."

    save("bio", write)


def add_workout() -> None:
    ss = st.session_state

    def write(actor: Actor) -> str:
        fields = {
            "workout_date": ss.get("health_workout_date"),
            "start_time": ss.get("health_workout_time"),
            "workout_type": ss.get("health_workout_type") or "",
            "duration_minutes": ss.get("health_workout_minutes"),
            "intensity": ss.get("health_workout_intensity"),
            "calories_est": ss.get("health_workout_calories"),
            "note": text("health_workout_note"),
        }
        row = in_uow(actor, lambda uow, a: health.log_workout(uow, a, **fields))
        return f"Logged {row.duration_minutes} minutes of {row.workout_type}."

    save("workout", write)


def add_meal() -> None:
    ss = st.session_state

    def write(actor: Actor) -> str:
        fields = {
            "meal_date": ss.get("health_meal_date"),
            "meal_type": ss.get("health_meal_type"),
            "calories_est": ss.get("health_meal_calories"),
            "quality_score": ss.get("health_meal_quality"),
            "note": text("health_meal_note"),
        }
        row = in_uow(actor, lambda uow, a: health.log_meal(uow, a, **fields))
        return f"Logged {row.meal_type} on {row.meal_date:%a %d %b %Y}."

    save("meal", write)


def delete_chosen(form: str, delete: Callable, what: str) -> None:
    actor = state.refreshed_actor()
    record_id = st.session_state.get(f"health_{form}_delete_choice")
    if actor is None or record_id is None:
        return
    try:
        in_uow(actor, lambda uow, a: delete(uow, a, record_id))
    except LifeOSError as exc:
        ui.flash("health", "error", str(exc))
        return
    st.session_state.pop(f"health_{form}_delete_choice", None)
    ui.flash("health", "success", f"Deleted the {what}.")


# --- reading ------------------------------------------------------------------------------


def errors_of(form: str) -> dict[str, str]:
    return st.session_state.get(f"health_{form}_errors", {})


def show_errors(errors: dict[str, str], *names: str) -> None:
    for name in names:
        if name in errors:
            st.error(ui.md(errors[name]))


def origin(row: WorkoutView | MealView) -> str:
    """How a record came to be: typed in, or proposed from the calendar and how surely."""
    if row.inferred_status is None:
        return "manual"
    confidence = f"{row.confidence_score:.0%}" if row.confidence_score is not None else "?"
    if row.inferred_status == "inferred":
        return f"inferred ({confidence}), awaiting review"
    return f"{row.inferred_status} from calendar ({confidence})"


def biometric_label(row: BiometricView) -> str:
    return f"{row.measured_on:%d %b %Y}" + (f" · {row.weight_kg} kg" if row.weight_kg else "")


def workout_label(row: WorkoutView) -> str:
    minutes = f" · {row.duration_minutes} min" if row.duration_minutes else ""
    return f"{row.workout_date:%d %b %Y} · {row.workout_type}{minutes}"


def meal_label(row: MealView) -> str:
    return f"{row.meal_date:%d %b %Y} · {row.meal_type}"


def delete_control(form: str, rows: Sequence, label: Callable, delete: Callable, what: str) -> None:
    with st.expander(f"Delete a {what}"):
        options = {row.id: label(row) for row in rows}
        st.selectbox(
            f"{what.capitalize()} to delete",
            list(options),
            index=None,
            format_func=lambda record_id: options.get(record_id, str(record_id)),
            key=f"health_{form}_delete_choice",
            placeholder=f"Choose a {what}",
        )
        st.button(
            "Delete",
            key=f"health_{form}_delete",
            on_click=delete_chosen,
            args=(form, delete, what),
        )


def biometrics_tab(rows: list[BiometricView], today: date) -> None:
    errors = errors_of("bio")
    with st.form("health_bio_form"):
        st.markdown("**Log biometrics** (any of them)")
        show_errors(errors, "input", "measurements")
        st.date_input("Date", value=today, key="health_bio_date", format="YYYY-MM-DD")
        show_errors(errors, "measured_on")
        left, middle, right = st.columns(3)
        with left:
            st.number_input(
                "Weight (kg)", value=None, step=0.1, format="%.1f", key="health_bio_weight"
            )
            show_errors(errors, "weight_kg")
            st.number_input(
                "Body fat (%)", value=None, step=0.1, format="%.1f", key="health_bio_body_fat"
            )
            show_errors(errors, "body_fat_pct")
        with middle:
            st.number_input(
                "Resting heart rate (bpm)", value=None, step=1, key="health_bio_resting_hr"
            )
            show_errors(errors, "resting_hr")
        with right:
            st.number_input("Energy (1–10)", value=None, step=1, key="health_bio_energy")
            show_errors(errors, "energy_level")
            st.number_input("Stress (1–10)", value=None, step=1, key="health_bio_stress")
            show_errors(errors, "stress_level")
        st.text_input("Note", key="health_bio_note", max_chars=2000)
        show_errors(errors, "note")
        st.form_submit_button(
            "Log biometrics", type="primary", key="health_bio_submit", on_click=add_biometric
        )

    if not rows:
        st.info("No biometrics yet.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Date": [r.measured_on for r in rows],
                "Weight (kg)": [r.weight_kg and float(r.weight_kg) for r in rows],
                "Body fat (%)": [r.body_fat_pct and float(r.body_fat_pct) for r in rows],
                "Resting HR": [r.resting_hr for r in rows],
                "Energy": [r.energy_level for r in rows],
                "Stress": [r.stress_level for r in rows],
                "Note": [r.note or "" for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    delete_control("bio", rows, biometric_label, health.delete_biometric, "measurement")


def workouts_tab(rows: list[WorkoutView], today: date, timezone: str) -> None:
    errors = errors_of("workout")
    types = sorted(set(COMMON_WORKOUTS) | {r.workout_type for r in rows})
    with st.form("health_workout_form"):
        st.markdown("**Log a workout**")
        show_errors(errors, "input")
        left, right = st.columns(2)
        with left:
            st.date_input("Date", value=today, key="health_workout_date", format="YYYY-MM-DD")
            show_errors(errors, "workout_date")
            st.selectbox(
                "Type",
                types,
                index=None,
                accept_new_options=True,
                key="health_workout_type",
                placeholder="Choose or type a kind of workout",
            )
            show_errors(errors, "workout_type")
            st.number_input("Duration (minutes)", value=None, step=5, key="health_workout_minutes")
            show_errors(errors, "duration_minutes")
        with right:
            st.time_input(
                "Start (optional)",
                value=None,
                key="health_workout_time",
                help=f"In your time zone, {timezone}",
            )
            show_errors(errors, "start_time")
            st.selectbox("Intensity", INTENSITIES, index=1, key="health_workout_intensity")
            show_errors(errors, "intensity")
            st.number_input(
                "Calories (kcal, estimate)", value=None, step=10, key="health_workout_calories"
            )
            show_errors(errors, "calories_est")
        st.text_input("Note", key="health_workout_note", max_chars=2000)
        show_errors(errors, "note")
        st.form_submit_button(
            "Log workout", type="primary", key="health_workout_submit", on_click=add_workout
        )

    if not rows:
        st.info("No workouts yet.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Date": [r.workout_date for r in rows],
                "Start": [
                    f"{ui.local(r.started_at, timezone):%H:%M}" if r.started_at else ""
                    for r in rows
                ],
                "Type": [r.workout_type for r in rows],
                "Minutes": [r.duration_minutes for r in rows],
                "Intensity": [r.intensity or "" for r in rows],
                "Calories": [r.calories_est for r in rows],
                "Source": [origin(r) for r in rows],
                "Note": [r.note or "" for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    delete_control("workout", rows, workout_label, health.delete_workout, "workout")


def nutrition_tab(rows: list[MealView], week: list[DailyCalories], today: date) -> None:
    errors = errors_of("meal")
    with st.form("health_meal_form"):
        st.markdown("**Log a meal**")
        show_errors(errors, "input")
        left, right = st.columns(2)
        with left:
            st.date_input("Date", value=today, key="health_meal_date", format="YYYY-MM-DD")
            show_errors(errors, "meal_date")
            st.selectbox(
                "Meal", MEAL_TYPES, index=None, key="health_meal_type", placeholder="Choose a meal"
            )
            show_errors(errors, "meal_type")
        with right:
            st.number_input(
                "Calories (kcal, estimate)", value=None, step=50, key="health_meal_calories"
            )
            show_errors(errors, "calories_est")
            st.number_input("Quality (1–10)", value=None, step=1, key="health_meal_quality")
            show_errors(errors, "quality_score")
        st.text_input("What was it?", key="health_meal_note", max_chars=2000)
        show_errors(errors, "note")
        st.form_submit_button(
            "Log meal", type="primary", key="health_meal_submit", on_click=add_meal
        )

    st.markdown("**Calories this week** (manual and confirmed meals)")
    calories = pd.DataFrame(
        {"Day": [f"{d.day:%a %d}" for d in week], "kcal": [d.calories for d in week]}
    )
    st.bar_chart(calories, x="Day", y="kcal", height=200)
    if not rows:
        st.info("No meals yet.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Date": [r.meal_date for r in rows],
                "Meal": [r.meal_type for r in rows],
                "Calories": [r.calories_est for r in rows],
                "Quality": [r.quality_score for r in rows],
                "Source": [origin(r) for r in rows],
                "Note": [r.note or "" for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    delete_control("meal", rows, meal_label, health.delete_meal, "meal")


def week_summary(
    summary: WeeklyWorkoutSummary, trend: WeightTrend, week: list[DailyCalories]
) -> None:
    st.subheader(f"This week ({summary.week_start:%d %b} – {summary.week_end:%d %b})")
    workouts, minutes, kcal, weight = st.columns(4)
    workouts.metric("Workouts", summary.workouts)
    minutes.metric("Active minutes", summary.minutes)
    eaten = [d for d in week if d.meals]
    kcal.metric(
        "Calories a day",
        round(sum(d.calories for d in eaten) / len(eaten)) if eaten else "–",
        help="Average over the days this week with meals logged",
    )
    weight.metric(
        "Weight (kg)",
        f"{trend.latest_kg}" if trend.latest_kg is not None else "–",
        delta=f"{trend.change_7d_kg:+} kg in 7 days" if trend.change_7d_kg is not None else None,
        delta_color="off",
    )
    if summary.by_type:
        st.caption(
            ui.md(
                " · ".join(
                    f"{t.workout_type}: {t.workouts} × {t.minutes} min" for t in summary.by_type
                )
            )
        )
    st.caption("Inferred workouts and meals count here once you confirm them in the review queue.")


actor = state.current_actor()
st.title("Health")
ui.show_flash("health")

today = datetime.now(ZoneInfo(actor.timezone)).date()
with state.get_runtime().uow() as uow:
    summary = health.weekly_workout_summary(uow, actor, day=today)
    trend = health.weight_trend(uow, actor, today=today)
    week = health.daily_calories(uow, actor, start=summary.week_start, end=summary.week_end)
    biometrics = health.list_biometrics(uow, actor, limit=LIST_LIMIT)
    workouts = health.list_workouts(uow, actor, limit=LIST_LIMIT)
    meals = health.list_meals(uow, actor, limit=LIST_LIMIT)

week_summary(summary, trend, week)
# Tracked, so the tab a form was sent from is still open when its result shows.
bio_tab, workout_tab, meal_tab = st.tabs(
    ["Biometrics", "Workouts", "Nutrition"], key="health_tab", on_change="rerun"
)
with bio_tab:
    biometrics_tab(biometrics, today)
with workout_tab:
    workouts_tab(workouts, today, actor.timezone)
with meal_tab:
    nutrition_tab(meals, week, today)
