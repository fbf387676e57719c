"""Launch the dispatch job whenever outbox messages are ready."""

import json
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Self

import dagster as dg

from lifeos_core.outbox import service as outbox
from lifeos_pipelines.outbox.jobs import outbox_dispatch_job
from lifeos_pipelines.resources import LifeOSResource
from lifeos_pipelines.runs import run_in_flight


@dataclass(frozen=True)
class OutboxCursor:
    """The newest message id seen, and how many runs were requested since it appeared.

    A run key of the newest id alone would be spent by the first run: if that run failed, or
    left messages to retry later, the next request would carry the same key and Dagster would
    drop it until a newer message arrived. Counting requests per newest id gives every request
    a fresh key, while a tick whose cursor was lost repeats its key and is deduplicated.
    """

    newest_message_id: int = 0
    requests: int = 0

    @classmethod
    def parse(cls, raw: str | None) -> Self:
        try:
            return cls(**json.loads(raw)) if raw else cls()
        except (TypeError, ValueError):  # edited by hand in the UI: start counting afresh
            return cls()

    def after_request(self, newest_message_id: int) -> Self:
        if newest_message_id == self.newest_message_id:
            return replace(self, requests=self.requests + 1)
        return type(self)(newest_message_id=newest_message_id, requests=1)

    @property
    def run_key(self) -> str:
        return f"outbox-{self.newest_message_id}-{self.requests}"

    def serialize(self) -> str:
        return json.dumps(asdict(self))


@dg.sensor(
    job=outbox_dispatch_job,
    minimum_interval_seconds=5,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def outbox_sensor(
    context: dg.SensorEvaluationContext, lifeos: LifeOSResource
) -> dg.RunRequest | dg.SkipReason:
    """Request a dispatch run when messages are ready and none is already on its way."""
    runtime = lifeos.runtime
    # One run drains the queue; another launched beside it would only compete for claims.
    # Runs older than a lease are ignored, so a run stuck in STARTED cannot stall the outbox:
    # whatever it claimed is claimable again by then.
    since = datetime.now(UTC) - timedelta(seconds=runtime.settings.outbox_lease_seconds)
    if run_in_flight(context, outbox_dispatch_job.name, created_after=since):
        return dg.SkipReason("An outbox dispatch run is already queued or running")
    with runtime.uow() as uow:
        ready = outbox.count_ready(uow.session)
        newest = outbox.newest_message_id(uow.session)
    if ready == 0:
        return dg.SkipReason("No outbox messages are ready")
    cursor = OutboxCursor.parse(context.cursor).after_request(newest)
    context.update_cursor(cursor.serialize())
    return dg.RunRequest(run_key=cursor.run_key, tags={"lifeos/outbox_ready": str(ready)})
