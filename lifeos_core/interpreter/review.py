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
from lifeos_core.auth.service import require
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.schemas import CalendarEventView, InterpretationView
from lifeos_core.calendar.service import ReviewDecision
from lifeos_core.errors import InvalidInput, NotFound
from lifeos_core.interpreter.adapters import (
    ADAPTERS,
    Proposal,
    create_record,
    set_record_status,
)
from lifeos_core.interpreter.learning import current_model_version, known_names
from lifeos_core.interpreter.model import default_structure
from lifeos_core.interpreter.rules import DOMAIN_OF, RECORD_TYPES, score
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
        # The corrected proposal goes to the domain while its record is still pending: a
        # domain that keeps one record per event (health) updates that one in place and
        # returns it (retiring it first would make it refuse to take it back); the others
        # make a new record, and the uncorrected one is retired.
        [corrected] = calendar.get_interpretations(uow, actor, [interpretation_id])
        record_id = create_record(
            uow, actor, view.record_type, proposal_of(corrected), status="inferred"
        )
        if record_id != view.record_id:
            set_record_status(uow, actor, view.record_type, view.record_id, "ignored")
            calendar.link_record(uow, actor, view.id, record_id)
    decide(uow, actor, interpretation_ids=[interpretation_id], decision="confirm")
    [confirmed] = calendar.get_interpretations(uow, actor, [interpretation_id])
    if confirmed.record_id is None:  # the domain refused the corrected values
        raise InvalidInput(
            f"{view.domain} did not accept the corrected {', '.join(changed) or 'values'}; "
            "check them and try again",
            {field: "not accepted" for field in changed},
        )


# --- "the interpreter missed this" ---------------------------------------------------------

# What the owner may type for each record type: the fields its adapter reads.
MISSED_FIELDS: dict[str, tuple[str, ...]] = {
    "finance/transaction": ("amount", "description"),
    "health/meal": ("meal_type",),
    "health/workout": ("workout_type", "duration_minutes"),
    "habits/habit_log": ("habit_name",),
    "skills/practice_session": ("skill_name", "duration_minutes"),
    "projects/work_session": ("project_name", "duration_minutes"),
    "relationships/interaction": ("person_name", "interaction_type"),
}
# ... and those without which the domain can hold no record at all.
NEEDED: dict[str, tuple[str, ...]] = {
    "finance/transaction": ("amount",),
    "habits/habit_log": ("habit_name",),
    "skills/practice_session": ("skill_name",),
    "projects/work_session": ("duration_minutes",),
}


def _record_type(record_type: str) -> str:
    if record_type not in RECORD_TYPES or record_type not in ADAPTERS:
        raise InvalidInput(
            f"record_type: {record_type!r} is not one of {', '.join(RECORD_TYPES)}",
            {"record_type": "unknown record type"},
        )
    return record_type


def _extracted(uow: UnitOfWork, actor: Actor, event: CalendarEventView, record_type: str) -> dict:
    """What the rules make of the event for this record type, even below their thresholds
    (durations from its times, amounts, people and names from its title)."""
    from lifeos_core.interpreter.service import facts_for  # service imports this module

    facts = facts_for(event, actor.timezone)
    for candidate in score(facts, known_names(uow, actor)):
        if candidate.record_type == record_type:
            return dict(candidate.structure)
    return default_structure(facts, record_type)


def missed_structure(
    uow: UnitOfWork, actor: Actor, *, calendar_event_id: int, record_type: str
) -> dict:
    """The values ``add_missed`` would use when the owner types none (for the form's hints)."""
    event = calendar.get_event(uow, actor, calendar_event_id)
    return _extracted(uow, actor, event, _record_type(record_type))


