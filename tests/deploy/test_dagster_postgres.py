"""deploy/dagster.yaml against a real PostgreSQL: the instance loads, jobs run through it, and
the daemon's sensor and queue code paths work as they do in the deployed stack.

The code location is started with the code-location command of deploy/compose.yaml, and the
daemon finds it through deploy/workspace.yaml, so these tests exercise the containers' commands.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa
from deploy_files import DEPLOY, ROOT, load_yaml

pytestmark = pytest.mark.postgres
# The app database on PostgreSQL only: production refuses SQLite.
on_postgres = pytest.mark.parametrize("database_url", ["postgres"], indirect=True)

BIN = Path(sys.executable).parent


def compose_command(service: str) -> list[str]:
    return list(load_yaml("compose.yaml")["services"][service]["command"])


def with_option(command: list[str], option: str, value: str) -> list[str]:
    """The command with one option's value replaced (a free port instead of the container's)."""
    i = command.index(option)
    return [*command[: i + 1], value, *command[i + 2 :]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def executable(command: list[str]) -> list[str]:
    """Run a console script from this virtual environment, as the image's PATH would."""
    return [str(BIN / command[0]), *command[1:]]


def test_the_production_instance_keeps_runs_events_and_schedules_in_postgres(dagster_home):
    from dagster._core.run_coordinator import QueuedRunCoordinator
    from dagster_postgres import (
        PostgresEventLogStorage,
        PostgresRunStorage,
        PostgresScheduleStorage,
    )

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        assert isinstance(instance.run_storage, PostgresRunStorage)
        assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
        assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
        assert isinstance(instance.run_coordinator, QueuedRunCoordinator)
        limits = instance.get_concurrency_config().run_queue_config.tag_concurrency_limits
        assert {"key": "lifeos/pool", "value": "outbox", "limit": 1} in limits
        assert instance.run_retries_enabled and instance.run_retries_max_retries == 2
        assert instance.run_monitoring_enabled


@on_postgres
def test_a_job_run_through_the_production_instance_is_stored_in_postgres(
    runtime, lifeos_database, dagster_home, dagster_database_url
):
    from lifeos_core.demo import load_demo
    from lifeos_pipelines.definitions import defs

    load_demo(runtime)  # registering the demo owner leaves a message in the outbox
    job = defs.resolve_job_def("outbox_dispatch_job")
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        result = job.execute_in_process(instance=instance)
    assert result.success

    # Another process (the webserver) opens its own instance from the same file.
    with dg.DagsterInstance.from_config(str(dagster_home)) as webserver_instance:
        (run,) = webserver_instance.get_runs()
    assert (run.run_id, run.job_name, run.status) == (
        result.run_id,
        "outbox_dispatch_job",
        dg.DagsterRunStatus.SUCCESS,
    )
    # It is a row in PostgreSQL, with its events, not files under DAGSTER_HOME.
    engine = sa.create_engine(dagster_database_url)
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT run_id FROM runs")).scalars().all()
        events = connection.execute(
            sa.text("SELECT count(*) FROM event_logs WHERE run_id = :run_id"),
            {"run_id": run.run_id},
        ).scalar()
    engine.dispose()
    assert stored == [run.run_id] and events > 0


@pytest.fixture
def code_location(dagster_home, lifeos_database, monkeypatch):
    """The code-location container's command, on a free port of this machine."""
    port = free_port()
    command = with_option(compose_command("code-location"), "-p", str(port))
    command = with_option(command, "-h", "127.0.0.1")
    monkeypatch.setenv("DAGSTER_CODE_LOCATION_HOST", "127.0.0.1")
    monkeypatch.setenv("DAGSTER_CODE_LOCATION_PORT", str(port))
    server = subprocess.Popen(executable(command), cwd=ROOT, env=dict(os.environ))
    try:
        _wait_until_serving(server, port)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_serving(server: subprocess.Popen, port: int, timeout: float = 60) -> None:
    from dagster._grpc.client import DagsterGrpcClient

    client = DagsterGrpcClient(port=port, host="127.0.0.1")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the code location exited with {server.returncode}")
        try:
            client.ping("ready")
            return
        except Exception:  # not listening yet
            time.sleep(0.2)
    pytest.fail(f"the code location did not answer on port {port} within {timeout} s")


