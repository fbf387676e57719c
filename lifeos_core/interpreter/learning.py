"""Learning from the owner: their review decisions become examples, examples become a model.

Which decisions teach what (per calendar event the owner decided anything about):

- a confirmed interpretation (by the owner, or auto-confirmed and left standing) is a
  positive for its record type, with its structure remembered for that event's title;
- a rejected one is a negative; an ignored one is a negative too (the owner does not want
  it proposed, whether or not it was true);
- a record type nobody proposed for that event is a negative (the owner saw the event's
  proposals and had nothing to add); a pending or withdrawn one teaches nothing.

Events where only the interpreter decided (auto-confirmed, never touched) are not examples:
the model learns from the owner, not from itself.

Models are stored per owner in ``interpreter_model`` (pickled, with a version like
``user-7-v3``, the number of decisions they were trained on and their metrics). The newest
is the one in use; the three newest are kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict

from lifeos_core.auth import service as auth
from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.schemas import InterpretationView
from lifeos_core.errors import NotFound
from lifeos_core.interpreter.events import InterpreterModelTrained
from lifeos_core.interpreter.model import Example, UserModel, quality, train
from lifeos_core.interpreter.models import InterpreterModel
from lifeos_core.interpreter.rules import RECORD_TYPES, RULES_VERSION, KnownNames
from lifeos_core.unit_of_work import UnitOfWork, UnitOfWorkFactory

MIN_NEW_DECISIONS = 25
KEEP_VERSIONS = 3
DECIDED = ("confirmed", "rejected", "ignored")
HOLDOUT_SHARE = 0.2
MAX_INTERPRETATIONS = 100_000


class TrainedModelView(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    version: int
    model_version: str
    decisions: int
    examples: int
    metrics: dict
    created_at: datetime


def _decided_views(uow: UnitOfWork, actor: Actor):
    return calendar.list_interpretations(
        uow, actor, statuses=("inferred", *DECIDED), limit=MAX_INTERPRETATIONS
    )


def owner_decision_count(uow: UnitOfWork, actor: Actor) -> int:
    """How many interpretations the owner has confirmed, rejected or ignored."""
    return sum(1 for v in _decided_views(uow, actor) if v.decided_by == "owner")


def decided_examples(
    uow: UnitOfWork, actor: Actor, views: Sequence[InterpretationView] | None = None
) -> tuple[list[Example], int]:
    """The owner's reviewed events as examples (oldest first), and the number of decisions.

    An interpretation the owner added because the interpreter missed it (``add_missed``) is
    a decision and a positive like any confirmation: it is how the model learns words the
    rules do not know.
    """
    from lifeos_core.interpreter.service import facts_for  # service imports this module

    by_event = defaultdict(list)
    for view in _decided_views(uow, actor) if views is None else views:
        by_event[view.calendar_event_id].append(view)
    examples: list[tuple[datetime, Example]] = []
    decisions = 0
    for event_id, views in by_event.items():
        owned = sum(1 for v in views if v.decided_by == "owner" and v.status in DECIDED)
        if not owned:
            continue
        decisions += owned
        try:
            event = calendar.get_event(uow, actor, event_id)
        except NotFound:
            continue
        positives = frozenset(v.record_type for v in views if v.status == "confirmed")
        pending = {v.record_type for v in views if v.status == "inferred"}
        negatives = frozenset(set(RECORD_TYPES) - positives - pending)
        structures = {v.record_type: v.structure for v in views if v.status == "confirmed"}
        facts = facts_for(event, actor.timezone)
        examples.append((event.start_time, Example(facts, positives, negatives, structures)))
    examples.sort(key=lambda pair: pair[0])
    return [example for _, example in examples], decisions


def _latest(uow: UnitOfWork, actor: Actor) -> InterpreterModel | None:
    return uow.session.scalar(
        sa.select(InterpreterModel)
        .where(InterpreterModel.user_id == actor.user_id)
        .order_by(InterpreterModel.version.desc())
        .limit(1)
    )


def train_user_model(
    uow: UnitOfWork, actor: Actor, *, min_new_decisions: int = 0
) -> TrainedModelView | None:
    """Train and store a new model from the owner's decisions; None when there is nothing
    to learn from or fewer than ``min_new_decisions`` decisions since the last training."""
    auth.require(actor, "calendar.read")
    views = _decided_views(uow, actor)
    examples, decisions = decided_examples(uow, actor, views)
    latest = _latest(uow, actor)
    done_before = latest.decisions if latest else 0
    if not examples or decisions - done_before < min_new_decisions:
        return None
    version = (latest.version + 1) if latest else 1
    model_version = f"user-{actor.user_id}-v{version}"
    owned = [v for v in views if v.decided_by == "owner"]
    metrics: dict = {
        "examples": len(examples),
        "decisions": decisions,
        # The rules' mistakes the owner told us about: proposals turned down (false
        # positives) and events they said the interpreter missed (false negatives).
        "owner_rejected": sum(1 for v in owned if v.status == "rejected"),
        "owner_missed": sum(1 for v in owned if v.added_by_owner and v.status == "confirmed"),
    }
    held = int(len(examples) * HOLDOUT_SHARE)
    if held >= 4:
        # Honest numbers: fit on the older decisions, measure on the newest ones.
        trial = train(examples[:-held], version=model_version)
        metrics.update(quality(trial, examples[-held:]), holdout_examples=held)
    model = train(examples, version=model_version)
    metrics["blend_weights"] = dict(model.weights)
    metrics["remembered_titles"] = len(model.memory)
    row = InterpreterModel(
        user_id=actor.user_id,
        version=version,
        model_version=model_version,
        decisions=decisions,
        examples=len(examples),
        metrics=metrics,
        blob=model.to_bytes(),
    )
    uow.session.add(row)
    uow.session.flush()
    uow.emit(
        InterpreterModelTrained(
            user_id=actor.user_id,
            model_id=row.id,
            model_version=model_version,
            decisions=decisions,
            examples=len(examples),
            metrics=metrics,
        )
    )
    old = uow.session.scalars(
        sa.select(InterpreterModel)
        .where(InterpreterModel.user_id == actor.user_id)
        .order_by(InterpreterModel.version.desc())
        .offset(KEEP_VERSIONS)
    ).all()
    for stale in old:
        uow.session.delete(stale)
    return TrainedModelView.model_validate(row)


def current_model_version(uow: UnitOfWork, actor: Actor) -> str:
    """The ``model_version`` the interpreter writes for this owner now (without unpickling
    their model: the version is all a single owner decision needs)."""
    row = _latest(uow, actor)
    return RULES_VERSION if row is None else f"{RULES_VERSION}+{row.model_version}"


def load_user_model(uow: UnitOfWork, actor: Actor) -> UserModel | None:
    """The owner's newest model, or None (then the rules work alone)."""
    row = _latest(uow, actor)
    if row is None:
        return None
    try:
        return UserModel.from_bytes(row.blob)
    except (ValueError, EOFError, AttributeError, ImportError):
        return None  # written by an incompatible version: the rules carry on until retrained


