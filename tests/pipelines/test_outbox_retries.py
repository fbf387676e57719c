"""A dispatch run whose step fails for a passing reason is retried by Dagster and succeeds."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import sqlalchemy as sa

from lifeos_core.calendar.sync import sync_all_connections
from lifeos_core.database import migrate
from lifeos_core.demo import load_demo
from lifeos_core.insights import service as insights
from lifeos_core.interpreter.service import interpret_new_events
from lifeos_core.outbox import service as outbox
from lifeos_core.runtime import build_runtime
from lifeos_pipelines.outbox.jobs import outbox_dispatch_job
from lifeos_pipelines.resources import LifeOSResource

pytestmark = pytest.mark.postgres
OUTAGE_SECONDS = 4


def test_a_dispatch_run_that_fails_is_retried_and_its_retry_recorded(
    postgres_admin_url, dagster_instance, settings
):
    """The app database is unreachable when the run starts and back a few seconds later: the
    step fails, Dagster's RetryPolicy runs it again, and the retry delivers everything."""
    prepared, name = (f"lifeos_test_{uuid.uuid4().hex[:12]}" for _ in range(2))

    def url_of(db: str) -> str:
        return (
            sa.engine.make_url(postgres_admin_url)
            .set(database=db)
            .render_as_string(hide_password=False)
        )

    admin = sa.create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{prepared}"'))
    try:
        # Messages waiting in the outbox: the demo synced and interpreted, not dispatched.
        migrate.upgrade(url_of(prepared))
        runtime = build_runtime(settings, database_url=url_of(prepared))
        owner = load_demo(runtime).actor
        sync_all_connections(runtime.uow, settings)
        interpret_new_events(runtime.uow, settings)
        runtime.dispose()

        def database_comes_back() -> None:  # the outage ends, all at once
            time.sleep(OUTAGE_SECONDS)
            with admin.connect() as connection:
                connection.execute(sa.text(f'ALTER DATABASE "{prepared}" RENAME TO "{name}"'))

        restorer = threading.Thread(target=database_comes_back)
        restorer.start()
        result = outbox_dispatch_job.execute_in_process(
            resources={"lifeos": LifeOSResource(database_url=url_of(name))},
            instance=dagster_instance,
            raise_on_error=False,
        )
        restorer.join()

        assert result.success
        kinds = [
            e.event_type_value for e in result.all_events if e.step_key == "dispatch_outbox_op"
        ]
        assert "STEP_UP_FOR_RETRY" in kinds and kinds[-1] == "STEP_SUCCESS"
        runtime = build_runtime(settings, database_url=url_of(name))
        try:
            with runtime.uow() as uow:
                assert outbox.count_ready(uow.session) == 0
                assert insights.count_insights(uow, owner) > 0
        finally:
            runtime.dispose()
    finally:
        with admin.connect() as connection:
            for db in (prepared, name):
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        admin.dispose()
