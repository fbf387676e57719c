"""Relationship rules: reconnect cues from real interactions (manual or confirmed ones)."""

from __future__ import annotations

import zoneinfo
from datetime import date

from lifeos_core.auth.schemas import Actor
from lifeos_core.insights.registry import Rule, expires_after
from lifeos_core.insights.schemas import InsightDraft
from lifeos_core.relationships import service as relationships
from lifeos_core.unit_of_work import UnitOfWork


def reconnect_due(uow: UnitOfWork, actor: Actor, today: date) -> list[InsightDraft]:
    """Someone's reconnect cue is due: once per person and due date.

    The last contact is the latest interaction that counts; an unconfirmed inference from
    the calendar does not reset the cue.
    """
    zone = zoneinfo.ZoneInfo(actor.timezone)
    drafts = []
    for person in relationships.people_to_reconnect(uow, actor, today=today):
        overdue = person.days_overdue(today) or 0
        last = person.last_contact.astimezone(zone).date() if person.last_contact else None
        body = (
            f"Your last contact was on {last:%d %b %Y}; you wanted to be in touch every "
            f"{person.reconnect_cue_days} days."
            if last
            else f"No contact logged yet; you wanted to be in touch every {person.reconnect_cue_days} days."
        )
        drafts.append(
            RECONNECT_DUE.draft(
                key=f"{person.id}:{person.reconnect_due_on}",
                title=f"Time to reconnect with {person.name}"
                + (f" ({overdue} days overdue)" if overdue > 0 else ""),
                body=body,
                severity="warning" if overdue > 7 else "info",
                evidence={"relationships_person": [person.id]},
                expires_at=expires_after(today, actor.timezone, 14),
                person_id=person.id,
                due_on=str(person.reconnect_due_on),
                days_overdue=overdue,
                last_contact_on=last.isoformat() if last else None,
            )
        )
    return drafts


RECONNECT_DUE = Rule(
    name="reconnect_due",
    version=1,
    domain="relationships",
    summary="Someone you wanted to keep in touch with is due a call or a visit.",
    derive=reconnect_due,
)

RULES = (RECONNECT_DUE,)
