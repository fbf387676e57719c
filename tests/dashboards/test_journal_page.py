"""The journal page as the owner uses it: write, search, read; text is shown as typed."""

from __future__ import annotations

from app_driver import keys, open_page

from dashboards.ui import md
from lifeos_core.journal import service as journal

LIGHTHOUSE = "Climbed the lighthouse at Hook Head at dawn; the keeper showed us the lamp."
HOSTILE_BODY = (
    '<script>alert("diary")</script> **bold** [prize](https://evil.example) '
    "![](https://tracker.example/p.png)"
)


def write(at, body: str, *, title: str = "", mood: int | None = None, tags: str = ""):
    at.text_input(key="journal_new_title").input(title)
    at.text_area(key="journal_new_body").input(body)
    at.number_input(key="journal_new_mood").set_value(mood)
    at.text_input(key="journal_new_tags").input(tags)
    return at.button(key="journal_new_submit").click().run()


def texts(at) -> list[str]:
    return [t.value for t in at.main.text]  # the sidebar has its own


def test_a_written_entry_is_found_by_a_word_in_it(signed_in, app_runtime, demo_actor):
    at = open_page(signed_in, "journal")

    at = write(at, LIGHTHOUSE, title="Hook Head", mood=8, tags="Travel, #Ireland")

    assert not at.error
    assert at.success[0].value.startswith("Saved your entry")
    assert at.text_area(key="journal_new_body").value == ""  # the form is ready for the next
    at = at.text_input(key="journal_search").input("lighthouses").run()
    assert texts(at) == [LIGHTHOUSE]
    assert md("Mood 8/10 · #travel · #ireland") in [c.value for c in at.caption]
    assert any("Hook Head" in m.value for m in at.markdown)
    with app_runtime.uow() as uow:
        (entry,) = journal.list_entries(uow, demo_actor)
    assert (entry.mood, entry.tags) == (8, ["travel", "ireland"])

    at = at.text_input(key="journal_search").input("zeppelin").run()
    assert texts(at) == []
    assert at.info[0].value == "No entries match."


def test_an_entry_without_text_is_refused_and_the_title_kept(signed_in, app_runtime, demo_actor):
    at = open_page(signed_in, "journal")

    at = write(at, "   ", title="Nothing to say", mood=3)

    assert [e.value for e in at.error] == [md("Entry: write something")]
    assert at.text_input(key="journal_new_title").value == "Nothing to say"
    assert at.number_input(key="journal_new_mood").value == 3
    with app_runtime.uow() as uow:
        assert journal.list_entries(uow, demo_actor) == []


def test_html_and_markdown_in_an_entry_are_shown_as_typed_never_rendered(signed_in):
    at = open_page(signed_in, "journal")

    at = write(at, HOSTILE_BODY, title="<b>[click](https://evil.example)</b>", tags="<i>x</i>")

    assert texts(at) == [HOSTILE_BODY]  # verbatim, as plain text
    for element in [*at.markdown, *at.caption]:
        assert "<script>" not in element.value and "](" not in element.value
        assert "<b>" not in element.value and "<i>" not in element.value
        assert not element.proto.allow_html
    assert not at.get("html")


def test_a_private_entry_is_marked_and_can_be_deleted(signed_in, app_runtime, demo_actor):
    at = open_page(signed_in, "journal")
    at.checkbox(key="journal_new_private").check()
    at = write(at, "Therapy today. Talked about the lighthouse summers.", tags="therapy")
    with app_runtime.uow() as uow:
        (entry,) = journal.list_entries(uow, demo_actor)

    assert entry.is_private
    assert md("#therapy · Private") in [c.value for c in at.caption]
    assert any(e.label == "Show the text of this private entry" for e in at.expander)

    at = at.button(key=f"journal_delete_{entry.id}").click().run()

    assert f"journal_delete_{entry.id}" not in keys(at.button)
    with app_runtime.uow() as uow:
        assert journal.list_entries(uow, demo_actor) == []
