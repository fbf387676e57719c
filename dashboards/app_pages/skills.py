"""Skills: each skill's hours, streak and proficiency; add skills, log practice, see sessions."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from dashboards import state, ui
from lifeos_core.errors import InvalidInput, LifeOSError
from lifeos_core.skills import service as skills
from lifeos_core.skills.metrics import PROFICIENCY_HOURS, PROFICIENCY_LEVELS

SESSION_LIMIT = 200
QUALITY = {None: "Not rated", 1: "1 · poor", 2: "2", 3: "3 · fine", 4: "4", 5: "5 · excellent"}
LABELS = {
    "name": "Name",
    "category": "Category",
    "description": "Description",
    "proficiency_level": "Proficiency",
    "target_level": "Target",
    "skill_id": "Skill",
    "practiced_at": "When",
    "duration_minutes": "Minutes",
    "focus": "Focus",
    "quality": "Quality",
    "notes": "Notes",
    "input": "Skill",
}
NEW_KEYS = (
    "skills_new_name", "skills_new_category", "skills_new_level", "skills_new_target",
    "skills_new_description",
)  # fmt: skip
LOG_KEYS = (
    "skills_log_when", "skills_log_minutes", "skills_log_focus", "skills_log_quality",
    "skills_log_notes",
)  # fmt: skip
LEVEL_HELP = "Leave it to the hours: " + ", ".join(
    f"{level} from {hours} h" for level, hours in PROFICIENCY_HOURS.items()
)


def _text(key: str) -> str | None:
    return (st.session_state.get(key) or "").strip() or None


def _run(errors_key: str, action) -> bool:
    """Run a write; keep field messages under ``errors_key`` when it is refused."""
    try:
        with state.get_runtime().uow() as uow:
            action(uow)
            uow.commit()
    except InvalidInput as exc:
        st.session_state[errors_key] = ui.field_messages(exc.fields or {"input": str(exc)}, LABELS)
        return False
    except LifeOSError as exc:  # "name: you already have ..." belongs under the name field
        message = str(exc)
        field, _, rest = message.partition(": ")
        field = field if rest and field in LABELS else "input"
        st.session_state[errors_key] = ui.field_messages(
            {field: rest if field != "input" else message}, LABELS
        )
        return False
    st.session_state.pop(errors_key, None)
    return True


def create_skill() -> None:
    """Submit callback: create the skill, or keep the input and remember what is wrong."""
    actor = state.refreshed_actor()  # callbacks run before the entrypoint reloads it
    if actor is None:
        return
    ss = st.session_state
    fields = {
        "name": _text("skills_new_name") or "",
        "category": _text("skills_new_category"),
        "proficiency_level": ss.get("skills_new_level"),
        "target_level": ss.get("skills_new_target"),
        "description": _text("skills_new_description"),
    }
    if _run("skills_new_errors", lambda uow: skills.create_skill(uow, actor, **fields)):
        for key in NEW_KEYS:
            ss.pop(key, None)
        ui.flash("skills", "success", f"Added the skill “{fields['name']}”.")


def log_practice() -> None:
    actor = state.refreshed_actor()
    if actor is None:
        return
    ss = st.session_state
    skill_id = ss.get("skills_log_skill")
    if skill_id is None:
        ss["skills_log_errors"] = {"skill_id": "Skill: choose the skill you practised"}
        return
    when = ss.get("skills_log_when")
    fields = {
        "skill_id": skill_id,
        "practiced_at": when and when.replace(tzinfo=ZoneInfo(actor.timezone)),
        "duration_minutes": ss.get("skills_log_minutes"),
        "focus": _text("skills_log_focus"),
        "quality": ss.get("skills_log_quality"),
        "notes": _text("skills_log_notes"),
    }
    if _run("skills_log_errors", lambda uow: skills.log_practice(uow, actor, **fields)):
        for key in LOG_KEYS:
            ss.pop(key, None)
        ui.flash("skills", "success", f"Logged {fields['duration_minutes']} minutes of practice.")


def show_errors(errors: dict[str, str], *names: str) -> None:
    for name in names:
        if name in errors:
            st.error(ui.md(errors[name]))


def level_text(level: str | None) -> str:
    return level.capitalize() if level else ""


def source_text(session) -> str:
    if session.inferred_status is None:
        return session.source
    return f"{session.source}, {session.inferred_status} ({session.confidence_score:.0%})"


actor = state.current_actor()
st.title("Skills")
ui.show_flash("skills")
tz = ZoneInfo(actor.timezone)

with state.get_runtime().uow() as uow:
    all_skills = skills.list_skills(uow, actor)
    metrics = {m.skill_id: m for m in skills.list_skill_metrics(uow, actor)}
    sessions = skills.list_practice_sessions(uow, actor, limit=SESSION_LIMIT)
names = {s.id: s.name for s in all_skills}

if all_skills:
    rows = [(s, metrics.get(s.id)) for s in all_skills]
    st.dataframe(
        pd.DataFrame(
            {
                "Skill": [s.name for s, _ in rows],
                "Category": [s.category or "" for s, _ in rows],
                "Hours": [m.total_hours if m else 0.0 for _, m in rows],
                "Sessions": [m.session_count if m else 0 for _, m in rows],
                "Streak (days)": [m.current_streak_days if m else 0 for _, m in rows],
                "Longest streak": [m.longest_streak_days if m else 0 for _, m in rows],
                "Proficiency": [
                    level_text(m.proficiency_level)
                    + (" (set by you)" if m.proficiency_source == "owner" else "")
                    if m
                    else ""
                    for _, m in rows
                ],
                "Target": [level_text(s.target_level) for s, _ in rows],
                "Last practised": [
                    m.last_practiced_at and ui.local(m.last_practiced_at, actor.timezone)
                    if m
                    else None
                    for _, m in rows
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Hours": st.column_config.NumberColumn(format="%.2f"),
            "Last practised": st.column_config.DatetimeColumn(format="ddd DD MMM YYYY, HH:mm"),
        },
    )
    st.caption(
        "Only manual and confirmed sessions count. A streak is the run of days with practice; "
        "today still counts until it is over."
    )
else:
    st.info("No skills yet: add one below.")

levels = [None, *PROFICIENCY_LEVELS]
left, right = st.columns(2)
with left, st.form("skills_new"):
    st.subheader("New skill")
    errors = st.session_state.get("skills_new_errors", {})
    show_errors(errors, "input")
    st.text_input("Name", key="skills_new_name", max_chars=200)
    show_errors(errors, "name")
    st.text_input("Category", key="skills_new_category", max_chars=100, placeholder="Music")
    show_errors(errors, "category")
    st.selectbox(
        "Proficiency",
        levels,
        format_func=lambda level: level_text(level) or "From hours practised",
        key="skills_new_level",
        help=LEVEL_HELP,
    )
    show_errors(errors, "proficiency_level")
    st.selectbox(
        "Target",
        levels,
        format_func=lambda level: level_text(level) or "No target",
        key="skills_new_target",
    )
    show_errors(errors, "target_level")
    st.text_area("Description", key="skills_new_description")
    show_errors(errors, "description")
    st.form_submit_button(
        "Add skill", key="skills_new_submit", on_click=create_skill, type="primary"
    )

with right, st.form("skills_log"):
    st.subheader("Log practice")
    errors = st.session_state.get("skills_log_errors", {})
    show_errors(errors, "input")
    st.selectbox(
        "Skill",
        list(names),
        format_func=names.get,
        key="skills_log_skill",
        placeholder="Pick a skill",
    )
    show_errors(errors, "skill_id")
    this_hour = datetime.now(tz).replace(minute=0, second=0, microsecond=0, tzinfo=None)
    st.datetime_input(
        "When",
        value=this_hour,
        key="skills_log_when",
        format="YYYY-MM-DD",
        help=f"When you started, in your time zone, {tz.key}",
    )
    show_errors(errors, "practiced_at")
    st.number_input("Minutes", min_value=1, max_value=24 * 60, value=30, key="skills_log_minutes")
    show_errors(errors, "duration_minutes")
    st.text_input("Focus", key="skills_log_focus", max_chars=200, placeholder="What you worked on")
    show_errors(errors, "focus")
    st.selectbox("Quality", list(QUALITY), format_func=QUALITY.get, key="skills_log_quality")
    show_errors(errors, "quality")
    st.text_area("Notes", key="skills_log_notes")
    show_errors(errors, "notes")
    st.form_submit_button(
        "Log practice", key="skills_log_submit", on_click=log_practice, disabled=not all_skills
    )

st.subheader("Practice sessions")
if sessions:
    st.dataframe(
        pd.DataFrame(
            {
                "When": [ui.local(s.practiced_at, actor.timezone) for s in sessions],
                "Skill": [names.get(s.skill_id, "") for s in sessions],
                "Minutes": [s.duration_minutes for s in sessions],
                "Focus": [s.focus or "" for s in sessions],
                "Quality": [s.quality for s in sessions],
                "Notes": [s.notes or "" for s in sessions],
                "Source": [source_text(s) for s in sessions],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "When": st.column_config.DatetimeColumn(format="ddd DD MMM YYYY, HH:mm"),
        },
    )
    st.caption(
        "Sessions proposed from your calendar show their confidence; they count once confirmed."
    )
else:
    st.caption("No practice logged yet.")
