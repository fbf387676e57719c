"""The first rule set: keywords, amounts, people and time-of-day hints.

Pure functions over an event's text and times, so they are fast and testable without a
database. Each rule returns at most one proposal with its confidence and the evidence that
fired; thresholds turn confidence into a decision.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from lifeos_core.calendar.schemas import InterpretationProposal

RULES_VERSION = "rules-1"

# Titles that block time without saying what happens in it.
NEGATIVE = re.compile(
    r"\b(busy|hold|blocked|tentative|ooo|out of office|vacation|holiday|flight|travel)\b", re.I
)

WORKOUTS = {
    "run": "run", "running": "run", "jog": "run", "gym": "strength", "workout": "strength",
    "weights": "strength", "lifting": "strength", "yoga": "yoga", "swim": "swim",
    "swimming": "swim", "cycling": "cycling", "bike ride": "cycling", "spin class": "cycling",
    "hiit": "hiit", "pilates": "pilates", "climbing": "climbing", "bouldering": "climbing",
}  # fmt: skip
MEALS = {
    "breakfast": "breakfast",
    "brunch": "lunch",
    "lunch": "lunch",
    "dinner": "dinner",
    "supper": "dinner",
}
MEAL_HOURS = {"breakfast": range(5, 11), "lunch": range(11, 16), "dinner": range(17, 23)}
PRACTICE = ("practice", "lesson", "study", "class", "course", "tutorial", "rehearsal")
HABITS = {"meditate": "meditation", "meditation": "meditation", "journaling": "journaling",
          "stretching": "stretching", "reading": "reading"}  # fmt: skip
WORK = ("deep work", "work on", "sprint", "standup", "stand-up", "project", "planning session")

AMOUNT = re.compile(
    r"(?P<sym>[$€£])\s?(?P<a>\d+(?:[.,]\d{1,2})?)|(?P<b>\d+(?:[.,]\d{1,2})?)\s?(?P<code>EUR|USD|GBP|€)",
    re.I,
)
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP"}
PERSON = re.compile(
    r"\b(?:with|w/|call(?:ing)?|meet(?:ing)?)\s+(?P<name>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
)


@dataclass(frozen=True)
class EventFacts:
    """What the rules look at: the text and the local start time."""

    title: str
    description: str
    location: str
    start: datetime
    end: datetime | None
    all_day: bool

    @property
    def text(self) -> str:
        return f"{self.title} {self.description}".lower()

    @property
    def duration_minutes(self) -> int | None:
        if self.end is None or self.all_day:
            return None
        return max(0, int((self.end - self.start).total_seconds() // 60))


@dataclass(frozen=True)
class Candidate:
    domain: str
    record_type: str
    confidence: float
    structure: dict
    evidence: list[str]


def _keyword(text: str, words) -> str | None:
    for word in words:
        if re.search(rf"\b{re.escape(word)}\b", text):
            return word
    return None


def workout_rule(facts: EventFacts) -> Candidate | None:
    word = _keyword(facts.text, WORKOUTS)
    if not word:
        return None
    structure = {"workout_type": WORKOUTS[word], "duration_minutes": facts.duration_minutes}
    return Candidate("health", "health/workout", 0.9, structure, [f"matched '{word}'"])


def meal_rule(facts: EventFacts) -> Candidate | None:
    word = _keyword(facts.text, MEALS)
    if not word:
        return None
    meal = MEALS[word]
    confidence, evidence = 0.7, [f"matched '{word}'"]
    if not facts.all_day and facts.start.hour in MEAL_HOURS[meal]:
        confidence += 0.15
        evidence.append(f"at {facts.start:%H:%M}, a usual {meal} time")
    return Candidate("health", "health/meal", confidence, {"meal_type": meal}, evidence)


def amount_rule(facts: EventFacts) -> Candidate | None:
    match = AMOUNT.search(f"{facts.title} {facts.description}")
    if not match:
        return None
    raw = (match["a"] or match["b"]).replace(",", ".")
    currency = CURRENCIES.get(match["sym"] or "") or CURRENCIES.get(match["code"] or "", None)
    currency = currency or (match["code"] or "").upper()
    structure = {"amount": str(Decimal(raw)), "currency": currency, "description": facts.title}
    return Candidate(
        "finance", "finance/transaction", 0.9, structure, [f"amount {match.group(0).strip()}"]
    )


def interaction_rule(facts: EventFacts) -> Candidate | None:
    match = PERSON.search(facts.title)
    if not match:
        return None
    name = match["name"]
    return Candidate(
        "relationships",
        "relationships/interaction",
        0.7,
        {"person_name": name, "interaction_type": "meeting"},
        [f"person '{name}'"],
    )


def practice_rule(facts: EventFacts) -> Candidate | None:
    word = _keyword(facts.text, PRACTICE)
    if not word:
        return None
    skill = re.sub(rf"\b{word}\b", "", facts.title, flags=re.I).strip(" -:") or facts.title
    structure = {"skill_name": skill, "duration_minutes": facts.duration_minutes}
    return Candidate("skills", "skills/practice_session", 0.75, structure, [f"matched '{word}'"])


def habit_rule(facts: EventFacts) -> Candidate | None:
    word = _keyword(facts.text, HABITS)
    if not word:
        return None
    return Candidate(
        "habits", "habits/habit_log", 0.7, {"habit_name": HABITS[word]}, [f"matched '{word}'"]
    )


def work_rule(facts: EventFacts) -> Candidate | None:
    word = _keyword(facts.text, WORK)
    if not word:
        return None
    structure = {"project_name": facts.title, "duration_minutes": facts.duration_minutes}
    return Candidate("projects", "projects/work_session", 0.7, structure, [f"matched '{word}'"])


RULES: tuple[Callable[[EventFacts], Candidate | None], ...] = (
    amount_rule, workout_rule, meal_rule, interaction_rule, practice_rule, habit_rule, work_rule,
)  # fmt: skip


def interpret(
    facts: EventFacts, *, auto_confirm_threshold: float, review_threshold: float
) -> list[InterpretationProposal]:
    """Zero or more proposals for one event, each with its decision."""
    if NEGATIVE.search(facts.title):
        return []
    proposals = []
    for rule in RULES:
        candidate = rule(facts)
        if candidate is None:
            continue
        confidence = round(min(1.0, candidate.confidence), 4)
        if confidence >= auto_confirm_threshold:
            decision = "auto_confirm"
        elif confidence >= review_threshold:
            decision = "review"
        else:
            decision = "discard"
        proposals.append(
            InterpretationProposal(
                domain=candidate.domain,
                record_type=candidate.record_type,
                confidence=confidence,
                decision=decision,
                structure=candidate.structure,
                evidence=candidate.evidence,
            )
        )
    return proposals
