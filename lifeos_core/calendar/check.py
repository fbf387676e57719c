"""``lifeos calendar check-ics PATH...``: parse and normalise .ics files, write nothing.

One JSON line per file: ``{"path", "ok", "events", "occurrences", "error"}``. ``events`` counts
the VEVENT components, ``occurrences`` what the sync would store in the current window. The
exit status is non-zero only when a file could not be read at all; a file that is read but
rejected is reported with its error and ``ok: false``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

import icalendar

from lifeos_core.calendar.ics import IcsError, parse_ics
from lifeos_core.calendar.sync import sync_window
from lifeos_core.config import Settings


def check_ics_file(path: Path | str, settings: Settings) -> dict[str, Any]:
    """What importing ``path`` would give; raises OSError when it cannot be read."""
    path = Path(path)
    raw = path.read_bytes()
    result: dict[str, Any] = {"path": str(path), "ok": False, "events": 0, "occurrences": 0}
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return {**result, "error": f"{path}: is not UTF-8 text ({exc.reason})"}
    window_start, window_end = sync_window(settings)
    try:
        occurrences = parse_ics(
            text, source=str(path), window_start=window_start, window_end=window_end
        )
        events = len(icalendar.Calendar.from_ical(text).walk("VEVENT"))
    except IcsError as exc:
        return {**result, "error": str(exc)}
    return {**result, "ok": True, "events": events, "occurrences": len(occurrences), "error": None}


def check_ics_files(paths: list[str], settings: Settings, *, out: TextIO | None = None) -> int:
    """Print one JSON line per path; the exit status (1 if any file could not be read)."""
    out = out or sys.stdout
    unreadable = False
    for path in paths:
        try:
            result = check_ics_file(path, settings)
        except OSError as exc:
            unreadable = True
            result = {
                "path": str(path),
                "ok": False,
                "events": 0,
                "occurrences": 0,
                "error": f"{path}: could not be read ({exc.strerror or exc})",
            }
        print(json.dumps(result, ensure_ascii=False, default=str), file=out, flush=True)
    return 1 if unreadable else 0
