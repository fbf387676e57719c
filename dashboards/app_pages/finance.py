"""Finance: accounts, transactions, the trial balance, receivables, the cash forecast and
bank-statement import. Every form goes through a finance service; amounts are typed as text
so they reach the service as exact decimals."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from dashboards import state, ui
from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import InvalidInput, LifeOSError
from lifeos_core.finance import service as finance
from lifeos_core.finance.schemas import SUBTYPES

ACCOUNT_TYPES = tuple(SUBTYPES)
RECURRENCES = ("once", "weekly", "monthly")
FIELD_LABELS = {
    "name": "Name",
    "account_type": "Type",
    "subtype": "Subtype",
    "category_id": "Category",
    "occurred_on": "Date",
    "amount": "Amount",
    "description": "Description",
    "counterparty": "Counterparty",
    "account_id": "Account",
    "payment_account_id": "Paid from / into",
    "entry_date": "Date",
    "lines": "Lines",
    "principal": "Principal",
    "start_date": "Start",
    "due_date": "Due",
    "tracker_id": "Receivable",
    "event_date": "First date",
    "recurrence": "Repeats",
    "end_date": "Until",
    "memo": "Memo",
    "file": "File",
    "input": "Input",
}


def money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def today(actor: Actor) -> date:
    return datetime.now(ZoneInfo(actor.timezone)).date()


def text(key: str) -> str | None:
    return (st.session_state.get(key) or "").strip() or None


def submit(form: str, action: Callable, fields: dict, done: Callable, keys: Iterable[str] = ()):
    """Run ``action`` in a unit of work; on bad input keep the form and remember why."""
    actor = state.refreshed_actor()  # callbacks run before the entrypoint reloads it
    if actor is None:
        return
    ss = st.session_state
    try:
        with state.get_runtime().uow() as uow:
            result = action(uow, actor, **fields)
            uow.commit()
    except InvalidInput as exc:
        ss[f"finance_{form}_errors"] = ui.field_messages(
            exc.fields or {"input": str(exc)}, FIELD_LABELS
        )
        return
    except LifeOSError as exc:
        ss[f"finance_{form}_errors"] = {"input": str(exc)}
        return
    ss.pop(f"finance_{form}_errors", None)
    for key in keys:
        ss.pop(key, None)
    ui.flash("finance", "success", done(result))


def errors_of(form: str) -> dict[str, str]:
    return st.session_state.get(f"finance_{form}_errors", {})


def show_errors(errors: dict[str, str]) -> None:
    for message in errors.values():
        st.error(ui.md(message))


def account_picker(label: str, key: str, accounts, *, optional: bool = False) -> None:
    options = ([None] if optional else []) + [a.id for a in accounts]
    names = {a.id: a.name for a in accounts}
    st.selectbox(
        label,
        options,
        key=key,
        format_func=lambda i: "— none —" if i is None else names.get(i, str(i)),
    )


# --- accounts -------------------------------------------------------------------------------


def add_account() -> None:
    ss = st.session_state
    submit(
        "account",
        finance.create_account,
        {
            "name": ss.get("finance_account_name") or "",
            "account_type": ss.get("finance_account_type"),
            "subtype": ss.get("finance_account_subtype") or None,
            "category_id": ss.get("finance_account_category"),
        },
        lambda a: f"Added the {a.account_type} account “{a.name}”.",
        ("finance_account_name", "finance_account_subtype"),
    )


def add_category() -> None:
    submit(
        "category",
        finance.create_category,
        {"name": st.session_state.get("finance_category_name") or ""},
        lambda c: f"Added the category “{c.name}”.",
        ("finance_category_name",),
    )


def accounts_tab(accounts, categories) -> None:
    category_names = {c.id: c.name for c in categories}
    query = st.text_input("Search accounts", key="finance_account_search")
    if query:
        with state.get_runtime().uow() as uow:
            accounts = finance.search_accounts(uow, actor, query, include_inactive=True)
    st.dataframe(
        pd.DataFrame(
            {
                "Name": [a.name for a in accounts],
                "Type": [a.account_type for a in accounts],
                "Subtype": [a.subtype or "" for a in accounts],
                "Category": [category_names.get(a.category_id, "") for a in accounts],
                "Active": [a.is_active for a in accounts],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    errors = errors_of("account")
    with st.expander("Add account", expanded=bool(errors)), st.form("finance_account_form"):
        show_errors(errors)
        st.text_input("Name", key="finance_account_name", max_chars=200)
        st.selectbox("Type", ACCOUNT_TYPES, key="finance_account_type")
        subtypes = sorted({s for values in SUBTYPES.values() for s in values})
        st.selectbox("Subtype", ["", *subtypes], key="finance_account_subtype")
        st.selectbox(
            "Category",
            [None, *category_names],
            key="finance_account_category",
            format_func=lambda i: "— none —" if i is None else category_names[i],
        )
        st.form_submit_button(
            "Add account", type="primary", key="finance_account_submit", on_click=add_account
        )
    errors = errors_of("category")
    with st.expander("Add category", expanded=bool(errors)), st.form("finance_category_form"):
        show_errors(errors)
        st.text_input("Category name", key="finance_category_name", max_chars=120)
        st.form_submit_button("Add category", key="finance_category_submit", on_click=add_category)


# --- transactions ---------------------------------------------------------------------------


def add_transaction() -> None:
    ss = st.session_state
    amount = text("finance_txn_amount") or ""
    if ss.get("finance_txn_direction") == "Money out" and amount and not amount.startswith("-"):
        amount = f"-{amount}"
    submit(
        "txn",
        finance.create_transaction,
        {
            "occurred_on": ss.get("finance_txn_date"),
            "amount": amount,
            "description": ss.get("finance_txn_description") or "",
            "counterparty": text("finance_txn_counterparty"),
            "account_id": ss.get("finance_txn_account"),
            "payment_account_id": ss.get("finance_txn_payment"),
        },
        lambda t: f"Added “{t.description}” ({money(t.amount)}).",
        ("finance_txn_amount", "finance_txn_description", "finance_txn_counterparty"),
    )


def decide(transaction_id: int, status: str) -> None:
    submit(
        "decide",
        lambda uow, a: finance.set_transaction_inferred_status(uow, a, transaction_id, status),
        {},
        lambda t: f"{status.capitalize()} “{t.description}”.",
    )


def status_label(t) -> str:
    if t.inferred_status == "inferred":
        return f"inferred ({t.confidence_score:.0%} confidence)"
    if t.inferred_status == "confirmed":
        return "confirmed"
    return t.source


def transactions_tab(accounts, names: dict[int, str]) -> None:
    with state.get_runtime().uow() as uow:
        transactions = finance.list_transactions(uow, actor, limit=500)
        totals = finance.transaction_totals(uow, actor)
    left, middle, right = st.columns(3)
    left.metric("Money in", money(totals.money_in))
    middle.metric("Money out", money(totals.money_out))
    right.metric("Net", money(totals.net))
    st.dataframe(
        pd.DataFrame(
            {
                "Date": [t.occurred_on for t in transactions],
                "Description": [t.description for t in transactions],
                "Amount": [money(t.amount) for t in transactions],
                "Account": [names.get(t.account_id, "uncategorised") for t in transactions],
                "Paid from / into": [names.get(t.payment_account_id, "") for t in transactions],
                "Status": [status_label(t) for t in transactions],
                "Posted": [t.is_posted for t in transactions],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    show_errors(errors_of("decide"))
    pending = [t for t in transactions if t.inferred_status == "inferred"]
    if pending:
        st.subheader("Inferred from your calendar")
        for t in pending[:20]:
            cols = st.columns([4, 1, 1])
            cols[0].markdown(
                ui.md(f"{t.occurred_on} · {t.description} · {money(t.amount)} · {status_label(t)}")
            )
            cols[1].button(
                "Confirm", key=f"finance_confirm_{t.id}", on_click=decide, args=(t.id, "confirmed")
            )
            cols[2].button(
                "Reject", key=f"finance_reject_{t.id}", on_click=decide, args=(t.id, "rejected")
            )
    payment_accounts = [a for a in accounts if a.account_type in ("asset", "liability")]
    errors = errors_of("txn")
    with st.expander("Add transaction", expanded=bool(errors)), st.form("finance_txn_form"):
        show_errors(errors)
        st.date_input("Date", value=today(actor), key="finance_txn_date", format="YYYY-MM-DD")
        st.text_input("Description", key="finance_txn_description", max_chars=500)
        st.text_input("Amount", key="finance_txn_amount", placeholder="12.50")
        st.radio(
            "Direction", ("Money out", "Money in"), key="finance_txn_direction", horizontal=True
        )
        account_picker("Account (category)", "finance_txn_account", accounts, optional=True)
        account_picker("Paid from / into", "finance_txn_payment", payment_accounts)
        st.text_input("Counterparty", key="finance_txn_counterparty", max_chars=200)
        st.form_submit_button(
            "Add transaction", type="primary", key="finance_txn_submit", on_click=add_transaction
        )
    with st.expander("Suggest an account"):
        description = st.text_input("Description to categorise", key="finance_suggest_text")
        if st.button("Suggest", key="finance_suggest_submit") and description:
            with state.get_runtime().uow() as uow:
                suggested = finance.suggest_accounts(uow, actor, description=description)
                uow.commit()
            if suggested.suggestions:
                for s in suggested.suggestions:
                    st.markdown(ui.md(f"{s.account_name} ({s.score:.0%})"))
            else:
                st.info("Not enough categorised transactions yet to learn from.")


# --- trial balance --------------------------------------------------------------------------


def take_snapshot() -> None:
    submit(
        "snapshot",
        finance.snapshot_trial_balance,
        {"as_of": st.session_state.get("finance_tb_as_of")},
        lambda s: f"Saved the trial balance as of {s.as_of:%d %b %Y}.",
    )


def add_entry() -> None:
    ss = st.session_state
    amount = text("finance_entry_amount") or ""
    submit(
        "entry",
        finance.post_journal_entry,
        {
            "entry_date": ss.get("finance_entry_date"),
            "description": ss.get("finance_entry_description") or "",
            "lines": [
                {"account_id": ss.get("finance_entry_debit"), "debit": amount or "0"},
                {"account_id": ss.get("finance_entry_credit"), "credit": amount or "0"},
            ],
        },
        lambda e: f"Posted “{e.description}” ({money(e.debit_total)}).",
        ("finance_entry_description", "finance_entry_amount"),
    )


def balance_frame(lines) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Account": [ln.account_name for ln in lines],
            "Type": [ln.account_type for ln in lines],
            "Debit": [money(ln.debit) if ln.debit else "" for ln in lines],
            "Credit": [money(ln.credit) if ln.credit else "" for ln in lines],
        }
    )


def trial_balance_tab(accounts) -> None:
    as_of = st.date_input("As of", value=today(actor), key="finance_tb_as_of", format="YYYY-MM-DD")
    with state.get_runtime().uow() as uow:
        balance = finance.trial_balance(uow, actor, as_of=as_of)
        snapshots = finance.list_trial_balance_snapshots(uow, actor)
    st.dataframe(balance_frame(balance.lines), hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.metric("Debits", money(balance.debit_total))
    right.metric("Credits", money(balance.credit_total))
    if balance.balanced:
        st.caption("Debits equal credits.")
    else:
        st.error("Debits and credits differ.")
    show_errors(errors_of("snapshot"))
    st.button("Save snapshot", key="finance_tb_snapshot", on_click=take_snapshot)
    if snapshots:
        labels = {
            s.snapshot_id: f"{s.as_of} (saved {s.taken_at:%d %b %Y %H:%M})" for s in snapshots
        }
        chosen = st.selectbox(
            "Snapshots", list(labels), key="finance_tb_snapshot_pick", format_func=labels.get
        )
        picked = next(s for s in snapshots if s.snapshot_id == chosen)
        st.dataframe(balance_frame(picked.lines), hide_index=True, width="stretch")
    errors = errors_of("entry")
    with st.expander("Post a journal entry", expanded=bool(errors)), st.form("finance_entry_form"):
        show_errors(errors)
        st.date_input("Date", value=today(actor), key="finance_entry_date", format="YYYY-MM-DD")
        st.text_input("Description", key="finance_entry_description", max_chars=500)
        account_picker("Debit account", "finance_entry_debit", accounts)
        account_picker("Credit account", "finance_entry_credit", accounts)
        st.text_input("Amount", key="finance_entry_amount", placeholder="100.00")
        st.form_submit_button("Post entry", key="finance_entry_submit", on_click=add_entry)


# --- receivables ----------------------------------------------------------------------------


def add_receivable() -> None:
    ss = st.session_state
    submit(
        "receivable",
        finance.create_receivable,
        {
            "counterparty": ss.get("finance_rcv_counterparty") or "",
            "principal": text("finance_rcv_principal") or "",
            "start_date": ss.get("finance_rcv_start"),
            "due_date": ss.get("finance_rcv_due"),
        },
        lambda r: f"{r.counterparty} owes you {money(r.principal)}.",
        ("finance_rcv_counterparty", "finance_rcv_principal", "finance_rcv_due"),
    )


def add_repayment() -> None:
    ss = st.session_state
    submit(
        "repayment",
        finance.record_receivable_entry,
        {
            "tracker_id": ss.get("finance_rep_tracker"),
            "amount": text("finance_rep_amount") or "",
            "entry_date": ss.get("finance_rep_date"),
        },
        lambda r: f"Recorded; {r.counterparty} still owes {money(r.outstanding)}.",
        ("finance_rep_amount",),
    )


def add_loan_group() -> None:
    submit(
        "group",
        finance.create_loan_group,
        {"name": st.session_state.get("finance_group_name") or ""},
        lambda g: f"Added the loan group “{g.name}”.",
        ("finance_group_name",),
    )


def link_to_group() -> None:
    ss = st.session_state
    submit(
        "link",
        finance.link_receivable,
        {"group_id": ss.get("finance_link_group"), "tracker_id": ss.get("finance_link_tracker")},
        lambda g: f"“{g.name}” now holds {len(g.tracker_ids)} receivables.",
    )


def receivables_tab() -> None:
    with state.get_runtime().uow() as uow:
        receivables = finance.list_receivables(uow, actor)
        due = finance.receivables_due(uow, actor, within_days=30, today=today(actor))
        groups = finance.list_loan_groups(uow, actor)
    for r in due:
        when = "overdue" if r.due_date < today(actor) else f"due {r.due_date:%d %b %Y}"
        st.warning(ui.md(f"{r.counterparty}: {money(r.outstanding)} {when}"))
    st.dataframe(
        pd.DataFrame(
            {
                "Counterparty": [r.counterparty for r in receivables],
                "Principal": [money(r.principal) for r in receivables],
                "Received": [money(r.received) for r in receivables],
                "Outstanding": [money(r.outstanding) for r in receivables],
                "Start": [r.start_date for r in receivables],
                "Due": [r.due_date for r in receivables],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    errors = errors_of("receivable")
    with st.expander("Add receivable", expanded=bool(errors)), st.form("finance_rcv_form"):
        show_errors(errors)
        st.text_input("Who owes you", key="finance_rcv_counterparty", max_chars=200)
        st.text_input("Principal", key="finance_rcv_principal", placeholder="100.00")
        st.date_input("Start", value=today(actor), key="finance_rcv_start", format="YYYY-MM-DD")
        st.date_input("Due", value=None, key="finance_rcv_due", format="YYYY-MM-DD")
        st.form_submit_button(
            "Add receivable", type="primary", key="finance_rcv_submit", on_click=add_receivable
        )
    open_ones = {r.id: r.counterparty for r in receivables if not r.is_settled}
    if open_ones:
        errors = errors_of("repayment")
        with st.expander("Record a repayment", expanded=bool(errors)), st.form("finance_rep_form"):
            show_errors(errors)
            st.selectbox(
                "Receivable", list(open_ones), key="finance_rep_tracker", format_func=open_ones.get
            )
            st.text_input("Amount", key="finance_rep_amount", placeholder="25.00")
            st.date_input("Date", value=today(actor), key="finance_rep_date", format="YYYY-MM-DD")
            st.form_submit_button("Record", key="finance_rep_submit", on_click=add_repayment)
    st.subheader("Loan groups")
    st.dataframe(
        pd.DataFrame(
            {
                "Group": [g.name for g in groups],
                "Receivables": [len(g.tracker_ids) for g in groups],
                "Principal": [money(g.principal_total) for g in groups],
                "Outstanding": [money(g.outstanding_total) for g in groups],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    errors = errors_of("group") | errors_of("link")
    with st.expander("Manage loan groups", expanded=bool(errors)):
        show_errors(errors)
        with st.form("finance_group_form"):
            st.text_input("New group name", key="finance_group_name", max_chars=120)
            st.form_submit_button("Add group", key="finance_group_submit", on_click=add_loan_group)
        if groups and receivables:
            group_names = {g.id: g.name for g in groups}
            people = {r.id: f"{r.counterparty} ({money(r.principal)})" for r in receivables}
            with st.form("finance_link_form"):
                st.selectbox(
                    "Group",
                    list(group_names),
                    key="finance_link_group",
                    format_func=group_names.get,
                )
                st.selectbox(
                    "Receivable", list(people), key="finance_link_tracker", format_func=people.get
                )
                st.form_submit_button("Link", key="finance_link_submit", on_click=link_to_group)


# --- forecast -------------------------------------------------------------------------------


def add_schedule_row() -> None:
    ss = st.session_state
    submit(
        "schedule",
        finance.create_schedule_row,
        {
            "account_id": ss.get("finance_sched_account"),
            "amount": text("finance_sched_amount") or "",
            "event_date": ss.get("finance_sched_date"),
            "recurrence": ss.get("finance_sched_recurrence"),
            "memo": text("finance_sched_memo"),
        },
        lambda r: f"Planned {money(r.amount)} ({r.recurrence}) from {r.event_date:%d %b %Y}.",
        ("finance_sched_amount", "finance_sched_memo"),
    )


def recompute() -> None:
    ss = st.session_state
    submit(
        "recompute",
        finance.recompute_schedule,
        {
            "account_id": ss.get("finance_fc_account"),
            "scenario_id": ss.get("finance_fc_scenario"),
            "start": ss.get("finance_fc_start"),
            "days": int(ss.get("finance_fc_days") or 90),
        },
        lambda f: f"Projected {len(f.balances)} days.",
    )


def forecast_tab(accounts) -> None:
    if not accounts:
        st.info("Add an account first.")
        return
    with state.get_runtime().uow() as uow:
        scenarios = finance.list_scenarios(uow, actor)
        rows = finance.list_schedule_rows(uow, actor)
    names = {a.id: a.name for a in accounts}
    scenario_names = {s.id: s.name for s in scenarios}
    cols = st.columns(4)
    with cols[0]:
        account_picker("Account", "finance_fc_account", accounts)
    cols[1].selectbox(
        "Scenario",
        [None, *scenario_names],
        key="finance_fc_scenario",
        format_func=lambda i: "Base plan" if i is None else scenario_names[i],
    )
    cols[2].date_input("From", value=today(actor), key="finance_fc_start", format="YYYY-MM-DD")
    cols[3].number_input("Days", 1, 731, 90, key="finance_fc_days")
    show_errors(errors_of("recompute"))
    st.button("Recompute forecast", key="finance_fc_recompute", on_click=recompute)
    account_id = st.session_state.get("finance_fc_account")
    if account_id is not None:
        with state.get_runtime().uow() as uow:
            forecast = finance.get_forecast(
                uow,
                actor,
                account_id=account_id,
                scenario_id=st.session_state.get("finance_fc_scenario"),
            )
        if forecast.balances:
            # Floats only for drawing; the stored balances stay exact decimals.
            chart = pd.DataFrame(
                {"Balance": [float(d.balance) for d in forecast.balances]},
                index=pd.to_datetime([d.balance_date for d in forecast.balances]),
            )
            st.line_chart(chart)
            lowest = min(forecast.balances, key=lambda d: d.balance)
            st.caption(ui.md(f"Lowest: {money(lowest.balance)} on {lowest.balance_date}"))
        else:
            st.caption("No forecast computed for this account yet.")
    st.dataframe(
        pd.DataFrame(
            {
                "Account": [names.get(r.account_id, "") for r in rows],
                "Amount": [money(r.amount) for r in rows],
                "From": [r.event_date for r in rows],
                "Repeats": [r.recurrence for r in rows],
                "Until": [r.end_date for r in rows],
                "Memo": [r.memo or "" for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    errors = errors_of("schedule")
    with st.expander("Plan a payment", expanded=bool(errors)), st.form("finance_sched_form"):
        show_errors(errors)
        account_picker("Account", "finance_sched_account", accounts)
        st.text_input("Amount (negative for money out)", key="finance_sched_amount")
        st.date_input("First date", value=today(actor), key="finance_sched_date")
        st.selectbox("Repeats", RECURRENCES, key="finance_sched_recurrence", index=2)
        st.text_input("Memo", key="finance_sched_memo", max_chars=500)
        st.form_submit_button("Plan", key="finance_sched_submit", on_click=add_schedule_row)


# --- import ---------------------------------------------------------------------------------


def import_statement() -> None:
    ss = st.session_state
    upload = ss.get("finance_import_file")
    if upload is None:
        ss["finance_import_errors"] = {"file": "File: choose a CSV file first"}
        return

    def run(uow, actor, **fields):
        report = finance.import_bank_statement(uow, actor, **fields)
        ss["finance_import_report"] = report
        return report

    submit(
        "import",
        run,
        {
            "payment_account_id": ss.get("finance_import_account"),
            "account_id": ss.get("finance_import_category"),
            "content": upload.getvalue(),
            "filename": upload.name,
        },
        lambda r: (
            f"Imported {plural(len(r.imported), 'row')}; "
            f"{plural(len(r.duplicates), 'duplicate')} skipped, {len(r.rejected)} rejected."
        ),
    )


def import_tab(accounts) -> None:
    payment_accounts = [a for a in accounts if a.account_type in ("asset", "liability")]
    if not payment_accounts:
        st.info("Add a bank or card account first.")
        return
    show_errors(errors_of("import"))
    account_picker("Statement of", "finance_import_account", payment_accounts)
    account_picker("Post to account", "finance_import_category", accounts, optional=True)
    st.file_uploader(
        "Bank statement (CSV: date, description, amount)", type=["csv", "txt"],
        key="finance_import_file",
    )  # fmt: skip
    st.button("Import", type="primary", key="finance_import_submit", on_click=import_statement)
    report = st.session_state.get("finance_import_report")
    if report is not None and (report.duplicates or report.rejected):
        issues = [("duplicate", i) for i in report.duplicates] + [
            ("rejected", i) for i in report.rejected
        ]
        st.dataframe(
            pd.DataFrame(
                {
                    "Line": [i.line for _, i in issues],
                    "Outcome": [kind for kind, _ in issues],
                    "Why": [i.reason for _, i in issues],
                }
            ),
            hide_index=True,
            width="stretch",
        )


# --- the page -------------------------------------------------------------------------------

actor = state.current_actor()
st.title("Finance")
ui.show_flash("finance")
with state.get_runtime().uow() as uow:
    all_accounts = finance.list_accounts(uow, actor, include_inactive=True)
    all_categories = finance.list_categories(uow, actor)
active_accounts = [a for a in all_accounts if a.is_active]

tabs = st.tabs(["Accounts", "Transactions", "Trial balance", "Receivables", "Forecast", "Import"])
with tabs[0]:
    accounts_tab(all_accounts, all_categories)
with tabs[1]:
    transactions_tab(active_accounts, {a.id: a.name for a in all_accounts})
with tabs[2]:
    trial_balance_tab(active_accounts)
with tabs[3]:
    receivables_tab()
with tabs[4]:
    forecast_tab(active_accounts)
with tabs[5]:
    import_tab(active_accounts)