def list_user_models(uow: UnitOfWork, actor: Actor) -> list[TrainedModelView]:
    rows = uow.session.scalars(
        sa.select(InterpreterModel)
        .where(InterpreterModel.user_id == actor.user_id)
        .order_by(InterpreterModel.version.desc())
    )
    return [TrainedModelView.model_validate(r) for r in rows]


def users_due_for_training(
    uow: UnitOfWork, *, min_new_decisions: int = MIN_NEW_DECISIONS
) -> list[int]:
    """Users with at least ``min_new_decisions`` review decisions their model has not seen."""
    due = []
    for user_id in auth.all_active_user_ids(uow):
        actor = auth.get_actor(uow, user_id)
        latest = _latest(uow, actor)
        seen = latest.decisions if latest else 0
        if owner_decision_count(uow, actor) - seen >= max(1, min_new_decisions):
            due.append(user_id)
    return due


def known_names(uow: UnitOfWork, actor: Actor) -> KnownNames:
    """The people, projects, skills and habits the owner keeps, for matching in titles."""
    from lifeos_core.habits import service as habits
    from lifeos_core.projects import service as projects
    from lifeos_core.relationships import service as relationships
    from lifeos_core.skills import service as skills

    return KnownNames(
        people=tuple(p.name for p in relationships.list_people(uow, actor)),
        projects=tuple(p.name for p in projects.list_projects(uow, actor)),
        skills=tuple(s.name for s in skills.list_skills(uow, actor)),
        habits=tuple(h.name for h in habits.list_habits(uow, actor)),
    )


def train_due_models(
    uow_factory: UnitOfWorkFactory, *, min_new_decisions: int = MIN_NEW_DECISIONS
) -> list[TrainedModelView]:
    """Train a new model for every user with enough new decisions, each in its own unit of
    work (one owner's failure leaves the others' models in place)."""
    with uow_factory() as uow:
        user_ids = users_due_for_training(uow, min_new_decisions=min_new_decisions)
    trained = []
    for user_id in user_ids:
        with uow_factory() as uow:
            actor = auth.get_actor(uow, user_id)
            view = train_user_model(uow, actor, min_new_decisions=min_new_decisions)
            uow.commit()
        if view is not None:
            trained.append(view)
    return trained
