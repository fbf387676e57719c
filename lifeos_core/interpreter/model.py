"""The owner's own model: learned from their review decisions and blended with the rules.

Features are the words of the title and place (TF-IDF over word uni- and bigrams and over
character 2-4-grams, so "Sweat sesh" is close to "Sweat session"), the time of day, the
day of the week, the duration, and the rules' own confidence per record type. One logistic
regression per record type (one-vs-rest, fixed ``random_state``) turns them into a
probability.

The blend is ``(1 - a) * rules + a * model`` per record type, and ``a`` is earned: at
training time, out-of-fold predictions on the owner's own decisions pick the weight (from 0,
the rules alone, to 1) that would have agreed with them best, preferring the rules on a tie.
So an owner whose calendar the rules already read well keeps the rules, and one whose words
the rules miss ("Sweat session") gets the model. On top of that a recurring event is
remembered by its normalised title: a record type the owner confirmed for it comes back
confident (auto-confirmed), one they rejected is not proposed again.

Pure and deterministic: no database here (``learning`` stores and loads models).
"""

from __future__ import annotations

import io
import pickle
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from lifeos_core.interpreter.rules import (
    FLOOR,
    MEAL,
    MONEY,
    PEOPLE,
    RECORD_TYPES,
    Candidate,
    EventFacts,
    find_amount,
    find_people,
    fold,
    score,
)

MODEL_FORMAT = 1
BLEND_WEIGHTS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
FOLDS = 5
MIN_PER_CLASS = 2  # a record type's classifier needs this many positives and negatives
REMEMBERED = 0.93  # confidence of a record type the owner confirmed for the same event before
FORGOTTEN = 0.25  # ... and of one they rejected


@dataclass(frozen=True)
class Example:
    """One reviewed event: record types the owner confirmed, and those they turned down.

    ``negatives=None`` means every other record type is a negative (the event was reviewed
    in full, as in a labelled file); otherwise only the listed ones are.
    """

    facts: EventFacts
    positives: frozenset[str] = frozenset()
    negatives: frozenset[str] | None = None
    structures: dict[str, dict] = field(default_factory=dict)

    def label(self, record_type: str) -> int | None:
        if record_type in self.positives:
            return 1
        if self.negatives is None or record_type in self.negatives:
            return 0
        return None


_KEY_NOISE = re.compile(r"[\d$€£¥.,:;!?()\[\]{}\"'/+&@#%*=_~|<>-]+")


def memory_key(title: str) -> str:
    """A recurring event's identity: its title without case, accents, numbers and punctuation."""
    return " ".join(_KEY_NOISE.sub(" ", fold(title)).split())


_WORD = re.compile(r"(?u)\b\w\w+\b")  # the vectorizer's own token pattern


def _text(facts: EventFacts) -> str:
    text = fold(facts.title)
    if facts.location:
        text += " @ " + fold(facts.location)
    return text


TIME_FEATURES = 6 + 2 + 6 + 1  # hour bins, weekend, duration bins, all-day


