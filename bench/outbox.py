"""Outbox dispatch throughput on the local PostgreSQL, beside procrastinate's in the same run;
and, with ``--latency``, how long an event waits for its insight in a running daemon.

    python -m bench.outbox [--events 20000] [--mixed-days 8]
    python -m bench.outbox --latency [--samples 20]

Enqueues N events and drains them with our dispatcher (1 and 2 processes each): with no
subscriber (``noop``: the claim itself settles a message nobody listens to, one write per
message), with a subscriber that does nothing (``noop_handler``: the lease path, claim +
commit + settle, two writes per message), and with the real insights subscriber; then the same subscriber on
a heavy user's real mix of events, with the rows behind them (a few days of
``bench.insights``' synthetic year, every rule at work); then defers the same number of
no-op jobs with procrastinate (the established PostgreSQL task queue for Python) and drains
them with its worker.

``--latency`` starts ``dagster-daemon`` on the real definitions (a throwaway database and
DAGSTER_HOME), then commits one habit check-in at a time, each completing a 7-day streak,
at random moments, and times commit -> insight visible: the outbox sensor's tick, the run's
start-up and the dispatch, as the owner lives it. Prints one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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


def _noop_handler(uow, deliveries) -> None:
    """A subscriber that does nothing: the lease path's own cost (claim, commit, settle)."""


def _drain(url: str, mode: str, barrier=None, results=None) -> tuple[int, float, float]:
    """Drain the queue; returns (sent, started, finished) on the shared monotonic clock.

    Imports and the runtime are set up before the clock starts (procrastinate's time is
    likewise counted from its worker's start, after its app is open), and with several
    processes they start together at a barrier.
    """
    from lifeos_core.outbox.dispatcher import DispatchPolicy, dispatch_outbox
    from lifeos_core.runtime import build_runtime
    from lifeos_core.subscriptions import subscribers

    registry = {
        "noop": {},
        "noop_handler": {"calendar.event.deleted": [_noop_handler]},
        "insights": subscribers(),
    }[mode]
    runtime = build_runtime(database_url=url)
    with runtime.engine.connect():
        pass  # the pool's first connection is not the queue's cost either
    policy = DispatchPolicy(batch_size=1000, time_budget_seconds=600)
    if barrier is not None:
        barrier.wait()
    started = time.monotonic()
    report = dispatch_outbox(runtime.uow, registry, policy)
    finished = time.monotonic()
    runtime.dispose()
    if results is not None:
        results.put((report.sent, started, finished))
    return report.sent, started, finished


def ours(url: str, events: int, *, processes: int, mode: str) -> float:
    event_type = (
        "calendar.interpretation.confirmed" if mode == "insights" else "calendar.event.deleted"
    )
    _prepare(url, events, event_type)
    if processes == 1:
        runs = [_drain(url, mode)]
    else:
        context = multiprocessing.get_context("spawn")
        barrier, results = context.Barrier(processes), context.Queue()
        workers = [
            context.Process(target=_drain, args=(url, mode, barrier, results))
            for _ in range(processes)
        ]
        for worker in workers:
            worker.start()
        runs = [results.get(timeout=900) for _ in workers]
        for worker in workers:
            worker.join()
    sent = sum(run[0] for run in runs)
    elapsed = max(run[2] for run in runs) - min(run[1] for run in runs)
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


def ours_mixed(url: str, days: int) -> tuple[int, float]:
    """The real subscriber on a heavy user's mix: (events, events per second)."""
    from bench.insights import synthesise

    synthesise(url, days)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM platform_outbox"))
        events = connection.execute(
            sa.text(
                "INSERT INTO platform_outbox (event_id, user_id, event_type, payload_version, "
                "payload, status, attempts, available_at, created_at) SELECT event_id, user_id, "
                "event_type, payload_version, payload, 'pending', 0, now(), now() "
                "FROM event_record ORDER BY id"
            )
        ).rowcount
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE platform_outbox"))
    engine.dispose()
    sent, started, finished = _drain(url, "insights")
    elapsed = finished - started
    assert sent == events, f"sent {sent} of {events}"
    return events, events / elapsed


# --- latency through a running daemon -------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
STREAK_DAYS = 7


def _prepare_streaks(url: str, samples: int) -> tuple[int, list[int]]:
    """A user with one habit per sample, each done on the six days before its last one."""
    from lifeos_core.auth import service as auth
    from lifeos_core.database import migrate
    from lifeos_core.habits import service as habits
    from lifeos_core.runtime import build_runtime

    migrate.upgrade(url)
    runtime = build_runtime(database_url=url)
    with runtime.uow() as uow:
        actor = auth.create_user(uow, email="latency@example.com", password="benchmark password")
        ids = []
        for n in range(samples):
            habit = habits.create_habit(uow, actor, name=f"Habit {n}")
            for day in range(STREAK_DAYS - 1):
                habits.log_habit(uow, actor, habit_id=habit.id, logged_date=_day(day))
            ids.append(habit.id)
        uow.commit()
    runtime.dispose()
    return actor.user_id, ids


