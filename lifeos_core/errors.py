"""Errors services raise. Their messages are written for the person who will read them."""

from __future__ import annotations

from typing import Any, TypeVar

import pydantic


class LifeOSError(Exception):
    """Base of every error a service raises on purpose."""


class InvalidInput(LifeOSError):
    """Input that breaks a rule; ``fields`` maps each offending field to what is wrong."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


class NotFound(LifeOSError):
    """The record does not exist, or belongs to someone else (we do not say which)."""


class PermissionDenied(LifeOSError):
    """The acting user lacks a permission."""


class Conflict(LifeOSError):
    """The change clashes with the current state (a duplicate, an invalid transition)."""


M = TypeVar("M", bound=pydantic.BaseModel)


def validate(schema: type[M], **data: Any) -> M:
    """Build ``schema`` from ``data`` or raise InvalidInput naming each bad field."""
    try:
        return schema(**data)
    except pydantic.ValidationError as exc:
        fields: dict[str, str] = {}
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"]) or "input"
            fields.setdefault(name, error["msg"].removeprefix("Value error, "))
        summary = "; ".join(f"{name}: {msg}" for name, msg in fields.items())
        raise InvalidInput(f"Invalid {schema.__name__}: {summary}", fields) from None
