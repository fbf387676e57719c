"""A dispatcher process for the crash tests: drains the outbox until killed.

Its subscriber writes one row per delivered message into ``test_delivery`` (a table the test
creates in its throwaway database), in the same transaction as the ``sent`` mark, and sleeps
a little per batch so that a SIGKILL often lands mid-batch. A message titled CRASH kills the
process; one titled POISON raises.

    python dispatcher_worker.py DATABASE_URL
"""

from __future__ import annotations

import os
import sys
import time

import sqlalchemy as sa

from lifeos_core.outbox.dispatcher import DispatchPolicy, dispatch_outbox
from lifeos_core.runtime import build_runtime

POLICY = DispatchPolicy(
    batch_size=40,
    lease_seconds=2,
    max_attempts=3,
    backoff_base_seconds=0.2,
    backoff_max_seconds=0.5,
    time_budget_seconds=5,
)


def record(uow, deliveries) -> None:
    for event, _message in deliveries:
        if event.title == "CRASH":
            os._exit(17)  # the process dies mid-transaction
        if event.title == "POISON":
            raise ValueError("poison")
    uow.session.execute(
        sa.text("INSERT INTO test_delivery (event_id, pid) VALUES (:event_id, :pid)"),
        [{"event_id": message.event_id, "pid": os.getpid()} for _, message in deliveries],
    )
    time.sleep(0.02)


def main() -> None:
    runtime = build_runtime(database_url=sys.argv[1])
    while True:
        report = dispatch_outbox(runtime.uow, {"calendar.event.created": [record]}, POLICY)
        if report.claimed == 0:
            time.sleep(0.05)


if __name__ == "__main__":
    main()
