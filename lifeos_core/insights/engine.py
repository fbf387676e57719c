"""The insights engine: an outbox subscriber that runs rules and stores their insights.

It receives a whole batch of deliveries and runs each rule once over the events of its type,
so rules can work set-based. It runs inside the dispatcher's transaction for the batch, so
the insights and the messages' ``sent`` marks commit together. Storing is idempotent per
(user, rule, dedupe_key): a redelivered event finds its insight already there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa

from lifeos_core.auth import service as auth
from lifeos_core.insights.models import InsightRecord
from lifeos_core.insights.rules import RULES
from lifeos_core.insights.schemas import InsightDraft
from lifeos_core.outbox.dispatcher import Delivery
from lifeos_core.unit_of_work import UnitOfWork

SUBSCRIBED_EVENT_TYPES = tuple(RULES)


def handle_events(uow: UnitOfWork, deliveries: Sequence[Delivery]) -> int:
    """Run the rules over a batch of events and store new insights. Returns how many."""
    by_user_and_type: dict[tuple[int, str], list] = defaultdict(list)
    source_of: dict[int, str] = {}
    for event, message in deliveries:
        by_user_and_type[(event.user_id, event.event_type)].append(event)
        source_of[id(event)] = message.event_id
    created = 0
    for (user_id, event_type), events in by_user_and_type.items():
        actor = auth.get_actor(uow, user_id)
        for rule in RULES.get(event_type, ()):
            for draft, source_event in rule(uow, actor, events):
                created += store_insight(uow, user_id, draft, source_of[id(source_event)])
    return created


def store_insight(
    uow: UnitOfWork, user_id: int, draft: InsightDraft, source_event_id: str | None
) -> int:
    """Store a rule's insight unless it exists already (same rule and dedupe key)."""
    session = uow.session
    exists = session.scalar(
        sa.select(InsightRecord.id).where(
            InsightRecord.user_id == user_id,
            InsightRecord.insight_type == draft.insight_type,
            InsightRecord.dedupe_key == draft.dedupe_key,
        )
    )
    if exists is not None:
        return 0
    session.add(
        InsightRecord(user_id=user_id, source_event_id=source_event_id, **draft.model_dump())
    )
    session.flush()
    return 1
