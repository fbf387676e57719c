"""A sign-in survives a reload, in a real browser, and a sign-out survives one too.

A reload starts a new Streamlit session; what carries the sign-in across is the session
cookie, which only a real browser keeps and sends (AppTest has no cookies).
"""

from __future__ import annotations

import time

import pytest
from browser_driver import expect, expect_signed_out, open_from_sidebar, session_cookie, sign_in

from lifeos_core.config import get_settings

pytestmark = pytest.mark.slow
DAY = 24 * 3600


def test_a_reload_keeps_the_owner_signed_in_until_they_sign_out(page, app_url, browser):
    sign_in(page)
    cookie = session_cookie(page)
    assert cookie is not None, "signing in left no session cookie"
    assert cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert not cookie["secure"]  # plain http on loopback; over https it is Secure
    lifetime = cookie["expires"] - time.time()
    assert abs(lifetime - get_settings().session_ttl_days * DAY) < 600

    page.reload()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Signed in as Alex (demo)")
    page.goto(f"{app_url}/review")  # a deep link opened afresh: still signed in
    page.get_by_role("heading", name="Review queue", exact=True).wait_for()
    open_from_sidebar(page, "Connections")

    stranger = browser.new_page()  # another browser profile has no cookie
    stranger.goto(app_url)
    expect_signed_out(stranger)

    page.get_by_role("button", name="Sign out").click()
    expect_signed_out(page)
    deadline = time.monotonic() + 10
    while session_cookie(page) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert session_cookie(page) is None, "signing out left the session cookie behind"
    page.reload()
    expect_signed_out(page)

    # The token is dead on the server too: presenting the old cookie again signs nobody in.
    page.context.add_cookies([cookie])
    page.reload()
    expect_signed_out(page)
