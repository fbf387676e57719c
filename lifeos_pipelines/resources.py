"""The one resource every LifeOS asset, op and sensor uses: the core's Runtime."""

from __future__ import annotations

import dagster as dg
from pydantic import Field, PrivateAttr

from lifeos_core.runtime import Runtime, build_runtime


class LifeOSResource(dg.ConfigurableResource):
    """Settings, an engine and units of work for the LifeOS core.

    The Runtime is built on first use and disposed when the run (or sensor tick) ends, so a
    process holds one engine and importing the definitions builds nothing.
    """

    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL of the app database; unset means LIFEOS_DATABASE_URL. Pass "
            'dg.EnvVar("...") rather than a literal when the URL holds a password.'
        ),
    )

    _runtime: Runtime | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._runtime = build_runtime(database_url=self.database_url)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._runtime is not None:
            self._runtime.dispose()
            self._runtime = None

    @property
    def runtime(self) -> Runtime:
        # Outside a Dagster run (a notebook, a script) nothing called setup_for_execution.
        if self._runtime is None:
            self._runtime = build_runtime(database_url=self.database_url)
        return self._runtime
