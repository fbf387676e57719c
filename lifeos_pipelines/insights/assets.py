"""Telemetry of the insight rules, as asset metadata an operator can chart over time."""

import time

import dagster as dg

from lifeos_core.insights.telemetry import summarise
from lifeos_pipelines.resources import LifeOSResource

WINDOW_DAYS = 30


@dg.asset(group_name="insights")
def insight_rule_telemetry(
    context: dg.AssetExecutionContext, lifeos: LifeOSResource
) -> dg.MaterializeResult:
    """Per rule version and model version over the last 30 days, every user: runs, events
    read, insights created, acknowledged, dismissed, not useful (false positives), reported
    misses (false negatives) and rule latency."""
    started = time.perf_counter()
    with lifeos.runtime.uow() as uow:
        rows = summarise(uow, days=WINDOW_DAYS)
    metadata: dict[str, object] = {
        "window_days": WINDOW_DAYS,
        "rules": len({row.rule for row in rows}),
        "created": sum(row.created for row in rows),
        "not_useful": sum(row.not_useful for row in rows),
        "misses": sum(row.misses for row in rows),
        "telemetry": dg.MetadataValue.table(
            records=[
                dg.TableRecord(
                    {
                        "rule": row.rule,
                        "version": row.rule_version,
                        "model": row.model_version or "",
                        "runs": row.runs,
                        "events": row.events,
                        "created": row.created,
                        "dismissed": row.dismissed,
                        "not_useful": row.not_useful,
                        "misses": row.misses,
                        "latency_ms_mean": row.latency_ms_mean or 0.0,
                        "latency_ms_max": row.latency_ms_max or 0.0,
                    }
                )
                for row in rows
            ]
        ),
    }
    # One series per rule version, for Dagster's metadata plots across materializations.
    per_version: dict[str, dict[str, float]] = {}
    for row in rows:
        series = per_version.setdefault(
            f"{row.rule}_v{row.rule_version}", {"created": 0, "not_useful": 0}
        )
        series["created"] += row.created
        series["not_useful"] += row.not_useful
        if row.model_version is None:
            series["runs"] = row.runs
            series["latency_ms_mean"] = row.latency_ms_mean or 0.0
    for prefix, series in per_version.items():
        metadata.update({f"{prefix}_{name}": value for name, value in series.items()})
    metadata["duration_seconds"] = round(time.perf_counter() - started, 3)
    context.log.info("Insight telemetry: %s rule rows", len(rows))
    return dg.MaterializeResult(metadata=metadata)
