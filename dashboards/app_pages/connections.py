"""Connections: where calendars come from, how their last sync went, and adding new ones."""

from __future__ import annotations

import streamlit as st

from dashboards import state, ui
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.ics import IcsError
from lifeos_core.calendar.sources import SourceError
from lifeos_core.calendar.sources import caldav as caldav_source
from lifeos_core.calendar.sources import google as google_source
from lifeos_core.calendar.sources.ics_file import store_upload
from lifeos_core.calendar.sync import SYNC_ERRORS, sync_connection
from lifeos_core.crypto import Keyring
from lifeos_core.errors import LifeOSError

KIND_LABELS = {
    "google": "Google",
    "caldav": "CalDAV",
    "ics_url": ".ics URL",
    "ics_file": ".ics file",
}


def keyring() -> Keyring:
    return Keyring.from_settings(state.get_runtime().settings)


def sync_now(connection_id: int, *, added: str = "") -> None:
    """Sync one connection now; ``added`` names a connection just made, for the message."""
    runtime = state.get_runtime()
    lead = f"Connected {added}. " if added else ""
    try:
        counts = sync_connection(runtime.uow, runtime.settings, connection_id)
    except SYNC_ERRORS as exc:
        ui.flash("connections", "error", f"{lead}Sync failed: {exc}")
        return
    ui.flash(
        "connections",
        "success",
        f"{lead}Synced: {counts.created} new, {counts.updated} changed, {counts.deleted} deleted.",
    )


def disconnect(connection_id: int) -> None:
    actor = state.refreshed_actor()
    if actor is None:
        return
    delete_events = bool(st.session_state.get(f"connections_delete_events_{connection_id}"))
    try:
        with state.get_runtime().uow() as uow:
            deleted = calendar.remove_connection(
                uow, actor, connection_id, delete_events=delete_events
            )
            uow.commit()
    except LifeOSError as exc:
        ui.flash("connections", "error", str(exc))
        return
    kept = "" if delete_events else " Its events stay in your calendar."
    ui.flash("connections", "success", f"Disconnected; {deleted} events deleted.{kept}")


def add_ics_url() -> None:
    actor = state.refreshed_actor()
    if actor is None:
        return
    ss = st.session_state
    try:
        with state.get_runtime().uow() as uow:
            connection = calendar.add_connection(
                uow,
                actor,
                kind="ics_url",
                name=(ss.get("connections_url_name") or "").strip(),
                location=ss.get("connections_url") or "",
            )
            uow.commit()
    except LifeOSError as exc:
        ui.flash("connections", "error", str(exc))
        return
    sync_now(connection.id)


def add_upload() -> None:
    actor = state.refreshed_actor()
    upload = st.session_state.get("connections_upload")
    if actor is None or upload is None:
        return
    try:
        upload_dir = state.get_runtime().settings.upload_dir
        path = store_upload(upload_dir, actor.user_id, upload.name, upload.getvalue())
        with state.get_runtime().uow() as uow:
            connection = calendar.add_connection(
                uow, actor, kind="ics_file", name=upload.name, location=str(path)
            )
            uow.commit()
    except (IcsError, LifeOSError, OSError) as exc:
        ui.flash("connections", "error", f"Upload refused: {exc}")
        return
    sync_now(connection.id, added=upload.name)


def add_caldav() -> None:
    actor = state.refreshed_actor()
    if actor is None:
        return
    ss = st.session_state
    url = (ss.get("connections_caldav_url") or "").strip()
    user = (ss.get("connections_caldav_user") or "").strip()
    password = ss.get("connections_caldav_password") or ""
    try:
        found = caldav_source.discover_calendars(url, user, password)
        if not found:
            raise SourceError(f"{url}: the account has no calendars")
        with state.get_runtime().uow() as uow:
            connections = [
                calendar.add_connection(
                    uow,
                    actor,
                    kind="caldav",
                    name=name,
                    location=calendar_url,
                    options={"username": user},
                    credentials={"password": password},
                    keyring=keyring(),
                )  # fmt: skip
                for calendar_url, name in found
            ]
            uow.commit()
    except (SourceError, LifeOSError) as exc:
        ui.flash("connections", "error", str(exc))
        return
    finally:
        ss.pop("connections_caldav_password", None)  # never kept in the session
    for connection in connections:
        sync_now(connection.id)
    ui.flash("connections", "success", f"Connected {len(connections)} calendars from {url}.")


def start_google() -> None:
    actor = state.refreshed_actor()
    if actor is None:
        return
    settings = google_source.GoogleSettings()
    oauth_state, verifier, url = google_source.new_authorisation(settings)
    with state.get_runtime().uow() as uow:
        calendar.start_oauth_flow(
            uow, actor, provider="google", state=oauth_state, code_verifier=verifier,
            redirect_uri=settings.redirect_uri, keyring=keyring(),
        )  # fmt: skip
        uow.commit()
    st.session_state["connections_google_url"] = url


