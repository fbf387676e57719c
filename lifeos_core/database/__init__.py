"""Database plumbing shared by every domain: the declarative base, column types, engines."""

from lifeos_core.database.base import Base, TimestampMixin, utcnow
from lifeos_core.database.engine import make_engine, make_session_factory
from lifeos_core.database.types import JSONType, UTCDateTime

__all__ = [
    "Base",
    "JSONType",
    "TimestampMixin",
    "UTCDateTime",
    "make_engine",
    "make_session_factory",
    "utcnow",
]
