"""The sign-in and password-reset forms, shown by the entrypoint instead of any page until a
session is signed in.

The forms submit through callbacks, which run before the script: a successful sign-in is
already in session state when the entrypoint runs, so the page the visitor asked for (the
URL they opened) runs straight away.
"""

from __future__ import annotations

import streamlit as st

from dashboards import state, ui
from lifeos_core.auth import service as auth
from lifeos_core.errors import InvalidInput

PASSWORD_LABELS = {"password": "New password"}


def render() -> None:
    st.title("LifeOS")
    ui.show_flash("signin")
    sign_in_tab, reset_tab = st.tabs(["Sign in", "Reset password"])
    with sign_in_tab, st.form("signin_form"):
        st.text_input("Email", key="signin_email", autocomplete="email")
        st.text_input("Password", type="password", key="signin_password")
        st.form_submit_button("Sign in", type="primary", key="signin_submit", on_click=_sign_in)
    with reset_tab:
        st.caption(
            "Ask the operator for a one-time token (`lifeos user reset-password EMAIL`) "
            "and choose a new password of at least 10 characters."
        )
        ui.show_flash("reset")
        with st.form("reset_form"):
            st.text_input("Reset token", key="reset_token")
            st.text_input("New password", type="password", key="reset_password")
            st.text_input("Repeat new password", type="password", key="reset_password_repeat")
            st.form_submit_button("Set new password", key="reset_submit", on_click=_reset)


def _sign_in() -> None:
    ss = st.session_state
    email, password = ss.get("signin_email", "").strip(), ss.get("signin_password", "")
    ss["signin_password"] = ""  # never keep a password in the session
    if not email or not password:
        ui.flash("signin", "error", "Enter your email and password.")
        return
    try:
        with state.get_runtime().uow() as uow:
            actor = auth.authenticate(uow, email=email, password=password)
    except (auth.SignInFailed, auth.SignInThrottled) as exc:
        ui.flash("signin", "error", str(exc))
        return
    state.sign_in(actor)


def _reset() -> None:
    ss = st.session_state
    token = ss.get("reset_token", "").strip()
    password, repeat = ss.get("reset_password", ""), ss.get("reset_password_repeat", "")
    ss["reset_password"] = ss["reset_password_repeat"] = ""
    if not token:
        ui.flash("reset", "error", "Paste the reset token you were given.")
        return
    if password != repeat:
        ui.flash("reset", "error", "The two passwords differ.")
        return
    try:
        with state.get_runtime().uow() as uow:
            auth.reset_password(uow, token=token, new_password=password)
            uow.commit()
    except auth.InvalidResetToken as exc:
        ui.flash("reset", "error", str(exc))
        return
    except InvalidInput as exc:
        ui.flash(
            "reset", "error", " ".join(ui.field_messages(exc.fields, PASSWORD_LABELS).values())
        )
        return
    ss["reset_token"] = ""
    ui.flash("signin", "success", "Your password is changed. Sign in with the new one.")
