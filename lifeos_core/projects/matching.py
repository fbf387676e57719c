"""Which of the owner's projects a piece of text (a calendar event title) is about."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

K = TypeVar("K")

# Shorter names ("UI", "X") would match inside too many unrelated titles.
MIN_CONTAINED_LENGTH = 3


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def match_project_name(text: str, projects: Iterable[tuple[K, str]]) -> K | None:
    """The key of the project named exactly ``text`` (ignoring case, spacing and punctuation);
    otherwise of the longest project name found in ``text`` as whole words; otherwise None.

    "Deep work: Kitchen renovation" finds "Kitchen Renovation"; "Kitchen" alone does not find
    "Kitchen renovation", and "Bookshelf" does not find "Book".
    """
    wanted = normalise(text)
    if not wanted:
        return None
    best: tuple[int, K] | None = None
    for key, name in projects:
        name = normalise(name)
        if not name:
            continue
        if name == wanted:
            return key
        if len(name) >= MIN_CONTAINED_LENGTH and f" {name} " in f" {wanted} ":
            if best is None or len(name) > best[0]:
                best = (len(name), key)
    return best[1] if best else None
