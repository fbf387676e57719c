"""Daily upkeep: metric rollups and date-driven insights for every user."""

import time

import dagster as dg

from lifeos_core.upkeep import run_daily_upkeep
from lifeos_pipelines.resources import LifeOSResource

RETRY_POLICY = dg.RetryPolicy(
    max_retries=3, delay=60, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)


@dg.asset(group_name="domains", retry_policy=RETRY_POLICY)
def daily_upkeep(context: dg.AssetExecutionContext, lifeos: LifeOSResource) -> dg.MaterializeResult:
    """Skill metric rollups, reconnect cues and receivables falling due, per user, once a day."""
    started = time.perf_counter()
    report = run_daily_upkeep(lifeos.runtime.uow)
    context.log.info("Daily upkeep: %s", vars(report))
    return dg.MaterializeResult(
        metadata={**vars(report), "duration_seconds": round(time.perf_counter() - started, 3)}
    )
