"""What sensors ask of the run history: is a run of this job already on its way?"""

from __future__ import annotations

from datetime import datetime

import dagster as dg

IN_FLIGHT = [
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


def run_in_flight(
    context: dg.SensorEvaluationContext, job_name: str, *, created_after: datetime | None = None
) -> bool:
    """True when a run of ``job_name`` is queued or running (optionally: started recently)."""
    runs = dg.RunsFilter(job_name=job_name, statuses=IN_FLIGHT, created_after=created_after)
    return bool(context.instance.get_runs_count(runs))
