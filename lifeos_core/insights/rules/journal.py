"""Journal rules: the mood trend (what the owner rated, never what they wrote)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, timedelta

from lifeos_core.auth.schemas import Actor
from lifeos_core.events.base import DomainEvent
from lifeos_core.insights import patterns
from lifeos_core.insights.registry import Rule, expires_after
from lifeos_core.insights.schemas import InsightDraft
from lifeos_core.journal import service as journal
from lifeos_core.journal.events import JournalEntryCreated, JournalEntryUpdated
from lifeos_core.unit_of_work import UnitOfWork

RECENT_DAYS = 7
BASELINE_DAYS = 28
MIN_RECENT = 3  # rated entries in the last 7 days ...
MIN_BASELINE = 6  # ... and in the 28 days before them
SHIFT = 1.5  # points on the 1-10 scale


def mood_trend(
    uow: UnitOfWork, actor: Actor, events: Sequence[DomainEvent]
) -> list[tuple[InsightDraft, DomainEvent]]:
    """The mean mood of the last 7 days is 1.5 points or more below (or above) the 28 days
    before: at most once a week per direction, described at the first entry it held for."""
    ids: dict[int, DomainEvent] = {}
    for event in events:
        if isinstance(event, JournalEntryCreated) and event.mood is not None:
            ids.setdefault(event.entry_id, event)
        elif isinstance(event, JournalEntryUpdated) and {"mood", "entry_date"} & set(event.fields):
            ids.setdefault(event.entry_id, event)
    if not ids:
        return []
    weeks: dict[date, DomainEvent] = {}
    for row in journal.mood_entries(uow, actor, ids=list(ids)):
        weeks.setdefault(patterns.monday(row.entry_date), ids[row.id])
    if not weeks:
        return []
    entries = journal.mood_entries(
        uow,
        actor,
        start=min(weeks) - timedelta(days=RECENT_DAYS + BASELINE_DAYS),
        end=max(weeks) + timedelta(days=6),
    )
    dates = [e.entry_date for e in entries]
    drafts = []
    for week, source in sorted(weeks.items()):
        found: dict[str, tuple] = {}
        for index, entry in enumerate(entries):
            if not week <= entry.entry_date <= week + timedelta(days=6):
                continue
            recent_start = entry.entry_date - timedelta(days=RECENT_DAYS - 1)
            # Entries are in (date, id) order: those up to this one, by window.
            split = bisect_left(dates, recent_start)
            recent = entries[split : index + 1]
            baseline = entries[
                bisect_left(dates, recent_start - timedelta(days=BASELINE_DAYS)) : split
            ]
            if len(recent) < MIN_RECENT or len(baseline) < MIN_BASELINE:
                continue
            recent_mean = sum(e.mood for e in recent) / len(recent)
            baseline_mean = sum(e.mood for e in baseline) / len(baseline)
            shift = recent_mean - baseline_mean
            if abs(shift) >= SHIFT:
                direction = "down" if shift < 0 else "up"
                found.setdefault(direction, (recent, recent_mean, baseline_mean, len(baseline)))
        for direction, (recent, recent_mean, baseline_mean, baseline_count) in sorted(
            found.items()
        ):
            title = (
                "Your mood has been lower this week"
                if direction == "down"
                else "Your mood has lifted this week"
            )
            drafts.append(
                (
                    MOOD_TREND.draft(
                        key=f"{week}:{direction}",
                        title=title,
                        body=(
                            f"Averaging {recent_mean:.1f}/10 over {len(recent)} entries in the "
                            f"last 7 days, against {baseline_mean:.1f} over {baseline_count} in "
                            f"the four weeks before."
                        ),
                        severity="warning" if direction == "down" else "positive",
                        evidence={"journal_entry": [e.id for e in recent]},
                        expires_at=expires_after(week + timedelta(days=6), actor.timezone, 14),
                        direction=direction,
                        recent_mean=round(recent_mean, 2),
                        baseline_mean=round(baseline_mean, 2),
                        week_start=week.isoformat(),
                    ),
                    source,
                )
            )
    return drafts


MOOD_TREND = Rule(
    name="mood_trend",
    version=1,
    domain="journal",
    summary="Your mood over the last week is well below (or above) the four weeks before.",
    derive=mood_trend,
    triggers=(JournalEntryCreated.event_type, JournalEntryUpdated.event_type),
    risky=True,
)

RULES = (MOOD_TREND,)
