"""``python -m bench.sync``: our CalDAV sync against vdirsyncer's, and a 10,000-event Google
full sync through the fake API. The result is one JSON object on the last line.

Targets: initial CalDAV sync no slower than vdirsyncer; a no-change incremental sync at least
10x faster than vdirsyncer's no-change run and under 1 s; the Google full sync under 5 s.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the local peers live with the tests

from fakes.dav import seed_radicale_calendar, start_radicale  # noqa: E402
from fakes.google_calendar import FakeGoogleCalendar, GoogleServer  # noqa: E402

CALDAV_EVENTS = 2000
GOOGLE_EVENTS = 10_000
PASSWORD = "bench-app-password"


def _vevent(n: int, start: datetime) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:bench-{n}\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}\r\nDTEND:{start + timedelta(hours=1):%Y%m%dT%H%M%SZ}\r\n"
        f"SUMMARY:Bench event {n}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def _runtime(workdir: Path):
    from lifeos_core.config import get_settings
    from lifeos_core.database import migrate
    from lifeos_core.runtime import build_runtime

    url = f"sqlite:///{workdir / 'bench.db'}"
    migrate.upgrade(url)
    get_settings.cache_clear()
    return build_runtime(database_url=url)


def _owner(runtime):
    from lifeos_core.auth import service as auth

    with runtime.uow() as uow:
        actor = auth.create_user(uow, email="bench@example.com", password="bench bench bench")
        uow.commit()
    return actor


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, round(time.perf_counter() - started, 3)


def bench_caldav(workdir: Path) -> dict:
    from lifeos_core.calendar import service as calendar
    from lifeos_core.calendar.sync import sync_connection
    from lifeos_core.crypto import Keyring

    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=10)
    items = {
        f"bench-{n}.ics": _vevent(n, base + timedelta(hours=n % 480)) for n in range(CALDAV_EVENTS)
    }
    storage = workdir / "radicale"
    seed_radicale_calendar(storage, "ada", "bench", items)
    server = start_radicale(storage)
    url = server.calendar_url("bench")
    # Radicale reads and caches every item on first access (seconds for 2,000): warm it up so
    # neither syncer is charged for it (whoever ran first would be).
    requests.request("PROPFIND", url, headers={"Depth": "1"}, auth=("ada", PASSWORD), timeout=300)
    try:
        runtime = _runtime(workdir)
        owner = _owner(runtime)
        with runtime.uow() as uow:
            connection = calendar.add_connection(
                uow, owner, kind="caldav", name="Bench", location=url,
                options={"username": "ada"}, credentials={"password": PASSWORD},
                keyring=Keyring.from_settings(runtime.settings),
            )  # fmt: skip
            uow.commit()
        first, ours_initial = _timed(
            lambda: sync_connection(runtime.uow, runtime.settings, connection.id)
        )
        again, ours_nochange = _timed(
            lambda: sync_connection(runtime.uow, runtime.settings, connection.id)
        )
        runtime.dispose()
        vdir_initial, vdir_nochange, vdir_error = _vdirsyncer(workdir, url)
    finally:
        server.stop()
    result = {
        "events": CALDAV_EVENTS,
        "ours_initial_seconds": ours_initial,
        "ours_created": first.created,
        "ours_nochange_seconds": ours_nochange,
        "ours_nochange_writes": again.created + again.updated + again.deleted,
        "vdirsyncer_initial_seconds": vdir_initial,
        "vdirsyncer_nochange_seconds": vdir_nochange,
    }
    if vdir_error:
        result["vdirsyncer_error"] = vdir_error
    if vdir_initial and vdir_nochange:
        result["initial_no_slower"] = ours_initial <= vdir_initial
        result["nochange_speedup"] = round(vdir_nochange / max(ours_nochange, 1e-6), 1)
        result["nochange_target_met"] = result["nochange_speedup"] >= 10 and ours_nochange < 1
    return result


def _vdirsyncer(workdir: Path, url: str):
    executable = shutil.which("vdirsyncer") or str(Path(sys.executable).with_name("vdirsyncer"))
    if not Path(executable).exists():
        return None, None, "vdirsyncer is not installed"
    folder = workdir / "vdir"
    (folder / "local").mkdir(parents=True)
    config = folder / "config"
    config.write_text(
        f"""[general]
status_path = "{folder / "status"}/"

[pair bench]
a = "bench_local"
b = "bench_remote"
collections = null

[storage bench_local]
type = "filesystem"
path = "{folder / "local"}/"
fileext = ".ics"

[storage bench_remote]
type = "caldav"
url = "{url}"
username = "ada"
password = "{PASSWORD}"
"""
    )
    env = {**os.environ, "VDIRSYNCER_CONFIG": str(config)}

    def run(*args):
        return subprocess.run(
            [executable, "-c", str(config), *args], env=env, capture_output=True, text=True,
            input="y\n" * 5, timeout=600,
        )  # fmt: skip

    discovered = run("discover")
    if discovered.returncode:
        return None, None, (discovered.stderr or discovered.stdout)[-500:]
    initial, initial_seconds = _timed(lambda: run("sync"))
    if initial.returncode:
        return None, None, (initial.stderr or initial.stdout)[-500:]
    _, nochange_seconds = _timed(lambda: run("sync"))
    return initial_seconds, nochange_seconds, None


def bench_google(workdir: Path) -> dict:
    from lifeos_core.calendar import service as calendar
    from lifeos_core.calendar.sync import sync_connection
    from lifeos_core.crypto import Keyring

    fake = FakeGoogleCalendar()
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=10)
    for n in range(GOOGLE_EVENTS):
        start = base + timedelta(minutes=7 * n)
        fake.put(
            {"id": f"ev{n}", "summary": f"Google event {n}",
             "start": {"dateTime": start.isoformat()},
             "end": {"dateTime": (start + timedelta(minutes=30)).isoformat()}}
        )  # fmt: skip
    with GoogleServer(fake):
        os.environ.update(
            LIFEOS_GOOGLE_CLIENT_ID="bench", LIFEOS_GOOGLE_CLIENT_SECRET="bench",
            LIFEOS_GOOGLE_TOKEN_URI=f"{fake.base_url}/token",
            LIFEOS_GOOGLE_API_ENDPOINT=f"{fake.base_url}/calendar/v3/",
        )  # fmt: skip
        runtime = _runtime(workdir / "google")
        owner = _owner(runtime)
        expiry = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        with runtime.uow() as uow:
            connection = calendar.add_connection(
                uow, owner, kind="google", name="Bench", location="primary",
                credentials={"token": "t", "refresh_token": "r", "expiry": expiry},
                keyring=Keyring.from_settings(runtime.settings),
            )  # fmt: skip
            uow.commit()
        counts, seconds = _timed(
            lambda: sync_connection(runtime.uow, runtime.settings, connection.id)
        )
        runtime.dispose()
    return {
        "events": GOOGLE_EVENTS,
        "full_sync_seconds": seconds,
        "fetched": counts.fetched,
        "created": counts.created,
        "target_met": seconds < 5,
    }


def main() -> int:
    os.environ.setdefault("LIFEOS_CALENDAR_WINDOW_PAST_DAYS", "120")
    os.environ.setdefault("LIFEOS_CALENDAR_WINDOW_FUTURE_DAYS", "120")
    with tempfile.TemporaryDirectory(prefix="lifeos-bench-") as tmp:
        workdir = Path(tmp)
        (workdir / "google").mkdir()
        result = {"caldav": bench_caldav(workdir), "google": bench_google(workdir)}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
