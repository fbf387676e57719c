"""The outbox dispatch job, launched by the outbox sensor."""

from __future__ import annotations

import dagster as dg

from lifeos_pipelines.outbox.ops import dispatch_outbox_op, prune_outbox_op


# The sensor may launch this every few seconds: one process per run, not one per step.
# One dispatcher pool: deploy/dagster.yaml limits runs tagged lifeos/pool=outbox to one.
@dg.job(executor_def=dg.in_process_executor, tags={"lifeos/pool": "outbox"})
def outbox_dispatch_job() -> None:
    """Deliver ready outbox messages to their subscribers."""
    dispatch_outbox_op()


@dg.job(executor_def=dg.in_process_executor)
def outbox_prune_job() -> None:
    """Keep the queue table small: delete delivered messages past their retention."""
    prune_outbox_op()
