"""Deliver ready outbox messages to their subscribers (the insights engine)."""

import time

import dagster as dg

from lifeos_core.outbox import service as outbox
from lifeos_core.outbox.dispatcher import DispatchPolicy, dispatch_outbox
from lifeos_core.subscriptions import subscribers
from lifeos_pipelines.resources import LifeOSResource

# Only for failures of the dispatcher itself (the database went away): a failing subscriber is
# recorded on its message, which the outbox retries with its own backoff.
RETRY_POLICY = dg.RetryPolicy(
    max_retries=3, delay=10, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)
LOGGED_ERRORS = 20


@dg.op(retry_policy=RETRY_POLICY, out=dg.Out(dg.Nothing))
def dispatch_outbox_op(context: dg.OpExecutionContext, lifeos: LifeOSResource) -> None:
    """Claim ready messages in batches until none are left or the time budget is spent."""
    runtime = lifeos.runtime
    started = time.perf_counter()
    report = dispatch_outbox(
        runtime.uow, subscribers(), DispatchPolicy.from_settings(runtime.settings)
    )
    with runtime.uow() as uow:
        still_ready = outbox.count_ready(uow.session)
    for error in report.errors[:LOGGED_ERRORS]:
        context.log.warning(error)
    if len(report.errors) > LOGGED_ERRORS:
        context.log.warning("... and %s more failed deliveries", len(report.errors) - LOGGED_ERRORS)
    context.log.info("Dispatched outbox: %s (still ready: %s)", report.as_metadata(), still_ready)
    context.add_output_metadata(
        {
            **report.as_metadata(),
            "still_ready": still_ready,
            "duration_seconds": round(time.perf_counter() - started, 3),
        }
    )


@dg.op(retry_policy=RETRY_POLICY, out=dg.Out(dg.Nothing))
def prune_outbox_op(context: dg.OpExecutionContext, lifeos: LifeOSResource) -> None:
    """Delete delivered messages past their retention, in bounded chunks."""
    runtime = lifeos.runtime
    seconds = runtime.settings.outbox_retention_days * 86400
    pruned = 0
    while True:
        with runtime.uow() as uow:
            chunk = outbox.prune_sent(uow.session, older_than_seconds=seconds)
            uow.commit()
        pruned += chunk
        if chunk == 0:
            break
    with runtime.uow() as uow:
        health = outbox.queue_health(uow.session)
    context.log.info("Pruned %s delivered outbox messages; queue: %s", pruned, health)
    context.add_output_metadata(
        {"pruned": pruned, **{f"status_{k}": v for k, v in health["by_status"].items()}}
    )
