"""``lifeos keys rotate``: every credential row re-encrypted under the new key."""

from __future__ import annotations

import sqlalchemy as sa
from pydantic import SecretStr

from lifeos_core.calendar import service as calendar
from lifeos_core.crypto import Keyring, rotate_keys


def test_rotation_reencrypts_every_row_and_the_old_key_can_then_go(runtime, settings, owner):
    old = settings.model_copy(update={"encryption_key": SecretStr("old-key-" * 5)})
    both = settings.model_copy(
        update={"encryption_key": SecretStr("new-key-" * 5 + "," + "old-key-" * 5)}
    )
    new_only = settings.model_copy(update={"encryption_key": SecretStr("new-key-" * 5)})
    with runtime.uow() as uow:
        ids = [
            calendar.add_connection(
                uow, owner, kind="caldav", name=name, location=f"https://dav.example/{name}/",
                options={"username": "ada"}, credentials={"password": f"pw-{name}"},
                keyring=Keyring.from_settings(old),
            ).id
            for name in ("home", "work")
        ]  # fmt: skip
        uow.commit()

    assert rotate_keys(runtime.uow, both) == 2
    assert rotate_keys(runtime.uow, both) == 0  # already done: nothing to redo

    with runtime.uow() as uow:
        secrets = [
            calendar.connection_credentials(
                uow, owner, cid, keyring=Keyring.from_settings(new_only)
            )
            for cid in ids
        ]
    assert secrets == [{"password": "pw-home"}, {"password": "pw-work"}]
    with runtime.engine.connect() as db:
        stored = db.execute(sa.text("SELECT credentials FROM calendar_connection")).scalars().all()
    assert all(Keyring.from_settings(new_only).primary_id in token for token in stored)
    assert not any("pw-" in token for token in stored)
