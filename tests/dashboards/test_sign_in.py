"""The sign-in gate: nothing but the form until signed in, and the page asked for afterwards."""

from __future__ import annotations

from app_driver import keys, open_page, sign_in, titles

from dashboards.ui import md
from lifeos_core.auth import service as auth
from lifeos_core.config import get_settings
from lifeos_core.demo import DEMO_EMAIL


def test_before_sign_in_only_the_sign_in_form_shows_whatever_page_is_asked_for(app):
    for page in (None, "calendar", "review", "insights"):
        at = open_page(app, page) if page else app
        assert titles(at) == ["LifeOS"]
        assert {"signin_email", "signin_password", "reset_token"} <= keys(at.text_input)
        assert not at.dataframe and not at.metric and not at.sidebar.children
        assert "sidebar_sign_out" not in keys(at.button)


def test_a_wrong_password_and_an_unknown_email_get_the_same_generic_error(app):
    wrong_password = sign_in(app, DEMO_EMAIL, "not the password")
    assert [e.value for e in wrong_password.error] == [md(auth.SIGN_IN_FAILED)]
    assert titles(wrong_password) == ["LifeOS"]
    assert wrong_password.text_input(key="signin_password").value == ""

    unknown_email = sign_in(app, "nobody@example.com", "not the password")
    assert [e.value for e in unknown_email.error] == [md(auth.SIGN_IN_FAILED)]


def test_signing_in_opens_today_and_the_calendar_holds_the_demo_events(signed_in):
    assert titles(signed_in) == ["Today"]
    assert "Alex (demo)" in signed_in.sidebar.text[0].value
    events = open_page(signed_in, "calendar").dataframe[0].value
    assert "Morning run" in set(events["Title"])
    assert set(events["Source"]) == {"ics_file"}


def test_a_deep_link_to_the_review_queue_survives_sign_in(app):
    at = open_page(app, "review")
    assert titles(at) == ["LifeOS"]
    at = sign_in(at)
    assert titles(at) == ["Review queue"]
    assert at.metric[0].label == "Waiting" and int(at.metric[0].value) > 0


def test_signing_out_returns_to_the_sign_in_form(signed_in):
    at = signed_in.button(key="sidebar_sign_out").click().run()
    assert titles(at) == ["LifeOS"]
    assert "auth_actor" not in at.session_state
    assert titles(open_page(at, "insights")) == ["LifeOS"]


def test_a_reset_token_sets_a_new_password_to_sign_in_with(app, app_runtime):
    with app_runtime.uow() as uow:
        token, _ = auth.request_password_reset(uow, email=DEMO_EMAIL)
        uow.commit()
    app.text_input(key="reset_token").input(token)
    app.text_input(key="reset_password").input("a brand new passphrase")
    app.text_input(key="reset_password_repeat").input("a brand new passphrase")
    at = app.button(key="reset_submit").click().run()
    assert not at.error
    assert "password is changed" in at.success[0].value

    assert titles(sign_in(at, DEMO_EMAIL, "a brand new passphrase")) == ["Today"]


def test_too_many_wrong_passwords_lock_the_email_even_for_the_right_one(app, monkeypatch):
    monkeypatch.setenv("LIFEOS_SIGNIN_MAX_FAILURES", "2")
    get_settings.cache_clear()
    for _ in range(2):
        sign_in(app, DEMO_EMAIL, "not the password")

    at = sign_in(app)

    assert titles(at) == ["LifeOS"]
    assert "Too many failed sign\\-ins" in at.error[0].value
