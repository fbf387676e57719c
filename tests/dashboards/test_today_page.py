"""The Today page: what the owner sees first after signing in."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from app_driver import open_page, titles

from dashboards.ui import domain_badge, md
from lifeos_core.calendar import service as calendar
from lifeos_core.finance import service as finance
from lifeos_core.habits import service as habits
from lifeos_core.insights import service as insights
from lifeos_core.interpreter.service import interpret_new_events
from lifeos_core.relationships import service as relationships

BERLIN = ZoneInfo("Europe/Berlin")


def today() -> date:
    return datetime.now(BERLIN).date()


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_signing_in_opens_today_with_the_review_count_and_a_way_to_the_queue(
    signed_in, app_runtime, demo_actor
):
    with app_runtime.uow() as uow:
        waiting = calendar.interpretation_status_counts(uow, demo_actor)["inferred"]

    assert titles(signed_in) == ["Today"]
    assert waiting > 0 and metrics(signed_in)["Waiting for review"] == str(waiting)
    assert f"**{waiting}** interpretations waiting for you." in markdown(signed_in)
    assert "Open the review queue" in [link.value for link in signed_in.page_link]


def test_an_event_from_earlier_today_shows_with_what_the_interpreter_made_of_it(
    signed_in, app_runtime, demo_actor
):
    now = datetime.now(BERLIN)
    start = max(datetime.combine(now.date(), time.min, BERLIN), now - timedelta(minutes=90))
    with app_runtime.uow() as uow:
        calendar.create_event(
            uow,
            demo_actor,
            title="Lunch w/ Dana ($18)",
            start_time=start,
            end_time=start + timedelta(minutes=45),
        )
        uow.commit()
    interpret_new_events(app_runtime.uow, app_runtime.settings)

    at = open_page(signed_in, "today")

    [line] = [m.value for m in at.markdown if md("Lunch w/ Dana ($18)") in m.value]
    assert line.startswith(f"**{start:%H:%M}")
    assert domain_badge("relationships", "inferred") in line
    assert domain_badge("finance", "confirmed") in line
    with app_runtime.uow() as uow:
        todays = calendar.list_events(
            uow, demo_actor, start=datetime.combine(today(), time.min, BERLIN),
            end=datetime.combine(today() + timedelta(days=1), time.min, BERLIN),
        )  # fmt: skip
    assert metrics(at)["Events today"] == str(len(todays))


def test_acknowledged_insights_leave_the_list(signed_in, app_runtime, demo_actor):
    with app_runtime.uow() as uow:
        newest = insights.list_insights(uow, demo_actor)[0]
    at = open_page(signed_in, "today")
    assert md(newest.title) in markdown(at)

    with app_runtime.uow() as uow:
        insights.mark_insight(uow, demo_actor, newest.id, "acknowledge")
        uow.commit()
    at = at.run()

    assert md(newest.title) not in markdown(at)


@pytest.fixture
def flossing(app_runtime, demo_actor):
    """A daily habit checked in on each of the last two days, not yet today."""
    with app_runtime.uow() as uow:
        habit = habits.create_habit(uow, demo_actor, name="Flossing", schedule_type="daily")
        for days_ago in (1, 2):
            habits.log_habit(
                uow, demo_actor, habit_id=habit.id, logged_date=today() - timedelta(days=days_ago)
            )
        habits.create_habit(uow, demo_actor, name="Stretching", schedule_type="daily")
        uow.commit()
    return habit


def test_a_streak_not_yet_kept_today_is_at_risk_until_the_check_in(
    signed_in, app_runtime, demo_actor, flossing
):
    at = open_page(signed_in, "today")
    assert "**Flossing** · 2-day streak: check in today to keep it going" in markdown(at)
    assert "Stretching" not in markdown(at)  # no streak, nothing to lose
    assert metrics(at)["Streaks at risk"] == "1"

    with app_runtime.uow() as uow:
        habits.log_habit(uow, demo_actor, habit_id=flossing.id, logged_date=today())
        uow.commit()
    at = at.run()

    assert "Flossing" not in markdown(at)
    assert metrics(at)["Streaks at risk"] == "0"


def test_friends_due_a_reconnect_and_money_falling_due_are_cued(signed_in, app_runtime, demo_actor):
    with app_runtime.uow() as uow:
        bo = relationships.create_person(
            uow, demo_actor, name="Bo Lind", relationship_type="friend", reconnect_cue_days=14
        )
        relationships.log_interaction(
            uow, demo_actor, person_id=bo.id, interaction_type="meal",
            occurred_at=datetime.now(BERLIN) - timedelta(days=30),
        )  # fmt: skip
        finance.create_receivable(
            uow, demo_actor, counterparty="Dana [loan](https://evil.example)",
            principal=Decimal("18.00"), start_date=today() - timedelta(days=10),
            due_date=today() + timedelta(days=3),
        )  # fmt: skip
        finance.create_receivable(
            uow, demo_actor, counterparty="Cy", principal=Decimal("50.00"),
            start_date=today(), due_date=today() + timedelta(days=30),
        )  # fmt: skip
        uow.commit()

    at = open_page(signed_in, "today")

    text = markdown(at)
    assert ":violet-badge[reconnect] **Bo Lind** · 16 days overdue" in text
    due = today() + timedelta(days=3)
    assert (
        f":green-badge[owed to you] **{md('Dana [loan](https://evil.example)')}** · "
        f"{md('18.00')} outstanding · due {due:%a %d %b}"
    ) in text
    assert "**Cy**" not in text  # due in a month: not this week's business
