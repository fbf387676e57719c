"""``python -m lifeos_pipelines run-once``: the calendar sync and outbox dispatch jobs, once.

The runs go to the Dagster instance in ``DAGSTER_HOME``, so they appear in the Dagster UI's
run history next to the ones the schedule and sensor launch.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

JOBS = ("calendar_sync_job", "outbox_dispatch_job")
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


def run_once() -> int:
    problem = _dagster_home_problem()
    if problem:
        print(f"lifeos_pipelines run-once: {problem}", file=sys.stderr)
        return 2

    import dagster as dg

    from lifeos_pipelines.definitions import defs

    summaries, failed = [], False
    with dg.DagsterInstance.get() as instance:
        # Dispatch even after a failed sync: the connections that did sync left messages.
        for job_name in JOBS:
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
    sub.add_parser("run-once", help="run calendar_sync_job, then outbox_dispatch_job, in process")
    parser.parse_args(argv)
    return run_once()


if __name__ == "__main__":
    sys.exit(main())
