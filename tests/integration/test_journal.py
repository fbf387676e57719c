"""The journal: entries, filters, tags, moods and full-text search, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from lifeos_core.errors import InvalidInput, NotFound
from lifeos_core.events.models import EventRecord
from lifeos_core.journal import service as journal

LIGHTHOUSE = dict(
    entry_date=date(2026, 11, 20),
    title="The lighthouse keeper",
    body="Climbed the lighthouse at Hook Head. The keeper says the lighthouse lamp turns all night.",
    mood=9,
    tags=["Travel", "#Ireland"],
)
ERRANDS = dict(
    entry_date=date(2026, 11, 23),
    body="Drove past a lighthouse on the way home, then groceries, laundry and emails.",
    mood=5,
    tags=["errands"],
)
RIVER = dict(
    entry_date=date(2026, 11, 24),
    title="Morning run",
    body="I run along the river every morning before work; today the herons were out.",
    mood=7,
    tags=["running", "travel"],
)
DIARY = dict(
    entry_date=date(2026, 11, 25),
    body="Therapy today. Talked about my father and the lighthouse summers.",
    tags=["therapy"],
    is_private=True,
)


def write(runtime, actor, *entries: dict) -> list:
    with runtime.uow() as uow:
        views = [journal.create_entry(uow, actor, **entry) for entry in entries]
        uow.commit()
    return views


def search(runtime, actor, text: str) -> list[str]:
    with runtime.uow() as uow:
        return [e.body for e in journal.search_entries(uow, actor, text)]


def journal_events(runtime) -> list[tuple[str, dict]]:
    with runtime.uow() as uow:
        rows = uow.session.execute(
            sa.select(EventRecord.event_type, EventRecord.payload)
            .where(EventRecord.event_type.like("journal.%"))
            .order_by(EventRecord.id)
        )
        return [(event_type, payload) for event_type, payload in rows]


# --- writing ------------------------------------------------------------------------------


def test_an_entry_keeps_its_markdown_and_normalises_its_tags(runtime, owner):
    (entry,) = write(runtime, owner, {**LIGHTHOUSE, "tags": " Travel, #Ireland ,travel,, "})

    with runtime.uow() as uow:
        stored = journal.get_entry(uow, owner, entry.id)
    assert stored.tags == ["travel", "ireland"]
    assert (stored.title, stored.body, stored.mood) == (
        LIGHTHOUSE["title"], LIGHTHOUSE["body"], 9,
    )  # fmt: skip
    assert stored.is_private is False


def test_events_carry_no_text_and_a_private_entry_keeps_its_tags_too(runtime, owner):
    lighthouse, diary = write(runtime, owner, LIGHTHOUSE, DIARY)
    with runtime.uow() as uow:
        journal.update_entry(uow, owner, lighthouse.id, body="Rewritten.", mood=8)
        journal.delete_entry(uow, owner, diary.id)
        uow.commit()

    events = journal_events(runtime)
    assert [t for t, _ in events] == [
        "journal.entry.created", "journal.entry.created",
        "journal.entry.updated", "journal.entry.deleted",
    ]  # fmt: skip
    created, private, updated, deleted = (payload for _, payload in events)
    assert created["tags"] == ["travel", "ireland"] and created["mood"] == 9
    assert private["is_private"] is True and private["tags"] is None
    assert updated["fields"] == ["body", "mood"]
    assert deleted == {"user_id": owner.user_id, "entry_id": diary.id}
    stored = repr(events)
    for secret in ("lighthouse", "Therapy", "Rewritten", "therapy", "keeper"):
        assert secret not in stored


def test_a_mood_outside_one_to_ten_is_refused_naming_the_field(runtime, owner):
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        journal.create_entry(uow, owner, **{**RIVER, "mood": 11})
    assert set(bad.value.fields) == {"mood"}
    (river,) = write(runtime, owner, RIVER)
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        journal.update_entry(uow, owner, river.id, mood=0)
    assert set(bad.value.fields) == {"mood"}
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        journal.list_entries(uow, owner, mood_min=0, mood_max=11)
    assert set(bad.value.fields) == {"mood_min", "mood_max"}
    with runtime.uow() as uow:
        assert [e.mood for e in journal.list_entries(uow, owner)] == [7]


def test_an_empty_body_is_refused_and_nothing_is_written(runtime, owner):
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        journal.create_entry(uow, owner, entry_date=date(2026, 11, 25), body="   \n ")
    assert set(bad.value.fields) == {"body"}
    with runtime.uow() as uow:
        assert journal.list_entries(uow, owner) == []
    assert journal_events(runtime) == []


def test_an_update_changes_only_the_given_fields_and_can_clear_title_and_mood(runtime, owner):
    (river,) = write(runtime, owner, RIVER)
    with runtime.uow() as uow:
        journal.update_entry(uow, owner, river.id, title=None, mood=None, tags="Running, Herons")
        uow.commit()
    with runtime.uow() as uow:
        changed = journal.get_entry(uow, owner, river.id)
        with pytest.raises(InvalidInput) as bad:
            journal.update_entry(uow, owner, river.id, body=None)
    assert (changed.title, changed.mood, changed.tags) == (None, None, ["running", "herons"])
    assert changed.body == RIVER["body"] and changed.entry_date == RIVER["entry_date"]
    assert set(bad.value.fields) == {"body"}


def test_private_entries_are_flagged(runtime, owner):
    write(runtime, owner, RIVER, DIARY)
    with runtime.uow() as uow:
        flags = {e.entry_date: e.is_private for e in journal.list_entries(uow, owner)}
        (found,) = journal.search_entries(uow, owner, "therapy")
    assert flags == {RIVER["entry_date"]: False, DIARY["entry_date"]: True}
    assert found.is_private is True


# --- reading ------------------------------------------------------------------------------


def test_entries_filter_by_dates_tag_and_mood(runtime, owner):
    write(runtime, owner, LIGHTHOUSE, ERRANDS, RIVER, DIARY)

    def dates(**filters) -> list[int]:
        with runtime.uow() as uow:
            return [e.entry_date.day for e in journal.list_entries(uow, owner, **filters)]

    assert dates() == [25, 24, 23, 20]  # newest first
    assert dates(start=date(2026, 11, 21), end=date(2026, 11, 24)) == [24, 23]
    assert dates(tag="#Travel") == [24, 20]
    assert dates(mood_min=6) == [24, 20]
    assert dates(mood_min=5, mood_max=7) == [24, 23]
    assert dates(tag="travel", mood_max=8) == [24]
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        journal.list_entries(uow, owner, start=date(2026, 11, 24), end=date(2026, 11, 20))
    assert set(bad.value.fields) == {"end"}


def test_tag_counts_and_the_mood_series(runtime, owner):
    write(runtime, owner, LIGHTHOUSE, ERRANDS, RIVER, DIARY)
    write(runtime, owner, {**RIVER, "mood": 4, "tags": ["running"]})  # a second entry that day

    with runtime.uow() as uow:
        counts = journal.tag_counts(uow, owner)
        series = journal.mood_series(uow, owner, start=date(2026, 11, 21))
    assert [(c.tag, c.count) for c in counts] == [
        ("running", 2), ("travel", 2), ("errands", 1), ("ireland", 1), ("therapy", 1),
    ]  # fmt: skip
    # The diary has no mood and is not a point; two moods on one day average out.
    assert [(p.entry_date.day, p.mood, p.entries) for p in series] == [(23, 5.0, 1), (24, 5.5, 2)]


# --- search -------------------------------------------------------------------------------


def test_search_finds_inflected_words_and_ranks_the_better_match_first(runtime, owner):
    write(runtime, owner, LIGHTHOUSE, ERRANDS, RIVER)

    # The errands entry is newer, but the lighthouse one says "lighthouse" in its title and
    # three times in all.
    assert search(runtime, owner, "lighthouse") == [LIGHTHOUSE["body"], ERRANDS["body"]]
    assert search(runtime, owner, "running rivers") == [RIVER["body"]]  # run, river
    assert search(runtime, owner, "Ireland") == [LIGHTHOUSE["body"]]  # a tag
    assert search(runtime, owner, '"keeper says"') == [LIGHTHOUSE["body"]]  # a phrase
    assert search(runtime, owner, '"says keeper"') == []
    assert search(runtime, owner, "lighthouse -laundry") == [LIGHTHOUSE["body"]]
    assert sorted(search(runtime, owner, "herons or groceries")) == [ERRANDS["body"], RIVER["body"]]
    assert search(runtime, owner, "zeppelin") == []


def test_search_reflects_updates_and_deletes(runtime, owner):
    lighthouse, river = write(runtime, owner, LIGHTHOUSE, RIVER)
    with runtime.uow() as uow:
        journal.update_entry(uow, owner, river.id, body="Swam in the harbour instead.")
        journal.delete_entry(uow, owner, lighthouse.id)
        uow.commit()

    assert search(runtime, owner, "river") == []
    assert search(runtime, owner, "harbours") == ["Swam in the harbour instead."]
    assert search(runtime, owner, "lighthouse") == []
    assert search(runtime, owner, "morning run") == ["Swam in the harbour instead."]  # title kept


def test_search_never_shows_another_users_entries(runtime, owner, make_user):
    write(runtime, owner, LIGHTHOUSE)
    mallory = make_user("mallory@example.com")
    write(runtime, mallory, {**ERRANDS, "body": "My own lighthouse, far better than Ada's."})

    assert search(runtime, mallory, "lighthouse keeper or Hook") == []
    assert search(runtime, mallory, "lighthouse") == ["My own lighthouse, far better than Ada's."]
    assert search(runtime, owner, "lighthouse") == [LIGHTHOUSE["body"]]


WEIRD_QUERIES = (
    "AND", "OR", "NOT", '"', '""', '"lighthouse', "*", "lighthouse*", "NEAR(", "NEAR(a b, 2)",
    "'; DROP TABLE journal_entry; --", "title:lighthouse", "^lighthouse", "a & b | !c <-> d",
    "(((", "-", "--", "- -lighthouse", "or or or", "\\", "%_", "\x00lighthouse", "🔦 lighthouse",
    "{title body}: lighthouse", "lighthouse + keeper", "", "   ", "x" * 5000,
)  # fmt: skip


def test_whatever_is_typed_into_search_never_raises(runtime, owner):
    write(runtime, owner, LIGHTHOUSE)
    for text in WEIRD_QUERIES:
        results = search(runtime, owner, text)
        assert results in ([], [LIGHTHOUSE["body"]]), text
    assert search(runtime, owner, "'; DROP TABLE journal_entry; --") == []
    assert search(runtime, owner, '(lighthouse) AND "keeper') == [LIGHTHOUSE["body"]]
    assert search(runtime, owner, "\x00lighthouse") == [LIGHTHOUSE["body"]]
    with runtime.uow() as uow:
        assert len(journal.list_entries(uow, owner)) == 1


# --- isolation ----------------------------------------------------------------------------


def test_another_user_can_neither_read_change_nor_delete_an_entry(runtime, owner, make_user):
    (lighthouse,) = write(runtime, owner, LIGHTHOUSE)
    mallory = make_user("mallory@example.com")
    with runtime.uow() as uow:
        assert journal.list_entries(uow, mallory) == []
        assert journal.list_entries(uow, mallory, tag="travel") == []
        assert journal.tag_counts(uow, mallory) == []
        assert journal.mood_series(uow, mallory) == []
        assert journal.search_entries(uow, mallory, "lighthouse") == []
        for attempt in (
            lambda: journal.get_entry(uow, mallory, lighthouse.id),
            lambda: journal.update_entry(uow, mallory, lighthouse.id, body="Mine now."),
            lambda: journal.delete_entry(uow, mallory, lighthouse.id),
            lambda: journal.get_entry(uow, owner, lighthouse.id + 1000),
        ):
            with pytest.raises(NotFound):
                attempt()
        uow.commit()
    with runtime.uow() as uow:
        assert journal.get_entry(uow, owner, lighthouse.id).body == LIGHTHOUSE["body"]
    assert [t for t, _ in journal_events(runtime)] == ["journal.entry.created"]
