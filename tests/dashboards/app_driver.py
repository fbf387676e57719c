"""Driving the app in AppTest the way a person would: sign in, open a page, read it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lifeos_core.demo import DEMO_EMAIL, DEMO_PASSWORD


def sign_in(at: AppTest, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD) -> AppTest:
    at.text_input(key="signin_email").input(email)
    at.text_input(key="signin_password").input(password)
    return at.button(key="signin_submit").click().run()


def open_page(at: AppTest, name: str) -> AppTest:
    return at.switch_page(f"app_pages/{name}.py").run()


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def keys(widgets) -> set[str]:
    return {w.key for w in widgets if w.key}
