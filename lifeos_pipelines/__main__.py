"""``python -m lifeos_pipelines run-once``: sync every calendar connection (a run of
``calendar_sync_job`` per connection partition), interpret, then dispatch the outbox, once.

The runs go to the Dagster instance in ``DAGSTER_HOME``, so they appear in the Dagster UI's
run history next to the ones the schedule and sensor launch.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SYNC_JOB = "calendar_sync_job"
JOBS_AFTER_SYNC = ("calendar_interpretation_job", "outbox_dispatch_job")
SYNC_COUNTS = ("fetched", "created", "updated", "unchanged", "deleted")
# What the summary line shows of each step's reported counts.
SUMMARY_KEYS = {
    "calendar_events": (
        "fetched",
        "created",
        "updated",
        "unchanged",
        "deleted",
        "failed_connections",
    ),
    "calendar_interpretations": ("created", "auto_confirmed"),
    "dispatch_outbox_op": ("sent", "failed", "dead", "still_ready"),
}


def _dagster_home_problem() -> str | None:
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return (
            "DAGSTER_HOME is not set. Point it at the directory of your Dagster instance "
            "(e.g. export DAGSTER_HOME=$PWD/var/dagster) so the runs land in its history."
        )
    if not Path(home).is_dir():
        return f"DAGSTER_HOME={home} is not a directory; create it first (mkdir -p {home})."
    return None


def _step_counts(result) -> dict[str, dict[str, object]]:
    """Each step's reported counts: its materialization or output metadata."""
    counts: dict[str, dict[str, object]] = {}
    for event in result.all_node_events:
        if event.is_step_materialization:
            metadata = event.step_materialization_data.materialization.metadata
        elif event.is_successful_output:
            metadata = event.step_output_data.metadata
        elif event.is_step_failure and event.step_failure_data.user_failure_data:
            metadata = event.step_failure_data.user_failure_data.metadata
        else:
            continue
        # A step may report several times (an output, a materialization, a check): keep all.
        counts.setdefault(event.step_key, {}).update({k: v.value for k, v in metadata.items()})
    return counts


def _describe(job_name: str, result) -> str:
    steps = _step_counts(result)
    parts = [
        f"{step} " + " ".join(f"{key}={steps[step][key]}" for key in keys if key in steps[step])
        for step, keys in SUMMARY_KEYS.items()
        if step in steps
    ]
    outcome = "ok" if result.success else "FAILED"
    return f"{job_name} {outcome} ({'; '.join(parts) or 'no counts'})"


def _connection_keys() -> list[str]:
    from lifeos_core.calendar import service as calendar
    from lifeos_core.runtime import build_runtime

    runtime = build_runtime()
    try:
        with runtime.uow() as uow:
            return [str(c.id) for c in calendar.all_active_connections(uow)]
    finally:
        runtime.dispose()


def _sync_every_connection(defs, instance) -> tuple[str, bool]:
    """A sync run per connection partition (adding missing partitions first), summarised."""
    from lifeos_pipelines.calendar.partitions import calendar_connections_partitions

    keys = _connection_keys()
    known = set(instance.get_dynamic_partitions(calendar_connections_partitions.name))
    missing = [key for key in keys if key not in known]
    if missing:
        instance.add_dynamic_partitions(calendar_connections_partitions.name, missing)
    totals = dict.fromkeys(SYNC_COUNTS, 0)
    failed: list[str] = []
    job = defs.resolve_job_def(SYNC_JOB)
    for key in keys:
        result = job.execute_in_process(instance=instance, partition_key=key, raise_on_error=False)
        counts = _step_counts(result).get("calendar_events", {})
        if not result.success or "error" in counts:
            failed.append(key)
        for name in SYNC_COUNTS:
            totals[name] += int(counts.get(name) or 0)
    parts = " ".join(f"{name}={value}" for name, value in totals.items())
    summary = (
        f"{SYNC_JOB} {'FAILED' if failed else 'ok'} (calendar_events {parts} "
        f"connections={len(keys)} failed_connections={len(failed)})"
    )
    return summary, bool(failed)


def run_once() -> int:
    problem = _dagster_home_problem()
    if problem:
        print(f"lifeos_pipelines run-once: {problem}", file=sys.stderr)
        return 2

    import dagster as dg

    from lifeos_pipelines.definitions import defs

    with dg.DagsterInstance.get() as instance:
        summary, failed = _sync_every_connection(defs, instance)
        summaries = [summary]
        # Interpret and dispatch even after a failed sync: the connections that did sync
        # brought events and left messages.
        for job_name in JOBS_AFTER_SYNC:
            result = defs.resolve_job_def(job_name).execute_in_process(
                instance=instance, raise_on_error=False
            )
            failed = failed or not result.success
            summaries.append(_describe(job_name, result))
    print("run-once: " + " | ".join(summaries))
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lifeos_pipelines")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "run-once",
        help="sync every calendar connection, interpret, then dispatch the outbox, in process",
    )
    parser.parse_args(argv)
    return run_once()


if __name__ == "__main__":
    sys.exit(main())
