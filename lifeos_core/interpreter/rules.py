"""The rule path: what an event's words, times and place suggest, with no history at all.

Pure functions over an event's title, description, location and local times, so they are
fast (one tokenising regex, dictionary look-ups over the vocabulary in ``lexicon``, a few
precompiled patterns for amounts and people) and testable without a database.

Every record type is scored from its evidence: a word's base confidence, raised when the
time of day, the duration or the place agree ("Lunch" at 12:30 for an hour is a meal,
"Run" at 06:00 a workout), lowered when they disagree, silenced by phrases that only look
like it ("dry run", "meal prep"), and nothing at all for titles that block time without
saying what happens in it ("Busy", "Hold", "OOO", travel, holidays). Thresholds turn a
confidence into a decision; a learned per-owner model (``model.UserModel``) can be blended
in through ``interpret_batch``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from lifeos_core.calendar.schemas import InterpretationProposal
from lifeos_core.interpreter import lexicon as lx

if TYPE_CHECKING:
    from lifeos_core.interpreter.model import UserModel

RULES_VERSION = "rules-2"

WORKOUT, MEAL, HABIT = "health/workout", "health/meal", "habits/habit_log"
PRACTICE, WORK = "skills/practice_session", "projects/work_session"
MONEY, PEOPLE = "finance/transaction", "relationships/interaction"
RECORD_TYPES: tuple[str, ...] = (MONEY, MEAL, WORKOUT, HABIT, PRACTICE, WORK, PEOPLE)
DOMAIN_OF = {record_type: record_type.split("/")[0] for record_type in RECORD_TYPES}

# Below this a candidate is not worth showing even as a discard.
FLOOR = 0.2
CEILING = 0.99
DESCRIPTION_CHARS = 600


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What the rules look at: the text, the place and the local start and end."""

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
class KnownNames:
    """Names the owner already keeps (people, projects, skills, habits), matched in titles."""

    people: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    habits: tuple[str, ...] = ()
    _index: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for kind in ("people", "projects", "skills", "habits"):
            index = {}
            for name in getattr(self, kind):
                key = fold(name).strip()
                if key:
                    index[key] = name
                    if kind == "people":  # "Sarah" finds "Sarah Connor" when she is the only one
                        first = key.split()[0]
                        index[first] = name if first not in index else index[first]
            self._index[kind] = index

    def find(self, kind: str, folded_text: str, tokens: Sequence[str]) -> str | None:
        index = self._index.get(kind)
        if not index:
            return None
        for token in tokens:
            if token in index:
                return index[token]
        for key, name in index.items():
            if " " in key and key in folded_text:
                return name
        return None


NO_NAMES = KnownNames()


