"""Relationships services: a directory of people, the interactions with them, and who is due
a call.

Every function takes the acting user and touches only that user's rows; an id that belongs
to someone else behaves exactly like an id that does not exist.

Last contact and the reconnect date are derived on every read from the interactions that
count (manual and confirmed ones), never stored: logging or confirming an interaction resets
the cue at once, and deleting it brings the old cue back. Unconfirmed, rejected and ignored
inferences never move them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.database import utcnow
from lifeos_core.database.inferred import counts_toward_totals
from lifeos_core.errors import InvalidInput, NotFound, validate
from lifeos_core.relationships.cues import local_date, reconnect_due_on
from lifeos_core.relationships.events import (
    InteractionDeleted,
    InteractionInferred,
    InteractionLogged,
    InteractionUpdated,
    PersonCreated,
    PersonDeleted,
    PersonUpdated,
)
from lifeos_core.relationships.models import Interaction, Person
from lifeos_core.relationships.schemas import (
    InferredInteraction,
    InteractionChanges,
    InteractionView,
    NewInteraction,
    NewPerson,
    PersonChanges,
    PersonView,
    normalise_name,
)
from lifeos_core.unit_of_work import UnitOfWork

REVIEW_DECISIONS = ("confirmed", "rejected", "ignored")
# Only the two columns needed to check ownership; the calendar's models stay its own.
_calendar_event = sa.table("calendar_event", sa.column("id"), sa.column("user_id"))


# --- people -------------------------------------------------------------------------------


def _owned_person(uow: UnitOfWork, actor: Actor, person_id: int) -> Person:
    person = uow.session.scalar(
        sa.select(Person).where(Person.id == person_id, Person.user_id == actor.user_id)
    )
    if person is None:
        raise NotFound(f"person {person_id} not found")
    return person


def _last_contacts(
    uow: UnitOfWork, actor: Actor, person_ids: Iterable[int] | None = None
) -> dict[int, datetime]:
    """person_id -> the latest occurred_at among interactions that count."""
    query = (
        sa.select(Interaction.person_id, sa.func.max(Interaction.occurred_at))
        .where(
            Interaction.user_id == actor.user_id,
            Interaction.person_id.is_not(None),
            counts_toward_totals(Interaction),
        )
        .group_by(Interaction.person_id)
    )
    if person_ids is not None:
        query = query.where(Interaction.person_id.in_(list(person_ids)))
    return dict(uow.session.execute(query).all())


def _person_view(person: Person, last_contact: datetime | None, timezone: str) -> PersonView:
    due_on = reconnect_due_on(
        cue_days=person.reconnect_cue_days,
        last_contact=last_contact and local_date(last_contact, timezone),
        known_since=local_date(person.created_at, timezone),
    )
    return PersonView(
        id=person.id,
        name=person.name,
        relationship_type=person.relationship_type,
        reconnect_cue_days=person.reconnect_cue_days,
        notes=person.notes,
        birthday=person.birthday,
        email=person.email,
        created_at=person.created_at,
        last_contact=last_contact,
        reconnect_due_on=due_on,
    )


def _views(uow: UnitOfWork, actor: Actor, people: list[Person]) -> list[PersonView]:
    last = _last_contacts(uow, actor, [p.id for p in people]) if people else {}
    return [_person_view(p, last.get(p.id), actor.timezone) for p in people]


def create_person(uow: UnitOfWork, actor: Actor, **fields) -> PersonView:
    data = validate(NewPerson, **fields)
    person = Person(user_id=actor.user_id, **data.model_dump())
    uow.session.add(person)
    uow.session.flush()
    uow.emit(
        PersonCreated(
            user_id=actor.user_id,
            person_id=person.id,
            name=person.name,
            relationship_type=person.relationship_type,
            reconnect_cue_days=person.reconnect_cue_days,
            created_at=person.created_at,
        )
    )
    return _person_view(person, None, actor.timezone)


def update_person(uow: UnitOfWork, actor: Actor, person_id: int, **fields) -> PersonView:
    """Change the fields passed; ``reconnect_cue_days=None`` stops the cue."""
    changes = validate(PersonChanges, **fields).model_dump(exclude_unset=True)
    person = _owned_person(uow, actor, person_id)
    changed = [k for k, v in changes.items() if getattr(person, k) != v]
    for key in changed:
        setattr(person, key, changes[key])
    if changed:
        uow.session.flush()
        uow.emit(
            PersonUpdated(
                user_id=actor.user_id,
                person_id=person.id,
                fields=changed,
                updated_at=person.updated_at,
            )
        )
    return _views(uow, actor, [person])[0]


def delete_person(uow: UnitOfWork, actor: Actor, person_id: int) -> None:
    """Remove the person and every interaction logged with them."""
    person = _owned_person(uow, actor, person_id)
    removed = uow.session.execute(
        sa.delete(Interaction).where(
            Interaction.user_id == actor.user_id, Interaction.person_id == person.id
        )
    ).rowcount
    uow.session.delete(person)
    uow.session.flush()
    uow.emit(
        PersonDeleted(
            user_id=actor.user_id,
            person_id=person_id,
            interactions_deleted=removed,
            deleted_at=utcnow(),
        )
    )


def get_person(uow: UnitOfWork, actor: Actor, person_id: int) -> PersonView:
    return _views(uow, actor, [_owned_person(uow, actor, person_id)])[0]


def list_people(uow: UnitOfWork, actor: Actor) -> list[PersonView]:
    """Everyone in the directory, by name, with their last contact and next cue."""
    people = list(uow.session.scalars(sa.select(Person).where(Person.user_id == actor.user_id)))
    # Sorted here rather than in SQL: SQLite and PostgreSQL collate names differently.
    people.sort(key=lambda p: (p.name.casefold(), p.id))
    return _views(uow, actor, people)


def find_people_by_name(uow: UnitOfWork, actor: Actor, name: str) -> list[PersonView]:
    """People whose name is ``name`` ignoring case and spacing ('zoë  lind' finds 'Zoë Lind').

    Compared in Python: SQLite's lower() folds ASCII letters only.
    """
    wanted = normalise_name(name).casefold()
    if not wanted:
        return []
    people = uow.session.scalars(
        sa.select(Person).where(Person.user_id == actor.user_id).order_by(Person.id)
    )
    return _views(uow, actor, [p for p in people if p.name.casefold() == wanted])


def people_to_reconnect(uow: UnitOfWork, actor: Actor, *, today: date) -> list[PersonView]:
    """People whose reconnect cue is due on or before ``today``, most overdue first."""
    due = [
        p
        for p in list_people(uow, actor)
        if p.reconnect_due_on is not None and p.reconnect_due_on <= today
    ]
    return sorted(due, key=lambda p: p.reconnect_due_on)  # stable: ties stay by name


# --- interactions -------------------------------------------------------------------------


def _owned_interaction(uow: UnitOfWork, actor: Actor, interaction_id: int) -> Interaction:
    interaction = uow.session.scalar(
        sa.select(Interaction).where(
            Interaction.id == interaction_id, Interaction.user_id == actor.user_id
        )
    )
    if interaction is None:
        raise NotFound(f"interaction {interaction_id} not found")
    return interaction


def _interaction_view(interaction: Interaction, person_name: str | None) -> InteractionView:
    return InteractionView(
        id=interaction.id,
        person_id=interaction.person_id,
        person_name=person_name or interaction.mentioned_name,
        interaction_type=interaction.interaction_type,
        occurred_at=interaction.occurred_at,
        notes=interaction.notes,
        source=interaction.source,
        calendar_event_id=interaction.calendar_event_id,
        confidence_score=interaction.confidence_score,
        inferred_status=interaction.inferred_status,
    )


def _view_of(uow: UnitOfWork, interaction: Interaction) -> InteractionView:
    person = uow.session.get(Person, interaction.person_id) if interaction.person_id else None
    return _interaction_view(interaction, person and person.name)


def log_interaction(uow: UnitOfWork, actor: Actor, **fields) -> InteractionView:
    """Record a call, message, meeting or meal; the person's cue restarts from it."""
    data = validate(NewInteraction, **fields)
    person = _owned_person(uow, actor, data.person_id)
    interaction = Interaction(user_id=actor.user_id, source="manual", **data.model_dump())
    uow.session.add(interaction)
    uow.session.flush()
    uow.emit(
        InteractionLogged(
            user_id=actor.user_id,
            interaction_id=interaction.id,
            person_id=person.id,
            interaction_type=interaction.interaction_type,
            occurred_at=interaction.occurred_at,
        )
    )
    return _interaction_view(interaction, person.name)


