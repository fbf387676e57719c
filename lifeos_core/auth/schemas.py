"""Input and output shapes of the auth services."""

from __future__ import annotations

import re
import zoneinfo

from pydantic import BaseModel, ConfigDict, Field, field_validator

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str) -> str:
    return email.strip().lower()


class NewUser(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=1024)
    display_name: str | None = Field(default=None, max_length=200)
    timezone: str = "UTC"

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = normalise_email(value)
        if not EMAIL_PATTERN.match(value):
            raise ValueError("is not an email address")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        if value not in zoneinfo.available_timezones():
            raise ValueError(f"unknown time zone {value!r}")
        return value


class NewPassword(BaseModel):
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=1024)


class Actor(BaseModel):
    """The signed-in user on whose behalf a service acts. Every query is scoped by it."""

    model_config = ConfigDict(frozen=True)

    user_id: int
    email: str
    display_name: str
    timezone: str = "UTC"
    roles: frozenset[str] = frozenset()
    permissions: frozenset[str] = frozenset()

    def can(self, permission: str) -> bool:
        return permission in self.permissions
