"""The account suggester learns from the owner's own history, and only when there is one."""

from __future__ import annotations

from lifeos_core.finance.suggester import AccountSuggester

GROCERIES, TRANSPORT = 11, 12
HISTORY = [
    ("rewe markt berlin", GROCERIES), ("edeka center", GROCERIES), ("lidl sagt danke", GROCERIES),
    ("deutsche bahn ticket", TRANSPORT), ("bvg monatskarte", TRANSPORT), ("uber trip", TRANSPORT),
]  # fmt: skip


def test_too_little_history_gives_no_model():
    assert AccountSuggester.train(HISTORY[:3]) is None  # too few, and one account only
    assert AccountSuggester.train([(t, GROCERIES) for t, _ in HISTORY]) is None


def test_similar_descriptions_get_the_account_they_had_before():
    model = AccountSuggester.train(HISTORY)
    assert model.suggest("REWE Markt Hamburg")[0][0] == GROCERIES
    assert model.suggest("Bahn Ticket München")[0][0] == TRANSPORT
    assert model.suggest("!!!") == []


def test_the_same_history_in_any_order_trains_the_same_model():
    forward = AccountSuggester.train(HISTORY)
    backward = AccountSuggester.train(list(reversed(HISTORY)))
    assert forward.version == backward.version
    assert forward.suggest("edeka") == backward.suggest("edeka")
