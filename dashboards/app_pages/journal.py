"""Journal: write an entry, search what you wrote, read entries newest first.

An entry's text is shown exactly as typed (``st.text``), never rendered as Markdown or HTML;
everything else a person wrote goes through ``ui.md``. Private entries keep their text folded
away until asked for.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from dashboards import state, ui
from lifeos_core.errors import InvalidInput, LifeOSError
from lifeos_core.journal import service as journal
from lifeos_core.journal.schemas import JournalEntryView

PAGE_SIZE = 20
NEW_ENTRY_KEYS = (
    "journal_new_date", "journal_new_title", "journal_new_body", "journal_new_mood",
    "journal_new_tags", "journal_new_private",
)  # fmt: skip
FIELD_LABELS = {
    "entry_date": "Date",
    "title": "Title",
    "body": "Entry",
    "mood": "Mood",
    "tags": "Tags",
    "input": "Entry",
}


def add_entry() -> None:
    """Submit callback: save the entry, or keep the input and remember what is wrong."""
    actor = state.refreshed_actor()  # callbacks run before the entrypoint reloads it
    if actor is None:
        return
    ss = st.session_state
    fields = {
        "entry_date": ss.get("journal_new_date"),
        "title": ss.get("journal_new_title") or None,
        "body": ss.get("journal_new_body") or "",
        "mood": ss.get("journal_new_mood"),
        "tags": ss.get("journal_new_tags") or "",
        "is_private": bool(ss.get("journal_new_private")),
    }
    try:
        with state.get_runtime().uow() as uow:
            entry = journal.create_entry(uow, actor, **fields)
            uow.commit()
    except InvalidInput as exc:
        ss["journal_new_errors"] = ui.field_messages(
            exc.fields or {"input": str(exc)}, FIELD_LABELS
        )
        return
    except LifeOSError as exc:
        ss["journal_new_errors"] = {"input": str(exc)}
        return
    ss.pop("journal_new_errors", None)
    for key in NEW_ENTRY_KEYS:  # back to the defaults for the next entry
        ss.pop(key, None)
    ui.flash("journal", "success", f"Saved your entry for {entry.entry_date:%a %d %b %Y}.")


def delete_entry(entry_id: int) -> None:
    actor = state.refreshed_actor()
    if actor is None:
        return
    try:
        with state.get_runtime().uow() as uow:
            journal.delete_entry(uow, actor, entry_id)
            uow.commit()
    except LifeOSError as exc:
        ui.flash("journal", "error", str(exc))
        return
    ui.flash("journal", "success", "Deleted the entry.")


def show_errors(errors: dict[str, str], *names: str) -> None:
    for name in names:
        if name in errors:
            st.error(ui.md(errors[name]))


def new_entry_form(today) -> None:
    errors: dict[str, str] = st.session_state.get("journal_new_errors", {})
    with st.expander("Write an entry", expanded=True), st.form("journal_new_entry"):
        show_errors(errors, "input")
        left, right = st.columns([2, 1])
        with left:
            st.text_input("Title (optional)", key="journal_new_title", max_chars=200)
            show_errors(errors, "title")
        with right:
            st.date_input("Date", value=today, key="journal_new_date", format="YYYY-MM-DD")
            show_errors(errors, "entry_date")
        st.text_area(
            "Entry",
            key="journal_new_body",
            height=180,
            help="Markdown is kept as you write it and shown as plain text.",
        )
        show_errors(errors, "body")
        mood, tags, private = st.columns([1, 2, 1], vertical_alignment="bottom")
        with mood:
            st.number_input(
                "Mood (1–10)", min_value=1, max_value=10, value=None, step=1,
                key="journal_new_mood", placeholder="No mood",
            )  # fmt: skip
            show_errors(errors, "mood")
        with tags:
            st.text_input("Tags", key="journal_new_tags", placeholder="travel, family, #work")
            show_errors(errors, "tags")
        with private:
            st.checkbox("Private", key="journal_new_private", help="Text stays folded away.")
        st.form_submit_button(
            "Save entry", type="primary", key="journal_new_submit", on_click=add_entry
        )


def entries_count(entries: list) -> str:
    return "1 entry" if len(entries) == 1 else f"{len(entries)} entries"


def show_entry(entry: JournalEntryView) -> None:
    with st.container(border=True):
        heading = f"{entry.entry_date:%a %d %b %Y}"
        if entry.title:
            heading += f" · {entry.title}"
        st.markdown(f"**{ui.md(heading)}**")
        details = [f"Mood {entry.mood}/10"] if entry.mood is not None else []
        details += [f"#{tag}" for tag in entry.tags]
        if entry.is_private:
            details.append("Private")
        if details:
            st.caption(ui.md(" · ".join(details)))
        if entry.is_private:
            with st.expander("Show the text of this private entry"):
                st.text(entry.body)
        else:
            st.text(entry.body)
        with st.popover("Delete"):
            st.button(
                "Delete this entry for good",
                key=f"journal_delete_{entry.id}",
                on_click=delete_entry,
                args=(entry.id,),
            )


actor = state.current_actor()
st.title("Journal")
ui.show_flash("journal")
new_entry_form(datetime.now(ZoneInfo(actor.timezone)).date())

with state.get_runtime().uow() as uow:
    tag_counts = {t.tag: t.count for t in journal.tag_counts(uow, actor)}
search_column, tag_column = st.columns([3, 2])
query = search_column.text_input(
    "Search", key="journal_search", placeholder='words, "a phrase", or, -leave out'
)
tag = tag_column.selectbox(
    "Tag",
    [None, *tag_counts],
    format_func=lambda t: "All tags" if t is None else f"#{t} ({tag_counts[t]})",
    key="journal_tag",
)

with state.get_runtime().uow() as uow:
    if query.strip():
        entries = journal.search_entries(uow, actor, query, limit=200)
        entries = [e for e in entries if tag is None or tag in e.tags]
        summary = f"{entries_count(entries)} found, best match first."
    else:
        entries = journal.list_entries(uow, actor, tag=tag, limit=1000)
        summary = f"{entries_count(entries)}, newest first."

shown, page, pages = ui.paginate(entries, page_size=PAGE_SIZE, key="journal_page")
st.caption(summary + (f" Page {page} of {pages}." if pages > 1 else ""))
for entry in shown:
    show_entry(entry)
if not entries:
    st.info("Nothing yet." if not query.strip() and tag is None else "No entries match.")
