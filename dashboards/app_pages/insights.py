"""Insights: what the rules noticed, each with the records behind it, to acknowledge,
dismiss or call not useful; the budgets and floors the rules use; a way to say what a rule
missed; and, for whoever operates the installation, the rules with their feature flags and a
replay of the insights from the event history (the rules' telemetry is on the Admin page).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pandas as pd
import streamlit as st

from dashboards import state, ui
from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import InvalidInput, LifeOSError
from lifeos_core.finance import service as finance
from lifeos_core.insights import service as insights
from lifeos_core.insights.schemas import InsightView, RuleInfo

PAGE_SIZE = 20
SEVERITY_COLORS = {"positive": "green", "info": "blue", "warning": "orange", "critical": "red"}
DONE = {
    "acknowledge": "Acknowledged",
    "dismiss": "Dismissed",
    "not_useful": "Thanks: marked not useful, and hidden",
}
EVIDENCE = {
    "calendar_event_interpretation": "Calendar interpretations",
    "finance_account": "Account",
    "finance_receivable_tracker": "Receivable",
    "finance_transaction": "Transactions",
    "habit": "Habit",
    "habit_log": "Check-ins",
    "health_biometric": "Biometric readings",
    "health_workout": "Workouts",
    "journal_entry": "Journal entries",
    "project": "Project",
    "project_task": "Tasks",
    "relationships_person": "Person",
    "skill": "Skill",
    "skill_practice_session": "Practice sessions",
}
# Where the records of each rule domain live in the app.
DOMAIN_PAGES = {
    "finance": "Finance",
    "health": "Health",
    "habits": "Habits",
    "skills": "Skills",
    "projects": "Projects",
    "relationships": "Relationships",
    "journal": "Journal",
    "calendar": "Calendar",
}
ALL_DOMAINS = "All domains"
THRESHOLD_KINDS = {"category_budget": "Monthly budget", "balance_floor": "Balance floor"}
MAX_IDS_SHOWN = 12


# --- acting -------------------------------------------------------------------------------


def mark(insight: InsightView, action: str) -> None:
    actor = state.refreshed_actor()  # callbacks run before the entrypoint reloads it
    if actor is None:
        return
    try:
        with state.get_runtime().uow() as uow:
            insights.mark_insight(uow, actor, insight.id, action)
            uow.commit()
    except LifeOSError as exc:
        ui.flash("insights", "error", str(exc))
        return
    ui.flash("insights", "success", f"{DONE[action]}: “{insight.title}”.")


def save_threshold() -> None:
    actor = state.refreshed_actor()
    if actor is None:
        return
    ss = st.session_state
    kind = ss.get("insights_threshold_kind") or "category_budget"
    account_id = ss.get("insights_threshold_account")
    try:
        amount = Decimal(str(ss.get("insights_threshold_amount") or "").strip())
    except InvalidOperation:
        ui.flash("insights", "error", "Amount: enter a number such as 250.00")
        return
    if account_id is None:
        ui.flash("insights", "error", "Account: choose one")
        return
    try:
        with state.get_runtime().uow() as uow:
            insights.set_threshold(uow, actor, kind=kind, account_id=account_id, amount=amount)
            name = finance.get_account(uow, actor, account_id).name
            uow.commit()
    except LifeOSError as exc:
        message = "; ".join(exc.fields.values()) if isinstance(exc, InvalidInput) else str(exc)
        ui.flash("insights", "error", message or str(exc))
        return
    ui.flash("insights", "success", f"{THRESHOLD_KINDS[kind]} for {name} set to {amount}.")


def remove_threshold(threshold_id: int) -> None:
    actor = state.refreshed_actor()
    if actor is None:
        return
    try:
        with state.get_runtime().uow() as uow:
            insights.remove_threshold(uow, actor, threshold_id)
            uow.commit()
    except LifeOSError as exc:
        ui.flash("insights", "error", str(exc))
        return
    ui.flash("insights", "success", "Removed.")


def report_miss() -> None:
    actor = state.refreshed_actor()
    if actor is None:
        return
    ss = st.session_state
    rule = ss.get("insights_miss_rule")
    try:
        with state.get_runtime().uow() as uow:
            insights.report_missed_insight(
                uow, actor, rule=rule or "", note=ss.get("insights_miss_note") or None
            )
            uow.commit()
    except LifeOSError as exc:
        ui.flash("insights", "error", str(exc))
        return
    ss.pop("insights_miss_note", None)
    ui.flash("insights", "success", "Thanks: the miss is recorded against the rule.")


# --- showing ------------------------------------------------------------------------------


def evidence_lines(payload: dict) -> list[str]:
    """'Transactions: #12, #13, #14' for each kind of record an insight cites."""
    evidence = payload.get("evidence") or {}
    lines = []
    for kind, ids in evidence.items():
        shown = ", ".join(f"#{i}" for i in ids[:MAX_IDS_SHOWN])
        more = f" and {len(ids) - MAX_IDS_SHOWN} more" if len(ids) > MAX_IDS_SHOWN else ""
        lines.append(f"{EVIDENCE.get(kind, kind)}: {shown}{more}")
    return lines


def card(actor: Actor, insight: InsightView, rule: RuleInfo | None) -> None:
    color = SEVERITY_COLORS.get(insight.severity, "gray")
    with st.container(border=True, key=f"insights_item_{insight.id}"):
        st.markdown(f"**{ui.md(insight.title)}** :{color}-badge[{ui.md(insight.severity)}]")
        if insight.body:
            st.markdown(ui.md(insight.body))
        noted = f"Noticed {ui.local(insight.created_at, actor.timezone):%a %d %b %Y, %H:%M}"
        if insight.expires_at is not None:
            noted += f" · expires {ui.local(insight.expires_at, actor.timezone):%d %b %Y}"
        if insight.acknowledged_at is not None:
            noted += " · acknowledged"
        if insight.feedback == "not_useful":
            noted += " · not useful"
        elif insight.dismissed_at is not None:
            noted += " · dismissed"
        st.caption(ui.md(noted))
        origin = f"{rule.domain} · rule {insight.insight_type} v{insight.rule_version}"
        if insight.model_version:
            origin += f" · model {insight.model_version}"
        st.caption(ui.md(origin))
        for line in evidence_lines(insight.payload):
            st.caption(f"Evidence · {ui.md(line)}")
        with st.container(horizontal=True):
            st.button(
                "Acknowledge",
                key=f"insights_acknowledge_{insight.id}",
                disabled=insight.acknowledged_at is not None,
                on_click=mark,
                args=(insight, "acknowledge"),
            )
            st.button(
                "Dismiss",
                key=f"insights_dismiss_{insight.id}",
                disabled=insight.dismissed_at is not None,
                on_click=mark,
                args=(insight, "dismiss"),
            )
            st.button(
                "Not useful",
                key=f"insights_not_useful_{insight.id}",
                disabled=insight.feedback == "not_useful",
                help="Hides it and tells the rule it was wrong here",
                on_click=mark,
                args=(insight, "not_useful"),
            )
            page = DOMAIN_PAGES.get(rule.domain) if rule else None
            if page is not None:
                st.page_link(f"app_pages/{rule.domain}.py", label=f"Open {page}")


def thresholds_section(actor: Actor) -> None:
    with state.get_runtime().uow() as uow:
        accounts = finance.list_accounts(uow, actor)
        current = insights.list_thresholds(uow, actor)
    names = {a.id: a.name for a in accounts}
    with st.expander("Budgets and balance floors"):
        st.caption(
            "A monthly budget per expense account tells you when spending passes it; a floor "
            "tells you when an account's forecast drops below it (zero unless you set one)."
        )
        for threshold in current:
            with st.container(horizontal=True):
                st.text(
                    f"{THRESHOLD_KINDS[threshold.kind]} · "
                    f"{names.get(threshold.account_id, threshold.account_id)} · {threshold.amount}"
                )
                st.button(
                    "Remove",
                    key=f"insights_threshold_remove_{threshold.id}",
                    on_click=remove_threshold,
                    args=(threshold.id,),
                )
        if not accounts:
            st.info("Add accounts on the Finance page first.")
            return
        with st.form("insights_threshold"):
            st.selectbox(
                "Kind",
                list(THRESHOLD_KINDS),
                format_func=THRESHOLD_KINDS.get,
                key="insights_threshold_kind",
            )
            st.selectbox(
                "Account",
                [a.id for a in accounts],
                format_func=names.get,
                key="insights_threshold_account",
            )
            st.text_input("Amount", key="insights_threshold_amount", placeholder="250.00")
            st.form_submit_button("Save", key="insights_threshold_submit", on_click=save_threshold)


def miss_section(rules: list[RuleInfo]) -> None:
    with st.expander("Did LifeOS miss something?"), st.form("insights_miss"):
        summaries = {r.name: r.summary for r in rules}
        st.selectbox(
            "Which rule should have noticed?",
            list(summaries),
            format_func=lambda name: f"{name}: {summaries[name]}",
            key="insights_miss_rule",
        )
        st.text_area("What happened (optional)", key="insights_miss_note", max_chars=2000)
        st.form_submit_button("Report the miss", key="insights_miss_submit", on_click=report_miss)


def rules_section(actor: Actor, rules: list[RuleInfo]) -> None:
    """The rules and their flags, and a replay check (their telemetry is on the Admin page)."""
    st.subheader("Rules")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Rule": r.name,
                    "Version": r.version,
                    "Domain": r.domain,
                    "Runs on": r.trigger,
                    "Risky": r.risky,
                    "Replayable": r.replayable,
                    "Enabled": r.enabled,
                    "What it notices": r.summary,
                }
                for r in rules
            ]
        ),
        hide_index=True,
        key="insights_rules",
    )
    st.caption("Switch a rule off with LIFEOS_INSIGHTS_DISABLED_RULES=name,name (then restart).")
    if st.button("Replay my insights from the event history", key="insights_replay"):
        report = insights.replay_insights(state.get_runtime().uow, actor.user_id)
        if report.identical:
            st.success(
                f"Identical: {report.derived} insights rebuilt from {report.events} events "
                f"in {report.seconds:.2f} s."
            )
        else:
            st.warning(f"{len(report.differences)} differences from the stored insights.")
            st.dataframe(
                pd.DataFrame([d.model_dump() for d in report.differences]),
                hide_index=True,
                key="insights_replay_differences",
            )


actor = state.current_actor()
st.title("Insights")
if not actor.can("insights.read"):
    st.info("Your account cannot see insights.")
    st.stop()
ui.show_flash("insights")
rules = insights.list_rules(actor)
rule_by_name = {r.name: r for r in rules}
domains = sorted({r.domain for r in rules})
with st.container(horizontal=True):
    domain = st.selectbox("Domain", [ALL_DOMAINS, *domains], key="insights_domain")
    show_dismissed = st.toggle("Show dismissed", key="insights_show_dismissed")
    show_expired = st.toggle("Show expired", key="insights_show_expired")
with state.get_runtime().uow() as uow:
    found = insights.list_insights(
        uow,
        actor,
        include_dismissed=show_dismissed,
        include_expired=show_expired,
        domain=None if domain == ALL_DOMAINS else domain,
    )
if not found:
    st.info("No insights yet. They appear as you log records and confirm the review queue.")
else:
    shown, _, _ = ui.paginate(found, page_size=PAGE_SIZE, key="insights_page")
    for insight in shown:
        card(actor, insight, rule_by_name.get(insight.insight_type))
if actor.can("insights.manage"):
    thresholds_section(actor)
    miss_section(rules)
if actor.can("admin.operations"):
    rules_section(actor, rules)
