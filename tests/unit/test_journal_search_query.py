"""What the journal's search box hands each database, and how tags are tidied."""

from __future__ import annotations

import re

import pytest

from lifeos_core.journal.schemas import normalise_tags
from lifeos_core.journal.search import MAX_TERMS, parse_search


def both(text: str) -> tuple[str, str] | None:
    query = parse_search(text)
    return (query.fts5(), query.websearch()) if query else None


def test_plain_words_must_all_match():
    assert both("river herons") == ('(("river" "herons"))', '"river" "herons"')


def test_and_between_words_changes_nothing():
    assert both("river AND herons") == both("river herons")


def test_quotes_make_a_phrase_even_when_left_open():
    assert both('"keeper says" lamp') == ('(("keeper says" "lamp"))', '"keeper says" "lamp"')
    assert both('lamp "keeper says') == ('(("lamp" "keeper says"))', '"lamp" "keeper says"')


def test_or_separates_alternatives_and_minus_leaves_entries_out():
    assert both('herons or groceries -laundry -"late bus"') == (
        '(("herons")) OR (("groceries") NOT "laundry" NOT "late bus")',
        '"herons" or "groceries" -"laundry" -"late bus"',
    )


@pytest.mark.parametrize(
    "text", ["", "   ", "or", "OR or", "AND", "-work", '-"late bus"', '"', "*", "(-)"]
)
def test_nothing_searchable_gives_an_empty_query(text):
    assert not parse_search(text)


@pytest.mark.parametrize(
    "text",
    ['NEAR(a b, 2)', "'; DROP TABLE journal_entry; --", "title:lamp", "^lamp*", "a & b | !c <-> d",
     '{title body}: lamp', 'say "hi\\" there', "\x00lamp", "don't", "e-mail", "🔦 lamp"],
)  # fmt: skip
def test_operators_and_punctuation_only_separate_words(text):
    fts5, websearch = both(text)
    # Outside double quotes nothing but parentheses, spaces and the operators we wrote.
    outside = re.sub(r'"[^"]*"', "", fts5)
    assert set(re.sub(r"\b(OR|NOT)\b", "", outside)) <= set("() ")
    assert set(re.sub(r'"[^"]*"|\bor\b', "", websearch)) <= set(" -")
    for quoted in re.findall(r'"([^"]*)"', fts5 + websearch):
        assert re.fullmatch(r"\w+( \w+)*", quoted), quoted


def test_punctuation_joined_words_are_separate_words():
    assert both("NEAR(lighthouse") == ('(("NEAR" "lighthouse"))', '"NEAR" "lighthouse"')


def test_a_very_long_query_is_cut_short():
    query = parse_search(" ".join(f"word{n}" for n in range(1000)))
    assert len(query.alternatives[0]) == MAX_TERMS


def test_tags_are_lowercase_without_hash_blanks_or_repeats():
    assert normalise_tags(" Travel, #Ireland ,travel,,  Deep   Work ") == [
        "travel", "ireland", "deep work",
    ]  # fmt: skip
    assert normalise_tags(["#Running", "running", " "]) == ["running"]
