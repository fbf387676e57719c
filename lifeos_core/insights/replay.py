"""Rebuild a user's insights from the audit log, ``event_record``.

The history is read in id order, in chunks, and each chunk goes through the same
``engine.derive`` as a live delivery batch: set-based, a few queries per rule and chunk, so
a rebuild costs time in proportion to the history, not to events times history.

* ``replay_insights`` derives into a scratch dict and compares it with the stored insights
  of every replayable event rule: the same keys with the same content, or a list of what
  differs. Rules are deterministic and describe each insight by the records that make it
  true, so for a history entered in date order the replay is identical; an edit, deletion
  or back-dated entry since shows up as a difference, which is what a replay is for.
* ``rebuild_insights`` derives and stores what is missing (after a new rule, or into an
  empty database, as the benchmark does).

Daily rules depend on the date they ran, not on events, and are not part of a replay.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import sqlalchemy as sa

from lifeos_core.auth import service as auth
from lifeos_core.events.base import DomainEvent
from lifeos_core.events.catalog import event_catalog
from lifeos_core.events.models import EventRecord
from lifeos_core.insights import flags
from lifeos_core.insights.engine import Derived, comparable, derive, store
from lifeos_core.insights.models import InsightRecord
from lifeos_core.insights.registry import Rule
from lifeos_core.insights.rules import EVENT_RULES
from lifeos_core.insights.schemas import InsightDiff, ReplayReport
from lifeos_core.insights.telemetry import Telemetry
from lifeos_core.unit_of_work import UnitOfWork, UnitOfWorkFactory

CHUNK_SIZE = 20_000
COMPARED = ("rule_version", "title", "body", "severity", "payload", "expires_at")


def replayable_rules(disabled: frozenset[str]) -> tuple[Rule, ...]:
    return tuple(r for r in EVENT_RULES if r.replayable and r.name not in disabled)


def history(
    uow: UnitOfWork, user_id: int, event_types: set[str], *, chunk_size: int = CHUNK_SIZE
) -> Iterator[list[tuple[DomainEvent, str]]]:
    """The user's recorded events of ``event_types``, oldest first, in chunks."""
    after = 0
    types = sorted(event_types)
    while True:
        rows = uow.session.execute(
            # The payload as JSON text: pydantic parses it straight into the event class.
            sa.select(
                EventRecord.id,
                EventRecord.event_id,
                EventRecord.event_type,
                sa.cast(EventRecord.payload, sa.Text),
            )
            .where(
                EventRecord.user_id == user_id,
                EventRecord.event_type.in_(types),
                EventRecord.id > after,
            )
            .order_by(EventRecord.id)
            .limit(chunk_size)
        ).all()
        if not rows:
            return
        catalog = event_catalog()
        yield [
            (catalog[event_type].model_validate_json(payload), event_id)
            for _, event_id, event_type, payload in rows
        ]
        after = rows[-1].id


def derive_history(
    uow: UnitOfWork,
    user_id: int,
    rules: tuple[Rule, ...],
    *,
    chunk_size: int = CHUNK_SIZE,
    telemetry: Telemetry | None = None,
) -> tuple[int, dict[tuple[str, str], Derived]]:
    """(events read, the first derivation of every key) over the user's whole history."""
    actor = auth.get_actor(uow, user_id)
    event_types = {t for rule in rules for t in rule.triggers}
    derived: dict[tuple[str, str], Derived] = {}
    events = 0
    for chunk in history(uow, user_id, event_types, chunk_size=chunk_size):
        events += len(chunk)
        for item in derive(uow, actor, chunk, rules=rules, telemetry=telemetry):
            derived.setdefault(item.key, item)
    return events, derived


def replay_insights(
    uow_factory: UnitOfWorkFactory, user_id: int, *, chunk_size: int = CHUNK_SIZE
) -> ReplayReport:
    """Rebuild the user's event-driven insights from event_record, without storing them, and
    compare them with the stored ones."""
    started = time.perf_counter()
    rules = replayable_rules(flags.disabled_rules())
    names = [rule.name for rule in rules]
    with uow_factory() as uow:
        events, derived = derive_history(uow, user_id, rules, chunk_size=chunk_size)
        stored = {
            (row.insight_type, row.dedupe_key): row
            for row in uow.session.scalars(
                sa.select(InsightRecord).where(
                    InsightRecord.user_id == user_id, InsightRecord.insight_type.in_(names)
                )
            )
        }
    differences = []
    for key in sorted(set(derived) | set(stored)):
        if key not in stored:
            differences.append(
                InsightDiff(insight_type=key[0], dedupe_key=key[1], change="missing")
            )
        elif key not in derived:
            differences.append(
                InsightDiff(insight_type=key[0], dedupe_key=key[1], change="unexpected")
            )
        else:
            now, then = comparable(derived[key].draft), stored[key]
            changed = tuple(field for field in COMPARED if now[field] != getattr(then, field))
            if changed:
                differences.append(
                    InsightDiff(
                        insight_type=key[0], dedupe_key=key[1], change="changed", fields=changed
                    )
                )
    return ReplayReport(
        user_id=user_id,
        events=events,
        derived=len(derived),
        stored=len(stored),
        differences=tuple(differences),
        rules=tuple(names),
        seconds=round(time.perf_counter() - started, 3),
    )


def rebuild_insights(
    uow_factory: UnitOfWorkFactory, user_id: int, *, chunk_size: int = CHUNK_SIZE
) -> tuple[int, int]:
    """Derive the user's event-driven insights from event_record and store the missing ones
    (one transaction). Returns (events read, insights created)."""
    rules = replayable_rules(flags.disabled_rules())
    with uow_factory() as uow:
        events, derived = derive_history(uow, user_id, rules, chunk_size=chunk_size)
        created = store(uow, user_id, list(derived.values()))
        uow.commit()
    return events, created
