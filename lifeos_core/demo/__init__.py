"""The demo owner and calendar that the quick start loads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lifeos_core.auth import service as auth
from lifeos_core.auth.schemas import Actor
from lifeos_core.calendar import service as calendar
from lifeos_core.calendar.schemas import ConnectionView
from lifeos_core.runtime import Runtime

DEMO_EMAIL = "demo@lifeos.local"
# A published demo password is fine for a demo account on 127.0.0.1; `lifeos user create`
# makes real accounts.
DEMO_PASSWORD = "lifeos-demo-2026"
DEMO_TIMEZONE = "Europe/Berlin"


def demo_calendar_path() -> Path:
    return Path(__file__).with_name("demo.ics")


@dataclass(frozen=True)
class DemoOwner:
    actor: Actor
    connection: ConnectionView
    created: bool


def load_demo(runtime: Runtime) -> DemoOwner:
    """Create the demo owner and its .ics connection, unless they exist. Idempotent."""
    with runtime.uow() as uow:
        user_id = auth.find_user_id(uow, DEMO_EMAIL)
        created = user_id is None
        if created:
            actor = auth.create_user(
                uow,
                email=DEMO_EMAIL,
                password=DEMO_PASSWORD,
                display_name="Alex (demo)",
                timezone=DEMO_TIMEZONE,
            )
        else:
            actor = auth.get_actor(uow, user_id)
        connection = calendar.add_connection(
            uow, actor, kind="ics_file", name="Demo calendar", location=str(demo_calendar_path())
        )
        uow.commit()
    return DemoOwner(actor=actor, connection=connection, created=created)
