"""The objects a process needs to use the core, built once by whoever hosts it.

Dagster resources, the Streamlit app (under ``st.cache_resource``), the CLI and tests each
build one ``Runtime`` and keep it; nothing here runs at import time.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from lifeos_core.config import Settings, get_settings
from lifeos_core.database import make_engine, make_session_factory
from lifeos_core.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    engine: sa.Engine
    session_factory: sessionmaker[Session]

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def dispose(self) -> None:
        self.engine.dispose()


def build_runtime(settings: Settings | None = None, database_url: str | None = None) -> Runtime:
    settings = settings or get_settings()
    engine = make_engine(database_url or settings.database_url)
    return Runtime(settings=settings, engine=engine, session_factory=make_session_factory(engine))
