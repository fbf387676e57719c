"""Real CalDAV servers (Radicale, Xandikos) on free loopback ports, for tests and the bench."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"server did not listen on {port} within {timeout}s")


@dataclass
class DavServer:
    name: str
    base_url: str
    storage: Path
    process: subprocess.Popen
    calendar_path: str  # where calendars of the test user live, e.g. "/ada/"

    def calendar_url(self, calendar_id: str) -> str:
        return f"{self.base_url}{self.calendar_path}{calendar_id}/"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _executable(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def start_radicale(storage: Path) -> DavServer:
    port = free_port()
    storage.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [
            _executable("radicale"), "--config", "",
            "--server-hosts", f"127.0.0.1:{port}",
            "--auth-type", "none",
            "--storage-filesystem-folder", str(storage),
            "--logging-level", "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )  # fmt: skip
    _wait_for(port, process)
    return DavServer("radicale", f"http://127.0.0.1:{port}", storage, process, "/ada/")


def start_xandikos(storage: Path) -> DavServer:
    port = free_port()
    storage.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [
            _executable("xandikos"), "serve", "-d", str(storage), "--defaults",
            "-l", "127.0.0.1", "-p", str(port), "--state-dir", str(storage / ".state"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    _wait_for(port, process)
    return DavServer("xandikos", f"http://127.0.0.1:{port}", storage, process, "/user/calendars/")


def seed_radicale_calendar(
    storage: Path, user: str, calendar_id: str, items: dict[str, str]
) -> None:
    """Write a calendar straight into Radicale's filesystem storage (before the server reads
    it): one file per resource, far faster than one PUT each."""
    folder = storage / "collection-root" / user / calendar_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".Radicale.props").write_text(
        json.dumps({"tag": "VCALENDAR", "D:displayname": calendar_id.title()})
    )
    for name, text in items.items():
        (folder / name).write_text(text, newline="\r\n")
