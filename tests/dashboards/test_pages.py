"""The pages, used as the owner would: review the queue, act on insights, add an event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from app_driver import keys, open_page

from dashboards.ui import md
from lifeos_core.calendar import service as calendar
from lifeos_core.insights import service as insights

DASHBOARDS = Path(__file__).resolve().parents[2] / "dashboards"


def pending(app_runtime, actor):
    with app_runtime.uow() as uow:
        return calendar.list_interpretations(uow, actor, limit=1000)


def statuses(app_runtime, actor, ids):
    with app_runtime.uow() as uow:
        rows = calendar.list_interpretations(
            uow, actor, statuses=("inferred", "confirmed", "rejected", "ignored"), limit=5000
        )
    return {row.id: row.status for row in rows if row.id in ids}


def waiting(at) -> int:
    return int(at.metric[0].value)


def test_confirming_an_interpretation_takes_it_out_of_the_queue(signed_in, app_runtime, demo_actor):
    at = open_page(signed_in, "review")
    first = pending(app_runtime, demo_actor)[0]
    before = waiting(at)
    assert f"review_confirm_{first.id}" in keys(at.button)

    at = at.button(key=f"review_confirm_{first.id}").click().run()

    assert f"review_confirm_{first.id}" not in keys(at.button)
    assert waiting(at) == before - 1
    assert at.success[0].value.startswith("Confirmed")
    assert statuses(app_runtime, demo_actor, {first.id}) == {first.id: "confirmed"}


def test_batch_reject_rejects_every_selected_interpretation_and_nothing_else(
    signed_in, app_runtime, demo_actor
):
    at = open_page(signed_in, "review")
    first, second, third = pending(app_runtime, demo_actor)[:3]
    at.checkbox(key=f"review_select_{first.id}").check()
    at.checkbox(key=f"review_select_{third.id}").check()
    at = at.run()

    at = at.button(key="review_batch_reject").click().run()

    assert "Rejected 2 interpretations" in at.success[0].value
    assert statuses(app_runtime, demo_actor, {first.id, second.id, third.id}) == {
        first.id: "rejected",
        second.id: "inferred",
        third.id: "rejected",
    }
    assert {f"review_select_{first.id}", f"review_select_{third.id}"}.isdisjoint(keys(at.checkbox))


def test_the_review_queue_shows_a_page_at_a_time(signed_in, app_runtime, demo_actor):
    at = open_page(signed_in, "review")
    queue = pending(app_runtime, demo_actor)
    assert len(queue) > 25
    shown = {k for k in keys(at.button) if k.startswith("review_confirm_")}
    assert shown == {f"review_confirm_{i.id}" for i in queue[:25]}

    at = at.pagination(key="review_page").select(2).run()
    shown = {k for k in keys(at.button) if k.startswith("review_confirm_")}
    assert shown == {f"review_confirm_{i.id}" for i in queue[25:50]}


def test_dismissing_an_insight_hides_it(signed_in, app_runtime, demo_actor):
    with app_runtime.uow() as uow:
        newest = insights.list_insights(uow, demo_actor)[0]
    at = open_page(signed_in, "insights")
    assert f"insights_dismiss_{newest.id}" in keys(at.button)
    assert any(newest.title in m.value for m in at.markdown)

    at = at.button(key=f"insights_dismiss_{newest.id}").click().run()

    assert f"insights_dismiss_{newest.id}" not in keys(at.button)
    with app_runtime.uow() as uow:
        assert newest.id not in {i.id for i in insights.list_insights(uow, demo_actor)}


def fill_new_event(at, title: str, start: datetime, end: datetime):
    at.text_input(key="calendar_new_title").input(title)
    at.datetime_input(key="calendar_new_start").set_value(start)
    at.datetime_input(key="calendar_new_end").set_value(end)
    return at.button(key="calendar_new_submit").click().run()


def test_an_event_that_ends_before_it_starts_is_refused_and_the_title_is_kept(
    signed_in, app_runtime, demo_actor
):
    with app_runtime.uow() as uow:
        before = calendar.count_events(uow, demo_actor)
    start = datetime.now().replace(hour=10, minute=0, second=0, microsecond=0)

    at = fill_new_event(
        open_page(signed_in, "calendar"), "Haircut at Salon Bea", start, start - timedelta(hours=1)
    )

    assert [e.value for e in at.error] == [md("End: is before the start")]
    assert at.text_input(key="calendar_new_title").value == "Haircut at Salon Bea"
    with app_runtime.uow() as uow:
        assert calendar.count_events(uow, demo_actor) == before


def test_an_added_event_appears_in_the_calendar_and_the_form_empties(signed_in):
    start = datetime.now().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)

    at = fill_new_event(
        open_page(signed_in, "calendar"),
        "Haircut at Salon Bea",
        start,
        start + timedelta(minutes=45),
    )

    assert not at.error
    assert "Haircut at Salon Bea" in at.success[0].value
    events = at.dataframe[0].value
    haircut = events[events["Title"] == "Haircut at Salon Bea"]
    assert list(haircut["Source"]) == ["manual"]
    assert haircut["Start"].iloc[0] == start.replace(tzinfo=ZoneInfo("Europe/Berlin"))
    assert at.text_input(key="calendar_new_title").value == ""


HOSTILE_TITLE = '<script>alert("hi")</script> **bold** [prize](https://evil.example) ![](https://tracker.example/p.png)'


def test_a_title_with_html_and_markdown_is_shown_as_typed_never_rendered(signed_in):
    start = datetime.now().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)

    at = fill_new_event(
        open_page(signed_in, "calendar"), HOSTILE_TITLE, start, start + timedelta(hours=1)
    )

    assert HOSTILE_TITLE in set(at.dataframe[0].value["Title"])  # the table shows it verbatim
    flash = at.success[0].value
    assert "<script>" not in flash and "](" not in flash and "**bold**" not in flash
    assert r"\<script\>" in flash
    assert not any(m.proto.allow_html for m in at.markdown)
    assert not at.get("html")


@pytest.mark.parametrize("path", sorted(DASHBOARDS.rglob("*.py")), ids=lambda p: p.name)
def test_no_screen_opts_into_raw_html(path):
    source = path.read_text()
    assert "unsafe_allow_html" not in source
    assert "st.html(" not in source


def test_confirming_a_meal_in_the_review_queue_shows_it_in_health(
    signed_in, app_runtime, demo_actor
):
    """AC-2.5: a confirmed inference appears in its domain; before, it counted for nothing."""
    from lifeos_core.health import service as health
    from lifeos_core.interpreter.service import interpret_new_events

    start = (datetime.now(UTC) - timedelta(days=1)).replace(
        hour=3, minute=0, second=0, microsecond=0
    )
    with app_runtime.uow() as uow:  # brunch at 04:00 in Berlin is no usual meal time: review
        event = calendar.create_event(uow, demo_actor, title="Brunch", start_time=start)
        uow.commit()
    interpret_new_events(app_runtime.uow, app_runtime.settings)
    with app_runtime.uow() as uow:
        [pending] = [
            i
            for i in calendar.list_interpretations(uow, demo_actor)
            if i.calendar_event_id == event.id
        ]
        assert [
            m.id
            for m in health.list_meals(uow, demo_actor, include_unconfirmed=False)
            if m.id == pending.record_id
        ] == []
    at = open_page(signed_in, "review")
    at = at.multiselect(key="review_domains").select("health").run()

    at = at.button(key=f"review_confirm_{pending.id}").click().run()

    with app_runtime.uow() as uow:
        meals = health.list_meals(uow, demo_actor, include_unconfirmed=False)
    assert [(m.meal_type, m.inferred_status) for m in meals if m.id == pending.record_id] == [
        ("lunch", "confirmed")
    ]


def test_correcting_a_proposal_before_confirming_it(signed_in, app_runtime, demo_actor):
    from lifeos_core.interpreter.service import interpret_new_events
    from lifeos_core.relationships import service as relationships

    start = (datetime.now(UTC) - timedelta(days=1)).replace(
        hour=16, minute=0, second=0, microsecond=0
    )
    with app_runtime.uow() as uow:
        event = calendar.create_event(uow, demo_actor, title="Call with Sam", start_time=start)
        uow.commit()
    interpret_new_events(app_runtime.uow, app_runtime.settings)
    with app_runtime.uow() as uow:
        [pending] = [
            i
            for i in calendar.list_interpretations(uow, demo_actor)
            if i.calendar_event_id == event.id
        ]
    at = open_page(signed_in, "review")
    at = at.multiselect(key="review_domains").select("relationships").run()

    at.text_input(key=f"review_edit_{pending.id}_person_name").input("Samira")
    at = at.button(key=f"review_edit_{pending.id}_submit").click().run()

    assert not at.error
    with app_runtime.uow() as uow:
        names = [
            i.person_name
            for i in relationships.list_interactions(uow, demo_actor)
            if i.calendar_event_id == event.id
        ]
    assert names == ["Samira"]
    assert f"review_confirm_{pending.id}" not in keys(at.button)