def update_interaction(
    uow: UnitOfWork, actor: Actor, interaction_id: int, **fields
) -> InteractionView:
    """Change the fields passed; ``person_id`` also matches an inference to a person."""
    changes = validate(InteractionChanges, **fields).model_dump(exclude_unset=True)
    interaction = _owned_interaction(uow, actor, interaction_id)
    if "person_id" in changes:
        _owned_person(uow, actor, changes["person_id"])
    changed = [k for k, v in changes.items() if getattr(interaction, k) != v]
    for key in changed:
        setattr(interaction, key, changes[key])
    if changed:
        uow.session.flush()
        uow.emit(
            InteractionUpdated(
                user_id=actor.user_id,
                interaction_id=interaction.id,
                person_id=interaction.person_id,
                fields=changed,
                inferred_status=interaction.inferred_status,
                updated_at=interaction.updated_at,
            )
        )
    return _view_of(uow, interaction)


def delete_interaction(uow: UnitOfWork, actor: Actor, interaction_id: int) -> None:
    """Remove an interaction; the person's last contact falls back to the one before."""
    interaction = _owned_interaction(uow, actor, interaction_id)
    person_id = interaction.person_id
    uow.session.delete(interaction)
    uow.session.flush()
    uow.emit(
        InteractionDeleted(
            user_id=actor.user_id,
            interaction_id=interaction_id,
            person_id=person_id,
            deleted_at=utcnow(),
        )
    )


