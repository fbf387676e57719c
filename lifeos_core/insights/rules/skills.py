"""Skill rules: practice consistency (weeks in a row, and a routine that stopped) and
milestones of practice hours."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar.events import InterpretationConfirmed
from lifeos_core.events.base import DomainEvent
from lifeos_core.insights import patterns
from lifeos_core.insights.registry import Rule, expires_after, local_midnight
from lifeos_core.insights.schemas import InsightDraft
from lifeos_core.skills import service as skills
from lifeos_core.skills.events import PracticeInferred, PracticeLogged, PracticeReviewed
from lifeos_core.unit_of_work import UnitOfWork

ACTIVE_WEEK_DAYS = 3
STREAK_WEEKS = (2, 4, 8, 12, 26, 52)
HOUR_MILESTONES = (10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
LAPSE_DAYS = 14
ROUTINE_DAYS = 6
ROUTINE_SPAN_DAYS = 28

TRIGGERS = (
    PracticeLogged.event_type,
    PracticeInferred.event_type,
    PracticeReviewed.event_type,
    InterpretationConfirmed.event_type,
)


def session_triggers(events: Sequence[DomainEvent]) -> dict[int, DomainEvent]:
    """practice session id -> the first event saying it now counts."""
    found: dict[int, DomainEvent] = {}
    for event in events:
        match event:
            case PracticeLogged():
                found.setdefault(event.session_id, event)
            case PracticeInferred(status="confirmed") | PracticeReviewed(status="confirmed"):
                found.setdefault(event.session_id, event)
            case InterpretationConfirmed(record_type="skills/practice_session", record_id=int()):
                found.setdefault(event.record_id, event)
    return found


def _names(uow: UnitOfWork, actor: Actor) -> dict[int, str]:
    return {skill.id: skill.name for skill in skills.list_skills(uow, actor)}


def practice_streak(
    uow: UnitOfWork, actor: Actor, events: Sequence[DomainEvent]
) -> list[tuple[InsightDraft, DomainEvent]]:
    """A skill practised on 3+ days a week for 2, 4, 8, 12, 26 or 52 weeks in a row."""
    triggers = session_triggers(events)
    if not triggers:
        return []
    zone = ZoneInfo(actor.timezone)
    weeks: dict[tuple[int, date], DomainEvent] = {}
    for row in skills.counted_sessions(uow, actor, ids=list(triggers)):
        day = row.practiced_at.astimezone(zone).date()
        weeks.setdefault((row.skill_id, patterns.monday(day)), triggers[row.id])
    first = min(week for _, week in weeks) - timedelta(weeks=max(STREAK_WEEKS))
    last = max(week for _, week in weeks) + timedelta(days=7)
    days: dict[tuple[int, date], set[date]] = defaultdict(set)
    sessions: dict[tuple[int, date], list] = defaultdict(list)
    for row in skills.counted_sessions(
        uow,
        actor,
        skill_ids=sorted({skill for skill, _ in weeks}),
        start=local_midnight(first, actor.timezone),
        end=local_midnight(last, actor.timezone),
    ):
        day = row.practiced_at.astimezone(zone).date()
        days[(row.skill_id, patterns.monday(day))].add(day)
        sessions[(row.skill_id, patterns.monday(day))].append((day, row))
    names = _names(uow, actor)
    drafts = []
    for (skill_id, week), source in sorted(weeks.items(), key=lambda item: item[0]):
        in_week = sessions.get((skill_id, week), [])
        crossing = patterns.nth_distinct_day((day for day, _ in in_week), ACTIVE_WEEK_DAYS)
        if crossing is None:
            continue

        def active(w: date, skill_id=skill_id) -> bool:
            return len(days.get((skill_id, w), ())) >= ACTIVE_WEEK_DAYS

        streak = 1 + patterns.consecutive_before(active, week, step_days=7, limit=max(STREAK_WEEKS))
        if streak not in STREAK_WEEKS:
            continue
        since = week - timedelta(weeks=streak - 1)
        name = names.get(skill_id, f"skill {skill_id}")
        used = [row for _, row in in_week[: crossing + 1]]
        drafts.append(
            (
                PRACTICE_STREAK.draft(
                    key=f"{skill_id}:{since}:{streak}",
                    title=f"{name}: {streak} weeks in a row of regular practice",
                    body=(
                        f"You have practised {name} on at least {ACTIVE_WEEK_DAYS} days every "
                        f"week since {since:%d %b %Y}."
                    ),
                    severity="positive",
                    evidence={"skill": [skill_id], "skill_practice_session": [r.id for r in used]},
                    expires_at=expires_after(week + timedelta(days=6), actor.timezone, 14),
                    skill_id=skill_id,
                    weeks=streak,
                    since=since.isoformat(),
                ),
                source,
            )
        )
    return drafts


def practice_hours(
    uow: UnitOfWork, actor: Actor, events: Sequence[DomainEvent]
) -> list[tuple[InsightDraft, DomainEvent]]:
    """A skill's practice that counts passes 10, 25, 50, 100, 250, 500, 1000 ... hours.

    Described at the session that passed it, in practice-time order; only the sessions
    between the earliest and the latest new one are read, plus one total before them.
    """
    triggers = session_triggers(events)
    if not triggers:
        return []
    zone = ZoneInfo(actor.timezone)
    rows = skills.counted_sessions(uow, actor, ids=list(triggers))
    if not rows:
        return []
    skill_ids = sorted({row.skill_id for row in rows})
    first_day = min(row.practiced_at.astimezone(zone).date() for row in rows)
    last_day = max(row.practiced_at.astimezone(zone).date() for row in rows)
    start = local_midnight(first_day, actor.timezone)
    before = skills.practice_minutes_before(uow, actor, skill_ids=skill_ids, before=start)
    sources = {row.skill_id: triggers[row.id] for row in reversed(rows)}  # the earliest wins
    names = _names(uow, actor)
    drafts = []
    totals = dict(before)
    for session in skills.counted_sessions(
        uow,
        actor,
        skill_ids=skill_ids,
        start=start,
        end=local_midnight(last_day + timedelta(days=1), actor.timezone),
    ):
        previous = totals.get(session.skill_id, 0)
        total = previous + (session.duration_minutes or 0)
        totals[session.skill_id] = total
        for hours in HOUR_MILESTONES:
            if previous < hours * 60 <= total:
                day = session.practiced_at.astimezone(zone).date()
                name = names.get(session.skill_id, f"skill {session.skill_id}")
                drafts.append(
                    (
                        PRACTICE_HOURS.draft(
                            key=f"{session.skill_id}:{hours}",
                            title=f"{hours} hours of {name}",
                            body=f"Reached on {day:%d %b %Y}, {total / 60:.1f} hours in all.",
                            severity="positive",
                            evidence={
                                "skill": [session.skill_id],
                                "skill_practice_session": [session.id],
                            },
                            expires_at=expires_after(day, actor.timezone, 30),
                            skill_id=session.skill_id,
                            hours=hours,
                            reached_on=day.isoformat(),
                        ),
                        sources[session.skill_id],
                    )
                )
    return drafts


def practice_lapse(uow: UnitOfWork, actor: Actor, today: date) -> list[InsightDraft]:
    """A practice routine stopped: two weeks without a session after 6+ days in 4 weeks."""
    zone = ZoneInfo(actor.timezone)
    start = today - timedelta(days=LAPSE_DAYS + ROUTINE_SPAN_DAYS + 60)
    days: dict[int, set[date]] = defaultdict(set)
    last_ids: dict[tuple[int, date], list[int]] = defaultdict(list)
    for row in skills.counted_sessions(
        uow,
        actor,
        start=local_midnight(start, actor.timezone),
        end=local_midnight(today + timedelta(days=1), actor.timezone),
    ):
        day = row.practiced_at.astimezone(zone).date()
        days[row.skill_id].add(day)
        last_ids[(row.skill_id, day)].append(row.id)
    names = _names(uow, actor)
    drafts = []
    for skill_id in sorted(days):
        lapse = patterns.lapse_after_routine(
            days[skill_id],
            today,
            gap_days=LAPSE_DAYS,
            routine_days=ROUTINE_DAYS,
            over_days=ROUTINE_SPAN_DAYS,
        )
        if lapse is None or skill_id not in names:
            continue
        last, gap = lapse
        drafts.append(
            PRACTICE_LAPSE.draft(
                key=f"{skill_id}:{last}",
                title=f"No {names[skill_id]} practice for {gap} days",
                body=f"Your last session was on {last:%A %d %b}, after a regular run before it.",
                evidence={
                    "skill": [skill_id],
                    "skill_practice_session": last_ids[(skill_id, last)],
                },
                expires_at=expires_after(today, actor.timezone, 7),
                skill_id=skill_id,
                last_practiced_on=last.isoformat(),
                days_since=gap,
            )
        )
    return drafts


PRACTICE_STREAK = Rule(
    name="practice_streak",
    version=1,
    domain="skills",
    summary="Weeks in a row practising a skill on at least three days.",
    derive=practice_streak,
    triggers=TRIGGERS,
)
PRACTICE_HOURS = Rule(
    name="practice_hours",
    version=1,
    domain="skills",
    summary="A skill's practice passes 10, 25, 50, 100 ... hours.",
    derive=practice_hours,
    triggers=TRIGGERS,
)
PRACTICE_LAPSE = Rule(
    name="practice_lapse",
    version=1,
    domain="skills",
    summary="Two weeks without practising a skill you practised regularly.",
    derive=practice_lapse,
)

RULES = (PRACTICE_STREAK, PRACTICE_HOURS, PRACTICE_LAPSE)