# --- text normalising ----------------------------------------------------------------------


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if base != char and base.isascii():
            table[code] = base.lower()
    table[ord("ß")] = "ss"
    table[ord("’")] = "'"
    table[ord("–")] = "-"
    table[ord("—")] = "-"
    table[0xFE0F] = ""  # emoji presentation selector
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower case without accents: 'Frühstück' and 'fruhstuck' read alike."""
    return text.lower().translate(_FOLD)


_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*|[^\w\s]")


# --- the vocabulary as one look-up table ------------------------------------------------------

# Kinds of term: a record type's own words, and the modifiers.
K_WORKOUT, K_MEAL, K_HABIT, K_SUBJECT, K_MARKER, K_WORK, K_PAY = "W", "M", "H", "S", "P", "K", "$"
K_SOCIAL, K_BLOCK, K_TRAVEL, K_HOLIDAY, K_SILENCE, K_FAMILY = "C", "B", "T", "Y", "X", "F"
Term = tuple[str, Any, float]


def _build_terms() -> tuple[dict[str, list[Term]], dict[str, list[Term]], frozenset[str], int]:
    terms: dict[str, list[Term]] = {}
    stems: dict[str, list[Term]] = {}

    def add(phrase: str, term: Term) -> None:
        key = " ".join(t for t in _TOKEN.findall(fold(phrase.rstrip("*"))))
        target = stems if phrase.endswith("*") else terms
        target.setdefault(key, []).append(term)

    for phrase, (kind, weight) in lx.WORKOUT.items():
        add(phrase, (K_WORKOUT, kind, weight))
    for phrase, (kind, weight) in lx.MEAL.items():
        add(phrase, (K_MEAL, kind, weight))
    for phrase, (name, weight) in lx.HABIT.items():
        add(phrase, (K_HABIT, name, weight))
    for phrase, (name, weight) in lx.SKILL_SUBJECT.items():
        add(phrase, (K_SUBJECT, name, weight))
    for phrase, (strength, weight) in lx.PRACTICE_MARKER.items():
        add(phrase, (K_MARKER, strength, weight))
    for phrase, weight in lx.WORK.items():
        add(phrase, (K_WORK, None, weight))
    for phrase, (kind, weight) in lx.PAYMENT.items():
        add(phrase, (K_PAY, kind, weight))
    for phrase, kind in lx.SOCIAL.items():
        add(phrase, (K_SOCIAL, kind, 0.0))
    for phrase in lx.BLOCKING:
        add(phrase, (K_BLOCK, None, 0.0))
    for phrase in lx.TRAVEL:
        add(phrase, (K_TRAVEL, None, 0.0))
    for phrase in lx.HOLIDAY:
        add(phrase, (K_HOLIDAY, None, 0.0))
    for phrase, silenced in lx.SILENCERS.items():
        add(phrase, (K_SILENCE, silenced, 0.0))
    for phrase in lx.FAMILY:
        add(phrase, (K_FAMILY, phrase, 0.0))
    firsts = frozenset(key.split(" ")[0] for key in terms if " " in key)
    longest = max(key.count(" ") + 1 for key in terms)
    return terms, stems, firsts, longest


_TERMS, _STEMS, _FIRSTS, _LONGEST = _build_terms()
_STEM_KEYS = tuple(sorted(_STEMS, key=len, reverse=True))


def _tokens(folded: str) -> list[str]:
    tokens = _TOKEN.findall(folded)
    if any("-" in t for t in tokens):
        split: list[str] = []
        for token in tokens:
            if "-" in token and token not in _TERMS:
                split.extend(token.split("-"))
            else:
                split.append(token)
        return split
    return tokens


def _compound(token: str) -> list[tuple[str, list[Term]]] | None:
    """German-style compounds of two known words: 'Klavierunterricht', 'Yogakurs'."""
    for cut in range(3, len(token) - 2):
        head = _TERMS.get(token[:cut])
        if head is not None:
            tail = _TERMS.get(token[cut:])
            if tail is not None:
                return [(token[:cut], head), (token[cut:], tail)]
    return None


def _match(tokens: Sequence[str]) -> list[tuple[str, list[Term]]]:
    """The vocabulary's phrases in the tokens, longest first, left to right."""
    found = []
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i]
        if token in _FIRSTS:
            for size in range(min(_LONGEST, n - i), 1, -1):
                phrase = " ".join(tokens[i : i + size])
                hit = _TERMS.get(phrase)
                if hit is not None:
                    found.append((phrase, hit))
                    i += size
                    break
            else:
                hit = _TERMS.get(token)
                if hit is not None:
                    found.append((token, hit))
                i += 1
            continue
        hit = _TERMS.get(token)
        if hit is not None:
            found.append((token, hit))
        elif _STEM_KEYS and token.startswith(_STEM_KEYS):
            for stem in _STEM_KEYS:
                if token.startswith(stem):
                    found.append((token, _STEMS[stem]))
                    break
        elif len(token) >= 8 and token.isalpha():
            parts = _compound(token)
            if parts:
                found.extend(parts)
        i += 1
    return found


_LOCATION_HINTS = {fold(k): v for k, v in lx.LOCATION_HINTS.items()}
_LOCATION_MULTI = tuple((k, v) for k, v in _LOCATION_HINTS.items() if " " in k or "." in k)

# --- patterns ---------------------------------------------------------------------------------

