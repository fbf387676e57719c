"""Domain adapters: an interpretation becomes a record in its domain, through that domain's
service (never its tables), marked ``source='calendar'`` with the calendar event, confidence
and inferred status.

Each adapter returns the new record's id, or None when the domain cannot hold the record
(yet): a habit log for a habit the owner has not defined is only created once the owner
confirms it (and the habit is created then); a work session without a duration is skipped.
A domain that refuses the proposal (say, a 30-hour "practice") leaves the interpretation in
the review queue without a record rather than failing the run: each adapter call runs in a
savepoint, so its partial writes and events roll back alone.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import LifeOSError
from lifeos_core.finance import service as finance
from lifeos_core.habits import service as habits
from lifeos_core.health import service as health
from lifeos_core.projects import service as projects
from lifeos_core.relationships import service as relationships
from lifeos_core.skills import service as skills
from lifeos_core.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Proposal:
    """What an adapter needs to know about one interpretation and its calendar event."""

    calendar_event_id: int
    title: str
    start: datetime
    end: datetime | None
    structure: dict
    confidence: float
    model_version: str

    def local_date(self, actor: Actor) -> date:
        return self.start.astimezone(zoneinfo.ZoneInfo(actor.timezone)).date()

    def minutes(self) -> int | None:
        value = self.structure.get("duration_minutes")
        return int(value) if value else None


def _common(p: Proposal, status: str) -> dict:
    return dict(
        calendar_event_id=p.calendar_event_id,
        confidence=p.confidence,
        status=status,
        model_version=p.model_version,
        structure=p.structure,
    )


def _workout(uow: UnitOfWork, actor: Actor, p: Proposal, status: str) -> int | None:
    return health.record_inferred_workout(
        uow, actor, started_at=p.start, workout_type=p.structure.get("workout_type") or "other",
        duration_minutes=p.minutes(), **_common(p, status),
    ).id  # fmt: skip


def _meal(uow: UnitOfWork, actor: Actor, p: Proposal, status: str) -> int | None:
    return health.record_inferred_meal(
        uow, actor, meal_date=p.local_date(actor), meal_type=p.structure.get("meal_type") or "snack",
        **_common(p, status),
    ).id  # fmt: skip


def _transaction(uow: UnitOfWork, actor: Actor, p: Proposal, status: str) -> int | None:
    try:
        amount = Decimal(str(p.structure["amount"]))
    except (KeyError, InvalidOperation):
        return None
    return finance.record_inferred_transaction(
        uow, actor, amount=amount, description=p.structure.get("description") or p.title,
        occurred_on=p.local_date(actor), **_common(p, status),
    ).id  # fmt: skip


def _habit_log(uow: UnitOfWork, actor: Actor, p: Proposal, status: str) -> int | None:
    name = (p.structure.get("habit_name") or "").strip()
    if not name:
        return None
    habit = habits.find_habit_by_name(uow, actor, name)
    if habit is None:
        if status != "confirmed":
            return None  # no habit of that name yet: wait for the owner's word
        habit = habits.create_habit(uow, actor, name=name.capitalize())
    return habits.record_inferred_log(
        uow, actor, habit_id=habit.id, logged_date=p.local_date(actor), **_common(p, status)
    ).id


def _practice(uow: UnitOfWork, actor: Actor, p: Proposal, status: str) -> int | None:
    name = (p.structure.get("skill_name") or "").strip()
    if not name:
        return None
    skill = skills.find_skill_by_name(uow, actor, name)
    if skill is None:
        if status != "confirmed":
            return None
        skill = skills.create_skill(uow, actor, name=name)
    return skills.record_inferred_practice(
        uow, actor, skill_id=skill.id, practiced_at=p.start, duration_minutes=p.minutes(),
        **_common(p, status),
    ).id  # fmt: skip


def _work_session(uow: UnitOfWork, actor: Actor, p: Proposal, status: str) -> int | None:
    minutes = p.minutes()
    if not minutes:
        return None  # a time log needs a duration (an all-day event has none)
    project = projects.find_project_by_name(uow, actor, p.structure.get("project_name") or p.title)
    return projects.record_inferred_work_session(
        uow, actor, logged_date=p.local_date(actor), time_minutes=minutes,
        project_id=project.id if project else None, **_common(p, status),
    ).id  # fmt: skip


def _interaction(uow: UnitOfWork, actor: Actor, p: Proposal, status: str) -> int | None:
    return relationships.record_inferred_interaction(
        uow, actor, occurred_at=p.start, person_name=p.structure.get("person_name"),
        interaction_type=p.structure.get("interaction_type") or "meeting", **_common(p, status),
    ).id  # fmt: skip


Create = Callable[[UnitOfWork, Actor, Proposal, str], int | None]
SetStatus = Callable[[UnitOfWork, Actor, int, str], object]

ADAPTERS: dict[str, tuple[Create, SetStatus]] = {
    "health/workout": (_workout, health.set_workout_inferred_status),
    "health/meal": (_meal, health.set_meal_inferred_status),
    "finance/transaction": (_transaction, finance.set_transaction_inferred_status),
    "habits/habit_log": (_habit_log, habits.set_inferred_status),
    "skills/practice_session": (_practice, skills.set_practice_inferred_status),
    "projects/work_session": (_work_session, projects.set_work_session_inferred_status),
    "relationships/interaction": (_interaction, relationships.set_interaction_inferred_status),
}


def create_record(
    uow: UnitOfWork, actor: Actor, record_type: str, proposal: Proposal, *, status: str
) -> int | None:
    """The id of the domain record made for the proposal, or None if none could be made."""
    adapter = ADAPTERS.get(record_type)
    if adapter is None:
        return None
    try:
        with uow.savepoint():
            return adapter[0](uow, actor, proposal, status)
    except LifeOSError as exc:
        log.info(
            "no %s record for calendar event %s: %s", record_type, proposal.calendar_event_id, exc
        )
        return None


def set_record_status(
    uow: UnitOfWork, actor: Actor, record_type: str, record_id: int, status: str
) -> bool:
    """Move the domain record along with its interpretation; False if the domain refused."""
    adapter = ADAPTERS.get(record_type)
    if adapter is None:
        return False
    try:
        with uow.savepoint():
            adapter[1](uow, actor, record_id, status)
        return True
    except LifeOSError as exc:
        log.info("%s record %s stays as it was: %s", record_type, record_id, exc)
        return False
