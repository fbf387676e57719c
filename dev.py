#!/usr/bin/env python3
"""The two quick-start commands. Needs nothing but Python 3.11+.

    python3 dev.py up     set up .venv, migrate var/lifeos.db, load the demo owner and calendar,
                          run the pipeline once through Dagster, then serve the Dagster UI
                          (http://127.0.0.1:3000, daemon included) and the Streamlit app
                          (http://127.0.0.1:8501) until Ctrl-C
    python3 dev.py test   set up .venv and run the whole test suite (extra args go to pytest)

Standard library only: this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".lifeos-installed"
VAR = ROOT / "var"


def say(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m", flush=True)


def ensure_environment() -> None:
    """Create .venv and install the project into it, again only when pyproject.toml changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 (this file runs on whatever python3 is)
        sys.exit(f"LifeOS needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        say("Creating the virtual environment in .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    say("Installing LifeOS and its dependencies into .venv (about a minute the first time)")
    run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"])
    STAMP.write_text(wanted)


def run(command: list, env: dict | None = None) -> None:
    result = subprocess.run([str(c) for c in command], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def app_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DAGSTER_HOME", str(VAR / "dagster"))
    env.setdefault("LIFEOS_DATABASE_URL", f"sqlite:///{VAR / 'lifeos.db'}")
    dagster_home = Path(env["DAGSTER_HOME"])
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    if not config.exists():
        # Embedded default: SQLite storage under DAGSTER_HOME; no telemetry leaves the machine;
        # concurrency pools of one, so DuckDB (pool "duckdb") has a single writer at a time.
        config.write_text(
            "telemetry:\n  enabled: false\nconcurrency:\n  pools:\n    default_limit: 1\n"
        )
    return env


def up() -> None:
    ensure_environment()
    env = app_environment()
    say("Migrating the database and loading the demo owner and calendar")
    run([BIN / "lifeos", "demo", "--no-pipeline"], env=env)
    say("Running the pipeline once through Dagster (sync -> interpret -> dispatch -> insights)")
    run([PYTHON, "-m", "lifeos_pipelines", "run-once"], env=env)
    say("Serving the Dagster UI on http://127.0.0.1:3000 and the app on http://127.0.0.1:8501")
    print("    Sign in to the app with the demo account printed above. Ctrl-C stops everything.")
    serve(
        {
            "dagster": [
                BIN / "dagster",
                "dev",
                "-w",
                ROOT / "workspace.yaml",
                "-h",
                "127.0.0.1",
                "-p",
                "3000",
            ],
            "streamlit": [
                BIN / "streamlit",
                "run",
                ROOT / "dashboards" / "app.py",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                "8501",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
        },
        env,
    )


def serve(commands: dict[str, list], env: dict[str, str]) -> None:
    """Run the servers until one exits or we are interrupted; then stop them all.

    Each child gets its own process group, so stopping it (SIGINT, then SIGTERM, then
    SIGKILL) also stops the processes it started (dagster dev runs a webserver, a daemon
    and code servers); nothing is left behind.
    """
    children = {
        name: subprocess.Popen([str(c) for c in command], cwd=ROOT, env=env, start_new_session=True)
        for name, command in commands.items()
    }
    stopping = False

    def on_signal(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        while not stopping:
            exited = [name for name, child in children.items() if child.poll() is not None]
            if exited:
                say(f"{', '.join(exited)} stopped; shutting down the rest")
                break
            time.sleep(0.5)
    finally:
        say("Stopping Dagster and Streamlit")
        for sig, grace in ((signal.SIGINT, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            alive = [c for c in children.values() if c.poll() is None]
            for child in alive:
                try:
                    os.killpg(child.pid, sig)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline and any(c.poll() is None for c in alive):
                time.sleep(0.2)
        # Children started by a child (dagster's daemon, code servers) share its group.
        for child in children.values():
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def test(pytest_args: list[str]) -> None:
    ensure_environment()
    env = dict(os.environ)
    env.pop("LIFEOS_DATABASE_URL", None)
    result = subprocess.run([str(PYTHON), "-m", "pytest", *pytest_args], cwd=ROOT, env=env)
    sys.exit(result.returncode)


def main() -> None:
    command, *rest = sys.argv[1:] or ["help"]
    if command == "up":
        up()
    elif command == "test":
        test(rest)
    else:
        print(__doc__)
        sys.exit(0 if command in ("help", "-h", "--help") else 2)


if __name__ == "__main__":
    main()
