"""The outbox under real processes on real PostgreSQL: SIGKILL mid-batch, again and again,
while events keep arriving; four dispatchers at once; a poison message; a message that
kills its dispatcher. Afterwards every event is delivered exactly once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from lifeos_core.auth import service as auth
from lifeos_core.calendar import service as calendar
from lifeos_core.database import migrate
from lifeos_core.outbox.models import OutboxMessage
from lifeos_core.runtime import build_runtime

pytestmark = pytest.mark.postgres
WORKER = Path(__file__).with_name("dispatcher_worker.py")
START = datetime(2026, 11, 20, 9, tzinfo=UTC)


@pytest.fixture
def queue(make_postgres_database, settings):
    url = make_postgres_database()
    migrate.upgrade(url)
    runtime = build_runtime(settings, database_url=url)
    with runtime.engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE test_delivery (event_id text NOT NULL, pid int)"))
    with runtime.uow() as uow:
        actor = auth.create_user(uow, email="kim@example.com", password="a long password")
        uow.commit()
    with runtime.uow() as uow:
        uow.session.execute(sa.update(OutboxMessage).values(status="sent"))
        uow.commit()
    yield url, runtime, actor
    runtime.dispose()


def produce(runtime, actor, titles: list[str], per_commit: int = 25) -> None:
    for i in range(0, len(titles), per_commit):
        with runtime.uow() as uow:
            for j, title in enumerate(titles[i : i + per_commit]):
                calendar.create_event(
                    uow, actor, title=title, start_time=START + timedelta(minutes=i + j)
                )
            uow.commit()


def start_worker(url: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen([sys.executable, str(WORKER), url], env=env, stderr=subprocess.DEVNULL)


def wait_until_settled(runtime, timeout: float = 60) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with runtime.uow() as uow:
            counts = dict(
                uow.session.execute(
                    sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
                ).all()
            )
        if not set(counts) - {"sent", "dead"}:
            return counts
        time.sleep(0.25)
    raise AssertionError(f"the outbox did not settle: {counts}")


def deliveries(runtime) -> tuple[int, int]:
    with runtime.engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT count(*), count(DISTINCT event_id) FROM test_delivery")
        ).one()


def created_messages(runtime, status: str) -> int:
    with runtime.uow() as uow:
        return uow.session.scalar(
            sa.select(sa.func.count()).where(
                OutboxMessage.event_type == "calendar.event.created", OutboxMessage.status == status
            )
        )


def test_sigkill_mid_batch_again_and_again_loses_and_doubles_nothing(queue):
    url, runtime, actor = queue
    titles = [f"Event {i}" for i in range(1200)]
    producer = threading.Thread(target=produce, args=(runtime, actor, titles))
    workers = [start_worker(url) for _ in range(3)]
    producer.start()
    kills = 0
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline or producer.is_alive():
            time.sleep(random.uniform(0.2, 0.5))
            victim = random.randrange(len(workers))
            workers[victim].send_signal(signal.SIGKILL)
            workers[victim].wait()
            kills += 1
            workers[victim] = start_worker(url)
        producer.join()
        counts = wait_until_settled(runtime)
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()
    assert kills >= 20
    assert counts == {"sent": len(titles) + 1}  # + the owner's registration
    assert deliveries(runtime) == (len(titles), len(titles))


def test_four_dispatchers_at_once_handle_no_message_twice(queue):
    url, runtime, actor = queue
    produce(runtime, actor, [f"Event {i}" for i in range(1500)], per_commit=500)
    workers = [start_worker(url) for _ in range(4)]
    try:
        wait_until_settled(runtime)
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()
    assert deliveries(runtime) == (1500, 1500)
    with runtime.engine.connect() as connection:
        busy = connection.execute(sa.text("SELECT count(DISTINCT pid) FROM test_delivery")).scalar()
    assert busy >= 2  # the work really was shared


def test_poison_and_process_killing_messages_go_dead_while_the_rest_flow(queue):
    url, runtime, actor = queue
    titles = [f"Event {i}" for i in range(200)]
    titles[50], titles[120] = "POISON", "CRASH"
    produce(runtime, actor, titles)
    workers = [start_worker(url) for _ in range(2)]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # a CRASH kills its worker: keep two running
            for i, worker in enumerate(workers):
                if worker.poll() is not None:
                    workers[i] = start_worker(url)
            if created_messages(runtime, "dead") == 2 and created_messages(runtime, "sent") == 198:
                break
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()
    assert created_messages(runtime, "sent") == 198
    with runtime.uow() as uow:
        dead = {
            row.payload["title"]: (row.attempts, row.last_error)
            for row in uow.session.scalars(
                sa.select(OutboxMessage).where(OutboxMessage.status == "dead")
            )
        }
    assert dead["POISON"] == (3, "ValueError: poison")
    assert dead["CRASH"][0] == 3 and "dispatcher stopped" in dead["CRASH"][1]
    assert deliveries(runtime) == (198, 198)
