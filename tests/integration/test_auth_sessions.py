"""Signed-in sessions (what a browser's cookie carries across reloads), on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lifeos_core.auth import service as auth
from lifeos_core.auth.models import Role, User, UserSession
from lifeos_core.database import utcnow


def start(runtime, actor) -> str:
    with runtime.uow() as uow:
        token, _ = auth.start_session(uow, actor)
        uow.commit()
    return token


def resume(runtime, token: str):
    with runtime.uow() as uow:
        return auth.resume_session(uow, token=token)


def end(runtime, actor, token: str) -> None:
    with runtime.uow() as uow:
        auth.end_session(uow, actor, token=token)
        uow.commit()


def test_a_session_token_signs_its_user_back_in_until_it_expires(runtime, owner, settings):
    with runtime.uow() as uow:
        token, expires_at = auth.start_session(uow, owner)
        uow.commit()
    assert expires_at - utcnow() == pytest.approx(
        timedelta(days=settings.session_ttl_days), abs=timedelta(minutes=1)
    )

    assert resume(runtime, token) == owner

    with runtime.uow() as uow:
        uow.session.execute(sa.update(UserSession).values(expires_at=utcnow()))
        uow.commit()
    with pytest.raises(auth.SessionEnded):
        resume(runtime, token)


def test_only_the_tokens_sha256_is_stored(runtime, owner):
    token = start(runtime, owner)
    with runtime.uow() as uow:
        [row] = uow.session.execute(sa.select(UserSession.__table__)).all()
    assert token not in " ".join(str(value) for value in row)
    assert len(row.token_hash) == 64


@pytest.mark.parametrize("token", ["", "not-a-session", "x" * 43])
def test_an_unknown_token_signs_nobody_in(runtime, owner, token):
    start(runtime, owner)
    with pytest.raises(auth.SessionEnded, match="Sign in again"):
        resume(runtime, token)


def test_signing_out_ends_that_session_only(runtime, owner):
    laptop, phone = start(runtime, owner), start(runtime, owner)

    end(runtime, owner, laptop)
    end(runtime, owner, laptop)  # twice is fine

    with pytest.raises(auth.SessionEnded):
        resume(runtime, laptop)
    assert resume(runtime, phone) == owner


def test_nobody_can_end_another_users_session(runtime, owner, make_user):
    mallory = make_user("mallory@example.com")
    token = start(runtime, owner)

    end(runtime, mallory, token)

    assert resume(runtime, token) == owner


def test_a_deactivated_user_is_signed_out_and_a_role_change_shows_at_once(runtime, owner):
    token = start(runtime, owner)
    with runtime.uow() as uow:
        user = uow.session.get(User, owner.user_id)
        user.roles = [uow.session.scalar(sa.select(Role).where(Role.name == "viewer"))]
        uow.commit()
    assert not resume(runtime, token).can("calendar.write")

    with runtime.uow() as uow:
        uow.session.get(User, owner.user_id).is_active = False
        uow.commit()
    with pytest.raises(auth.SessionEnded):
        resume(runtime, token)


def test_a_password_reset_signs_out_every_browser_of_that_user(runtime, owner, make_user):
    bob = make_user("bob@example.com")
    owners, bobs = [start(runtime, owner), start(runtime, owner)], start(runtime, bob)
    with runtime.uow() as uow:
        reset, _ = auth.request_password_reset(uow, email=owner.email)
        uow.commit()
    with runtime.uow() as uow:
        auth.reset_password(uow, token=reset, new_password="a brand new secret")
        uow.commit()

    for token in owners:
        with pytest.raises(auth.SessionEnded):
            resume(runtime, token)
    assert resume(runtime, bobs) == bob


def test_a_new_session_clears_away_its_users_dead_ones(runtime, owner, make_user):
    bob = make_user("bob@example.com")
    signed_out, expired, live = start(runtime, owner), start(runtime, owner), start(runtime, owner)
    bobs_signed_out = start(runtime, bob)
    end(runtime, owner, signed_out)
    end(runtime, bob, bobs_signed_out)
    with runtime.uow() as uow:
        uow.session.execute(
            sa.update(UserSession)
            .where(UserSession.token_hash == hashlib.sha256(expired.encode()).hexdigest())
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        uow.commit()

    start(runtime, owner)

    with runtime.uow() as uow:
        counts = dict(
            uow.session.execute(
                sa.select(UserSession.user_id, sa.func.count()).group_by(UserSession.user_id)
            ).all()
        )
    assert counts == {owner.user_id: 2, bob.user_id: 1}  # live + new; Bob's stay his business
    assert resume(runtime, live) == owner