def list_interactions(
    uow: UnitOfWork,
    actor: Actor,
    *,
    person_id: int | None = None,
    include_unconfirmed: bool = True,
    limit: int = 500,
) -> list[InteractionView]:
    """Newest first. Unconfirmed inferences are included (marked) unless asked otherwise;
    rejected and ignored ones never are."""
    query = (
        sa.select(Interaction, Person.name)
        .outerjoin(Person, Person.id == Interaction.person_id)
        .where(Interaction.user_id == actor.user_id)
    )
    if person_id is not None:
        query = query.where(Interaction.person_id == person_id)
    if include_unconfirmed:
        query = query.where(Interaction.inferred_status.is_distinct_from("rejected"))
        query = query.where(Interaction.inferred_status.is_distinct_from("ignored"))
    else:
        query = query.where(counts_toward_totals(Interaction))
    query = query.order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(limit)
    return [_interaction_view(i, name) for i, name in uow.session.execute(query)]


# --- inference ----------------------------------------------------------------------------


def record_inferred_interaction(
    uow: UnitOfWork,
    actor: Actor,
    *,
    calendar_event_id: int,
    occurred_at: datetime,
    confidence: float,
    status: str,
    model_version: str,
    interaction_type: str = "meeting",
    person_id: int | None = None,
    person_name: str | None = None,
    notes: str | None = None,
    structure: dict | None = None,
) -> InteractionView:
    """The interpreter's entry point: an interaction proposed from a calendar event.

    Without ``person_id``, a ``person_name`` that matches exactly one person links to them;
    otherwise the interaction is kept unmatched under that name. Recording the same proposal
    (same calendar event and person or name) again returns the first record unchanged.
    """
    data = validate(
        InferredInteraction,
        calendar_event_id=calendar_event_id,
        occurred_at=occurred_at,
        confidence=confidence,
        status=status,
        model_version=model_version,
        interaction_type=interaction_type,
        person_id=person_id,
        person_name=person_name,
        notes=notes,
    )
    owns_event = uow.session.scalar(
        sa.select(_calendar_event.c.id).where(
            _calendar_event.c.id == data.calendar_event_id,
            _calendar_event.c.user_id == actor.user_id,
        )
    )
    if owns_event is None:
        raise NotFound(f"calendar event {data.calendar_event_id} not found")
    person: Person | None = None
    if data.person_id is not None:
        person = _owned_person(uow, actor, data.person_id)
    elif data.person_name:
        matches = find_people_by_name(uow, actor, data.person_name)
        if len(matches) == 1:
            person = _owned_person(uow, actor, matches[0].id)

    same = sa.select(Interaction).where(
        Interaction.user_id == actor.user_id,
        Interaction.calendar_event_id == data.calendar_event_id,
        Interaction.inferred_status.is_not(None),
    )
    if data.person_name:
        same = same.where(Interaction.mentioned_name == data.person_name)
    elif person is not None:
        same = same.where(Interaction.person_id == person.id)
    else:
        same = same.where(Interaction.person_id.is_(None), Interaction.mentioned_name.is_(None))
    existing = uow.session.scalars(same.limit(1)).first()
    if existing is not None:
        return _view_of(uow, existing)

    interaction = Interaction(
        user_id=actor.user_id,
        person_id=person and person.id,
        mentioned_name=data.person_name,
        interaction_type=data.interaction_type,
        occurred_at=data.occurred_at,
        notes=data.notes,
        source="calendar",
        calendar_event_id=data.calendar_event_id,
        confidence_score=data.confidence,
        inferred_status=data.status,
    )
    uow.session.add(interaction)
    uow.session.flush()
    uow.emit(
        InteractionInferred(
            user_id=actor.user_id,
            interaction_id=interaction.id,
            person_id=interaction.person_id,
            calendar_event_id=data.calendar_event_id,
            confidence_score=data.confidence,
            interaction_type=interaction.interaction_type,
            status=data.status,
            model_version=data.model_version,
            inferred_structure=structure or {},
        )
    )
    return _interaction_view(interaction, person and person.name)


def set_interaction_inferred_status(
    uow: UnitOfWork, actor: Actor, interaction_id: int, status: str
) -> InteractionView:
    """Confirm, reject or ignore an inferred interaction (the review queue calls this).

    Confirming makes it count: the person's last contact and cue move at once.
    """
    if status not in REVIEW_DECISIONS:
        raise InvalidInput(
            f"status: must be confirmed, rejected or ignored, not {status!r}",
            {"status": "must be confirmed, rejected or ignored"},
        )
    interaction = uow.session.scalar(
        sa.select(Interaction).where(
            Interaction.id == interaction_id,
            Interaction.user_id == actor.user_id,
            Interaction.inferred_status.is_not(None),
        )
    )
    if interaction is None:
        raise NotFound(f"inferred interaction {interaction_id} not found")
    if interaction.inferred_status != status:
        interaction.inferred_status = status
        uow.session.flush()
        uow.emit(
            InteractionUpdated(
                user_id=actor.user_id,
                interaction_id=interaction.id,
                person_id=interaction.person_id,
                fields=["inferred_status"],
                inferred_status=status,
                updated_at=interaction.updated_at,
            )
        )
    return _view_of(uow, interaction)
