"""Checks of the published analytics snapshot."""

from __future__ import annotations

import dagster as dg

from lifeos_core.analytics import connect
from lifeos_core.analytics.checks import count_mismatches, ledger_imbalances
from lifeos_pipelines.analytics.assets import read_model_key
from lifeos_pipelines.resources import LifeOSResource

SHOWN = 20  # problems listed in the check's metadata; the count says how many in all


@dg.asset_check(
    asset=read_model_key("ledger_lines"),
    name="ledger_balances_in_read_model",
    description="Every journal entry, and every user's whole ledger, has equal debits and credits.",
)
def ledger_balances_in_read_model(lifeos: LifeOSResource) -> dg.AssetCheckResult:
    with connect(lifeos.runtime.settings.duckdb_path) as con:
        problems = ledger_imbalances(con)
    return dg.AssetCheckResult(
        passed=not problems,
        metadata={
            "imbalances": len(problems),
            "first": [
                f"user {p.user_id} entry {p.entry_id or 'all'}: debit {p.debit} credit {p.credit}"
                for p in problems[:SHOWN]
            ],
        },
    )


@dg.asset_check(
    asset=read_model_key("timeline"),
    name="row_counts_match_app_database",
    description=(
        "Each user's records of each type number the same in the snapshot as in the app "
        "database (a write after the refresh shows until the next one)."
    ),
)
def row_counts_match_app_database(lifeos: LifeOSResource) -> dg.AssetCheckResult:
    runtime = lifeos.runtime
    with connect(runtime.settings.duckdb_path) as con:
        problems = count_mismatches(runtime, con)
    return dg.AssetCheckResult(
        passed=not problems,
        # Most often a race with a write that landed after the refresh: worth a look, not a page.
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "mismatches": len(problems),
            "first": [
                f"user {p.user_id} {p.record_type}: snapshot {p.snapshot}, app {p.app}"
                for p in problems[:SHOWN]
            ],
        },
    )
