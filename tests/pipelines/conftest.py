"""Fixtures for running the Dagster definitions against the test databases."""

from __future__ import annotations

import pytest

from lifeos_pipelines.resources import LifeOSResource


@pytest.fixture
def lifeos(runtime) -> LifeOSResource:
    """The resource, pointed at this test's database (of each backend)."""
    return LifeOSResource(database_url=runtime.engine.url.render_as_string(hide_password=False))


@pytest.fixture
def resources(lifeos) -> dict[str, LifeOSResource]:
    return {"lifeos": lifeos}


@pytest.fixture
def demo(runtime):
    from lifeos_core.demo import load_demo

    return load_demo(runtime)
