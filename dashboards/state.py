"""What the app keeps between reruns: one cached Runtime per process, the signed-in Actor per
session.

Session state holds nothing but the Actor; it is reloaded from the database on every rerun,
so a deactivated account or a changed role takes effect at the next click.
"""

from __future__ import annotations

import streamlit as st

from lifeos_core.auth import service as auth
from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import NotFound
from lifeos_core.runtime import Runtime, build_runtime

ACTOR_KEY = "auth_actor"


@st.cache_resource(show_spinner=False, on_release=lambda runtime: runtime.dispose())
def get_runtime() -> Runtime:
    return build_runtime()


def sign_in(actor: Actor) -> None:
    st.session_state[ACTOR_KEY] = actor


def sign_out() -> None:
    # Everything goes, widget values included: the next person at this browser starts clean.
    st.session_state.clear()


def refreshed_actor() -> Actor | None:
    """The signed-in Actor as the database sees it now, or None (signed out if it vanished)."""
    actor: Actor | None = st.session_state.get(ACTOR_KEY)
    if actor is None:
        return None
    try:
        with get_runtime().uow() as uow:
            fresh = auth.get_actor(uow, actor.user_id)
    except NotFound:
        sign_out()
        return None
    st.session_state[ACTOR_KEY] = fresh
    return fresh


def current_actor() -> Actor:
    """The Actor for a page; the entrypoint only runs pages for a signed-in session."""
    actor: Actor | None = st.session_state.get(ACTOR_KEY)
    if actor is None:
        st.stop()
    return actor
