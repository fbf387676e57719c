"""How good the interpreter is: precision, recall and F1 per record type on labelled events,
and how much it learns from one person's review decisions.

An event counts as given a record type when the interpreter proposes it with a decision
other than ``discard`` (auto-confirmed or sent to review), at the default thresholds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from lifeos_core.interpreter.rules import RECORD_TYPES, EventFacts, interpret_batch

DEFAULT_AUTO_CONFIRM = 0.85
DEFAULT_REVIEW = 0.5
CURVE_STEP = 25


class BadEventLine(ValueError):
    """A line of the input that is not an event as the contract describes it."""


@dataclass(frozen=True)
class InputEvent:
    """One event of an input file: its facts and, in a labelled file, its record types."""

    id: Any
    facts: EventFacts
    labels: frozenset[str] = frozenset()


def _time(value: Any, name: str, line: int) -> datetime:
    if not isinstance(value, str) or not value:
        raise BadEventLine(f"line {line}: {name} must be an ISO 8601 date or time")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise BadEventLine(f"line {line}: {name} {value!r} is not ISO 8601") from None


def event_from_json(data: dict, line: int = 0, *, labelled: bool = False) -> InputEvent:
    """An event as the contract gives it (naive times are the event's local time; aware ones
    keep their own offset, which is the local time of whoever wrote them)."""
    if not isinstance(data, dict):
        raise BadEventLine(f"line {line}: expected a JSON object")
    start = _time(data.get("start"), "start", line)
    end = _time(data["end"], "end", line) if data.get("end") else None
    if end is not None and (end.tzinfo is None) != (start.tzinfo is None):
        end = end.replace(tzinfo=start.tzinfo) if start.tzinfo else end.replace(tzinfo=None)
    facts = EventFacts(
        title=str(data.get("title") or ""),
        description=str(data.get("description") or ""),
        location=str(data.get("location") or ""),
        start=start,
        end=end,
        all_day=bool(data.get("all_day", False)),
    )
    labels: frozenset[str] = frozenset()
    if labelled:
        raw = data.get("labels")
        if not isinstance(raw, list):
            raise BadEventLine(f"line {line}: labels must be a list of record types")
        unknown = set(raw) - set(RECORD_TYPES)
        if unknown:
            raise BadEventLine(f"line {line}: unknown record types {sorted(unknown)}")
        labels = frozenset(raw)
    return InputEvent(id=data.get("id"), facts=facts, labels=labels)


def read_events(lines: Iterable[str], *, labelled: bool = False) -> list[InputEvent]:
    events = []
    for number, text in enumerate(lines, start=1):
        text = text.strip()
        if not text:
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadEventLine(f"line {number}: not JSON ({exc.msg})") from None
        events.append(event_from_json(data, number, labelled=labelled))
    return events


def load_events(path: str | Path, *, labelled: bool = False) -> list[InputEvent]:
    with open(path, encoding="utf-8") as lines:
        return read_events(lines, labelled=labelled)


def predict(
    events: Sequence[InputEvent],
    model=None,
    *,
    auto_confirm_threshold: float = DEFAULT_AUTO_CONFIRM,
    review_threshold: float = DEFAULT_REVIEW,
) -> list[frozenset[str]]:
    """The record types the interpreter gives each event (auto-confirmed or for review)."""
    proposals = interpret_batch(
        [e.facts for e in events],
        auto_confirm_threshold=auto_confirm_threshold,
        review_threshold=review_threshold,
        model=model,
    )
    return [
        frozenset(p.record_type for p in found if p.decision != "discard") for found in proposals
    ]


@dataclass
class Scores:
    """Precision, recall and F1 per record type and over all, on one set of events."""

    events: int
    per_type: dict[str, dict[str, float]] = field(default_factory=dict)
    micro_precision: float = 0.0
    micro_recall: float = 0.0
    micro_f1: float = 0.0
    exact_set_accuracy: float = 0.0
    nothing_events: int = 0
    nothing_false_positive_rate: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "per_type": self.per_type,
            "micro_precision": self.micro_precision,
            "micro_recall": self.micro_recall,
            "micro_f1": self.micro_f1,
            "exact_set_accuracy": self.exact_set_accuracy,
            "nothing_events": self.nothing_events,
            "nothing_false_positive_rate": self.nothing_false_positive_rate,
        }


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return round(precision, 4), round(recall, 4), round(f1, 4)


def score_predictions(
    truth: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]]
) -> Scores:
    scores = Scores(events=len(truth))
    totals = [0, 0, 0]
    for record_type in RECORD_TYPES:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if record_type in t & p)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if record_type in p - t)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if record_type in t - p)
        precision, recall, f1 = _f1(tp, fp, fn)
        scores.per_type[record_type] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": tp + fn,
        }
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
    scores.micro_precision, scores.micro_recall, scores.micro_f1 = _f1(*totals)
    exact = sum(1 for t, p in zip(truth, predicted, strict=True) if t == p)
    scores.exact_set_accuracy = round(exact / len(truth), 4) if truth else 1.0
    nothing = [p for t, p in zip(truth, predicted, strict=True) if not t]
    scores.nothing_events = len(nothing)
    scores.nothing_false_positive_rate = (
        round(sum(1 for p in nothing if p) / len(nothing), 4) if nothing else 0.0
    )
    return scores


def evaluate(events: Sequence[InputEvent], model=None) -> Scores:
    return score_predictions([e.labels for e in events], predict(events, model))


def learning_curve(
    events: Sequence[InputEvent], *, step: int = CURVE_STEP, replay_share: float = 2 / 3
) -> list[dict[str, Any]]:
    """Replay the first events' labels as review decisions, in order, retraining after every
    ``step`` decisions, and score each model on the later events (which it never saw).

    The first point (0 decisions) is the rules alone.
    """
    from lifeos_core.interpreter.model import Example, train

    cut = max(step, int(len(events) * replay_share))
    replay, later = list(events[:cut]), list(events[cut:])
    if not later:
        raise ValueError("too few labelled events for a learning curve")
    points = [{"decisions": 0, **_point(evaluate(later))}]
    examples: list[Example] = []
    for done, event in enumerate(replay, start=1):
        examples.append(Example(event.facts, positives=event.labels))
        if done % step == 0 or done == len(replay):
            model = train(examples, version=f"curve-{done}")
            points.append({"decisions": done, **_point(evaluate(later, model))})
    return points


def _point(scores: Scores) -> dict[str, Any]:
    return {
        "micro_f1": scores.micro_f1,
        "exact_set_accuracy": scores.exact_set_accuracy,
        "nothing_false_positive_rate": scores.nothing_false_positive_rate,
        "evaluated_events": scores.events,
    }


def format_table(scores: Scores) -> str:
    lines = [f"{'record type':<28}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for record_type, row in scores.per_type.items():
        lines.append(
            f"{record_type:<28}{row['precision']:>10.3f}{row['recall']:>10.3f}"
            f"{row['f1']:>10.3f}{row['support']:>9}"
        )
    lines.append(
        f"{'micro':<28}{scores.micro_precision:>10.3f}{scores.micro_recall:>10.3f}"
        f"{scores.micro_f1:>10.3f}"
    )
    lines.append(f"exact-set accuracy: {scores.exact_set_accuracy:.3f} over {scores.events} events")
    lines.append(
        f"false-positive rate on the {scores.nothing_events} events labelled with nothing: "
        f"{scores.nothing_false_positive_rate:.3f}"
    )
    return "\n".join(lines)


def format_curve(points: Sequence[dict[str, Any]]) -> str:
    lines = [f"{'decisions':>9}{'micro-F1':>10}{'exact-set':>11}{'nothing FP':>12}"]
    for point in points:
        lines.append(
            f"{point['decisions']:>9}{point['micro_f1']:>10.3f}"
            f"{point['exact_set_accuracy']:>11.3f}{point['nothing_false_positive_rate']:>12.3f}"
        )
    return "\n".join(lines)
