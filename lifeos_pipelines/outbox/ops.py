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
