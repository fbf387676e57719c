"""The LifeOS app entrypoint: ``streamlit run dashboards/app.py``.

Every page is registered on every run, signed in or not, so the URL a visitor opens (say
``/review``) is the page Streamlit selects. Until the session is signed in the navigation is
hidden and the sign-in form renders in place of that page; once signed in, the same
selected page runs. A browser that signed in before (a reload, the way back from Google's
consent screen) is signed in again from its session cookie (``dashboards/state.py``).
"""

from __future__ import annotations

import streamlit as st

from dashboards import sign_in, state
from lifeos_core.admin.service import is_admin
from lifeos_core.auth.schemas import Actor

DOMAIN_PAGES = (
    ("finance", "Finance", ":material/account_balance_wallet:"),
    ("habits", "Habits", ":material/repeat:"),
    ("health", "Health", ":material/favorite:"),
    ("skills", "Skills", ":material/school:"),
    ("projects", "Projects", ":material/task_alt:"),
    ("relationships", "Relationships", ":material/group:"),
    ("journal", "Journal", ":material/book:"),
)


def pages(actor: Actor | None = None) -> dict[str, list[st.Page]]:
    sections = {
        "": [
            st.Page("app_pages/today.py", title="Today", icon=":material/today:", default=True),
            st.Page("app_pages/calendar.py", title="Calendar", icon=":material/calendar_month:"),
            st.Page("app_pages/review.py", title="Review queue", icon=":material/fact_check:"),
            st.Page("app_pages/insights.py", title="Insights", icon=":material/lightbulb:"),
            st.Page("app_pages/analytics.py", title="Analytics", icon=":material/monitoring:"),
            # url_path stays "connections": it is the default OAuth redirect URI's path.
            st.Page(
                "app_pages/connections.py",
                title="Connections",
                icon=":material/sync:",
                url_path="connections",
            ),
        ],
        "Domains": [
            st.Page(f"app_pages/{name}.py", title=title, icon=icon, url_path=name)
            for name, title, icon in DOMAIN_PAGES
        ],
    }
    # Signed out, every page is registered so a deep link (even /admin) survives the
    # sign-in; signed in, only administrators see Admin (its services refuse anyone else).
    if actor is None or is_admin(actor):
        sections["Operations"] = [
            st.Page(
                "app_pages/admin.py",
                title="Admin",
                icon=":material/admin_panel_settings:",
                url_path="admin",
            )
        ]
    return sections


def sidebar(actor: Actor) -> None:
    with st.sidebar:
        st.text(f"Signed in as {actor.display_name}\n{actor.email}")
        st.button("Sign out", key="sidebar_sign_out", on_click=state.sign_out)
        # Here rather than after the page, which may st.stop(); below everything in the sidebar,
        # its empty element pushes nothing down.
        state.write_cookie()


def main() -> None:
    st.set_page_config(page_title="LifeOS", page_icon=":material/event_note:", layout="wide")
    actor = state.refreshed_actor()
    if actor is None:
        st.navigation(pages(), position="hidden")
        sign_in.render()
        state.write_cookie()  # last, so its empty element never pushes the form down
        return
    # expanded: with a dozen pages Streamlit would otherwise fold some under "View more".
    page = st.navigation(pages(actor), expanded=True)
    sidebar(actor)
    page.run()


if __name__ == "__main__":
    main()