def _time_row(facts: EventFacts) -> list[float]:
    row = [0.0] * TIME_FEATURES
    if facts.all_day:
        row[-1] = 1.0
    else:
        row[min(5, facts.start.hour // 4)] = 1.0
    row[6 + (1 if facts.start.weekday() >= 5 else 0)] = 1.0
    minutes = facts.duration_minutes
    if minutes is not None:
        bins = (15, 30, 60, 120, 240)
        row[8 + next((i for i, b in enumerate(bins) if minutes <= b), 5)] = 1.0
    return row


def _rule_row(candidates: Iterable[Candidate]) -> list[float]:
    row = [0.0] * len(RECORD_TYPES)
    for c in candidates:
        row[RECORD_TYPES.index(c.record_type)] = c.confidence
    return row


@dataclass
class UserModel:
    """A fitted model for one owner (pickled into the ``interpreter_model`` table)."""

    version: str
    words: TfidfVectorizer | None
    chars: TfidfVectorizer | None
    classifiers: dict[str, LogisticRegression]
    counts: dict[str, int]  # labelled examples per record type
    weights: dict[str, float]  # the model's share of the blend, per record type
    memory: dict[str, dict[str, list[int]]]  # title key -> record type -> [confirmed, rejected]
    remembered_structures: dict[str, dict[str, dict]]
    examples: int
    format: int = MODEL_FORMAT

    def features(self, events: Sequence[EventFacts], scored: Sequence[Sequence[Candidate]]):
        texts = [_text(f) for f in events]
        blocks = []
        if self.words is not None:
            blocks.append(self.words.transform(texts))
        if self.chars is not None:
            blocks.append(self.chars.transform(texts))
        dense = np.array(
            [_time_row(f) + _rule_row(c) for f, c in zip(events, scored, strict=True)],
            dtype=np.float64,
        )
        blocks.append(sparse.csr_matrix(dense))
        return sparse.hstack(blocks, format="csr")

    def probabilities(
        self, events: Sequence[EventFacts], scored: Sequence[Sequence[Candidate]]
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Each classifier's probability per event, and how familiar each event's words are
        to the model (the share of its words seen in the owner's decisions)."""
        if not self.classifiers or not events:
            return {}, np.zeros(len(events))
        matrix = self.features(events, scored)
        probabilities = {
            rt: clf.predict_proba(matrix)[:, 1] for rt, clf in self.classifiers.items()
        }
        return probabilities, self.familiarity(events)

    def familiarity(self, events: Sequence[EventFacts]) -> np.ndarray:
        if self.words is None:
            return np.ones(len(events))
        vocabulary = self.words.vocabulary_
        tokens = [set(_WORD.findall(_text(f).split(" @ ")[0])) for f in events]
        return np.array(
            [sum(1 for t in ts if t in vocabulary) / len(ts) if ts else 0.0 for ts in tokens]
        )

    def blend(
        self, events: Sequence[EventFacts], scored: Sequence[list[Candidate]]
    ) -> list[list[Candidate]]:
        """The rules' candidates with the model's opinion and the owner's memory folded in."""
        probabilities, familiar = self.probabilities(events, scored)
        weights = self.weights
        blended = []
        for index, (facts, candidates) in enumerate(zip(events, scored, strict=True)):
            by_type = {c.record_type: c for c in candidates}
            remembered = self.memory.get(memory_key(facts.title), {}) if self.memory else {}
            out = []
            for record_type in RECORD_TYPES:
                rule = by_type.get(record_type)
                confidence = rule.confidence if rule else 0.0
                evidence = list(rule.evidence) if rule else []
                probs = probabilities.get(record_type)
                if probs is not None:
                    weight = weights.get(record_type, 0.0)
                    p = float(probs[index])
                    if p < confidence:
                        # The model may overrule the rules only on words it has met in the
                        # owner's decisions: someone who only ever wrote "Fuel" for lunch
                        # has taught it nothing against "Dinner".
                        weight *= float(familiar[index])
                    confidence = (1 - weight) * confidence + weight * p
                    if abs(p - (rule.confidence if rule else 0.0)) >= 0.15:
                        evidence.append(f"your past reviews say {p:.0%}")
                confirmed, rejected = remembered.get(record_type, (0, 0))
                if confirmed and not rejected:
                    confidence = max(confidence, REMEMBERED)
                    evidence.append("you confirmed this event before")
                elif rejected and not confirmed:
                    confidence = min(confidence, FORGOTTEN)
                    evidence.append("you rejected this event before")
                confidence = round(max(0.0, min(0.99, confidence)), 4)
                if confidence < FLOOR:
                    continue
                if rule is not None:
                    structure = rule.structure
                else:
                    structure = self._structure(facts, record_type)
                out.append(Candidate(record_type, confidence, structure, evidence))
            blended.append(out)
        return blended

    def _structure(self, facts: EventFacts, record_type: str) -> dict:
        """What to propose when only the model (or memory) sees a record type."""
        remembered = self.remembered_structures.get(memory_key(facts.title), {})
        if record_type in remembered:
            return dict(remembered[record_type])
        return default_structure(facts, record_type)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        pickle.dump(self, buffer, protocol=pickle.HIGHEST_PROTOCOL)
        return buffer.getvalue()

    @staticmethod
    def from_bytes(blob: bytes) -> UserModel:
        # Only ever our own blobs, written by train() into the owner's row.
        model = pickle.loads(blob)  # noqa: S301
        if not isinstance(model, UserModel) or model.format != MODEL_FORMAT:
            raise ValueError("not an interpreter model of this format")
        return model


def default_structure(facts: EventFacts, record_type: str) -> dict:
    minutes = facts.duration_minutes
    name = facts.title.strip() or None
    if record_type == MONEY:
        amount = find_amount(facts.title)
        structure = {"description": facts.title, "direction": "expense"}
        if amount:
            structure.update(amount=str(amount[0]), currency=amount[1])
        return structure
    if record_type == MEAL:
        hour = facts.start.hour
        meal = "breakfast" if hour < 11 else "lunch" if hour < 16 else "dinner"
        return {"meal_type": "snack" if facts.all_day else meal}
    if record_type == PEOPLE:
        people, _ = find_people(facts.title, ())
        return {
            "person_name": people[0] if people else None,
            "person_names": people,
            "interaction_type": "meeting",
        }
    return {
        "health/workout": {"workout_type": "other", "duration_minutes": minutes},
        "habits/habit_log": {"habit_name": memory_key(facts.title) or None},
        "skills/practice_session": {"skill_name": name, "duration_minutes": minutes},
        "projects/work_session": {"project_name": name, "duration_minutes": minutes},
    }[record_type]


def train(examples: Sequence[Example], *, version: str) -> UserModel:
    """Fit the owner's model on their reviewed events (deterministic)."""
    events = [e.facts for e in examples]
    scored = [score(f) for f in events]
    texts = [_text(f) for f in events]
    words = chars = None
    if examples:
        words = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=1, sublinear_tf=True)
        try:
            words.fit(texts)
        except ValueError:  # no words at all (emoji-only titles)
            words = None
        chars.fit(texts)
    model = UserModel(
        version=version,
        words=words,
        chars=chars,
        classifiers={},
        counts={},
        weights={},
        memory={},
        remembered_structures={},
        examples=len(examples),
    )
    if not examples:
        return model
    matrix = model.features(events, scored)
    for record_type in RECORD_TYPES:
        rows, labels = [], []
        for index, example in enumerate(examples):
            label = example.label(record_type)
            if label is not None:
                rows.append(index)
                labels.append(label)
        if not rows:
            continue
        model.counts[record_type] = len(rows)
        positives = sum(labels)
        if positives < MIN_PER_CLASS or len(labels) - positives < MIN_PER_CLASS:
            continue
        x, y = matrix[rows], np.array(labels)
        rules = np.array([_rule_row(scored[i])[RECORD_TYPES.index(record_type)] for i in rows])
        weight = _earned_weight(x, y, rules)
        if weight == 0.0:
            continue
        model.classifiers[record_type] = _classifier().fit(x, y)
        model.weights[record_type] = weight
    for example in examples:
        key = memory_key(example.facts.title)
        if not key:
            continue
        slot = model.memory.setdefault(key, {})
        for record_type in RECORD_TYPES:
            label = example.label(record_type)
            if label is None:
                continue
            counts = slot.setdefault(record_type, [0, 0])
            counts[0 if label else 1] += 1
        for record_type, structure in example.structures.items():
            if record_type in example.positives:
                model.remembered_structures.setdefault(key, {})[record_type] = structure
    # Types never confirmed for a title need no memory entry: only keep what says something.
    for key in list(model.memory):
        model.memory[key] = {rt: c for rt, c in model.memory[key].items() if c[0] or c[1]}
    return model


def _classifier() -> LogisticRegression:
    return LogisticRegression(C=4.0, solver="liblinear", max_iter=1000, random_state=0)


def _earned_weight(x, y: np.ndarray, rules: np.ndarray) -> float:
    """The model's share that would have matched the owner's decisions best, out of fold."""
    from sklearn.model_selection import StratifiedKFold

    folds = min(FOLDS, int(y.sum()), int(len(y) - y.sum()))
    if folds < 2:
        return 0.0
    out_of_fold = np.zeros(len(y))
    for fit, held in StratifiedKFold(folds, shuffle=True, random_state=0).split(x, y):
        out_of_fold[held] = _classifier().fit(x[fit], y[fit]).predict_proba(x[held])[:, 1]
    best, best_f1 = 0.0, -1.0
    for weight in BLEND_WEIGHTS:
        given = ((1 - weight) * rules + weight * out_of_fold) >= 0.5
        tp = int((given & (y == 1)).sum())
        wrong = int((given != (y == 1)).sum())
        f1 = 2 * tp / (2 * tp + wrong) if tp + wrong else 1.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = weight, f1
    return best


def quality(model: UserModel, examples: Sequence[Example]) -> dict[str, float]:
    """Micro-F1 of the rules alone and of the blend on some examples (for the metrics)."""
    if not examples:
        return {}
    events = [e.facts for e in examples]
    rules_only = [score(f) for f in events]
    blended = model.blend(events, [list(c) for c in rules_only])

    def micro(candidates: Sequence[Sequence[Candidate]]) -> float:
        tp = fp = fn = 0
        for example, found in zip(examples, candidates, strict=True):
            given = {c.record_type for c in found if c.confidence >= 0.5}
            for record_type in RECORD_TYPES:
                label = example.label(record_type)
                if label is None:
                    continue
                hit = record_type in given
                tp += hit and label == 1
                fp += hit and label == 0
                fn += (not hit) and label == 1
        return round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else 1.0

    return {"rules_micro_f1": micro(rules_only), "blended_micro_f1": micro(blended)}
