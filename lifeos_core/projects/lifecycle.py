"""The project lifecycle: which status may follow which.

    created ──► active ──► completed
                  ▲  │         │
                  │  ▼         ▼
                  └─ archived ◄┘

``archived -> active`` is the restore: an archived project (whether it was archived while
active or after completion) comes back as active work. Everything else, including moving a
project to the status it already has, is refused.
"""

from __future__ import annotations

from typing import Literal

from lifeos_core.errors import Conflict, InvalidInput

ProjectStatus = Literal["created", "active", "completed", "archived"]
PROJECT_STATUSES: tuple[str, ...] = ("created", "active", "completed", "archived")

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "created": ("active",),
    "active": ("completed", "archived"),
    "completed": ("archived",),
    "archived": ("active",),
}

# Projects in these states take no new tasks and no task changes.
CLOSED_STATUSES = ("completed", "archived")


def next_statuses(status: str) -> tuple[str, ...]:
    """The statuses a project in ``status`` may move to, in the order the app offers them."""
    return TRANSITIONS.get(status, ())


def check_transition(name: str, current: str, target: str) -> None:
    """Raise Conflict, naming both states, unless ``current -> target`` is allowed."""
    if target not in PROJECT_STATUSES:
        raise InvalidInput(
            f"status: {target!r} is not a project status ({', '.join(PROJECT_STATUSES)})",
            {"status": "unknown status"},
        )
    allowed = next_statuses(current)
    if target not in allowed:
        raise Conflict(
            f"Project {name!r} cannot go from {current} to {target}: "
            f"{'an' if current[0] in 'aeiou' else 'a'} {current} project can only become "
            f"{' or '.join(allowed)}."
        )
