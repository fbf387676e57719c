"""The calendar's day, week and month views and its source filter, used as the owner would.

The events lie two months back, before the demo calendar begins, so each view shows only
them (and, being past, they have been interpreted).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from app_driver import open_page

from dashboards.ui import STATUS_ICONS, domain_badge, md
from lifeos_core.calendar import service as calendar
from lifeos_core.interpreter import review
from lifeos_core.interpreter.service import interpret_new_events

BERLIN = ZoneInfo("Europe/Berlin")
LUNCH = "Lunch w/ Dana ($18)"
LATE_CALL = "Late call with Bo"


@pytest.fixture
def week(app_runtime, demo_actor) -> date:
    """The Monday of a week two months back: lunch with Dana on its Tuesday (her interaction
    waits for review, the meal and the $18 are confirmed) and a call late on Wednesday night
    in UTC, which is Thursday in Berlin."""
    back = datetime.now(BERLIN).date() - timedelta(days=60)
    monday = back - timedelta(days=back.weekday())
    with app_runtime.uow() as uow:
        for title, start in (
            (LUNCH, datetime.combine(monday + timedelta(days=1), time(12, 30), BERLIN)),
            (LATE_CALL, datetime.combine(monday + timedelta(days=2), time(23, 30), UTC)),
        ):
            calendar.create_event(
                uow, demo_actor, title=title, start_time=start, end_time=start + timedelta(hours=1)
            )
        uow.commit()
    interpret_new_events(app_runtime.uow, app_runtime.settings)
    return monday


def show(at, view: str, day: date):
    at.segmented_control(key="calendar_view").set_value(view)
    at = at.run()
    at.date_input(key="calendar_day").set_value(day)
    return at.run()


HEADING = re.compile(r"^(?::blue\[)?\*\*(\w{3} \d{2} \w{3})\*\*\]?$")


def day_columns(at) -> dict[str, str]:
    """The week grid's columns, by their heading ('Tue 27 Jan'), as one text each."""
    columns = {}
    for column in at.columns:
        texts = [m.value for m in column.markdown]
        heading = HEADING.match(texts[0]) if texts else None
        if heading:
            columns[heading.group(1)] = "\n".join(texts[1:])
    return columns


def test_the_week_view_lists_each_day_with_interpretation_badges(signed_in, week):
    at = show(open_page(signed_in, "calendar"), "Week", week + timedelta(days=3))

    assert not at.exception
    columns = day_columns(at)
    assert list(columns) == [f"{week + timedelta(days=n):%a %d %b}" for n in range(7)]
    tuesday = columns[f"{week + timedelta(days=1):%a %d %b}"]
    assert f"**12:30** {md(LUNCH)}" in tuesday
    assert domain_badge("relationships", "inferred") in tuesday
    assert domain_badge("finance", "confirmed") in tuesday


def test_the_week_view_shows_times_in_the_owners_zone(signed_in, week):
    at = show(open_page(signed_in, "calendar"), "Week", week)

    columns = day_columns(at)
    late = datetime.combine(week + timedelta(days=2), time(23, 30), UTC).astimezone(BERLIN)
    thursday = columns[f"{week + timedelta(days=3):%a %d %b}"]
    assert f"**{late:%H:%M}** {md(LATE_CALL)}" in thursday  # 23:30 UTC on Wednesday
    assert LATE_CALL not in columns[f"{week + timedelta(days=2):%a %d %b}"].replace("\\", "")


def danas_interaction(app_runtime, demo_actor):
    """The interpreter's pending proposal that lunch with Dana was time with Dana."""
    with app_runtime.uow() as uow:
        [dana] = [
            i
            for i in calendar.list_interpretations(uow, demo_actor)
            if i.event_title == LUNCH and i.domain == "relationships"
        ]
    return dana


def test_a_rejected_interpretation_shows_as_rejected(signed_in, app_runtime, demo_actor, week):
    dana = danas_interaction(app_runtime, demo_actor)
    with app_runtime.uow() as uow:
        review.decide(uow, demo_actor, interpretation_ids=[dana.id], decision="reject")
        uow.commit()

    at = show(open_page(signed_in, "calendar"), "Day", week + timedelta(days=1))

    lines = [m.value for m in at.markdown]
    assert f"**{md(LUNCH)}**" in lines
    assert (
        f"{domain_badge('relationships', 'rejected')} {md('relationships/interaction')} · "
        f"{dana.confidence_score:.0%} confident · rejected"
    ) in lines


