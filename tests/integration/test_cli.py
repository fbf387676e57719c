"""The lifeos command as an operator uses it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from lifeos_core.cli import main
from lifeos_core.config import get_settings


@pytest.fixture
def cli_env(make_sqlite_database, monkeypatch):
    """An empty SQLite database that the CLI finds through LIFEOS_DATABASE_URL."""
    url = make_sqlite_database()
    monkeypatch.setenv("LIFEOS_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_demo_prints_non_zero_counts_and_how_to_sign_in(cli_env):
    result = subprocess.run(
        [sys.executable, "-m", "lifeos_core.cli", "demo"],
        env={**os.environ, "LIFEOS_DATABASE_URL": cli_env},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Sign in as demo@lifeos.local with password" in result.stdout
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts["events"] > 0
    assert counts["interpretations"]["confirmed"] > 0 and counts["interpretations"]["inferred"] > 0
    assert counts["this_run"]["dispatch"]["sent"] > 0
    assert counts["insights"] > 0


def test_user_create_and_reset_password(cli_env, capsys):
    assert main(["db", "upgrade"]) == 0
    assert (
        main(
            [
                "user",
                "create",
                "--email",
                "ops@example.com",
                "--password",
                "long enough pw",
                "--role",
                "admin",
            ]
        )
        == 0
    )
    assert "Created user ops@example.com" in capsys.readouterr().out
    assert (
        main(["user", "create", "--email", "ops@example.com", "--password", "long enough pw"]) == 1
    )
    assert "already exists" in capsys.readouterr().err
    assert main(["user", "reset-password", "ops@example.com"]) == 0
    token = capsys.readouterr().out.split("\n\n")[1].strip()
    assert len(token) > 30
    assert main(["user", "reset-password", "nobody@example.com"]) == 1


def test_bad_input_is_a_clear_error_not_a_traceback(cli_env, capsys):
    assert main(["db", "upgrade"]) == 0
    assert main(["user", "create", "--email", "not-an-email", "--password", "long enough pw"]) == 1
    assert "email: is not an email address" in capsys.readouterr().err
