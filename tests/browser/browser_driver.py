"""Driving the app in a real browser the way a person would: sign in, open a page, sign out.

Test modules take ``expect`` from here, so a missing Playwright skips them (see conftest.py)
instead of breaking their collection.
"""

from __future__ import annotations

import re
import time

try:
    from playwright.sync_api import expect
except ImportError:  # the playwright_api fixture skips (or, under CI, fails) on it
    expect = None

from lifeos_core.demo import DEMO_EMAIL, DEMO_PASSWORD

SESSION_COOKIE = "lifeos_session"


def sign_in(page, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    # The page shows the owner signed in a moment before its cookie script has run; a reload
    # or a redirect (to Google and back) in that moment would start signed out.
    deadline = time.monotonic() + 10
    while session_cookie(page) is None and time.monotonic() < deadline:
        time.sleep(0.05)


def expect_signed_out(page) -> None:
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def open_from_sidebar(page, name: str, heading: str | None = None) -> None:
    """Navigate as a person does, through the sidebar."""
    sidebar = page.get_by_test_id("stSidebar")
    link = sidebar.get_by_role("link", name=name, exact=True)
    more = sidebar.get_by_text(re.compile(r"^View \d+ more$"))
    if not link.is_visible() and more.is_visible():  # a long menu shows ten pages at first
        more.click()
    expect(
        link, f"no {name!r} page in the sidebar; does dashboards/app.py register it?"
    ).to_be_visible()
    link.click()
    page.get_by_role("heading", name=heading or name, exact=True).wait_for()


def session_cookie(page) -> dict | None:
    """The browser's sign-in cookie for the app, as Chromium holds it, or None."""
    found = [c for c in page.context.cookies() if c["name"] == SESSION_COOKIE]
    return found[0] if found else None
