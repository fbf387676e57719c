"""Admin services: thin, permission-checked wrappers over what auth, the outbox and the
insights telemetry offer.

Unlike every other service these read across users (that is the job), so each one first
requires an admin permission: ``admin.users`` for accounts and roles, ``admin.operations``
for the outbox. Requeueing a dead letter changes only the outbox row's delivery state; it is
no domain change, so it emits no event.
"""

from __future__ import annotations

from collections.abc import Sequence

from lifeos_core.admin.schemas import DeadLetter, OutboxHealth, RoleSummary, UserSummary
from lifeos_core.auth import service as auth
from lifeos_core.auth.schemas import Actor
from lifeos_core.auth.service import require
from lifeos_core.config import Settings
from lifeos_core.errors import InvalidInput
from lifeos_core.insights import service as insights
from lifeos_core.insights.schemas import RuleTelemetry
from lifeos_core.outbox import service as outbox
from lifeos_core.unit_of_work import UnitOfWork

ADMIN_PERMISSIONS = ("admin.users", "admin.operations")
DEFAULT_DAGSTER_URL = "http://127.0.0.1:3000"


def is_admin(actor: Actor) -> bool:
    """Whether the actor may open the admin screens at all (either admin permission)."""
    return any(actor.can(permission) for permission in ADMIN_PERMISSIONS)


def list_users(uow: UnitOfWork, actor: Actor) -> list[UserSummary]:
    require(actor, "admin.users")
    return [
        UserSummary(
            user_id=user.user_id,
            email=user.email,
            display_name=user.display_name,
            timezone=user.timezone,
            roles=tuple(sorted(user.roles)),
            permissions=tuple(sorted(user.permissions)),
        )
        for user in auth.list_users(uow, actor)
    ]


def list_roles(actor: Actor) -> list[RoleSummary]:
    """The built-in roles and their permissions (``lifeos user create --role`` takes these)."""
    require(actor, "admin.users")
    return [
        RoleSummary(name=name, description=description, permissions=tuple(permissions))
        for name, (description, permissions) in auth.ROLES.items()
    ]


def outbox_health(uow: UnitOfWork, actor: Actor) -> OutboxHealth:
    require(actor, "admin.operations")
    health = outbox.queue_health(uow.session)
    return OutboxHealth(
        by_status=health["by_status"],
        ready=health["ready"],
        oldest_ready_age_seconds=health["oldest_ready_age_seconds"],
        dead_tuples=health.get("dead_tuples"),
        oldest_transaction_age_seconds=(
            None
            if health.get("oldest_transaction_age_seconds") is None
            else float(health["oldest_transaction_age_seconds"])
        ),
    )


def dead_letters(uow: UnitOfWork, actor: Actor, *, limit: int = 200) -> list[DeadLetter]:
    """Dead outbox messages, newest first."""
    require(actor, "admin.operations")
    if limit < 1:
        raise InvalidInput("limit: must be at least 1", {"limit": "must be at least 1"})
    return [DeadLetter(**row) for row in outbox.dead_messages(uow.session, limit=limit)]


def requeue_dead_letters(
    uow: UnitOfWork, actor: Actor, *, message_ids: Sequence[int] | None = None
) -> int:
    """Give dead messages a fresh set of attempts: these ids, or every dead one when None.

    Returns how many went back to the queue; ids that are not dead are left alone. The
    caller commits.
    """
    require(actor, "admin.operations")
    if message_ids is not None and not message_ids:
        raise InvalidInput(
            "message_ids: choose at least one message", {"message_ids": "choose at least one"}
        )
    ids = None if message_ids is None else sorted({int(i) for i in message_ids})
    return outbox.requeue_dead(uow.session, ids)


def telemetry(uow: UnitOfWork, actor: Actor, *, days: int = 30) -> list[RuleTelemetry]:
    """Each insight rule's runs, latency and the owners' reactions over the last ``days``
    days, across the whole installation."""
    require(actor, "admin.operations")
    if days < 1:
        raise InvalidInput("days: must be at least 1", {"days": "must be at least 1"})
    return insights.telemetry_summary(uow, actor, days=days)


def dagster_runs_url(actor: Actor, settings: Settings) -> str:
    """Where the Dagster UI lists the pipeline's runs (operators retry and inspect there)."""
    require(actor, "admin.operations")
    # ``dagster_url`` is the setting LIFEOS_DAGSTER_URL once config.py has it.
    base = getattr(settings, "dagster_url", None) or DEFAULT_DAGSTER_URL
    return f"{str(base).rstrip('/')}/runs"