_NUMBER = r"\d{1,3}(?:[.,' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_CODES = "|".join(sorted(lx.CURRENCY_CODES, key=len, reverse=True))
_SYMBOLS = re.escape("".join(lx.CURRENCY_SYMBOLS))
AMOUNT = re.compile(
    rf"(?P<sym>[{_SYMBOLS}])\s?(?P<a>{_NUMBER})(?P<ka>[kK]\b)?"
    rf"|(?<![\w.,])(?P<b>{_NUMBER})(?P<kb>[kK])?\s?(?:(?P<sym2>[{_SYMBOLS}])|(?P<code>{_CODES})\b)"
    rf"|\b(?P<code2>{_CODES})\s?(?P<c>{_NUMBER})\b",
    re.IGNORECASE,
)

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪĮİŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŲŸŹŻŽ"
_LOWER = "a-zß-öø-ÿāăąćčďđēėęěğīįıłńňōőœřśşšţťūůűųźżž"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}'’\-]*[{_LOWER}]"
_HONORIFIC = "|".join(re.escape(h) for h in sorted(lx.HONORIFICS, key=len, reverse=True))
_ONE_NAME = rf"(?:(?i:{_HONORIFIC})\.?\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD})?"
_TRIGGER = "|".join(
    re.escape(t).replace(r"\ ", r"\s+") for t in sorted(lx.PERSON_TRIGGERS, key=len, reverse=True)
)
_FAMILY_ALT = "|".join(re.escape(f) for f in sorted(lx.FAMILY, key=len, reverse=True))
PERSON = re.compile(
    rf"(?<![\w])(?i:{_TRIGGER})(?:(?<=/)|(?!\w))\s*"
    rf"(?P<names>(?:{_ONE_NAME}|(?i:{_FAMILY_ALT}))"
    rf"(?:\s*(?:,|&|\+|/|\band\b|\bund\b|\by\b|\bet\b)\s*(?:{_ONE_NAME}|(?i:{_FAMILY_ALT})))*)"
    rf"(?=$|[\s,.;:!?)\]/&+\-@|]|'s\b)"
)
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\+|/|\band\b|\bund\b|\by\b|\bet\b)\s*")
PAIR = re.compile(rf"(?P<a>{_NAME_WORD})\s*(?:<>|<->|x|×)\s*(?P<b>{_NAME_WORD})")
POSSESSIVE = re.compile(
    rf"(?<![\w])(?i:at)\s+(?P<host>{_NAME_WORD})['’]s(?!\w)"
    rf"|(?P<name>{_NAME_WORD})['’]s\s+(?i:birthday|bday|party|wedding|housewarming|farewell|"
    rf"leaving|engagement|baby shower|graduation|dinner|place|house)"
)
# Specific family members count anywhere in a title ("Call Mom"); groups only after a
# trigger ("dinner with friends", not "friends of the library").
_SPECIFIC_FAMILY = frozenset(
    fold(f)
    for f in lx.FAMILY
    if f not in {"family", "friends", "parents", "cousins", "neighbours", "neighbors", "familie",
                 "freunde", "freunden", "familia", "amigos", "amigas", "famille", "copains",
                 "amis", "eltern", "abuelos", "the kids", "partner", "in-laws"}
)  # fmt: skip
_FAMILY_FOLDED = frozenset(fold(f) for f in lx.FAMILY)
_NOT_NAMES = lx.NOT_NAMES
_PROJECT_AFTER = re.compile(
    r"(?i:\b(?:work(?:ing)?\s+on|arbeit(?:en)?\s+an|trabajar\s+en|travail(?:ler)?\s+sur|"
    r"project|projekt|proyecto|projet)\b)\s*[:\-–]?\s*(?P<name>[^,;:()\[\]|]+)"
)
_SEPARATOR = re.compile(r"\s*(?:[:|–—]|\s-\s)\s*")


# --- scoring -----------------------------------------------------------------------------------


def _hour(facts: EventFacts) -> float:
    return facts.start.hour + facts.start.minute / 60


def _clock(facts: EventFacts) -> str:
    return f"{facts.start.hour:02d}:{facts.start.minute:02d}"


def parse_amount(raw: str) -> Decimal | None:
    """'1.200,50' and '1,200.50' are both 1200.50; '12,50' is 12.50; '1,200' is 1200."""
    raw = raw.replace(" ", "").replace("'", "")
    if "," in raw and "." in raw:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        raw = raw.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in raw or "." in raw:
        mark = "," if "," in raw else "."
        head, _, tail = raw.rpartition(mark)
        if raw.count(mark) == 1 and len(tail) in (1, 2):
            raw = f"{head.replace(mark, '')}.{tail}"
        else:
            raw = raw.replace(mark, "")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def find_amount(text: str) -> tuple[Decimal, str | None, str] | None:
    """The first amount of money in a text: (amount, currency code, as written)."""
    for match in AMOUNT.finditer(text):
        raw = match["a"] or match["b"] or match["c"]
        amount = parse_amount(raw)
        if amount is None or amount <= 0:
            continue
        if match["ka"] or match["kb"]:
            amount *= 1000
        symbol = match["sym"] or match["sym2"]
        code = match["code"] or match["code2"]
        if symbol:
            currency = lx.CURRENCY_SYMBOLS[symbol]
        else:
            currency = lx.CURRENCY_CODES.get(code.lower()) if code else None
        if amount == amount.to_integral():
            amount = amount.quantize(Decimal(1))
        return amount, currency, match.group(0).strip()
    return None


