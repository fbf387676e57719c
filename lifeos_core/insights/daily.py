"""Rules that look at the calendar date rather than at an event: run once a day per user.

A reconnect cue or a receivable falls due because time passes, not because anything
happened, so no outbox event would ever trigger them. The daily upkeep runs these rules;
each insight is stored once per subject and due date.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import date

from lifeos_core.auth.schemas import Actor
from lifeos_core.finance import service as finance
from lifeos_core.insights.engine import store_insight
from lifeos_core.insights.schemas import InsightDraft
from lifeos_core.relationships import service as relationships
from lifeos_core.unit_of_work import UnitOfWork

RECEIVABLE_NOTICE_DAYS = 3


def reconnect_due(uow: UnitOfWork, actor: Actor, today: date) -> list[InsightDraft]:
    drafts = []
    for person in relationships.people_to_reconnect(uow, actor, today=today):
        overdue = person.days_overdue(today) or 0
        zone = zoneinfo.ZoneInfo(actor.timezone)
        last = person.last_contact.astimezone(zone).date() if person.last_contact else None
        body = (
            f"Your last contact was on {last:%d %b %Y}; you wanted to be in touch every "
            f"{person.reconnect_cue_days} days."
            if last
            else f"No contact logged yet; you wanted to be in touch every {person.reconnect_cue_days} days."
        )
        drafts.append(
            InsightDraft(
                insight_type="reconnect_due",
                rule_version=1,
                dedupe_key=f"{person.id}:{person.reconnect_due_on}",
                title=f"Time to reconnect with {person.name}"
                + (f" ({overdue} days overdue)" if overdue > 0 else ""),
                body=body,
                severity="warning" if overdue > 7 else "info",
                payload={
                    "person_id": person.id,
                    "due_on": str(person.reconnect_due_on),
                    "days_overdue": overdue,
                    "evidence": {"relationships_person": [person.id]},
                },
            )
        )
    return drafts


def receivable_due(uow: UnitOfWork, actor: Actor, today: date) -> list[InsightDraft]:
    drafts = []
    for receivable in finance.receivables_due(
        uow, actor, within_days=RECEIVABLE_NOTICE_DAYS, today=today
    ):
        overdue = receivable.due_date < today
        when = "was due" if overdue else "is due"
        drafts.append(
            InsightDraft(
                insight_type="receivable_due",
                rule_version=1,
                dedupe_key=f"{receivable.id}:{receivable.due_date}:{'overdue' if overdue else 'soon'}",
                title=f"{receivable.outstanding} from {receivable.counterparty} {when} on {receivable.due_date:%d %b}",
                body=f"{receivable.received} of {receivable.principal} received so far.",
                severity="warning" if overdue else "info",
                payload={
                    "tracker_id": receivable.id,
                    "outstanding": str(receivable.outstanding),
                    "due_date": str(receivable.due_date),
                    "evidence": {"finance_receivable_tracker": [receivable.id]},
                },
            )
        )
    return drafts


DAILY_RULES: tuple[Callable[[UnitOfWork, Actor, date], list[InsightDraft]], ...] = (
    reconnect_due,
    receivable_due,
)


def derive_daily_insights(uow: UnitOfWork, actor: Actor, *, today: date) -> int:
    """Run the daily rules for one user; returns how many insights are new."""
    created = 0
    for rule in DAILY_RULES:
        for draft in rule(uow, actor, today):
            created += store_insight(uow, actor.user_id, draft, None)
    return created
