"""The interpreter measured on the shipped labelled events, and learning from one person.

The numbers are the issue's targets with a little room under today's results, so a change
that makes the interpreter worse fails here: on the whole set and, separately, on the
held-out phrasings that were never looked at while the rules were written.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from lifeos_core.interpreter.evaluate import evaluate, learning_curve, load_events
from lifeos_core.interpreter.rules import RECORD_TYPES

DATA = Path(__import__("lifeos_core.interpreter.data", fromlist=["x"]).__file__).parent


@pytest.fixture(scope="module")
def labelled():
    return load_events(DATA / "labelled.jsonl", labelled=True)


@pytest.fixture(scope="module")
def splits():
    with open(DATA / "labelled.jsonl", encoding="utf-8") as lines:
        return {row["id"]: row["split"] for row in map(json.loads, lines)}


def test_the_shipped_set_is_large_and_varied(labelled):
    assert len(labelled) >= 400
    per_type = Counter(t for e in labelled for t in e.labels)
    assert set(per_type) == set(RECORD_TYPES) and min(per_type.values()) >= 30
    assert sum(1 for e in labelled if len(e.labels) >= 2) >= 50  # multi-label
    assert sum(1 for e in labelled if not e.labels) >= 100  # should produce nothing
    titles = " ".join(e.facts.title for e in labelled)
    for word in ("Mittagessen", "Almuerzo", "Déjeuner", "🏃", "Klavierunterricht", "Cena"):
        assert word in titles


def test_the_rules_alone_reach_the_targets_on_the_whole_set(labelled):
    scores = evaluate(labelled)
    assert scores.micro_f1 >= 0.95
    assert scores.nothing_false_positive_rate <= 0.05
    assert all(row["f1"] >= 0.85 for row in scores.per_type.values()), scores.per_type


def test_the_rules_generalise_to_phrasings_held_out_while_writing_them(labelled, splits):
    held_out = [e for e in labelled if splits[e.id] == "heldout"]
    assert len(held_out) >= 150
    scores = evaluate(held_out)
    assert scores.micro_f1 >= 0.92
    assert scores.nothing_false_positive_rate <= 0.07


def test_a_hundred_decisions_teach_the_model_one_persons_own_words():
    persona = load_events(DATA / "persona.jsonl", labelled=True)
    curve = {point["decisions"]: point for point in learning_curve(persona)}
    base, after = curve[0]["micro_f1"], curve[100]["micro_f1"]
    assert base < 0.7  # their words are not the rules' words
    assert after >= base + 0.25 and after >= 0.9
    assert curve[100]["nothing_false_positive_rate"] <= curve[0]["nothing_false_positive_rate"]


def test_learning_does_not_spoil_what_the_rules_already_read_well(labelled):
    curve = learning_curve(labelled[:300])
    base = curve[0]["micro_f1"]
    assert all(point["micro_f1"] >= base - 0.02 for point in curve)
