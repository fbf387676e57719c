"""Review queue: confirm, reject or ignore what the interpreter proposed, one by one or in a
batch.

Decisions are button callbacks, so they are written before the page renders and the queue
below already shows their outcome.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboards import state, ui
from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.schemas import InterpretationView
from lifeos_core.errors import LifeOSError
from lifeos_core.interpreter import review

PAGE_SIZE = 25
DECIDED = {"confirm": "Confirmed", "reject": "Rejected", "ignore": "Ignored"}
STATUSES = {
    "inferred": "Waiting",
    "confirmed": "Confirmed",
    "rejected": "Rejected",
    "ignored": "Ignored",
}
DOMAIN_COLORS = {
    "finance": "green",
    "health": "red",
    "habits": "orange",
    "projects": "blue",
    "relationships": "violet",
    "skills": "yellow",
}


def select_key(interpretation_id: int) -> str:
    return f"review_select_{interpretation_id}"


def decide(ids: Sequence[int], decision: str, what: str) -> None:
    actor = state.refreshed_actor()  # callbacks run before the entrypoint reloads it
    if actor is None:
        return
    try:
        with state.get_runtime().uow() as uow:
            review.decide(uow, actor, interpretation_ids=list(ids), decision=decision)
            uow.commit()
    except LifeOSError as exc:
        ui.flash("review", "error", str(exc))
        return
    for interpretation_id in ids:
        st.session_state.pop(select_key(interpretation_id), None)
    ui.flash("review", "success", f"{DECIDED[decision]} {what}.")


def decide_one(item: InterpretationView, decision: str) -> None:
    decide([item.id], decision, f"“{item.event_title}” as {item.record_type}")


def decide_selected(shown_ids: Sequence[int], decision: str) -> None:
    ids = [i for i in shown_ids if st.session_state.get(select_key(i))]
    if not ids:
        ui.flash("review", "warning", "Select at least one interpretation first.")
        return
    decide(ids, decision, f"{len(ids)} interpretation{'s' if len(ids) != 1 else ''}")


def set_selection(ids: Sequence[int], selected: bool) -> None:
    for interpretation_id in ids:
        st.session_state[select_key(interpretation_id)] = selected


def batch_bar(shown_ids: list[int], can_decide: bool) -> None:
    chosen = sum(bool(st.session_state.get(select_key(i))) for i in shown_ids)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(
            "Select all on this page",
            key="review_select_all",
            on_click=set_selection,
            args=(shown_ids, True),
        )
        st.button(
            "Clear selection",
            key="review_select_none",
            on_click=set_selection,
            args=(shown_ids, False),
        )
        for decision, label in (("confirm", "Confirm"), ("reject", "Reject"), ("ignore", "Ignore")):
            st.button(
                f"{label} selected",
                key=f"review_batch_{decision}",
                type="primary" if decision == "confirm" else "secondary",
                disabled=not can_decide,
                on_click=decide_selected,
                args=(shown_ids, decision),
            )
        st.caption(f"{chosen} selected")


def confirm_corrected(item: InterpretationView) -> None:
    """Submit callback of a card's correction form."""
    actor = state.refreshed_actor()
    if actor is None:
        return
    corrections = {
        field: st.session_state.get(f"review_edit_{item.id}_{field}", "")
        for field in item.structure
    }
    try:
        with state.get_runtime().uow() as uow:
            review.confirm_corrected(uow, actor, interpretation_id=item.id, corrections=corrections)
            uow.commit()
    except LifeOSError as exc:
        st.session_state[f"review_edit_{item.id}_error"] = str(exc)
        return
    st.session_state.pop(f"review_edit_{item.id}_error", None)
    st.session_state.pop(select_key(item.id), None)
    ui.flash("review", "success", f"Confirmed “{item.event_title}” with your corrections.")


def correction_form(item: InterpretationView) -> None:
    error = st.session_state.get(f"review_edit_{item.id}_error")
    with st.expander("Correct before confirming", expanded=bool(error)):
        with st.form(f"review_edit_{item.id}"):
            if error:
                st.error(ui.md(error))
            for field, value in item.structure.items():
                st.text_input(
                    field.replace("_", " ").capitalize(),
                    value="" if value is None else str(value),
                    key=f"review_edit_{item.id}_{field}",
                )
            st.form_submit_button(
                "Confirm with these values",
                key=f"review_edit_{item.id}_submit",
                on_click=confirm_corrected,
                args=(item,),
            )


def card(actor: Actor, item: InterpretationView, can_decide: bool) -> None:
    color = DOMAIN_COLORS.get(item.domain, "gray")
    with st.container(border=True, key=f"review_item_{item.id}"):
        pick, body = st.columns([1, 30])
        pick.checkbox(
            "Select", key=select_key(item.id), label_visibility="collapsed", disabled=not can_decide
        )
        with body:
            st.markdown(f"**{ui.md(item.event_title)}**")
            st.markdown(
                f":{color}-badge[{ui.md(item.domain)}] {ui.md(item.record_type)} · "
                f"**{item.confidence_score:.0%}** confident · "
                f"{ui.md(ui.when(item.event_start, item.event_end, actor.timezone))}"
            )
            if item.evidence:
                st.markdown("\n".join(f"- {ui.md(line)}" for line in item.evidence))
            if item.structure:
                details = " · ".join(
                    f"{ui.md(name)}: {ui.md(ui.compact(value))}"
                    for name, value in item.structure.items()
                )
                st.caption(details)
            with st.container(horizontal=True):
                for decision, label in (
                    ("confirm", "Confirm"),
                    ("reject", "Reject"),
                    ("ignore", "Ignore"),
                ):
                    st.button(
                        label,
                        key=f"review_{decision}_{item.id}",
                        type="primary" if decision == "confirm" else "secondary",
                        disabled=not can_decide,
                        on_click=decide_one,
                        args=(item, decision),
                    )
            if can_decide and item.structure:
                correction_form(item)


actor = state.current_actor()
st.title("Review queue")
if not actor.can("calendar.read"):
    st.info("Your account cannot see interpretations.")
    st.stop()
can_decide = actor.can("review.decide")

with state.get_runtime().uow() as uow:
    counts = calendar.interpretation_status_counts(uow, actor)
    # The service has no offset yet, so the page fetches the whole queue and slices it.
    pending = calendar.list_interpretations(uow, actor, limit=max(1, counts.get("inferred", 0)))

for column, (status, label) in zip(st.columns(len(STATUSES)), STATUSES.items(), strict=True):
    column.metric(label, counts.get(status, 0))
ui.show_flash("review")

if not pending:
    st.success("Nothing is waiting for review.")
    st.stop()

domains = st.multiselect(
    "Domains",
    sorted({i.domain for i in pending} | set(st.session_state.get("review_domains", []))),
    key="review_domains",
    placeholder="All domains",
)
queue = [i for i in pending if not domains or i.domain in domains]
if not queue:
    st.info("Nothing is waiting in these domains.")
    st.stop()
shown, page, pages = ui.paginate(queue, page_size=PAGE_SIZE, key="review_page")
first = (page - 1) * PAGE_SIZE + 1
st.caption(f"Showing {first}–{first + len(shown) - 1} of {len(queue)} waiting, most recent first.")
if not can_decide:
    st.info("Your account can see the queue but not decide.")
batch_bar([i.id for i in shown], can_decide)
for item in shown:
    card(actor, item, can_decide)