def _clean_name(name: str) -> str | None:
    name = " ".join(name.replace("’", "'").split()).strip(" -'")
    if name.endswith("'s"):
        name = name[:-2]
    if not name:
        return None
    words = name.split()
    if fold(words[0]).rstrip(".") in _NOT_NAMES and len(words) == 1:
        return None
    if any(fold(w).rstrip(".") in ("inc", "corp", "llc", "gmbh", "ltd", "ag") for w in words):
        return None
    if fold(words[-1]) in _NOT_NAMES:
        words = words[:-1]
    return " ".join(words) if words else None


def find_people(title: str, folded_tokens: Sequence[str]) -> tuple[list[str], str | None]:
    """Names of the people an event is with, and the trigger word that introduced them."""
    people: list[str] = []
    trigger: str | None = None
    for match in PERSON.finditer(title):
        head = title[match.start() : match.start("names")].strip(" ([").lower()
        for part in _NAME_SPLIT.split(match["names"]):
            name = _clean_name(part)
            if not name:
                continue
            folded = fold(name)
            if not head and folded not in _SPECIFIC_FAMILY:
                # At the very start a capitalised word is usually the activity ("Lunch ..."),
                # unless a known family word.
                continue
            if name not in people:
                people.append(name)
                trigger = trigger or head or "name"
    if not people:
        match = PAIR.search(title)
        if match:
            people = [n for n in (match["a"], match["b"]) if _clean_name(n)]
            trigger = "<>"
    if not people:
        match = POSSESSIVE.search(title)
        if match and _clean_name(match["host"] or match["name"]):
            people = [_clean_name(match["host"] or match["name"])]
            trigger = "'s"
    if not people:
        for token in folded_tokens:
            if token in _SPECIFIC_FAMILY:
                people.append(token.capitalize())
                trigger = "family"
                break
    return people, trigger


@dataclass(slots=True)
class Candidate:
    record_type: str
    confidence: float
    structure: dict
    evidence: list[str]


class _Hits:
    """The vocabulary's matches in an event, grouped by kind."""

    __slots__ = ("by_kind", "phrases")

    def __init__(self) -> None:
        self.by_kind: dict[str, list[tuple[str, Any, float, float]]] = {}
        self.phrases: list[str] = []

    def add(self, found: Iterable[tuple[str, list[Term]]], factor: float) -> None:
        for phrase, terms in found:
            self.phrases.append(phrase)
            for kind, value, weight in terms:
                self.by_kind.setdefault(kind, []).append((phrase, value, weight * factor, factor))

    def best(self, kind: str) -> tuple[str, Any, float, float] | None:
        hits = self.by_kind.get(kind)
        if not hits:
            return None
        return max(hits, key=lambda h: h[2])

    def has(self, kind: str) -> bool:
        return kind in self.by_kind


def _silenced(hits: _Hits) -> frozenset[str]:
    silencers = hits.by_kind.get(K_SILENCE)
    if not silencers:
        return frozenset()
    return frozenset(rt for _, value, _, factor in silencers if factor == 1.0 for rt in value)


def _location_kinds(location: str) -> dict[str, str]:
    if not location:
        return {}
    folded = fold(location)
    kinds: dict[str, str] = {}
    for token in _TOKEN.findall(folded):
        record_type = _LOCATION_HINTS.get(token)
        if record_type and record_type not in kinds:
            kinds[record_type] = token
    for key, record_type in _LOCATION_MULTI:
        if record_type not in kinds and key in folded:
            kinds[record_type] = key
    return kinds


def _duration_text(minutes: int | None) -> str:
    return f"{minutes} min" if minutes is not None else "all day"


def _title_remainder(title: str, words: Iterable[str]) -> str:
    """The title without the given words: 'Piano practice' less 'practice' is 'Piano'."""
    text = title
    for word in words:
        text = re.sub(rf"(?i)(?<!\w){re.escape(word)}(?!\w)", " ", text)
    text = re.sub(r"[^\w\s'&+.#-]", " ", text)
    return " ".join(text.split()).strip(" -:&+.")


