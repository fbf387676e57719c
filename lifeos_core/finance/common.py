"""Helpers every finance module shares: owned-row lookup, text normalisation, cents."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import NotFound
from lifeos_core.unit_of_work import UnitOfWork

T = TypeVar("T")
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def cents(value: Decimal | int | str | None) -> Decimal:
    """``value`` rounded to the cent (SQLite hands sums back as binary floats)."""
    if value is None:
        return ZERO
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def normalise(text: str) -> str:
    """Lower case, accents folded, punctuation to single spaces: 'Café  & Co.' -> 'cafe co'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_WORD.sub(" ", folded.lower()).strip()


def owned(uow: UnitOfWork, actor: Actor, model: type[T], row_id: int, label: str) -> T:
    """The actor's row ``row_id`` of ``model``; someone else's id is as missing as no id."""
    row = uow.session.scalar(
        sa.select(model).where(model.id == row_id, model.user_id == actor.user_id)
    )
    if row is None:
        raise NotFound(f"{label} {row_id} not found")
    return row