def finish_google(actor, params) -> None:
    """The OAuth callback: Google sent the owner back here with ``code`` (or ``error``) and
    ``state``. The owner is still signed in: the session cookie came along.

    The flow is taken (and so used up) first: a replayed or forged ``state`` matches no flow
    of this owner, so it creates nothing and puts no words in Google's mouth.
    """
    settings = google_source.GoogleSettings()
    try:
        with state.get_runtime().uow() as uow:
            verifier, redirect_uri = calendar.take_oauth_flow(
                uow, actor, provider="google", state=params["state"], keyring=keyring()
            )
            uow.commit()
        if "error" in params:  # declined at the consent screen
            ui.flash(
                "connections", "error", f"Google was not connected: Google said {params['error']}."
            )
            return
        tokens = google_source.exchange_code(
            settings, code=params["code"], code_verifier=verifier, redirect_uri=redirect_uri
        )
        with state.get_runtime().uow() as uow:
            connection = calendar.add_connection(
                uow, actor, kind="google", name="Google Calendar", location="primary",
                credentials=tokens, keyring=keyring(),
            )  # fmt: skip
            uow.commit()
    except (SourceError, LifeOSError) as exc:
        ui.flash("connections", "error", f"Google was not connected: {exc}")
        return
    sync_now(connection.id, added="Google Calendar")


def connection_card(connection) -> None:
    with st.container(border=True, key=f"connections_card_{connection.id}"):
        left, right = st.columns([3, 2])
        status = "error" if connection.last_error else "ok" if connection.last_synced_at else "new"
        left.markdown(f"**{ui.md(connection.name)}** · {KIND_LABELS[connection.kind]} · {status}")
        left.caption(ui.md(connection.location))
        if connection.last_synced_at:
            counts = connection.last_counts
            left.caption(
                f"Last sync {ui.when(connection.last_synced_at, None, actor.timezone)}: "
                f"{counts.get('fetched', 0)} fetched, {counts.get('created', 0)} new, "
                f"{counts.get('updated', 0)} changed, {counts.get('deleted', 0)} deleted"
            )
        if connection.last_error:
            left.error(ui.md(connection.last_error))
        right.button(
            "Sync now", key=f"connections_sync_{connection.id}", on_click=sync_now,
            args=(connection.id,),
        )  # fmt: skip
        right.checkbox(
            "Also delete the events it brought", key=f"connections_delete_events_{connection.id}"
        )
        right.button(
            "Disconnect", key=f"connections_disconnect_{connection.id}", on_click=disconnect,
            args=(connection.id,),
        )  # fmt: skip


actor = state.current_actor()
st.title("Connections")
params = st.query_params
if "state" in params and ("code" in params or "error" in params) and actor.can("calendar.write"):
    finish_google(actor, params)
    # The code is spent: a reload or a bookmark must not present it again. Google's other
    # callback parameters (scope, authuser, prompt) go with it.
    st.query_params.clear()
ui.show_flash("connections")
if google_url := st.session_state.pop("connections_google_url", None):
    # This tab goes to Google and comes back here (a link button would open a new tab).
    ui.go_to(google_url, key="connections_google_redirect")

with state.get_runtime().uow() as uow:
    connections = calendar.list_connections(uow, actor)
if connections:
    for connection in connections:
        connection_card(connection)
else:
    st.info("No calendars connected yet. Add one below; it then syncs every 15 minutes.")

if actor.can("calendar.write"):
    st.subheader("Add a calendar")
    google_tab, caldav_tab, url_tab, upload_tab = st.tabs(
        ["Google", "CalDAV / iCloud", ".ics URL", "Upload .ics"]
    )
    with google_tab:
        if not google_source.GoogleSettings().configured:
            st.info(
                "Set LIFEOS_GOOGLE_CLIENT_ID and LIFEOS_GOOGLE_CLIENT_SECRET (a Google Cloud "
                "OAuth client of type Web application, with this page as redirect URI) to "
                "connect Google."
            )
        elif google_url:
            st.link_button("Continue to Google", google_url)
        else:
            st.button("Connect Google", key="connections_google_start", on_click=start_google)
    with caldav_tab, st.form("connections_caldav"):
        st.text_input(
            "Server URL", key="connections_caldav_url",
            placeholder="https://caldav.icloud.com/", help="iCloud: https://caldav.icloud.com/",
        )  # fmt: skip
        st.text_input("User name", key="connections_caldav_user")
        st.text_input(
            "App password", key="connections_caldav_password", type="password",
            help="iCloud needs an app-specific password (appleid.apple.com), not your Apple ID one.",
        )  # fmt: skip
        st.form_submit_button("Connect", key="connections_caldav_submit", on_click=add_caldav)
    with url_tab, st.form("connections_ics_url"):
        st.text_input("Name", key="connections_url_name")
        st.text_input("URL", key="connections_url", placeholder="https://… or webcal://…")
        st.form_submit_button("Subscribe", key="connections_url_submit", on_click=add_ics_url)
    with upload_tab, st.form("connections_ics_upload"):
        st.file_uploader("Calendar file", type=["ics"], key="connections_upload")
        st.form_submit_button("Import", key="connections_upload_submit", on_click=add_upload)