def score(facts: EventFacts, known: KnownNames = NO_NAMES) -> list[Candidate]:
    """Every record type the event suggests, with the confidence the rules give it."""
    title = facts.title or ""
    folded = fold(title)
    tokens = _tokens(folded)
    hits = _Hits()
    hits.add(_match(tokens), 1.0)
    if K_BLOCK in hits.by_kind or K_TRAVEL in hits.by_kind:
        return []
    if K_HOLIDAY in hits.by_kind and (facts.all_day or len(hits.by_kind) == 1):
        return []
    description = facts.description[:DESCRIPTION_CHARS] if facts.description else ""
    description_folded = fold(description) if description else ""
    if description_folded:
        hits.add(
            ((p, t) for p, t in _match(_tokens(description_folded)) if t[0][0] not in "BTYX"),
            0.8,
        )
    places = _location_kinds(facts.location)
    silenced = _silenced(hits)
    hour = _hour(facts)
    minutes = facts.duration_minutes
    timed = not facts.all_day
    out: list[Candidate] = []

    # health/workout
    best = hits.best(K_WORKOUT)
    sport = None
    if WORKOUT not in silenced and (best or (WORKOUT in places and len(hits.by_kind) == 0)):
        if best:
            phrase, sport, confidence, factor = best
            evidence = [
                f"matched '{phrase}' at {_clock(facts)}" if timed else f"matched '{phrase}'"
            ]
            strong = confidence >= 0.8
            if timed and (5 <= hour < 10 or 16.5 <= hour < 21.5):
                confidence += 0.03 if strong else 0.12
                evidence.append("a usual workout time")
            if minutes is not None and 15 <= minutes <= 180:
                confidence += 0.02 if strong else 0.06
                evidence.append(f"duration {minutes} min")
            elif minutes is not None and minutes > 300:
                confidence -= 0.15
            if len({h[1] for h in hits.by_kind[K_WORKOUT]}) > 1 or len(hits.by_kind[K_WORKOUT]) > 1:
                confidence += 0.04
        else:
            sport, confidence = "other", 0.5
            evidence = [f"at '{facts.location}'"]
        if WORKOUT in places:
            confidence += 0.06 if best else 0.0
            if best:
                evidence.append(f"at '{facts.location}'")
        out.append(
            Candidate(
                WORKOUT, confidence, {"workout_type": sport, "duration_minutes": minutes}, evidence
            )
        )

    # health/meal
    best = hits.best(K_MEAL)
    if MEAL not in silenced and (best or (MEAL in places and not hits.by_kind and timed)):
        if best:
            phrase, meal, confidence, factor = best
            evidence = [
                f"matched '{phrase}' at {_clock(facts)}" if timed else f"matched '{phrase}'"
            ]
        else:
            phrase, meal, confidence = None, None, 0.4
            evidence = [f"at '{facts.location}' at {_clock(facts)}"]
        by_hour = "breakfast" if hour < 10.5 else "lunch" if hour < 16 else "dinner"
        if meal is None:
            meal = by_hour if timed else "snack"
            if timed:
                confidence += 0.06
        elif timed:
            low, high = lx.MEAL_HOURS[meal]
            if low <= hour < high:
                confidence += 0.1
            elif meal != "snack":
                confidence -= 0.12
                evidence.append(f"{_clock(facts)} is an unusual {meal} time")
        if minutes is not None:
            if 20 <= minutes <= 180:
                confidence += 0.03
            elif minutes > 240:
                confidence -= 0.15
        if MEAL in places:
            confidence += 0.05
            if best:
                evidence.append(f"at '{facts.location}'")
        out.append(Candidate(MEAL, confidence, {"meal_type": meal}, evidence))

    # finance/transaction
    amount = find_amount(title) if title else None
    in_description = False
    if amount is None and description:
        amount = find_amount(description)
        in_description = amount is not None
    pay = hits.best(K_PAY)
    if MONEY not in silenced and (amount or pay):
        evidence = []
        structure: dict[str, Any] = {"description": title}
        if amount:
            value, currency, written = amount
            structure["amount"] = str(value)
            structure["currency"] = currency
            confidence = 0.74 if in_description else 0.87
            evidence.append(f"amount {written}")
            if pay:
                confidence += 0.06
        else:
            confidence = pay[2]
        if pay:
            evidence.append(f"matched '{pay[0]}'")
        income = pay is not None and pay[1] == "income"
        structure["direction"] = "income" if income else "expense"
        if hits.has(K_MEAL) or hits.has(K_MARKER) or hits.has(K_SOCIAL):
            confidence += 0.03
        out.append(Candidate(MONEY, confidence, structure, evidence))

    # relationships/interaction
    people, trigger = find_people(title, tokens)
    if not people and known.people:
        found = known.find("people", folded, tokens)
        if found:
            people, trigger = [found], "known"
    from_description = False
    if not people and description:
        people, trigger = find_people(description[:200], ())
        from_description = bool(people)
    if people and PEOPLE not in silenced:
        group = {fold(p) for p in people} <= _FAMILY_FOLDED
        confidence = 0.7 if trigger not in ("name", "<>", "'s", "family", "known") else 0.66
        social = hits.best(K_SOCIAL)
        interaction = "meeting"
        evidence = [f"person '{people[0]}'" if len(people) == 1 else f"people {', '.join(people)}"]
        if social:
            interaction = social[1]
            confidence += 0.08
            evidence.append(f"matched '{social[0]}'")
        elif trigger in ("call", "calling", "called", "facetime", "ring", "anrufen", "appeler"):
            interaction = "call"
            confidence += 0.08
        if hits.has(K_MEAL):
            interaction = "meal"
            confidence += 0.04
        if "relationships/interaction" in places:
            interaction = "call"
        matched = None
        if trigger == "known":  # a known name with nothing around it saying "with"
            matched, confidence = people[0], 0.6
        elif known.people:
            matched = next(
                (known.find("people", fold(p), [fold(p), fold(p).split()[0]]) for p in people),
                None,
            )
            if matched:
                confidence = max(confidence, 0.9)
                evidence.append(f"'{matched}' is someone you know")
        if group:
            confidence -= 0.04
        if from_description:
            confidence -= 0.08
            evidence[0] += " (in the description)"
        structure = {
            "person_name": matched or people[0],
            "person_names": people,
            "interaction_type": interaction,
        }
        out.append(Candidate(PEOPLE, confidence, structure, evidence))

    # skills/practice_session
    subject = hits.best(K_SUBJECT)
    marker = hits.best(K_MARKER)
    if PRACTICE not in silenced and (subject or marker):
        workout = hits.best(K_WORKOUT)
        confidence = 0.0
        skill = None
        evidence = []
        if subject and marker:
            confidence = 0.88 if subject[3] == 1.0 and marker[3] == 1.0 else 0.76
            skill = subject[1]
            evidence = [f"matched '{subject[0]}' and '{marker[0]}'"]
        elif subject:
            confidence = subject[2]
            skill = subject[1]
            evidence = [f"matched '{subject[0]}'"]
        elif marker and workout:
            if marker[1] == "lesson":  # a tennis lesson is a workout and a practice session
                confidence = 0.8
                skill = workout[1] if workout[1] != "other" else workout[0]
                evidence = [f"matched '{workout[0]}' and '{marker[0]}'"]
        elif marker:
            confidence = marker[2]
            rest = _title_remainder(title, [marker[0]] + [p for p in hits.phrases])
            skill = rest or None
            if not rest:
                confidence -= 0.12
            evidence = [f"matched '{marker[0]}'"]
        if confidence:
            if known.skills:
                matched = known.find("skills", folded, tokens)
                if matched:
                    skill = matched
                    confidence += 0.06
                    evidence.append(f"your skill '{matched}'")
            if minutes is not None and 15 <= minutes <= 180:
                confidence += 0.03
            if PRACTICE in places:
                confidence += 0.05
                evidence.append(f"at '{facts.location}'")
            structure = {"skill_name": skill, "duration_minutes": minutes}
            out.append(Candidate(PRACTICE, confidence, structure, evidence))

    # habits/habit_log
    best = hits.best(K_HABIT)
    habit_name = known.find("habits", folded, tokens) if known.habits else None
    if HABIT not in silenced and (best or habit_name):
        if best:
            phrase, name, confidence, factor = best
            evidence = [f"matched '{phrase}'"]
        else:
            name, confidence, evidence = None, 0.7, []
        if habit_name:
            name = habit_name
            confidence += 0.08
            evidence.append(f"your habit '{habit_name}'")
        if timed and (5 <= hour < 9.5 or 20 <= hour < 24):
            confidence += 0.03
        if minutes is not None and minutes > 240:
            confidence -= 0.15
        # Routines wait for the owner's word until the learned model has seen them confirmed.
        confidence = min(confidence, 0.84)
        out.append(Candidate(HABIT, confidence, {"habit_name": name}, evidence))

    # projects/work_session
    best = hits.best(K_WORK)
    project_match = _PROJECT_AFTER.search(title)
    project = known.find("projects", folded, tokens) if known.projects else None
    if WORK not in silenced and (best or project_match or project):
        confidence = best[2] if best else 0.0
        evidence = [f"matched '{best[0]}'"] if best else []
        name = project
        if project:
            confidence = max(confidence, 0.78) + 0.08
            evidence.append(f"your project '{project}'")
        elif project_match:
            name = _project_name(project_match["name"])
            if name:
                confidence = max(confidence, 0.7)
                evidence.append(f"project '{name}'")
        if best and not name:
            name = _project_from_title(title, best[0])
        if minutes is not None:
            if minutes >= 45:
                confidence += 0.03
            elif minutes < 15:
                confidence -= 0.1
        if confidence:
            structure = {"project_name": name, "duration_minutes": minutes}
            out.append(Candidate(WORK, confidence, structure, evidence))

    if facts.all_day:
        for candidate in out:
            if candidate.record_type != MONEY:
                candidate.confidence *= 0.6
    kept = []
    for candidate in out:
        candidate.confidence = round(max(0.0, min(CEILING, candidate.confidence)), 4)
        if candidate.confidence >= FLOOR:
            kept.append(candidate)
    return kept


