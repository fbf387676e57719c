"""Users, sign-in, signed-in sessions and password resets.

Sign-in failures never reveal whether an account exists: an unknown email, a wrong password
and an inactive account all get the same message, take about the same time (a dummy hash is
verified), and count towards the same per-email throttle.

A sign-in starts a session: a random token the browser keeps (the app puts it in a cookie) and
the database knows only by its SHA-256. The token signs its browser back in after a reload
until it expires, its user signs out, resets the password or is deactivated.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from lifeos_core.auth import passwords
from lifeos_core.auth.events import PasswordResetCompleted, PasswordResetRequested, UserRegistered
from lifeos_core.auth.models import (
    PasswordResetToken,
    Permission,
    Role,
    SignInAttempt,
    User,
    UserSession,
)
from lifeos_core.auth.schemas import Actor, NewPassword, NewUser, normalise_email
from lifeos_core.config import get_settings
from lifeos_core.database import utcnow
from lifeos_core.errors import Conflict, LifeOSError, NotFound, PermissionDenied, validate
from lifeos_core.unit_of_work import UnitOfWork

PERMISSIONS = {
    "calendar.read": "See calendar events",
    "calendar.write": "Create, edit and delete calendar events",
    "review.decide": "Confirm, reject or ignore interpretations",
    "insights.read": "See insights",
    "insights.manage": "Acknowledge and dismiss insights",
    "admin.users": "Manage users and roles",
    "admin.operations": "See and requeue outbox messages",
}
ROLES = {
    "owner": ("The person whose life this is", tuple(PERMISSIONS)),
    "admin": ("Operates the installation", ("admin.users", "admin.operations")),
    "viewer": ("Reads without changing", ("calendar.read", "insights.read")),
}

SIGN_IN_FAILED = "Email or password is incorrect."


class SignInFailed(LifeOSError):
    """Credentials were not accepted (deliberately vague)."""


class SignInThrottled(LifeOSError):
    """Too many recent failures for this email."""


class InvalidResetToken(LifeOSError):
    """The reset token is unknown, used or expired (deliberately vague)."""


class SessionEnded(LifeOSError):
    """The session token is unknown, expired or revoked, or its user is inactive (vague too)."""


def ensure_roles(uow: UnitOfWork) -> None:
    """Create the built-in roles and permissions that are missing. Idempotent."""
    session = uow.session
    existing_perms = {p.name: p for p in session.scalars(sa.select(Permission))}
    for name, description in PERMISSIONS.items():
        if name not in existing_perms:
            existing_perms[name] = Permission(name=name, description=description)
            session.add(existing_perms[name])
    existing_roles = {r.name: r for r in session.scalars(sa.select(Role))}
    for name, (description, permission_names) in ROLES.items():
        role = existing_roles.get(name) or Role(name=name, description=description)
        session.add(role)
        have = {p.name for p in role.permissions}
        role.permissions.extend(existing_perms[p] for p in permission_names if p not in have)
    session.flush()


def create_user(
    uow: UnitOfWork,
    *,
    email: str,
    password: str,
    display_name: str | None = None,
    timezone: str = "UTC",
    roles: tuple[str, ...] = ("owner",),
) -> Actor:
    data = validate(
        NewUser, email=email, password=password, display_name=display_name, timezone=timezone
    )
    ensure_roles(uow)
    session = uow.session
    if session.scalar(sa.select(User.id).where(User.email == data.email)) is not None:
        raise Conflict(f"a user with email {data.email} already exists")
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise Conflict(f"unknown role(s): {', '.join(sorted(unknown))}; known: {', '.join(ROLES)}")
    user = User(
        email=data.email,
        display_name=data.display_name or data.email.split("@")[0],
        password_hash=passwords.hash_password(data.password),
        timezone=data.timezone,
        roles=list(session.scalars(sa.select(Role).where(Role.name.in_(roles)))),
    )
    session.add(user)
    session.flush()
    uow.emit(
        UserRegistered(
            user_id=user.id, email=user.email, full_name=user.display_name, timezone=user.timezone
        )
    )
    return _actor(user)


def _actor(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        timezone=user.timezone,
        roles=frozenset(r.name for r in user.roles),
        permissions=frozenset(p.name for r in user.roles for p in r.permissions),
    )


def get_actor(uow: UnitOfWork, user_id: int) -> Actor:
    user = uow.session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound("no such user")
    return _actor(user)


def find_user_id(uow: UnitOfWork, email: str) -> int | None:
    return uow.session.scalar(sa.select(User.id).where(User.email == normalise_email(email)))


def authenticate(uow: UnitOfWork, *, email: str, password: str) -> Actor:
    """Check credentials and record the attempt. Commits the attempt whatever the outcome."""
    settings = get_settings()
    email = normalise_email(email)
    now = utcnow()
    window_start = now - timedelta(seconds=settings.signin_window_seconds)
    session = uow.session
    recent_failures = session.scalars(
        sa.select(SignInAttempt.attempted_at)
        .where(
            SignInAttempt.email == email,
            SignInAttempt.attempted_at >= window_start,
            SignInAttempt.succeeded.is_(False),
        )
        .order_by(SignInAttempt.attempted_at)
    ).all()
    if len(recent_failures) >= settings.signin_max_failures:
        # Locked until the oldest failure that still counts leaves the window.
        unlock = recent_failures[-settings.signin_max_failures] + timedelta(
            seconds=settings.signin_window_seconds
        )
        minutes = max(1, round((unlock - now).total_seconds() / 60))
        raise SignInThrottled(
            f"Too many failed sign-ins for this email. Try again in about {minutes} minute(s)."
        )

    user = session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        passwords.verify_password(passwords.dummy_hash(), password)
        ok = False
    else:
        ok = passwords.verify_password(user.password_hash, password) and user.is_active
    session.add(SignInAttempt(email=email, succeeded=ok, attempted_at=now))
    if ok and passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    uow.commit()
    if not ok:
        raise SignInFailed(SIGN_IN_FAILED)
    return _actor(user)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_password_reset(uow: UnitOfWork, *, email: str) -> tuple[str, datetime] | None:
    """Create a one-time reset token for ``email``; None when there is no such active user.

    Only the operator's CLI calls this, so it may say that no user exists.
    """
    user = uow.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None or not user.is_active:
        return None
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(minutes=get_settings().password_reset_ttl_minutes)
    uow.session.add(
        PasswordResetToken(user_id=user.id, token_hash=_token_hash(token), expires_at=expires_at)
    )
    uow.emit(PasswordResetRequested(user_id=user.id, email=user.email, expires_at=expires_at))
    return token, expires_at


def reset_password(uow: UnitOfWork, *, token: str, new_password: str) -> None:
    data = validate(NewPassword, password=new_password)
    session = uow.session
    row = session.scalar(
        sa.select(PasswordResetToken)
        .where(PasswordResetToken.token_hash == _token_hash(token.strip()))
        .with_for_update()
    )
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        raise InvalidResetToken("This reset token is invalid, already used or expired.")
    user = session.get(User, row.user_id)
    user.password_hash = passwords.hash_password(data.password)
    row.used_at = utcnow()
    # A reset also lifts the sign-in lock for this email, and signs out every browser: whoever
    # knew the old password may hold a session started with it.
    session.execute(sa.delete(SignInAttempt).where(SignInAttempt.email == user.email))
    _revoke_sessions(uow, user.id)
    uow.emit(PasswordResetCompleted(user_id=user.id, reset_id=row.id))


# --- sessions ---------------------------------------------------------------------------------


def start_session(uow: UnitOfWork, actor: Actor) -> tuple[str, datetime]:
    """A new session for ``actor``, just signed in: its token (for the browser) and expiry."""
    now = utcnow()
    token = secrets.token_urlsafe(32)
    expires_at = now + timedelta(days=get_settings().session_ttl_days)
    # The user's sessions that can no longer sign anyone in go, so the table stays small.
    uow.session.execute(
        sa.delete(UserSession).where(
            UserSession.user_id == actor.user_id,
            sa.or_(UserSession.expires_at <= now, UserSession.revoked_at.is_not(None)),
        )
    )
    uow.session.add(
        UserSession(
            user_id=actor.user_id,
            token_hash=_token_hash(token),
            created_at=now,
            expires_at=expires_at,
        )
    )
    return token, expires_at


def resume_session(uow: UnitOfWork, *, token: str) -> Actor:
    """The Actor whose session ``token`` is, as the database sees them now.

    Raises SessionEnded when the token is unknown, expired or revoked, or the user inactive.
    """
    row = uow.session.scalar(
        sa.select(UserSession).where(UserSession.token_hash == _token_hash(token))
    )
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        raise SessionEnded("This sign-in has ended. Sign in again.")
    user = uow.session.get(User, row.user_id)
    if not user.is_active:
        raise SessionEnded("This sign-in has ended. Sign in again.")
    return _actor(user)


def end_session(uow: UnitOfWork, actor: Actor, *, token: str) -> None:
    """Sign the browser holding ``token`` out, for good. Idempotent; only the actor's own."""
    uow.session.execute(
        sa.update(UserSession)
        .where(
            UserSession.user_id == actor.user_id,
            UserSession.token_hash == _token_hash(token),
            UserSession.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )


def _revoke_sessions(uow: UnitOfWork, user_id: int) -> None:
    uow.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def require(actor: Actor, permission: str) -> None:
    if not actor.can(permission):
        raise PermissionDenied(f"{actor.email} lacks the permission {permission!r}")


def list_users(uow: UnitOfWork, actor: Actor) -> list[Actor]:
    require(actor, "admin.users")
    return [_actor(u) for u in uow.session.scalars(sa.select(User).order_by(User.id))]


def all_active_user_ids(uow: UnitOfWork) -> list[int]:
    """Every active user, for schedulers that then act on behalf of each one."""
    return list(
        uow.session.scalars(sa.select(User.id).where(User.is_active.is_(True)).order_by(User.id))
    )
