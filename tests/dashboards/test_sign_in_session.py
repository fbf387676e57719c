"""A sign-in is a server-side session: ended by signing out (here or in another tab), by a
deactivated account, and checked again on every click.

AppTest has no browser cookies; tests/browser/test_staying_signed_in.py covers the reload.
"""

from __future__ import annotations

import pytest
from app_driver import open_page, sign_in, titles

from dashboards import state
from lifeos_core.auth import service as auth
from lifeos_core.auth.models import User


def token_of(at) -> str:
    return at.session_state[state.TOKEN_KEY]


def test_signing_in_starts_a_session_and_signing_out_ends_it(signed_in, app_runtime):
    token = token_of(signed_in)
    with app_runtime.uow() as uow:
        assert auth.resume_session(uow, token=token).display_name == "Alex (demo)"

    at = signed_in.button(key="sidebar_sign_out").click().run()

    assert titles(at) == ["LifeOS"]
    with app_runtime.uow() as uow, pytest.raises(auth.SessionEnded):
        auth.resume_session(uow, token=token)


def test_signing_out_in_another_tab_signs_this_one_out_at_the_next_click(
    signed_in, app_runtime, demo_actor
):
    with app_runtime.uow() as uow:  # the other tab shares this browser's cookie, so its token
        auth.end_session(uow, demo_actor, token=token_of(signed_in))
        uow.commit()

    at = open_page(signed_in, "calendar")

    assert titles(at) == ["LifeOS"]
    assert state.ACTOR_KEY not in at.session_state


def test_a_deactivated_account_is_signed_out_at_the_next_click(signed_in, app_runtime, demo_actor):
    with app_runtime.uow() as uow:
        uow.session.get(User, demo_actor.user_id).is_active = False
        uow.commit()

    at = open_page(signed_in, "review")

    assert titles(at) == ["LifeOS"]
    assert titles(sign_in(at)) == ["LifeOS"]  # and cannot sign in again