def _project_name(raw: str) -> str | None:
    name = _SEPARATOR.split(raw.strip(), maxsplit=1)[0].strip(" -")
    words = name.split()[:4]
    name = " ".join(words)
    if not name or fold(name) in _NOT_NAMES:
        return None
    return name


def _project_from_title(title: str, phrase: str) -> str | None:
    """'Apollo: deep work' and 'Deep work - Apollo' are work on Apollo."""
    parts = [p for p in _SEPARATOR.split(title) if p.strip()]
    if len(parts) < 2:
        return None
    rest = [p for p in parts if phrase not in fold(p)]
    if not rest:
        return None
    return _project_name(rest[0])


# --- decisions ---------------------------------------------------------------------------------


def decide(confidence: float, auto_confirm_threshold: float, review_threshold: float) -> str:
    if confidence >= auto_confirm_threshold:
        return "auto_confirm"
    if confidence >= review_threshold:
        return "review"
    return "discard"


def _proposals(
    candidates: Iterable[Candidate], auto_confirm_threshold: float, review_threshold: float
) -> list[InterpretationProposal]:
    # Built without re-validation: every field is made here, in range, by construction.
    return [
        InterpretationProposal.model_construct(
            domain=DOMAIN_OF[c.record_type],
            record_type=c.record_type,
            confidence=c.confidence,
            decision=decide(c.confidence, auto_confirm_threshold, review_threshold),
            structure=c.structure,
            evidence=c.evidence,
        )
        for c in sorted(candidates, key=lambda c: RECORD_TYPES.index(c.record_type))
    ]


