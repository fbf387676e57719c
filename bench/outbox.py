"""Outbox dispatch throughput on the local PostgreSQL, beside procrastinate's in the same run.

    python -m bench.outbox [--events 20000]

Enqueues N events and drains them with our dispatcher: with no subscriber (claim + mark
sent), with 2 processes, and with the real insights subscriber; then defers the same number
of no-op jobs with procrastinate (the established PostgreSQL task queue for Python) and drains
them with its worker. Prints one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bench._pg import throwaway_database

os.environ.setdefault("LIFEOS_ENV", "test")


def _prepare(url: str, events: int, event_type: str) -> None:
    from lifeos_core.auth import service as auth
    from lifeos_core.database import migrate
    from lifeos_core.runtime import build_runtime

    migrate.upgrade(url)
    runtime = build_runtime(database_url=url)
    with runtime.uow() as uow:
        actor = auth.create_user(uow, email="bench@example.com", password="benchmark password")
        uow.commit()
    start = datetime(2026, 11, 2, 6, tzinfo=UTC)
    with runtime.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM platform_outbox"))
        rows = []
        for i in range(events):
            if event_type == "calendar.interpretation.confirmed":
                payload = {
                    "user_id": actor.user_id, "interpretation_id": i + 1, "calendar_event_id": i + 1,
                    "record_type": "health/workout", "decided_by": "auto", "model_version": "rules-1",
                    "event_start": (start + timedelta(hours=i % 2000)).isoformat(), "record_id": None,
                    "is_false_positive": None, "is_false_negative": None,
                }  # fmt: skip
            else:
                payload = {"user_id": actor.user_id, "event_id": i + 1}
            rows.append(
                {
                    "event_id": f"00000000-0000-0000-0000-{i:012d}",
                    "user_id": actor.user_id,
                    "event_type": event_type,
                    "payload": json.dumps(payload),
                }
            )
        connection.execute(
            sa.text(
                "INSERT INTO platform_outbox (event_id, user_id, event_type, payload_version, payload, "
                "status, attempts, available_at, created_at) VALUES (:event_id, :user_id, "
                ":event_type, 1, CAST(:payload AS jsonb), 'pending', 0, now(), now())"
            ),
            rows,
        )
    with runtime.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE platform_outbox"))
    runtime.dispose()


def _drain(url: str, with_insights: bool) -> int:
    from lifeos_core.outbox.dispatcher import DispatchPolicy, dispatch_outbox
    from lifeos_core.runtime import build_runtime
    from lifeos_core.subscriptions import subscribers

    runtime = build_runtime(database_url=url)
    policy = DispatchPolicy(batch_size=1000, time_budget_seconds=600)
    report = dispatch_outbox(runtime.uow, subscribers() if with_insights else {}, policy)
    runtime.dispose()
    return report.sent


def ours(url: str, events: int, *, processes: int, with_insights: bool) -> float:
    event_type = "calendar.interpretation.confirmed" if with_insights else "calendar.event.deleted"
    _prepare(url, events, event_type)
    started = time.perf_counter()
    if processes == 1:
        sent = _drain(url, with_insights)
    else:
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            sent = sum(pool.starmap(_drain, [(url, with_insights)] * processes))
    elapsed = time.perf_counter() - started
    assert sent == events, f"sent {sent} of {events}"
    return events / elapsed


def procrastinate_rate(url: str, jobs: int) -> float:
    import procrastinate

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=dsn))

    @app.task(name="noop")
    def noop() -> None:
        return None

    async def run() -> float:
        async with app.open_async():
            await app.schema_manager.apply_schema_async()
            for i in range(0, jobs, 1000):
                await noop.batch_defer_async(*[{} for _ in range(min(1000, jobs - i))])
            started = time.perf_counter()
            await app.run_worker_async(
                wait=False, concurrency=4, install_signal_handlers=False, listen_notify=False,
                fetch_job_polling_interval=0.05,
            )  # fmt: skip
            return jobs / (time.perf_counter() - started)

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--procrastinate-jobs", type=int, default=2_000, help="fewer: it is slow")
    args = parser.parse_args()
    result: dict[str, object] = {"events": args.events}
    with throwaway_database("bench_outbox") as url:
        result["ours_noop_events_per_s"] = round(
            ours(url, args.events, processes=1, with_insights=False)
        )
    with throwaway_database("bench_outbox") as url:
        result["ours_noop_2proc_events_per_s"] = round(
            ours(url, args.events, processes=2, with_insights=False)
        )
    with throwaway_database("bench_outbox") as url:
        result["ours_insights_events_per_s"] = round(
            ours(url, args.events, processes=1, with_insights=True)
        )
    with throwaway_database("bench_procrastinate") as url:
        result["procrastinate_jobs"] = args.procrastinate_jobs
        result["procrastinate_jobs_per_s"] = round(procrastinate_rate(url, args.procrastinate_jobs))
    result["noop_ratio_vs_procrastinate"] = round(
        result["ours_noop_events_per_s"] / max(1, result["procrastinate_jobs_per_s"]), 1
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