def add_missed(
    uow: UnitOfWork,
    actor: Actor,
    *,
    calendar_event_id: int,
    record_type: str,
    fields: dict[str, str],
) -> InterpretationView:
    """The owner says an event was a workout, an expense, time with someone... where the
    interpreter proposed nothing: a confirmed interpretation and its confirmed domain record,
    which the owner's model learns from as a positive (a false negative of the rules).

    The structure is the rules' own extraction for that record type, overridden by the
    fields the owner typed (blank ones are left to the extraction). An interpretation of the
    same type the owner rejected or ignored earlier is reopened (they changed their mind) and
    its record confirmed when the values are the same; a pending one is refused: it waits in
    the review queue, where it can be corrected and confirmed. If the domain refuses the
    values, nothing changes (the caller does not commit on the error).
    """
    require(actor, "review.decide")
    record_type = _record_type(record_type)
    existing = {
        v.record_type: v for v in calendar.event_interpretations(uow, actor, calendar_event_id)
    }
    earlier = existing.get(record_type)
    if earlier is not None and earlier.status == "inferred":
        raise InvalidInput(
            f"record_type: the interpreter proposed {record_type} for this event and it is "
            "waiting for your review; confirm or correct it on the Review page",
            {"record_type": "waiting for review"},
        )
    if earlier is not None and earlier.status == "confirmed":
        raise InvalidInput(
            f"record_type: this event is already confirmed as {record_type}",
            {"record_type": "already confirmed"},
        )
    event = calendar.get_event(uow, actor, calendar_event_id)
    allowed = MISSED_FIELDS[record_type]
    structure = _extracted(uow, actor, event, record_type)
    if earlier is not None:  # what the rules proposed then, before the owner turned it down
        structure.update(earlier.structure)
    typed = {field: value for field, value in fields.items() if (value or "").strip()}
    for field, value in typed.items():
        if field not in allowed:
            raise InvalidInput(
                f"{field}: not a field of {record_type} (those are {', '.join(allowed)})",
                {field: "unknown"},
            )
        structure[field] = _corrected(field, structure.get(field), value)
    if "person_name" in typed:
        structure["person_names"] = [structure["person_name"]]
    for field in NEEDED.get(record_type, ()):
        if structure.get(field) in (None, ""):
            raise InvalidInput(
                f"{field}: needed for {record_type} and not in the event; type it in",
                {field: "needed"},
            )
    version = current_model_version(uow, actor)
    proposal = Proposal(
        calendar_event_id=event.id,
        title=event.title,
        start=event.start_time,
        end=event.end_time,
        structure=structure,
        confidence=1.0,
        model_version=version,
    )
    record_id = _confirmed_record(uow, actor, record_type, proposal, earlier, typed)
    return calendar.record_missed_interpretation(
        uow,
        actor,
        event_id=event.id,
        domain=DOMAIN_OF[record_type],
        record_type=record_type,
        structure=structure,
        model_version=version,
        record_id=record_id,
    )


def _confirmed_record(
    uow: UnitOfWork,
    actor: Actor,
    record_type: str,
    proposal: Proposal,
    earlier: InterpretationView | None,
    typed: dict[str, str],
) -> int:
    """The id of the confirmed domain record for a missed interpretation (made, or the one
    turned down before, confirmed again); InvalidInput when the domain will not hold it."""
    old = earlier.record_id if earlier is not None else None
    unchanged = earlier is not None and all(
        proposal.structure.get(field) == value for field, value in earlier.structure.items()
    )
    if old is not None and unchanged:
        if set_record_status(uow, actor, record_type, old, "confirmed"):
            return old  # changed their mind about the very same record
    made = create_record(uow, actor, record_type, proposal, status="confirmed")
    if made is None:
        named = list(typed) or list(MISSED_FIELDS[record_type])
        raise InvalidInput(
            f"{DOMAIN_OF[record_type]} did not accept these values "
            f"({', '.join(named)}); check them and try again",
            {field: "not accepted" for field in named},
        )
    # A domain that keeps one record per event hands back the one turned down before, as
    # the owner left it: confirm it (harmless on a record made confirmed just now).
    if not set_record_status(uow, actor, record_type, made, "confirmed"):
        status = earlier.status if earlier is not None else "decided"
        raise InvalidInput(
            f"record_type: {DOMAIN_OF[record_type]} keeps the {record_type} that was "
            f"{status} for this event and will not take it back; add it in "
            f"{DOMAIN_OF[record_type]} directly",
            {"record_type": f"{status} before"},
        )
    return made