def interpret(
    facts: EventFacts,
    *,
    auto_confirm_threshold: float,
    review_threshold: float,
    model: UserModel | None = None,
    known: KnownNames = NO_NAMES,
) -> list[InterpretationProposal]:
    """Zero or more proposals for one event, each with its decision."""
    if model is not None:
        return interpret_batch(
            [facts],
            auto_confirm_threshold=auto_confirm_threshold,
            review_threshold=review_threshold,
            model=model,
            known=known,
        )[0]
    return _proposals(score(facts, known), auto_confirm_threshold, review_threshold)


def interpret_batch(
    events: Sequence[EventFacts],
    *,
    auto_confirm_threshold: float,
    review_threshold: float,
    model: UserModel | None = None,
    known: KnownNames = NO_NAMES,
) -> list[list[InterpretationProposal]]:
    """Proposals for many events at once; with a model, its opinion is blended in (batched,
    which is what makes the model fast)."""
    scored = [score(facts, known) for facts in events]
    if model is not None:
        scored = model.blend(events, scored)
    return [_proposals(c, auto_confirm_threshold, review_threshold) for c in scored]


def model_version(model: UserModel | None) -> str:
    """What goes into ``model_version`` of the interpretations and their events."""
    return RULES_VERSION if model is None else f"{RULES_VERSION}+{model.version}"
