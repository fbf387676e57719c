"""The review queue's decisions, carried into the domains.

Confirming an interpretation confirms its domain record (or creates it, confirmed, when the
interpretation had none yet); rejecting or ignoring it moves the record out of sight. The
interpretation and its record change in the same unit of work, so the review queue and the
domain pages never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.service import ReviewDecision
from lifeos_core.errors import InvalidInput, NotFound
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


def _corrected(field: str, original: object, typed: str) -> object:
    """The owner's text for one field, in the type the proposal had."""
    typed = typed.strip()
    if field == "amount":
        try:
            amount = Decimal(typed.replace(",", "."))
        except InvalidOperation:
            raise InvalidInput(
                f"{field}: {typed!r} is not an amount", {field: "not an amount"}
            ) from None
        if amount <= 0:
            raise InvalidInput(
                f"{field}: must be more than zero", {field: "must be more than zero"}
            )
        return str(amount.quantize(Decimal("0.01")))
    if isinstance(original, int) or field.endswith("_minutes"):
        if not typed:
            return None
        if not typed.isdigit() or int(typed) == 0:
            raise InvalidInput(
                f"{field}: must be a whole number of minutes", {field: "not a number"}
            )
        return int(typed)
    if not typed:
        raise InvalidInput(f"{field}: must not be empty", {field: "empty"})
    return typed[:200]


def confirm_corrected(
    uow: UnitOfWork, actor: Actor, *, interpretation_id: int, corrections: dict[str, str]
) -> None:
    """Confirm a pending interpretation after the owner corrected its extracted fields.

    A record made from the uncorrected proposal is retired, and the confirmed record is made
    from the corrected one. If the domain refuses the corrected values, nothing changes (the
    caller does not commit on the error).
    """
    views = calendar.get_interpretations(uow, actor, [interpretation_id])
    if not views or views[0].status != "inferred":
        raise NotFound(f"no pending interpretation with id {interpretation_id}")
    view = views[0]
    structure = dict(view.structure)
    for field, typed in corrections.items():
        if field not in structure:
            raise InvalidInput(f"{field}: not a field of this proposal", {field: "unknown"})
        structure[field] = _corrected(field, structure[field], typed)
    changed = [field for field in structure if structure[field] != view.structure.get(field)]
    calendar.correct_interpretation(uow, actor, interpretation_id, structure)
    if view.record_id is not None:
        set_record_status(uow, actor, view.record_type, view.record_id, "ignored")
        calendar.link_record(uow, actor, view.id, None)
    decide(uow, actor, interpretation_ids=[interpretation_id], decision="confirm")
    [confirmed] = calendar.get_interpretations(uow, actor, [interpretation_id])
    if confirmed.record_id is None:  # the domain refused the corrected values
        raise InvalidInput(
            f"{view.domain} did not accept the corrected {', '.join(changed) or 'values'}; "
            "check them and try again",
            {field: "not accepted" for field in changed},
        )
