"""The habits page: create a habit, check in, see the streak."""

from __future__ import annotations

from app_driver import open_page

from dashboards.ui import md
from lifeos_core.habits import service as habits


def create(at, name: str, schedule: str = "daily", target: int = 1):
    at.text_input(key="habits_new_name").input(name)
    at.selectbox(key="habits_new_schedule").select(schedule)
    at.number_input(key="habits_new_target").set_value(target)
    return at.button(key="habits_new_submit").click().run()


def test_create_a_habit_and_check_in_starts_a_streak(signed_in, app_runtime, demo_actor):
    at = create(open_page(signed_in, "habits"), "Floss")
    assert not at.error
    assert at.success[0].value == md("Created the habit “Floss”.")

    with app_runtime.uow() as uow:
        [floss] = habits.list_habits(uow, demo_actor)
    at.selectbox(key="habits_log_habit").select(floss.id)
    at = at.button(key="habits_log_submit").click().run()

    assert not at.error
    table = at.dataframe[0].value
    row = table[table["Habit"] == "Floss"].iloc[0]
    assert row["Current streak"] == "1 day"
    with app_runtime.uow() as uow:
        assert habits.list_logs(uow, demo_actor, habit_id=floss.id)[0].source == "manual"


def test_checking_in_without_choosing_a_habit_says_so(signed_in):
    at = open_page(signed_in, "habits")
    at = create(at, "Floss")
    at.selectbox(key="habits_log_habit").set_value(None)
    at = at.button(key="habits_log_submit").click().run()
    assert [e.value for e in at.error] == [md("Habit: choose the habit to check in on")]


def test_a_duplicate_name_is_refused_and_the_input_kept(signed_in):
    at = create(open_page(signed_in, "habits"), "Floss")
    at = create(at, "floss", schedule="n_per_week", target=3)

    assert [e.value for e in at.error] == [md("Name: you already have a habit called 'floss'")]
    assert at.text_input(key="habits_new_name").value == "floss"
    assert at.number_input(key="habits_new_target").value == 3
