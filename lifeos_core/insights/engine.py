"""The insights engine: an outbox subscriber that runs rules and stores their insights.

It runs inside the dispatcher's transaction for the message, so its insights and the
message's ``sent`` mark commit together. Storing is idempotent per (user, rule, dedupe_key):
a redelivered event finds its insight already there and adds nothing.
"""

from __future__ import annotations

import sqlalchemy as sa

from lifeos_core.auth import service as auth
from lifeos_core.events.base import DomainEvent
from lifeos_core.insights.models import InsightRecord
from lifeos_core.insights.rules import RULES
from lifeos_core.insights.schemas import InsightDraft
from lifeos_core.outbox.service import ClaimedMessage
from lifeos_core.unit_of_work import UnitOfWork

SUBSCRIBED_EVENT_TYPES = tuple(RULES)


def handle_event(uow: UnitOfWork, event: DomainEvent, message: ClaimedMessage) -> int:
    """Run the rules for ``event`` and store new insights. Returns how many were new."""
    actor = auth.get_actor(uow, event.user_id)
    created = 0
    for rule in RULES.get(event.event_type, ()):
        for draft in rule(uow, actor, event):
            created += _store(uow, actor.user_id, draft, message.event_id)
    return created


def _store(uow: UnitOfWork, user_id: int, draft: InsightDraft, source_event_id: str) -> int:
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
