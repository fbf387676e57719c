"""Events of the auth domain (``auth.user.*``)."""

from __future__ import annotations

from datetime import datetime

from lifeos_core.events.base import DomainEvent


class UserRegistered(DomainEvent):
    event_type = "auth.user.registered"
    email: str
    full_name: str | None = None
    timezone: str | None = None


class PasswordResetRequested(DomainEvent):
    event_type = "auth.user.password_reset_requested"
    email: str
    expires_at: datetime


class PasswordResetCompleted(DomainEvent):
    event_type = "auth.user.password_reset_completed"
    reset_id: int


EVENTS = (UserRegistered, PasswordResetRequested, PasswordResetCompleted)
