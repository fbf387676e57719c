"""Skills, practice and their metrics, by hand and by inference, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from lifeos_core.calendar import service as calendar
from lifeos_core.errors import Conflict, InvalidInput, NotFound
from lifeos_core.events.models import EventRecord
from lifeos_core.skills import service as skills

BERLIN = ZoneInfo("Europe/Berlin")  # the owner's time zone
TODAY = date(2026, 10, 12)  # a Monday


def at(days_ago: int, hour: int = 18, minute: int = 0) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), BERLIN).replace(
        hour=hour, minute=minute
    )


@pytest.fixture
def cello(runtime, owner):
    with runtime.uow() as uow:
        skill = skills.create_skill(uow, owner, name="Cello", category="Music")
        uow.commit()
    return skill


def practise(runtime, actor, skill, *days_ago: int, minutes: int = 30) -> None:
    with runtime.uow() as uow:
        for n in days_ago:
            skills.log_practice(
                uow, actor, skill_id=skill.id, practiced_at=at(n), duration_minutes=minutes
            )
        uow.commit()


def metrics_on(runtime, actor, today: date = TODAY) -> dict:
    """Recompute as the periodic task would, then read what the page shows."""
    with runtime.uow() as uow:
        skills.recompute_skill_metrics(uow, actor, today=today)
        uow.commit()
    with runtime.uow() as uow:
        return {m.skill_id: m for m in skills.list_skill_metrics(uow, actor, today=today)}


def skill_events(runtime) -> list[str]:
    with runtime.uow() as uow:
        return list(
            uow.session.scalars(
                sa.select(EventRecord.event_type)
                .where(EventRecord.event_type.like("skills.%"))
                .order_by(EventRecord.id)
            )
        )


def calendar_event(runtime, actor, title: str, start: datetime) -> int:
    with runtime.uow() as uow:
        event = calendar.create_event(
            uow, actor, title=title, start_time=start, end_time=start + timedelta(hours=1)
        )
        uow.commit()
    return event.id


def infer(runtime, actor, skill, event_id: int, *, status="inferred", minutes=60, days_ago=0):
    with runtime.uow() as uow:
        session = skills.record_inferred_practice(
            uow, actor, skill_id=skill.id, practiced_at=at(days_ago), duration_minutes=minutes,
            calendar_event_id=event_id, confidence=0.75, status=status, model_version="rules-1",
            structure={"skill_name": "Cello"},
        )  # fmt: skip
        uow.commit()
    return session


def test_logged_minutes_add_up_to_hours_and_each_write_emits_its_events(runtime, owner, cello):
    with runtime.uow() as uow:
        for days_ago, minutes in ((2, 45), (1, 30), (0, 60)):
            skills.log_practice(
                uow, owner, skill_id=cello.id, practiced_at=at(days_ago),
                duration_minutes=minutes, focus="Bach suite no. 1", quality=4,
            )  # fmt: skip
        uow.commit()

    metric = metrics_on(runtime, owner)[cello.id]

    assert (metric.total_minutes, metric.total_hours, metric.session_count) == (135, 2.25, 3)
    assert (metric.current_streak_days, metric.longest_streak_days) == (3, 3)
    assert (metric.proficiency_level, metric.proficiency_source) == ("beginner", "hours")
    assert metric.last_practiced_at == at(0)
    events = skill_events(runtime)
    assert events[:2] == ["skills.skill.created", "skills.metric.recomputed"]
    assert events.count("skills.practice.logged") == 3


def test_a_gap_day_ends_a_streak_and_late_night_practice_counts_on_the_local_day(
    runtime, owner, cello
):
    practise(runtime, owner, cello, 6, 5, 4, 2)  # Tue-Thu, no Friday, Saturday
    with runtime.uow() as uow:
        # 00:30 on Sunday in Berlin is still Saturday in UTC; it is Sunday for the owner.
        skills.log_practice(
            uow, owner, skill_id=cello.id, practiced_at=at(1, hour=0, minute=30),
            duration_minutes=20,
        )  # fmt: skip
        uow.commit()

    metric = metrics_on(runtime, owner)[cello.id]

    assert (metric.current_streak_days, metric.longest_streak_days) == (2, 3)
    with runtime.uow() as uow:  # two days on, before any periodic recompute
        later = skills.list_skill_metrics(uow, owner, today=TODAY + timedelta(days=2))
    assert (later[0].current_streak_days, later[0].longest_streak_days) == (0, 3)
    tuesday = metrics_on(runtime, owner, today=TODAY + timedelta(days=1))[cello.id]
    assert tuesday.current_streak_days == 0  # Monday passed without practice


def test_hours_earn_proficiency_unless_the_owner_set_it(runtime, owner, cello):
    with runtime.uow() as uow:
        for days_ago in range(21):
            skills.log_practice(
                uow, owner, skill_id=cello.id, practiced_at=at(days_ago), duration_minutes=60
            )
        uow.commit()
    assert metrics_on(runtime, owner)[cello.id].proficiency_level == "intermediate"  # 21 h

    with runtime.uow() as uow:
        skills.update_skill(uow, owner, cello.id, proficiency_level="advanced")
        uow.commit()
    metric = metrics_on(runtime, owner)[cello.id]
    assert (metric.proficiency_level, metric.proficiency_source) == ("advanced", "owner")

    with runtime.uow() as uow:
        skills.update_skill(uow, owner, cello.id, proficiency_level=None)
        uow.commit()
    assert metrics_on(runtime, owner)[cello.id].proficiency_level == "intermediate"


def test_inferred_practice_counts_for_nothing_until_confirmed(runtime, owner, cello):
    practise(runtime, owner, cello, 1, minutes=30)
    lesson = calendar_event(runtime, owner, "Cello lesson", at(0))
    proposed = infer(runtime, owner, cello, lesson)

    metric = metrics_on(runtime, owner)[cello.id]
    assert (metric.total_minutes, metric.current_streak_days) == (30, 1)
    with runtime.uow() as uow:
        listed = skills.list_practice_sessions(uow, owner)
    assert [(s.source, s.inferred_status, s.confidence_score) for s in listed] == [
        ("calendar", "inferred", 0.75),
        ("manual", None, None),
    ]

    with runtime.uow() as uow:
        skills.set_practice_inferred_status(uow, owner, proposed.id, "confirmed")
        uow.commit()
    assert skill_events(runtime)[-2:] == ["skills.practice.reviewed", "skills.metric.recomputed"]
    metric = metrics_on(runtime, owner)[cello.id]
    assert (metric.total_minutes, metric.current_streak_days) == (90, 2)


def test_rejected_and_ignored_sessions_are_neither_counted_nor_listed(runtime, owner, cello):
    for days_ago, decision in ((1, "rejected"), (2, "ignored")):
        event = calendar_event(runtime, owner, "Cello practice", at(days_ago))
        proposed = infer(runtime, owner, cello, event, days_ago=days_ago)
        with runtime.uow() as uow:
            skills.set_practice_inferred_status(uow, owner, proposed.id, decision)
            uow.commit()

    with runtime.uow() as uow:
        assert skills.list_practice_sessions(uow, owner) == []
    assert metrics_on(runtime, owner)[cello.id].session_count == 0


def test_proposing_the_same_calendar_event_again_updates_it_until_the_owner_decides(
    runtime, owner, cello
):
    lesson = calendar_event(runtime, owner, "Cello lesson", at(0))
    first = infer(runtime, owner, cello, lesson, minutes=60)
    infer(runtime, owner, cello, lesson, minutes=60)  # the interpreter ran again: no news
    assert skill_events(runtime).count("skills.practice.inferred") == 1
    again = infer(runtime, owner, cello, lesson, minutes=90)
    assert again.id == first.id and again.duration_minutes == 90

    with runtime.uow() as uow:
        skills.set_practice_inferred_status(uow, owner, first.id, "rejected")
        uow.commit()
    after_decision = infer(runtime, owner, cello, lesson, status="confirmed", minutes=120)

    assert (after_decision.inferred_status, after_decision.duration_minutes) == ("rejected", 90)
    with runtime.uow() as uow:
        assert skills.list_practice_sessions(uow, owner) == []


def test_an_inferred_session_of_unknown_length_counts_as_a_day_but_adds_no_hours(
    runtime, owner, cello
):
    retreat = calendar_event(runtime, owner, "Cello course", at(0))
    session = infer(runtime, owner, cello, retreat, status="confirmed", minutes=0)

    assert session.duration_minutes is None
    metric = metrics_on(runtime, owner)[cello.id]
    assert (metric.total_minutes, metric.session_count, metric.current_streak_days) == (0, 1, 1)


def test_recomputing_twice_changes_nothing_the_second_time(runtime, owner, cello):
    practise(runtime, owner, cello, 3, 2, 1)
    with runtime.uow() as uow:
        first = skills.recompute_skill_metrics(uow, owner, today=TODAY)
        uow.commit()
    before_events = skill_events(runtime)
    with runtime.uow() as uow:
        before = skills.list_skill_metrics(uow, owner, today=TODAY)
        second = skills.recompute_skill_metrics(uow, owner, today=TODAY)
        uow.commit()
    with runtime.uow() as uow:
        after = skills.list_skill_metrics(uow, owner, today=TODAY)

    assert (first.skills, second.skills, second.changed) == (1, 1, 0)
    assert after == before  # computed_at included: nothing was rewritten
    assert skill_events(runtime) == before_events


def test_deleting_a_session_or_a_skill_takes_its_time_with_it(runtime, owner, cello):
    practise(runtime, owner, cello, 1, 0, minutes=40)
    with runtime.uow() as uow:
        newest = skills.list_practice_sessions(uow, owner)[0]
        skills.delete_practice(uow, owner, newest.id)
        uow.commit()
    assert metrics_on(runtime, owner)[cello.id].total_minutes == 40

    with runtime.uow() as uow:
        skills.delete_skill(uow, owner, cello.id)
        uow.commit()
    with runtime.uow() as uow:
        assert skills.list_skills(uow, owner) == []
        assert skills.list_practice_sessions(uow, owner) == []
        assert skills.list_skill_metrics(uow, owner) == []
    assert skill_events(runtime)[-1] == "skills.skill.deleted"


def test_bad_input_names_the_field_and_writes_nothing(runtime, owner, cello):
    attempts = [
        (lambda uow: skills.create_skill(uow, owner, name="   "), "name"),
        (lambda uow: skills.create_skill(uow, owner, name="Welsh", target_level="fluent"), "target_level"),
        (lambda uow: skills.update_skill(uow, owner, cello.id, name=None), "name"),
        (lambda uow: skills.log_practice(uow, owner, skill_id=cello.id, practiced_at=at(0), duration_minutes=0), "duration_minutes"),
        (lambda uow: skills.log_practice(uow, owner, skill_id=cello.id, practiced_at=at(0), duration_minutes=1441), "duration_minutes"),
        (lambda uow: skills.log_practice(uow, owner, skill_id=cello.id, practiced_at=at(0), duration_minutes=30, quality=6), "quality"),
        (lambda uow: skills.log_practice(uow, owner, skill_id=cello.id, practiced_at=datetime(2026, 10, 1, 18), duration_minutes=30), "practiced_at"),
        (lambda uow: skills.record_inferred_practice(uow, owner, skill_id=cello.id, practiced_at=at(0), duration_minutes=30, calendar_event_id=1, confidence=1.5, status="inferred", model_version="rules-1"), "confidence"),
        (lambda uow: skills.set_practice_inferred_status(uow, owner, 1, "maybe"), "status"),
    ]  # fmt: skip
    for attempt, field in attempts:
        with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
            attempt(uow)
        assert field in bad.value.fields, (field, bad.value.fields)
        assert field in str(bad.value)
    with runtime.uow() as uow, pytest.raises(InvalidInput, match="is in the future"):
        tomorrow = datetime.now(BERLIN) + timedelta(days=1)
        skills.log_practice(
            uow, owner, skill_id=cello.id, practiced_at=tomorrow, duration_minutes=30
        )
    with runtime.uow() as uow:
        assert [s.name for s in skills.list_skills(uow, owner)] == ["Cello"]
        assert skills.list_practice_sessions(uow, owner) == []


def test_names_are_unique_per_user_whatever_the_case(runtime, owner, cello, make_user):
    with runtime.uow() as uow, pytest.raises(Conflict, match="already have a skill"):
        skills.create_skill(uow, owner, name=" cello ")
    with runtime.uow() as uow:
        spanish = skills.create_skill(uow, owner, name="Spanish")
        uow.commit()
    with runtime.uow() as uow, pytest.raises(Conflict):
        skills.update_skill(uow, owner, spanish.id, name="CELLO")
    bo = make_user("bo@example.com")
    with runtime.uow() as uow:
        skills.create_skill(uow, bo, name="Cello")  # another user's namespace
        uow.commit()
    with runtime.uow() as uow:
        assert skills.find_skill_by_name(uow, owner, "  CELLO ").id == cello.id
        assert skills.find_skill_by_name(uow, owner, "Oboe") is None


def test_another_user_can_neither_read_change_nor_delete_the_owners_skills(
    runtime, owner, cello, make_user
):
    practise(runtime, owner, cello, 1)
    lesson = calendar_event(runtime, owner, "Cello lesson", at(0))
    proposed = infer(runtime, owner, cello, lesson)
    with runtime.uow() as uow:
        manual = skills.list_practice_sessions(uow, owner)[-1]
    mallory = make_user("mallory@example.com")

    with runtime.uow() as uow:
        assert skills.list_skills(uow, mallory) == []
        assert skills.list_practice_sessions(uow, mallory) == []
        assert skills.list_practice_sessions(uow, mallory, skill_id=cello.id) == []
        assert skills.list_skill_metrics(uow, mallory) == []
        assert skills.find_skill_by_name(uow, mallory, "Cello") is None
        assert skills.recompute_skill_metrics(uow, mallory).skills == 0
        for attempt in (
            lambda: skills.get_skill(uow, mallory, cello.id),
            lambda: skills.update_skill(uow, mallory, cello.id, name="Mine"),
            lambda: skills.delete_skill(uow, mallory, cello.id),
            lambda: skills.log_practice(
                uow, mallory, skill_id=cello.id, practiced_at=at(0), duration_minutes=30
            ),
            lambda: skills.delete_practice(uow, mallory, manual.id),
            lambda: skills.set_practice_inferred_status(uow, mallory, proposed.id, "confirmed"),
            lambda: skills.record_inferred_practice(
                uow,
                mallory,
                skill_id=cello.id,
                practiced_at=at(0),
                duration_minutes=30,
                calendar_event_id=lesson,
                confidence=0.9,
                status="confirmed",
                model_version="rules-1",
            ),  # fmt: skip
        ):
            with pytest.raises(NotFound):
                attempt()
        uow.commit()

    with runtime.uow() as uow:
        assert skills.get_skill(uow, owner, cello.id).name == "Cello"
        sessions = skills.list_practice_sessions(uow, owner)
    assert [(s.id, s.inferred_status) for s in sessions] == [
        (proposed.id, "inferred"),
        (manual.id, None),
    ]
    assert metrics_on(runtime, owner)[cello.id].total_minutes == 30
