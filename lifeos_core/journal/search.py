"""What someone types into the journal's search box, made safe for either database.

Both databases get the grammar of PostgreSQL's ``websearch_to_tsquery``: words (all must
match; ``and`` between them is allowed), ``"quoted phrases"``, ``or`` between alternatives,
and ``-word`` to leave entries out.
Everything else (operators, brackets, stray quotes, SQL) is punctuation, and punctuation only
separates words. The query is rebuilt from the words alone, each inside double quotes, so no
character a person typed reaches FTS5's MATCH syntax or the tsquery parser as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUERY_LENGTH = 500
MAX_TERMS = 32
_WORD = re.compile(r"\w+")
# A phrase (optionally negated) runs to the next quote or the end; any other chunk is
# whatever lies between whitespace and quotes.
_CHUNK = re.compile(r'(-?)"([^"]*)"?|([^\s"]+)')


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase
    excluded: bool = False

    def quoted(self) -> str:
        return '"' + " ".join(self.words) + '"'


@dataclass(frozen=True)
class SearchQuery:
    """Alternatives (OR) of terms that must all hold (AND); empty when nothing is searchable."""

    alternatives: tuple[tuple[Term, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.alternatives)

    def fts5(self) -> str:
        """For SQLite: ``("a" "b c") NOT "d" OR ("e")``."""
        groups = []
        for terms in self.alternatives:
            wanted = " ".join(t.quoted() for t in terms if not t.excluded)
            group = f"({wanted})" + "".join(f" NOT {t.quoted()}" for t in terms if t.excluded)
            groups.append(f"({group})")
        return " OR ".join(groups)

    def websearch(self) -> str:
        """For PostgreSQL's websearch_to_tsquery: ``"a" "b c" -"d" or "e"``."""
        return " or ".join(
            " ".join(("-" if t.excluded else "") + t.quoted() for t in terms)
            for terms in self.alternatives
        )


def parse_search(text: str) -> SearchQuery:
    """Parse a search box's text; never fails, whatever it holds."""
    alternatives: list[tuple[Term, ...]] = []
    current: list[Term] = []
    count = 0

    def close() -> None:
        # A group of exclusions alone would match nearly everything: drop it.
        if any(not t.excluded for t in current):
            alternatives.append(tuple(current))
        current.clear()

    for match in _CHUNK.finditer(text[:MAX_QUERY_LENGTH]):
        minus, phrase, chunk = match.groups()
        if chunk is not None and chunk.lower() == "or":
            close()
            continue
        if chunk is not None and chunk.lower() == "and":
            continue  # what words do anyway (PostgreSQL drops it as a stop word)
        if chunk is not None and not chunk.startswith("-"):
            terms = [Term((word,)) for word in _WORD.findall(chunk)]  # "a(b" is a and b
        else:
            if chunk is not None:
                minus, phrase = "-", chunk[1:]
            words = tuple(_WORD.findall(phrase))
            terms = [Term(words, excluded=bool(minus))] if words else []
        for term in terms[: MAX_TERMS - count]:
            current.append(term)
            count += 1
    close()
    return SearchQuery(tuple(alternatives))
