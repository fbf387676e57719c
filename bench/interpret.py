"""Interpreter throughput: events per second through the rules, and with a learned model.

    python -m bench.interpret [--events 100000]

Builds N synthetic events (titles drawn from the shipped labelled set and one person's
calendar, each with a random suffix, time of day and duration, so few are repeated
verbatim), then times, on one core and in one process:

- ``rules``: ``interpret_batch`` with no model, the path every event takes;
- ``blended``: the same with a model trained on 200 review decisions;
- ``rules_score_only``: the scoring alone, without building the pydantic proposals.

Prints one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import datetime, timedelta
from pathlib import Path

from lifeos_core.interpreter.evaluate import load_events
from lifeos_core.interpreter.model import Example, train
from lifeos_core.interpreter.rules import EventFacts, interpret_batch, score

DATA = Path(__file__).resolve().parent.parent / "lifeos_core" / "interpreter" / "data"
SUFFIXES = ["", "", "", " (weekly)", " – rescheduled", " #2", " w/ Alex", " 🙂", " at 5", " v2"]


def synthetic_events(count: int, seed: int = 7) -> list[EventFacts]:
    rng = random.Random(seed)
    pool = load_events(DATA / "labelled.jsonl", labelled=True)
    pool += load_events(DATA / "persona.jsonl", labelled=True)
    events = []
    day = datetime(2026, 1, 1)
    for index in range(count):
        facts = rng.choice(pool).facts
        start = day + timedelta(days=index % 365, minutes=rng.randrange(5 * 60, 23 * 60, 15))
        minutes = rng.choice((15, 30, 45, 60, 90, 120))
        events.append(
            EventFacts(
                title=facts.title
                + rng.choice(SUFFIXES)
                + f" {rng.randrange(1000)}" * (index % 3 == 0),
                description=facts.description,
                location=facts.location,
                start=start,
                end=start + timedelta(minutes=minutes),
                all_day=facts.all_day,
            )
        )
    return events


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds else float("inf")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args(argv)

    events = synthetic_events(args.events)
    persona = load_events(DATA / "persona.jsonl", labelled=True)
    labelled = load_events(DATA / "labelled.jsonl", labelled=True)
    decisions = (persona + labelled)[:200]
    started = time.perf_counter()
    model = train([Example(e.facts, positives=e.labels) for e in decisions], version="bench")
    train_seconds = time.perf_counter() - started
    thresholds = {"auto_confirm_threshold": 0.85, "review_threshold": 0.5}

    started = time.perf_counter()
    for facts in events:
        score(facts)
    score_seconds = time.perf_counter() - started

    started = time.perf_counter()
    rules = interpret_batch(events, **thresholds)
    rules_seconds = time.perf_counter() - started

    started = time.perf_counter()
    blended = []
    for offset in range(0, len(events), 500):  # the service interprets 500 events per batch
        blended.extend(interpret_batch(events[offset : offset + 500], model=model, **thresholds))
    blended_seconds = time.perf_counter() - started

    result = {
        "benchmark": "interpret",
        "events": len(events),
        "rules_events_per_second": _rate(len(events), rules_seconds),
        "blended_events_per_second": _rate(len(events), blended_seconds),
        "rules_score_only_events_per_second": _rate(len(events), score_seconds),
        "rules_seconds": round(rules_seconds, 3),
        "blended_seconds": round(blended_seconds, 3),
        "model_training_seconds": round(train_seconds, 3),
        "model_training_decisions": len(decisions),
        "proposals_rules": sum(len(p) for p in rules),
        "proposals_blended": sum(len(p) for p in blended),
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
