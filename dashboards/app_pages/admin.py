"""Admin: accounts and roles, the outbox's health and its dead letters, the insight rules'
telemetry, and the way to the pipeline's runs in the Dagster UI.

Only administrators reach this page (the entrypoint registers it for them alone); it checks
again here, and every service it calls refuses anyone without the permission.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards import state, ui
from lifeos_core.admin import service as admin
from lifeos_core.admin.schemas import DeadLetter, OutboxHealth
from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import LifeOSError

PAGE_SIZE = 20
DEAD_LIMIT = 1000
TELEMETRY_DAYS = 30
STATUS_LABELS = {
    "pending": "Pending",
    "sending": "Sending",
    "failed": "Failed (retrying)",
    "dead": "Dead",
    "sent": "Sent",
}


@st.cache_data(ttl=10, show_spinner=False)
def users_table(_actor: Actor, user_id: int) -> pd.DataFrame:
    with state.get_runtime().uow() as uow:
        users = admin.list_users(uow, _actor)
    return pd.DataFrame(
        {
            "Email": [u.email for u in users],
            "Name": [u.display_name for u in users],
            "Time zone": [u.timezone for u in users],
            "Roles": [", ".join(u.roles) for u in users],
            "Permissions": [len(u.permissions) for u in users],
        }
    )


@st.cache_data(ttl=10, show_spinner=False)
def outbox_state(_actor: Actor, user_id: int) -> tuple[OutboxHealth, list[DeadLetter]]:
    with state.get_runtime().uow() as uow:
        return (
            admin.outbox_health(uow, _actor),
            admin.dead_letters(uow, _actor, limit=DEAD_LIMIT),
        )


def requeue(message_ids: list[int] | None) -> None:
    """Button callback: back to the queue with fresh attempts (all dead ones when None)."""
    actor = state.refreshed_actor()  # callbacks run before the entrypoint reloads it
    if actor is None:
        return
    try:
        with state.get_runtime().uow() as uow:
            count = admin.requeue_dead_letters(uow, actor, message_ids=message_ids)
            uow.commit()
    except LifeOSError as exc:
        ui.flash("admin", "error", str(exc))
        return
    outbox_state.clear()
    ui.flash(
        "admin",
        "success",
        f"Requeued {count} message{'s' if count != 1 else ''}; the outbox sensor picks them up.",
    )


def age(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def users_section(actor: Actor) -> None:
    st.subheader("Users and roles")
    st.dataframe(users_table(actor, actor.user_id), hide_index=True, width="stretch")
    roles = admin.list_roles(actor)
    st.dataframe(
        pd.DataFrame(
            {
                "Role": [r.name for r in roles],
                "What it is for": [r.description for r in roles],
                "Permissions": [", ".join(r.permissions) for r in roles],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "Accounts are created by the operator: `lifeos user create --email … --role owner|admin|viewer`."
    )


def outbox_section(actor: Actor) -> None:
    health, dead = outbox_state(actor, actor.user_id)
    st.subheader("Outbox")
    figures = st.columns(len(STATUS_LABELS))
    for column, (status, label) in zip(figures, STATUS_LABELS.items(), strict=True):
        column.metric(label, health.by_status.get(status, 0))
    figures = st.columns(4)
    figures[0].metric("Ready to deliver", health.ready)
    figures[1].metric("Oldest ready message", age(health.oldest_ready_age_seconds))
    figures[2].metric("Dead tuples", "–" if health.dead_tuples is None else health.dead_tuples)
    figures[3].metric("Oldest open transaction", age(health.oldest_transaction_age_seconds))
    if health.dead_tuples is None:
        st.caption("Dead tuples and open transactions are PostgreSQL statistics (not on SQLite).")

    st.subheader("Dead letters")
    if not dead:
        st.success("No dead letters: every message was delivered or is still being tried.")
        return
    st.button(
        f"Requeue all {health.dead} dead",
        key="admin_requeue_all",
        type="primary",
        on_click=requeue,
        args=(None,),
    )
    shown, page, _ = ui.paginate(dead, page_size=PAGE_SIZE, key="admin_dead_page")
    first = (page - 1) * PAGE_SIZE + 1
    st.caption(f"Showing {first}–{first + len(shown) - 1} of {len(dead)}, newest first.")
    for letter in shown:
        with st.container(border=True, key=f"admin_dead_{letter.id}"):
            text, action = st.columns([6, 1], vertical_alignment="center")
            text.markdown(
                f"**{ui.md(letter.event_type)}** · message {letter.id} · user {letter.user_id} · "
                f"{letter.attempts} attempt{'s' if letter.attempts != 1 else ''} · "
                f"created {ui.local(letter.created_at, actor.timezone):%d %b %Y, %H:%M}"
            )
            text.text(letter.last_error or "(no error recorded)")
            action.button(
                "Requeue", key=f"admin_requeue_{letter.id}", on_click=requeue, args=([letter.id],)
            )


@st.cache_data(ttl=60, show_spinner=False)
def telemetry_table(_actor: Actor, user_id: int) -> pd.DataFrame:
    with state.get_runtime().uow() as uow:
        rows = admin.telemetry(uow, _actor, days=TELEMETRY_DAYS)
    return pd.DataFrame(
        {
            "Rule": [r.rule for r in rows],
            "Version": [r.rule_version for r in rows],
            "Model": [r.model_version or "" for r in rows],
            "Domain": [r.domain for r in rows],
            "Runs": [r.runs for r in rows],
            "Events": [r.events for r in rows],
            "Insights": [r.created for r in rows],
            "Acknowledged": [r.acknowledged for r in rows],
            "Dismissed": [r.dismissed for r in rows],
            "Not useful": [r.not_useful for r in rows],
            "Missed": [r.misses for r in rows],
            "False positives": [r.false_positive_rate for r in rows],
            "Mean ms": [r.latency_ms_mean for r in rows],
            "Max ms": [r.latency_ms_max for r in rows],
        }
    )


def telemetry_section(actor: Actor) -> None:
    st.subheader(f"Insight telemetry (last {TELEMETRY_DAYS} days)")
    table = telemetry_table(actor, actor.user_id)
    shown, _, _ = ui.paginate(table, page_size=PAGE_SIZE, key="admin_telemetry_page")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            "False positives": st.column_config.NumberColumn(format="percent"),
            "Mean ms": st.column_config.NumberColumn(format="%.1f"),
            "Max ms": st.column_config.NumberColumn(format="%.1f"),
        },
    )
    st.caption(
        "Every user's rules: runs and events per rule version; insights and the owners' "
        "reactions (not useful = false positive, missed = reported false negative) per "
        "interpreter model version."
    )


actor = state.current_actor()
st.title("Admin")
if not admin.is_admin(actor):
    st.info("This page is for administrators.")
    st.stop()
ui.show_flash("admin")

if actor.can("admin.users"):
    users_section(actor)
if actor.can("admin.operations"):
    outbox_section(actor)
    telemetry_section(actor)
    st.subheader("Pipeline runs")
    runs = admin.dagster_runs_url(actor, state.get_runtime().settings)
    st.link_button("Open the runs in the Dagster UI", runs, icon=":material/open_in_new:")
    st.caption(
        ui.md(
            f"Sync, interpretation and outbox dispatch run in Dagster ({runs}): "
            "retry failed runs and see sensor ticks there."
        )
    )
