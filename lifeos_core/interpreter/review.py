"""The review queue's decisions, carried into the domains.

Confirming an interpretation confirms its domain record (or creates it, confirmed, when the
interpretation had none yet); rejecting or ignoring it moves the record out of sight. The
interpretation and its record change in the same unit of work, so the review queue and the
domain pages never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.service import ReviewDecision
from lifeos_core.interpreter.adapters import Proposal, create_record, set_record_status
from lifeos_core.unit_of_work import UnitOfWork

STATUS_OF = {"confirm": "confirmed", "reject": "rejected", "ignore": "ignored"}


def proposal_of(view) -> Proposal:
    """The adapter's view of an interpretation (an InterpretationView)."""
    return Proposal(
        calendar_event_id=view.calendar_event_id,
        title=view.event_title,
        start=view.event_start,
        end=view.event_end,
        structure=view.structure,
        confidence=view.confidence_score,
        model_version=view.model_version,
    )


def decide(
    uow: UnitOfWork,
    actor: Actor,
    *,
    interpretation_ids: Sequence[int],
    decision: ReviewDecision,
    reason: str | None = None,
) -> int:
    """Confirm, reject or ignore pending interpretations and their domain records."""
    count = calendar.decide_interpretations(
        uow, actor, interpretation_ids=interpretation_ids, decision=decision, reason=reason
    )
    status = STATUS_OF[decision]
    for view in calendar.get_interpretations(uow, actor, interpretation_ids):
        if view.record_id is not None:
            set_record_status(uow, actor, view.record_type, view.record_id, status)
        elif decision == "confirm":
            record_id = create_record(
                uow, actor, view.record_type, proposal_of(view), status="confirmed"
            )
            if record_id is not None:
                calendar.link_record(uow, actor, view.id, record_id)
    return count