def _wait_for_runs(instance, timeout: float = 90) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = instance.get_runs()
        if runs and all(run.is_finished for run in runs):
            return runs
        time.sleep(0.3)
    pytest.fail(f"runs still unfinished after {timeout} s: {[r.status for r in runs]}")


@on_postgres
def test_the_daemon_ticks_the_outbox_sensor_and_launches_its_run_on_the_code_location(
    runtime, code_location
):
    from dagster._core.scheduler.instigation import TickStatus
    from dagster._core.test_utils import create_test_daemon_workspace_context
    from dagster._core.workspace.load_target import WorkspaceFileTarget
    from dagster._daemon.daemon import get_default_daemon_logger
    from dagster._daemon.run_coordinator.queued_run_coordinator_daemon import (
        QueuedRunCoordinatorDaemon,
    )
    from dagster._daemon.sensor import execute_sensor_iteration

    from lifeos_core.demo import load_demo
    from lifeos_core.outbox import service as outbox

    load_demo(runtime)  # registering the demo owner leaves a message in the outbox
    # The healthcheck of the code-location container passes against the running server.
    health = with_option(
        load_yaml("compose.yaml")["services"]["code-location"]["healthcheck"]["test"][1:],
        "-p",
        str(code_location),
    )
    assert subprocess.run(executable(health), capture_output=True).returncode == 0

    workspace = WorkspaceFileTarget(paths=[str(DEPLOY / "workspace.yaml")])
    with (
        dg.DagsterInstance.get() as instance,
        create_test_daemon_workspace_context(workspace, instance) as context,
    ):
        location = context.create_request_context().get_code_location("lifeos")
        (repository,) = location.get_repositories().values()
        sensor = repository.get_sensor("outbox_sensor")
        for other in repository.get_sensors():  # the outbox sensor alone: one run to wait for
            if other.name != sensor.name:
                instance.stop_sensor(other.get_remote_origin_id(), other.selector_id, other)

        # One iteration of the sensor daemon, then one of the run queue, as `dagster-daemon run`.
        list(
            execute_sensor_iteration(context, get_default_daemon_logger("SensorDaemon"), None, None)
        )
        queued = instance.get_runs()
        assert [(run.job_name, run.status) for run in queued] == [
            ("outbox_dispatch_job", dg.DagsterRunStatus.QUEUED)
        ]
        assert queued[0].tags["dagster/sensor_name"] == "outbox_sensor"

        list(QueuedRunCoordinatorDaemon(interval_seconds=1).run_iteration(context))
        runs = _wait_for_runs(instance)
        ticks = instance.get_ticks(sensor.get_remote_origin_id(), sensor.selector_id)

    assert [(tick.status, tick.run_ids) for tick in ticks] == [
        (TickStatus.SUCCESS, [queued[0].run_id])
    ]
    assert [(run.job_name, run.status) for run in runs] == [
        ("outbox_dispatch_job", dg.DagsterRunStatus.SUCCESS)
    ]
    with runtime.uow() as uow:
        assert outbox.count_ready(uow.session) == 0
        assert outbox.status_counts(uow.session)["sent"] >= 1


def test_the_compose_migration_steps_run_clean_on_empty_databases(
    dagster_home, make_postgres_database, monkeypatch
):
    # `lifeos db upgrade` with the settings of a production container.
    app_database = make_postgres_database()
    monkeypatch.setenv("LIFEOS_ENV", "production")
    monkeypatch.setenv("LIFEOS_ENCRYPTION_KEY", secrets.token_urlsafe(32))
    monkeypatch.setenv("LIFEOS_DATABASE_URL", app_database)
    steps = {
        service: subprocess.Popen(
            executable(compose_command(service)),
            cwd=ROOT,
            env=dict(os.environ),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for service in ("migrate", "dagster-migrate")
    }
    for service, step in steps.items():
        output, _ = step.communicate(timeout=120)
        assert step.returncode == 0, f"{service}: {output}"
    engine = sa.create_engine(app_database)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
