"""The analytics read models: one DuckDB snapshot, refreshed and published in one step."""

import dagster as dg

from lifeos_core.analytics.build import refresh_snapshot
from lifeos_pipelines.resources import LifeOSResource

# Every DuckDB writer runs in this pool. Its limit must be 1 (deploy/dagster.yaml:
# concurrency.pools.default_limit): a second writer of the same file fails with "Could not
# set lock on file".
DUCKDB_POOL = "duckdb"

RETRY_POLICY = dg.RetryPolicy(
    max_retries=3, delay=30, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)

# (name, description, what it is derived from). All read the whole app database; the calendar's
# interpretations are named for the lineage the UI draws.
INTERPRETATIONS = dg.AssetKey("calendar_interpretations")
READ_MODELS = (
    (
        "timeline",
        "Every record of every domain; unconfirmed inferences flagged.",
        (INTERPRETATIONS,),
    ),
    ("daily_rollup", "Records, minutes and amounts per user, day and domain.", ("timeline",)),
    (
        "time_allocation",
        "Minutes per user, week and domain, from confirmed calendar interpretations.",
        ("timeline",),
    ),
    ("spending", "Money out per user, month, category and account.", ()),
    ("ledger_lines", "The double-entry ledger, line by line, with accounts.", ()),
    ("habit_facts", "Habit check-ins per user, habit and day.", ()),
    ("practice_facts", "Practice sessions and minutes per user, skill and day.", ()),
    ("workout_facts", "Workouts, minutes and calories per user, type and day.", ()),
    ("mood_daily", "The journal's mood per user and day.", ()),
)


def read_model_key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["analytics", name])


class AnalyticsRefreshConfig(dg.Config):
    full_rebuild: bool = False
    """Read everything again and write a fresh, compact file (the daily run does)."""


@dg.multi_asset(
    name="analytics_read_models",
    specs=[
        dg.AssetSpec(
            read_model_key(name),
            group_name="analytics",
            description=description,
            deps=[dep if isinstance(dep, dg.AssetKey) else read_model_key(dep) for dep in deps],
            kinds={"duckdb"},
        )
        for name, description, deps in READ_MODELS
    ],
    pool=DUCKDB_POOL,
    retry_policy=RETRY_POLICY,
)
def analytics_read_models(
    context: dg.AssetExecutionContext, config: AnalyticsRefreshConfig, lifeos: LifeOSResource
):
    """Bring the snapshot up to date with the app database and publish it atomically.

    Readers (the app, notebooks) keep reading the previous snapshot until this one is
    complete; see ``lifeos_core.analytics.build``.
    """
    report = refresh_snapshot(lifeos.runtime, full=config.full_rebuild)
    context.log.info(
        "Analytics snapshot %s refresh: %s users (%s read whole, %s changed), %s rows staged",
        report.mode,
        report.users,
        report.users_read_whole,
        report.users_changed,
        report.staged_rows,
    )
    common = {
        "mode": report.mode,
        "path": report.path,
        "staged_rows": report.staged_rows,
        "users_changed": report.users_changed,
        "users_read_whole": report.users_read_whole,
        "duration_seconds": report.seconds.get("total", 0.0),
    }
    for name, _description, _deps in READ_MODELS:
        yield dg.MaterializeResult(
            asset_key=read_model_key(name),
            metadata={**common, "dagster/row_count": report.read_models.get(name, 0)},
        )
