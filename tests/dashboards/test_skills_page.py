"""The skills page: add a skill, log practice, see hours, streak and proficiency."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app_driver import open_page

from dashboards.ui import md
from lifeos_core.calendar import service as calendar
from lifeos_core.skills import service as skills

BERLIN = ZoneInfo("Europe/Berlin")  # the demo owner's time zone


def add_skill(at, name: str, category: str = "Music"):
    at.text_input(key="skills_new_name").input(name)
    at.text_input(key="skills_new_category").input(category)
    return at.button(key="skills_new_submit").click().run()


def log(at, skill_id: int, when: datetime, minutes: int, focus: str = ""):
    at.selectbox(key="skills_log_skill").select(skill_id)
    at.datetime_input(key="skills_log_when").set_value(when)
    at.number_input(key="skills_log_minutes").set_value(minutes)
    at.text_input(key="skills_log_focus").input(focus)
    return at.button(key="skills_log_submit").click().run()


def row(at, skill: str):
    table = at.dataframe[0].value
    return table[table["Skill"] == skill].iloc[0]


def test_add_a_skill_log_practice_and_see_hours_streak_and_proficiency(
    signed_in, app_runtime, demo_actor
):
    at = add_skill(open_page(signed_in, "skills"), "Cello")
    assert not at.error
    assert at.success[0].value == md("Added the skill “Cello”.")
    with app_runtime.uow() as uow:
        cello = skills.find_skill_by_name(uow, demo_actor, "cello")

    now = datetime.now(BERLIN).replace(second=0, microsecond=0, tzinfo=None)
    at = log(at, cello.id, now - timedelta(days=1), 45, focus="Bach suite no. 1")
    at = log(at, cello.id, now, 90)

    assert not at.error
    assert at.success[0].value == md("Logged 90 minutes of practice.")
    cello_row = row(at, "Cello")
    assert (cello_row["Hours"], cello_row["Sessions"], cello_row["Streak (days)"]) == (2.25, 2, 2)
    assert cello_row["Proficiency"] == "Beginner"
    sessions = at.dataframe[1].value
    sessions = sessions[sessions["Skill"] == "Cello"]
    assert list(sessions["Minutes"]) == [90, 45]  # newest first
    assert list(sessions["Focus"]) == ["", "Bach suite no. 1"]
    assert list(sessions["Source"]) == ["manual", "manual"]


def test_practice_in_the_future_is_refused_and_the_input_kept(signed_in, app_runtime, demo_actor):
    at = add_skill(open_page(signed_in, "skills"), "Spanish", category="Languages")
    with app_runtime.uow() as uow:
        spanish = skills.find_skill_by_name(uow, demo_actor, "Spanish")
    tomorrow = datetime.now(BERLIN).replace(second=0, microsecond=0, tzinfo=None)
    tomorrow += timedelta(days=1)

    at = log(at, spanish.id, tomorrow, 40, focus="Subjunctive")

    assert [e.value for e in at.error] == [
        md("When: is in the future; log practice once it has happened")
    ]
    assert at.text_input(key="skills_log_focus").value == "Subjunctive"
    assert at.number_input(key="skills_log_minutes").value == 40
    with app_runtime.uow() as uow:
        assert skills.list_practice_sessions(uow, demo_actor, skill_id=spanish.id) == []


def test_a_duplicate_skill_name_is_refused_under_the_name_field(signed_in):
    at = add_skill(open_page(signed_in, "skills"), "Cello")
    at = add_skill(at, "CELLO", category="Strings")

    assert [e.value for e in at.error] == [md("Name: you already have a skill called 'CELLO'")]
    assert at.text_input(key="skills_new_category").value == "Strings"


def test_an_inferred_session_is_marked_with_its_confidence_and_not_counted(
    signed_in, app_runtime, demo_actor
):
    start = datetime.now(BERLIN).replace(minute=0, second=0, microsecond=0) - timedelta(hours=3)
    with app_runtime.uow() as uow:
        piano = skills.create_skill(uow, demo_actor, name="Banjo")
        lesson = calendar.create_event(
            uow, demo_actor, title="Banjo lesson", start_time=start,
            end_time=start + timedelta(hours=1),
        )  # fmt: skip
        skills.record_inferred_practice(
            uow, demo_actor, skill_id=piano.id, practiced_at=start, duration_minutes=60,
            calendar_event_id=lesson.id, confidence=0.75, status="inferred",
            model_version="rules-1",
        )  # fmt: skip
        uow.commit()

    at = open_page(signed_in, "skills")

    assert row(at, "Banjo")["Hours"] == 0
    sessions = at.dataframe[1].value
    banjo = sessions[sessions["Skill"] == "Banjo"]
    assert list(banjo["Source"]) == ["calendar, inferred (75%)"]
