"""Insights: what the rules noticed, with the records behind each, to acknowledge or dismiss."""

from __future__ import annotations

import streamlit as st

from dashboards import state, ui
from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import LifeOSError
from lifeos_core.insights import service as insights
from lifeos_core.insights.schemas import InsightView

PAGE_SIZE = 20
SEVERITY_COLORS = {"positive": "green", "info": "blue", "warning": "orange", "critical": "red"}
DONE = {"acknowledge": "Acknowledged", "dismiss": "Dismissed"}


def mark(insight: InsightView, action: str) -> None:
    actor = state.refreshed_actor()  # callbacks run before the entrypoint reloads it
    if actor is None:
        return
    try:
        with state.get_runtime().uow() as uow:
            insights.mark_insight(uow, actor, insight.id, action)
            uow.commit()
    except LifeOSError as exc:
        ui.flash("insights", "error", str(exc))
        return
    ui.flash("insights", "success", f"{DONE[action]} “{insight.title}”.")


def evidence_lines(payload: dict) -> list[str]:
    """'calendar_event_interpretation: 1, 2, 480' for each kind of record an insight cites."""
    evidence = payload.get("evidence") or {}
    if isinstance(evidence, dict):
        return [f"{kind}: {', '.join(map(str, ids))}" for kind, ids in evidence.items()]
    return [", ".join(map(str, evidence))]


def card(actor: Actor, insight: InsightView) -> None:
    color = SEVERITY_COLORS.get(insight.severity, "gray")
    with st.container(border=True, key=f"insights_item_{insight.id}"):
        st.markdown(f"**{ui.md(insight.title)}** :{color}-badge[{ui.md(insight.severity)}]")
        if insight.body:
            st.markdown(ui.md(insight.body))
        noted = f"Noticed {ui.local(insight.created_at, actor.timezone):%a %d %b %Y, %H:%M}"
        if insight.expires_at is not None:
            noted += f" · expires {ui.local(insight.expires_at, actor.timezone):%d %b %Y}"
        if insight.acknowledged_at is not None:
            noted += " · acknowledged"
        if insight.dismissed_at is not None:
            noted += " · dismissed"
        st.caption(ui.md(noted))
        for line in evidence_lines(insight.payload):
            st.caption(f"Evidence: {ui.md(line)}")
        with st.container(horizontal=True):
            st.button(
                "Acknowledge",
                key=f"insights_acknowledge_{insight.id}",
                disabled=insight.acknowledged_at is not None,
                on_click=mark,
                args=(insight, "acknowledge"),
            )
            st.button(
                "Dismiss",
                key=f"insights_dismiss_{insight.id}",
                disabled=insight.dismissed_at is not None,
                on_click=mark,
                args=(insight, "dismiss"),
            )


actor = state.current_actor()
st.title("Insights")
if not actor.can("insights.read"):
    st.info("Your account cannot see insights.")
    st.stop()
ui.show_flash("insights")
show_dismissed = st.toggle("Show dismissed", key="insights_show_dismissed")
with state.get_runtime().uow() as uow:
    found = insights.list_insights(uow, actor, include_dismissed=show_dismissed)
if not found:
    st.info("No insights yet. They appear as you confirm records in the review queue.")
    st.stop()
shown, _, _ = ui.paginate(found, page_size=PAGE_SIZE, key="insights_page")
for insight in shown:
    card(actor, insight)
