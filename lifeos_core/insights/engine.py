"""The insights engine: an outbox subscriber that runs rules and stores their insights.

It receives a whole batch of deliveries and runs each rule once per user over every event
of its trigger types, so rules work set-based: a few queries per rule and batch, however
many events the batch holds. It runs inside the dispatcher's transaction for the batch, so
the insights, the rules' telemetry and the messages' ``sent`` marks commit together.
Storing is idempotent per (user, rule, dedupe_key): a redelivered event finds its insight
already there, and the first derivation of a key is the one kept.

``derive`` is the same function the replay uses: live delivery and a rebuild from
``event_record`` run the same code over the same kind of input.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lifeos_core.auth import service as auth
from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import NotFound
from lifeos_core.events.base import DomainEvent, InferenceEvent
from lifeos_core.insights import flags
from lifeos_core.insights import telemetry as rule_telemetry
from lifeos_core.insights.models import InsightRecord
from lifeos_core.insights.registry import Rule
from lifeos_core.insights.rules import EVENT_RULES, SUBSCRIBED_EVENT_TYPES
from lifeos_core.insights.schemas import InsightDraft
from lifeos_core.insights.telemetry import Telemetry
from lifeos_core.outbox.dispatcher import Delivery
from lifeos_core.unit_of_work import UnitOfWork

__all__ = ["SUBSCRIBED_EVENT_TYPES", "Derived", "derive", "handle_events", "store"]

KEY_CHUNK = 500  # dedupe keys per existence query


@dataclass(frozen=True)
class Derived:
    """A rule's draft with where it came from: the event (its event_id) that led to it and
    the interpreter model behind that event, if any."""

    draft: InsightDraft
    source_event_id: str | None = None
    model_version: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.draft.insight_type, self.draft.dedupe_key


def derive(
    uow: UnitOfWork,
    actor: Actor,
    events: Sequence[tuple[DomainEvent, str | None]],
    *,
    rules: Iterable[Rule] = EVENT_RULES,
    disabled: frozenset[str] = frozenset(),
    telemetry: Telemetry | None = None,
) -> list[Derived]:
    """Run every enabled event rule once over ``events`` (one user's, in delivery order).

    Read-only: nothing is stored. Each rule sees only its trigger types, in order.
    """
    positions: dict[str, list[int]] = defaultdict(list)
    for position, (event, _) in enumerate(events):
        positions[event.event_type].append(position)
    derived: list[Derived] = []
    for rule in rules:
        if rule.name in disabled:
            continue
        mine = sorted(p for event_type in rule.triggers for p in positions.get(event_type, ()))
        if not mine:
            continue
        batch = [events[p][0] for p in mine]
        event_ids = {id(events[p][0]): events[p][1] for p in mine}
        started = time.perf_counter()
        produced = rule.derive(uow, actor, batch)
        if telemetry is not None:
            telemetry.ran(
                actor.user_id,
                rule.name,
                rule.version,
                events=len(batch),
                drafts=len(produced),
                seconds=time.perf_counter() - started,
            )
        for draft, source in produced:
            derived.append(
                Derived(
                    draft=draft,
                    source_event_id=event_ids.get(id(source)),
                    model_version=source.model_version
                    if isinstance(source, InferenceEvent)
                    else None,
                )
            )
    return derived


def _insert(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(InsightRecord)


def existing_keys(
    session: Session, user_id: int, keys: Iterable[tuple[str, str]]
) -> set[tuple[str, str]]:
    """Which (insight_type, dedupe_key) pairs the user has already (one query per type and
    chunk of keys)."""
    by_type: dict[str, list[str]] = defaultdict(list)
    for insight_type, dedupe_key in keys:
        by_type[insight_type].append(dedupe_key)
    found: set[tuple[str, str]] = set()
    for insight_type, wanted in by_type.items():
        for start in range(0, len(wanted), KEY_CHUNK):
            found.update(
                (insight_type, key)
                for key in session.scalars(
                    sa.select(InsightRecord.dedupe_key).where(
                        InsightRecord.user_id == user_id,
                        InsightRecord.insight_type == insight_type,
                        InsightRecord.dedupe_key.in_(wanted[start : start + KEY_CHUNK]),
                    )
                )
            )
    return found


def store(
    uow: UnitOfWork, user_id: int, derived: Sequence[Derived], telemetry: Telemetry | None = None
) -> int:
    """Store the insights not stored yet (the first draft of a key wins); returns how many.

    A concurrent dispatcher storing the same key is not an error: the insert skips it.
    """
    first: dict[tuple[str, str], Derived] = {}
    for item in derived:
        first.setdefault(item.key, item)
    if not first:
        return 0
    have = existing_keys(uow.session, user_id, first)
    rows = [
        dict(
            user_id=user_id,
            source_event_id=item.source_event_id,
            model_version=item.model_version,
            **item.draft.model_dump(),
        )
        for key, item in first.items()
        if key not in have
    ]
    if not rows:
        return 0
    stmt = (
        _insert(uow.session)
        .on_conflict_do_nothing(index_elements=["user_id", "insight_type", "dedupe_key"])
        .returning(InsightRecord.insight_type, InsightRecord.rule_version)
    )
    created = uow.session.execute(stmt, rows).all()
    if telemetry is not None:
        counts: dict[tuple[str, int], int] = defaultdict(int)
        for insight_type, version in created:
            counts[(insight_type, version)] += 1
        for (insight_type, version), count in counts.items():
            telemetry.stored(user_id, insight_type, version, count)
    return len(created)


def handle_events(uow: UnitOfWork, deliveries: Sequence[Delivery]) -> int:
    """The outbox subscriber: run the rules over a batch and store new insights."""
    disabled = flags.disabled_rules()
    telemetry = Telemetry()
    by_user: dict[int, list[tuple[DomainEvent, str | None]]] = defaultdict(list)
    for event, message in deliveries:
        by_user[event.user_id].append((event, message.event_id))
    created = 0
    for user_id, events in by_user.items():
        try:
            actor = auth.get_actor(uow, user_id)
        except NotFound:  # removed or deactivated since: nobody to tell
            continue
        derived = derive(uow, actor, events, disabled=disabled, telemetry=telemetry)
        created += store(uow, user_id, derived, telemetry)
    rule_telemetry.record(uow, telemetry)
    return created


def comparable(draft: InsightDraft) -> dict:
    """A draft's content as it reads back from the database (JSON payload, instants)."""
    content = draft.model_dump(exclude={"insight_type", "dedupe_key"})
    content["payload"] = json.loads(json.dumps(content["payload"], default=str))
    return content