def _day(n: int) -> date:
    return date(2026, 10, 1) + timedelta(days=n)


def _start_daemon(url: str, home: Path, log: Path) -> subprocess.Popen:
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    env = dict(os.environ, DAGSTER_HOME=str(home), LIFEOS_DATABASE_URL=url, LIFEOS_ENV="test")
    daemon = Path(sys.executable).with_name("dagster-daemon")
    with log.open("w") as out:
        return subprocess.Popen(
            [str(daemon), "run", "-w", str(ROOT / "workspace.yaml")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its code server and runs share its process group
        )


def _stop(process: subprocess.Popen) -> None:
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)


def latency(samples: int, gap: tuple[float, float], seed: int = 7) -> dict[str, object]:
    from lifeos_core.habits import service as habits
    from lifeos_core.outbox import service as outbox
    from lifeos_core.runtime import build_runtime

    rng = random.Random(seed)
    with throwaway_database("bench_latency") as url, tempfile.TemporaryDirectory() as tmp:
        user_id, habit_ids = _prepare_streaks(url, samples)
        runtime = build_runtime(database_url=url)
        daemon = _start_daemon(url, Path(tmp) / "dagster", Path(tmp) / "daemon.log")
        try:
            started = time.monotonic()
            while True:  # the daemon is up once it has drained what was there before
                with runtime.uow() as uow:
                    if outbox.count_ready(uow.session) == 0:
                        break
                if time.monotonic() - started > 180 or daemon.poll() is not None:
                    raise RuntimeError((Path(tmp) / "daemon.log").read_text()[-3000:])
                time.sleep(0.5)
            warmup = time.monotonic() - started
            waits = []
            for habit_id in habit_ids:
                time.sleep(rng.uniform(*gap))  # land anywhere in the sensor's 5 s cycle
                with runtime.uow() as uow:
                    actor = _actor(uow, user_id)
                    habits.log_habit(uow, actor, habit_id=habit_id, logged_date=_day(6))
                    uow.commit()
                committed = time.monotonic()
                while not _streak_told(runtime, user_id, habit_id):
                    if time.monotonic() - committed > 120:
                        raise RuntimeError(f"no insight for habit {habit_id} after 120 s")
                    time.sleep(0.05)
                waits.append(time.monotonic() - committed)
        finally:
            _stop(daemon)
            runtime.dispose()
    quantiles = statistics.quantiles(waits, n=10, method="inclusive")
    return {
        "samples": len(waits),
        "p50_seconds": round(statistics.median(waits), 2),
        "p90_seconds": round(quantiles[-1], 2),
        "max_seconds": round(max(waits), 2),
        "min_seconds": round(min(waits), 2),
        "daemon_warmup_seconds": round(warmup, 1),
        "target_p50_seconds": 15,
    }


def _actor(uow, user_id: int):
    from lifeos_core.auth import service as auth

    return auth.get_actor(uow, user_id)


def _streak_told(runtime, user_id: int, habit_id: int) -> bool:
    from lifeos_core.insights import service as insights

    with runtime.uow() as uow:
        actor = _actor(uow, user_id)
        return any(
            i.insight_type == "habit_streak" and i.payload.get("habit_id") == habit_id
            for i in insights.list_insights(uow, actor, include_expired=True, domain="habits")
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--mixed-days", type=int, default=8, help="days of the heavy user's mix")
    parser.add_argument("--procrastinate-jobs", type=int, default=2_000, help="fewer: it is slow")
    parser.add_argument("--latency", action="store_true", help="commit -> insight via the daemon")
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    if args.latency:
        print(json.dumps(latency(args.samples, gap=(2.0, 9.0))))
        return
    result: dict[str, object] = {"events": args.events}
    runs = {
        "ours_noop_events_per_s": (1, "noop"),
        "ours_noop_2proc_events_per_s": (2, "noop"),
        "ours_noop_handler_events_per_s": (1, "noop_handler"),
        "ours_noop_handler_2proc_events_per_s": (2, "noop_handler"),
        "ours_insights_events_per_s": (1, "insights"),
    }
    for key, (processes, mode) in runs.items():
        with throwaway_database("bench_outbox") as url:
            result[key] = round(ours(url, args.events, processes=processes, mode=mode))
    with throwaway_database("bench_outbox") as url:
        events, rate = ours_mixed(url, args.mixed_days)
        result["ours_insights_mixed_events"] = events
        result["ours_insights_mixed_events_per_s"] = round(rate)
    with throwaway_database("bench_procrastinate") as url:
        result["procrastinate_jobs"] = args.procrastinate_jobs
        result["procrastinate_jobs_per_s"] = round(procrastinate_rate(url, args.procrastinate_jobs))
    result["noop_ratio_vs_procrastinate"] = round(
        result["ours_noop_events_per_s"] / max(1, result["procrastinate_jobs_per_s"]), 1
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
