"""What the app keeps between reruns: one cached Runtime per process, the signed-in Actor per
session, and the cookie that brings a sign-in back after a reload.

A Streamlit session lives as long as its tab's websocket: a reload, or the redirect back from
Google's consent screen, starts a new one. So signing in also starts a server-side session
(``lifeos_core.auth.service.start_session``) whose random token the browser keeps in a cookie;
a new Streamlit session finds it in ``st.context.cookies`` (the cookies of the websocket
handshake) and resumes. Signing out revokes the token and clears the cookie.

Streamlit 1.67 reads cookies but cannot set one from a script (streamlit/streamlit#14730), so
a small ``st.components.v2`` component, which runs in the page itself rather than an iframe,
writes it with ``document.cookie`` and reports back; the change is sent again on every rerun
until the browser confirms it. Written by script, the cookie cannot be HttpOnly; it is
SameSite=Lax (still sent on the top-level redirect back from Google), Secure when the page is
served over https, and expires with its session.

Session state holds the Actor and the session's token. The Actor is reloaded through the token
on every rerun, so a sign-out in another tab, a deactivated account or a changed role takes
effect at the next click.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from email.utils import format_datetime

import streamlit as st

from lifeos_core.auth import service as auth
from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import NotFound
from lifeos_core.runtime import Runtime, build_runtime

ACTOR_KEY = "auth_actor"
TOKEN_KEY = "auth_token"  # this session's token: checked on every rerun, revoked on sign-out
COOKIE_KEY = "auth_cookie"  # the cookie change the browser has not confirmed yet
ARRIVED_KEY = "auth_cookie_arrived"  # the cookie this session arrived with, once tried
COOKIE_WRITER_KEY = "auth_cookie_writer"
COOKIE_NAME = "lifeos_session"

_COOKIE_JS = """
export default function ({ data, setTriggerValue }) {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  const value = data.token ? `${data.token}; Expires=${data.expires}` : "; Max-Age=0";
  document.cookie = `${data.name}=${value}; Path=${data.path}; SameSite=Lax${secure}`;
  setTriggerValue("written", data.nonce);
}
"""


@st.cache_resource(show_spinner=False, on_release=lambda runtime: runtime.dispose())
def get_runtime() -> Runtime:
    return build_runtime()


def sign_in(actor: Actor) -> None:
    """Sign this session in as ``actor`` (just authenticated) and keep it in the browser."""
    with get_runtime().uow() as uow:
        token, expires_at = auth.start_session(uow, actor)
        uow.commit()
    st.session_state[ACTOR_KEY] = actor
    st.session_state[TOKEN_KEY] = token
    _set_cookie(token, expires_at)


def sign_out() -> None:
    """End this sign-in: in the database, in the browser's cookie and in session state."""
    ss = st.session_state
    actor, token = ss.get(ACTOR_KEY), ss.get(TOKEN_KEY)
    if actor is not None and token:
        with get_runtime().uow() as uow:
            auth.end_session(uow, actor, token=token)
            uow.commit()
    # Everything goes, widget values included: the next person at this browser starts clean.
    ss.clear()
    # The handshake's cookies do not change within a session: never resume from them again.
    ss[ARRIVED_KEY] = _arrived_cookie()
    _set_cookie(None, None)


def refreshed_actor() -> Actor | None:
    """The signed-in Actor as the database sees it now, or None (signed out if it vanished)."""
    ss = st.session_state
    actor: Actor | None = ss.get(ACTOR_KEY)
    if actor is None:
        return _resume_from_cookie()
    token = ss.get(TOKEN_KEY)
    try:
        with get_runtime().uow() as uow:
            # Without a token the Actor was placed directly (the page tests do that).
            fresh = (
                auth.resume_session(uow, token=token)
                if token
                else auth.get_actor(uow, actor.user_id)
            )
    except (auth.SessionEnded, NotFound):
        sign_out()
        return None
    ss[ACTOR_KEY] = fresh
    return fresh


def current_actor() -> Actor:
    """The Actor for a page; the entrypoint only runs pages for a signed-in session."""
    actor: Actor | None = st.session_state.get(ACTOR_KEY)
    if actor is None:
        st.stop()
    return actor


def write_cookie() -> None:
    """Send the browser the cookie change it has not confirmed yet (the entrypoint calls this)."""
    change = st.session_state.get(COOKIE_KEY)
    if change is None:
        return
    # Registered on use: the same definition again is a no-op, and it follows the runtime.
    writer = st.components.v2.component("lifeos_session_cookie", js=_COOKIE_JS)
    writer(data=change, key=COOKIE_WRITER_KEY, on_written_change=_cookie_written, height=0)


def _resume_from_cookie() -> Actor | None:
    ss = st.session_state
    token = _arrived_cookie()
    if not token or ss.get(ARRIVED_KEY) == token:
        return None
    ss[ARRIVED_KEY] = token
    try:
        with get_runtime().uow() as uow:
            actor = auth.resume_session(uow, token=token)
    except auth.SessionEnded:
        _set_cookie(None, None)  # so the browser stops presenting a dead token
        return None
    ss[ACTOR_KEY] = actor
    ss[TOKEN_KEY] = token
    return actor


def _arrived_cookie() -> str | None:
    # Through iteration, not .get(): AppTest's stand-in browser answers any key with a mock.
    return dict(st.context.cookies).get(COOKIE_NAME)


def _set_cookie(token: str | None, expires_at: datetime | None) -> None:
    base = st.get_option("server.baseUrlPath").strip("/")
    st.session_state[COOKIE_KEY] = {
        "name": COOKIE_NAME,
        "token": token,
        "expires": format_datetime(expires_at.astimezone(UTC), usegmt=True) if expires_at else None,
        "path": f"/{base}",
        "nonce": secrets.token_hex(8),
    }


def _cookie_written() -> None:
    ss = st.session_state
    written = (ss.get(COOKIE_WRITER_KEY) or {}).get("written")
    change = ss.get(COOKIE_KEY)
    if change is not None and change["nonce"] == written:  # not an older change's report
        del ss[COOKIE_KEY]
