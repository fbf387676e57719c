"""Users, sign-in throttling and password resets, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from lifeos_core.auth import service as auth
from lifeos_core.auth.models import PasswordResetToken, User
from lifeos_core.errors import Conflict, InvalidInput, PermissionDenied


def test_created_user_can_sign_in_with_its_password_only(runtime, owner):
    with runtime.uow() as uow:
        actor = auth.authenticate(uow, email="ADA@example.com ", password="correct horse battery")
    assert actor.user_id == owner.user_id
    assert "review.decide" in actor.permissions
    with runtime.uow() as uow, pytest.raises(auth.SignInFailed):
        auth.authenticate(uow, email="ada@example.com", password="wrong password!")


def test_password_is_stored_as_an_argon2_hash(runtime, owner):
    with runtime.uow() as uow:
        stored = uow.session.scalar(sa.select(User.password_hash))
    assert stored.startswith("$argon2id$")
    assert "correct horse battery" not in stored


def test_production_hashes_use_the_rfc_9106_low_memory_profile(quick_password_hashes):
    """The suite hashes cheaply (tests/conftest.py); the app itself must not."""
    app_hasher = quick_password_hashes
    stored = app_hasher().hash("correct horse battery")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_unknown_email_and_wrong_password_fail_identically(runtime, owner):
    messages = []
    for email in ("ada@example.com", "nobody@example.com"):
        with runtime.uow() as uow, pytest.raises(auth.SignInFailed) as failure:
            auth.authenticate(uow, email=email, password="not the password")
        messages.append(str(failure.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("email", ["ada@example.com", "nobody@example.com"])
def test_repeated_failures_throttle_the_email_whether_or_not_it_exists(
    runtime, owner, settings, email
):
    for _ in range(settings.signin_max_failures):
        with runtime.uow() as uow, pytest.raises(auth.SignInFailed):
            auth.authenticate(uow, email=email, password="guess guess guess")
    with runtime.uow() as uow, pytest.raises(auth.SignInThrottled, match="Try again in about"):
        auth.authenticate(uow, email=email, password="correct horse battery")


def test_reset_token_sets_a_new_password_once(runtime, owner):
    with runtime.uow() as uow:
        token, _ = auth.request_password_reset(uow, email="ada@example.com")
        uow.commit()
    with runtime.uow() as uow:
        auth.reset_password(uow, token=token, new_password="a brand new secret")
        uow.commit()
    with runtime.uow() as uow:
        assert auth.authenticate(uow, email="ada@example.com", password="a brand new secret")
    with runtime.uow() as uow, pytest.raises(auth.InvalidResetToken):
        auth.reset_password(uow, token=token, new_password="yet another secret")


def test_expired_reset_token_is_refused(runtime, owner):
    with runtime.uow() as uow:
        token, _ = auth.request_password_reset(uow, email="ada@example.com")
        row = uow.session.scalar(sa.select(PasswordResetToken))
        row.expires_at = row.created_at - timedelta(minutes=1)
        uow.commit()
    with runtime.uow() as uow, pytest.raises(auth.InvalidResetToken):
        auth.reset_password(uow, token=token, new_password="a brand new secret")


def test_duplicate_email_and_short_password_are_refused_and_nothing_is_written(runtime, owner):
    with runtime.uow() as uow, pytest.raises(Conflict):
        auth.create_user(uow, email="Ada@Example.com", password="another long password")
    with runtime.uow() as uow, pytest.raises(InvalidInput) as bad:
        auth.create_user(uow, email="bob@example.com", password="short")
    assert "password" in bad.value.fields
    with runtime.uow() as uow:
        assert uow.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_viewer_cannot_list_users_but_owner_can(runtime, owner, make_user):
    viewer = make_user("val@example.com", roles=("viewer",))
    with runtime.uow() as uow:
        with pytest.raises(PermissionDenied):
            auth.list_users(uow, viewer)
        assert [a.email for a in auth.list_users(uow, owner)] == [
            "ada@example.com",
            "val@example.com",
        ]
