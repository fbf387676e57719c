"""Relationships: who is due a reconnect, the people directory, and the interactions with them.

Last contact and the next cue come from the services, derived from the interactions that
count; logging one here takes the person off the reconnect list on the next render.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from dashboards import state, ui
from lifeos_core.errors import InvalidInput, LifeOSError
from lifeos_core.relationships import service as relationships
from lifeos_core.relationships.schemas import (
    INTERACTION_TYPES,
    RELATIONSHIP_TYPES,
    InteractionView,
    PersonView,
)

PAGE = "relationships"
LIST_LIMIT = 500
PERSON_KEYS = (
    "relationships_person_name", "relationships_person_type", "relationships_person_cue",
    "relationships_person_birthday", "relationships_person_email", "relationships_person_notes",
)  # fmt: skip
INTERACTION_KEYS = (
    "relationships_interaction_person", "relationships_interaction_type",
    "relationships_interaction_date", "relationships_interaction_time",
    "relationships_interaction_notes",
)  # fmt: skip
PERSON_LABELS = {
    "name": "Name",
    "relationship_type": "Relationship",
    "reconnect_cue_days": "Reconnect every",
    "birthday": "Birthday",
    "email": "Email",
    "notes": "Notes",
    "input": "Person",
}
INTERACTION_LABELS = {
    "person_id": "Person",
    "interaction_type": "Type",
    "occurred_at": "When",
    "notes": "Notes",
    "input": "Interaction",
}


def _text(key: str) -> str | None:
    return (st.session_state.get(key) or "").strip() or None


def _submit(errors_key: str, labels: dict[str, str], call) -> object | None:
    """Run ``call(uow, actor)``; on failure keep the input and remember the field messages."""
    actor = state.refreshed_actor()  # callbacks run before the entrypoint reloads it
    if actor is None:
        return None
    try:
        with state.get_runtime().uow() as uow:
            result = call(uow, actor)
            uow.commit()
    except InvalidInput as exc:
        st.session_state[errors_key] = ui.field_messages(exc.fields or {"input": str(exc)}, labels)
        return None
    except LifeOSError as exc:
        st.session_state[errors_key] = {"input": str(exc)}
        return None
    st.session_state.pop(errors_key, None)
    return result


def add_person() -> None:
    ss = st.session_state
    fields = {
        "name": ss.get("relationships_person_name") or "",
        "relationship_type": ss.get("relationships_person_type"),
        "reconnect_cue_days": ss.get("relationships_person_cue"),
        "birthday": ss.get("relationships_person_birthday"),
        "email": _text("relationships_person_email"),
        "notes": _text("relationships_person_notes"),
    }
    person = _submit(
        "relationships_person_errors",
        PERSON_LABELS,
        lambda uow, actor: relationships.create_person(uow, actor, **fields),
    )
    if person is not None:
        for key in PERSON_KEYS:
            ss.pop(key, None)
        ui.flash(PAGE, "success", f"Added {person.name}.")


def log_interaction() -> None:
    ss = st.session_state
    person_id = ss.get("relationships_interaction_person")
    if person_id is None:
        ss["relationships_interaction_errors"] = {"person_id": "Person: choose who it was with"}
        return
    day, moment = ss.get("relationships_interaction_date"), ss.get("relationships_interaction_time")

    def call(uow, actor):
        occurred_at = day and datetime.combine(day, moment or time(12), ZoneInfo(actor.timezone))
        return relationships.log_interaction(
            uow,
            actor,
            person_id=person_id,
            interaction_type=ss.get("relationships_interaction_type"),
            occurred_at=occurred_at,
            notes=_text("relationships_interaction_notes"),
        )

    interaction = _submit("relationships_interaction_errors", INTERACTION_LABELS, call)
    if interaction is not None:
        for key in INTERACTION_KEYS:
            ss.pop(key, None)
        ui.flash(
            PAGE,
            "success",
            f"Logged a {interaction.interaction_type} with {interaction.person_name}.",
        )


def show_errors(errors: dict[str, str], *names: str) -> None:
    for name in names:
        if name in errors:
            st.error(ui.md(errors[name]))


def overdue_text(days: int) -> str:
    if days == 0:
        return "due today"
    return f"{days} day{'s' if days != 1 else ''} overdue"


def reconnect_list(due: list[PersonView], timezone: str, today) -> None:
    st.subheader("Reconnect")
    if not due:
        st.caption("Nobody is due a reconnect. Nice.")
        return
    for person in due:
        last = (
            f"last contact {ui.local(person.last_contact, timezone):%a %d %b %Y}"
            if person.last_contact
            else "no contact logged yet"
        )
        st.markdown(
            f"**{ui.md(person.name)}** · {person.relationship_type} · "
            f"{overdue_text(person.days_overdue(today))} · {last}"
        )


def people_table(people: list[PersonView], timezone: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Name": [p.name for p in people],
            "Relationship": [p.relationship_type for p in people],
            "Last contact": [p.last_contact and ui.local(p.last_contact, timezone) for p in people],
            "Next cue": [p.reconnect_due_on for p in people],
            "Every (days)": [p.reconnect_cue_days for p in people],
            "Birthday": [p.birthday for p in people],
            "Email": [p.email or "" for p in people],
            "Notes": [p.notes or "" for p in people],
        }
    )


def status(interaction: InteractionView) -> str:
    if interaction.inferred_status is None:
        return "logged"
    score = interaction.confidence_score
    confidence = "?" if score is None else f"{score:.0%}"
    if interaction.inferred_status == "inferred":
        return f"inferred ({confidence}), awaiting review"
    return f"{interaction.inferred_status} ({confidence})"


def interactions_table(interactions: list[InteractionView], timezone: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "When": [ui.local(i.occurred_at, timezone) for i in interactions],
            "Person": [i.person_name or "(unknown)" for i in interactions],
            "Type": [i.interaction_type for i in interactions],
            "Notes": [i.notes or "" for i in interactions],
            "Source": [i.source for i in interactions],
            "Status": [status(i) for i in interactions],
        }
    )


def add_person_form() -> None:
    errors: dict[str, str] = st.session_state.get("relationships_person_errors", {})
    with st.expander("Add person", expanded=bool(errors)), st.form("relationships_person"):
        show_errors(errors, "input")
        st.text_input("Name", key="relationships_person_name", max_chars=200)
        show_errors(errors, "name")
        left, right = st.columns(2)
        with left:
            st.selectbox(
                "Relationship",
                RELATIONSHIP_TYPES,
                index=RELATIONSHIP_TYPES.index("friend"),
                key="relationships_person_type",
            )
            show_errors(errors, "relationship_type")
        with right:
            st.number_input(
                "Reconnect every (days)",
                min_value=1,
                max_value=3650,
                value=None,
                step=1,
                placeholder="No reminder",
                key="relationships_person_cue",
            )
            show_errors(errors, "reconnect_cue_days")
        left, right = st.columns(2)
        with left:
            st.date_input(
                "Birthday",
                value=None,
                min_value=date(1900, 1, 1),
                max_value=date.today(),
                format="YYYY-MM-DD",
                key="relationships_person_birthday",
            )
            show_errors(errors, "birthday")
        with right:
            st.text_input("Email", key="relationships_person_email", max_chars=320)
            show_errors(errors, "email")
        st.text_area("Notes", key="relationships_person_notes")
        show_errors(errors, "notes")
        st.form_submit_button(
            "Add person", type="primary", key="relationships_person_submit", on_click=add_person
        )


def log_interaction_form(people: list[PersonView], tz: ZoneInfo) -> None:
    errors: dict[str, str] = st.session_state.get("relationships_interaction_errors", {})
    names = {p.id: p.name for p in people}
    now = datetime.now(tz)
    with st.expander("Log interaction", expanded=bool(errors)), st.form("relationships_log"):
        show_errors(errors, "input")
        left, right = st.columns(2)
        with left:
            st.selectbox(
                "Person",
                list(names),
                index=None,
                format_func=names.get,
                placeholder="Choose a person",
                key="relationships_interaction_person",
            )
            show_errors(errors, "person_id")
        with right:
            st.selectbox("Type", INTERACTION_TYPES, key="relationships_interaction_type")
            show_errors(errors, "interaction_type")
        left, right = st.columns(2)
        with left:
            st.date_input(
                "Date",
                value=now.date(),
                format="YYYY-MM-DD",
                key="relationships_interaction_date",
                help=f"In your time zone, {tz.key}",
            )
        with right:
            st.time_input(
                "Time", value=time(now.hour), key="relationships_interaction_time", step=900
            )
        show_errors(errors, "occurred_at")
        st.text_area("Notes", key="relationships_interaction_notes")
        show_errors(errors, "notes")
        st.form_submit_button(
            "Log interaction",
            type="primary",
            key="relationships_interaction_submit",
            on_click=log_interaction,
        )


actor = state.current_actor()
st.title("Relationships")
ui.show_flash(PAGE)
tz = ZoneInfo(actor.timezone)
today = datetime.now(tz).date()
with state.get_runtime().uow() as uow:
    people = relationships.list_people(uow, actor)
    due = relationships.people_to_reconnect(uow, actor, today=today)
    interactions = relationships.list_interactions(uow, actor, limit=LIST_LIMIT)

reconnect_list(due, actor.timezone, today)

st.subheader("People")
if people:
    st.dataframe(
        people_table(people, actor.timezone),
        hide_index=True,
        width="stretch",
        column_config={
            "Last contact": st.column_config.DatetimeColumn(format="ddd DD MMM YYYY, HH:mm"),
            "Next cue": st.column_config.DateColumn(format="ddd DD MMM YYYY"),
            "Birthday": st.column_config.DateColumn(format="DD MMM YYYY"),
        },
    )
else:
    st.caption("No one yet: add the people you want to keep in touch with.")
add_person_form()
if people:
    log_interaction_form(people, tz)

st.subheader("Interactions")
if interactions:
    st.dataframe(
        interactions_table(interactions, actor.timezone),
        hide_index=True,
        width="stretch",
        column_config={
            "When": st.column_config.DatetimeColumn(format="ddd DD MMM YYYY, HH:mm"),
        },
    )
    st.caption(
        "Inferred interactions come from your calendar and count once you confirm them in "
        "the review queue."
    )
else:
    st.caption("No interactions yet.")
