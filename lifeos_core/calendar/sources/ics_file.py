"""An .ics file on disk: read and expanded whole on every sync (reading a file is cheap)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from lifeos_core.calendar.ics import IcsError, read_ics_file, validate_ics
from lifeos_core.calendar.schemas import ConnectionView
from lifeos_core.calendar.sources import Fetched, Window


def fetch(connection: ConnectionView, credentials: dict[str, Any], window: Window) -> Fetched:
    occurrences = read_ics_file(
        connection.location,
        window_start=window.start,
        window_end=window.end,
        default_timezone=window.zone,
    )
    return Fetched(snapshot=occurrences, state={"window": window.key})


def store_upload(directory: Path, user_id: int, filename: str, data: bytes) -> Path:
    """Keep an uploaded .ics under ``directory`` (one folder per user), named by its content.

    The file is parsed first (in the whole past and future), so a broken upload is refused
    with the line at fault and nothing is kept.
    """
    name = Path(filename).name or "calendar.ics"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IcsError(name, None, f"is not UTF-8 text ({exc.reason})") from None
    validate_ics(text, name)
    folder = directory / str(user_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(data).hexdigest()[:16]}-{name}"
    path.write_bytes(data)
    return path