def test_the_day_view_lists_what_the_interpreter_proposed(signed_in, app_runtime, demo_actor, week):
    dana = danas_interaction(app_runtime, demo_actor)

    at = show(open_page(signed_in, "calendar"), "Day", week + timedelta(days=1))

    lines = [m.value for m in at.markdown]
    assert at.subheader[0].value == f"{week + timedelta(days=1):%A %d %B %Y}"
    assert (
        f"{domain_badge('relationships', 'inferred')} {md('relationships/interaction')} · "
        f"{dana.confidence_score:.0%} confident · waiting for review"
    ) in lines
    assert any(line.startswith(domain_badge("finance", "confirmed")) for line in lines)


def test_the_month_view_counts_events_and_reviews_per_day(signed_in, app_runtime, demo_actor, week):
    tuesday = week + timedelta(days=1)
    with app_runtime.uow() as uow:
        waiting = [
            i for i in calendar.list_interpretations(uow, demo_actor) if i.event_title == LUNCH
        ]

    at = show(open_page(signed_in, "calendar"), "Month", tuesday)

    assert at.subheader[0].value == f"{tuesday:%B %Y}"
    cells = {}
    for column in at.columns:
        texts = [m.value for m in column.markdown]
        if texts and texts[0] in (f"**{tuesday.day}**", f":blue[**{tuesday.day}**]"):
            cells[tuesday.day] = texts
    assert (
        cells[tuesday.day][1] == f"1 event  \n{STATUS_ICONS['inferred']} {len(waiting)} to review"
    )
    assert domain_badge("relationships") in cells[tuesday.day][2]


def test_previous_and_next_move_by_the_views_step(signed_in, week):
    at = show(open_page(signed_in, "calendar"), "Week", week)

    at = at.button(key="calendar_next").click().run()
    assert at.date_input(key="calendar_day").value == week + timedelta(days=7)
    assert day_columns(at)[f"{week + timedelta(days=8):%a %d %b}"] == ""  # nothing that week

    at = show(at, "Month", date(2027, 3, 31))
    at = at.button(key="calendar_previous").click().run()
    assert at.date_input(key="calendar_day").value == date(2027, 2, 28)
    assert at.subheader[0].value == "February 2027"


def test_the_source_filter_shows_only_the_chosen_sources(signed_in, app_runtime, demo_actor):
    start = datetime.now(BERLIN).replace(hour=10, minute=0, second=0, microsecond=0)
    with app_runtime.uow() as uow:
        calendar.create_event(
            uow, demo_actor, title="Haircut at Salon Bea", start_time=start + timedelta(days=1)
        )
        uow.commit()
    at = open_page(signed_in, "calendar")

    at = at.multiselect(key="calendar_sources").select("manual").run()
    assert set(at.dataframe[0].value["Source"]) == {"manual"}
    assert "Haircut at Salon Bea" in set(at.dataframe[0].value["Title"])

    at = at.multiselect(key="calendar_sources").unselect("manual").select("ics_file").run()
    events = at.dataframe[0].value
    assert set(events["Source"]) == {"ics_file"} and "Haircut at Salon Bea" not in set(
        events["Title"]
    )


def test_an_event_can_be_edited_from_the_week_view(signed_in, app_runtime, demo_actor, week):
    at = show(open_page(signed_in, "calendar"), "Week", week)
    with app_runtime.uow() as uow:
        [lunch] = [e for e in calendar.list_events(uow, demo_actor) if e.title == LUNCH]

    at = at.selectbox(key="calendar_edit_event").select(lunch.id).run()
    at.text_input(key=f"calendar_edit_{lunch.id}_title").input("Lunch w/ Dana and Bo ($18)")
    at = at.button(key="calendar_edit_submit").click().run()

    assert at.success[0].value == md("Saved “Lunch w/ Dana and Bo ($18)”.")
    tuesday = day_columns(at)[f"{week + timedelta(days=1):%a %d %b}"]
    assert md("Lunch w/ Dana and Bo ($18)") in tuesday


def test_a_decision_in_the_review_queue_shows_on_the_calendar_at_once(
    signed_in, app_runtime, demo_actor, week
):
    at = show(open_page(signed_in, "calendar"), "Week", week)
    tuesday = f"{week + timedelta(days=1):%a %d %b}"
    assert domain_badge("relationships", "inferred") in day_columns(at)[tuesday]

    dana = danas_interaction(app_runtime, demo_actor)
    with app_runtime.uow() as uow:
        review.decide(uow, demo_actor, interpretation_ids=[dana.id], decision="confirm")
        uow.commit()
    at = at.run()

    assert domain_badge("relationships", "confirmed") in day_columns(at)[tuesday]
