"""The analytics snapshot, built from a real app database (SQLite and PostgreSQL).

The demo owner after one pipeline run (calendar events, interpretations confirmed and waiting,
inferred records) plus records typed into each domain; the snapshot is refreshed and read back
the way the app and notebooks read it.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from lifeos_core.analytics import connect, queries
from lifeos_core.analytics.build import refresh_snapshot
from lifeos_core.analytics.checks import count_mismatches, ledger_imbalances
from lifeos_core.calendar import service as calendar
from lifeos_core.demo import load_demo
from lifeos_core.finance import service as finance
from lifeos_core.habits import service as habits
from lifeos_core.health import service as health
from lifeos_core.interpreter import review
from lifeos_core.journal import service as journal
from lifeos_core.pipeline import run_pipeline_once
from lifeos_core.projects import service as projects
from lifeos_core.skills import service as skills

TODAY = datetime.now(UTC).date()
EVER = {"start": date(2000, 1, 1), "end": TODAY + timedelta(days=400)}


@pytest.fixture
def path(tmp_path):
    return tmp_path / "analytics.duckdb"


@pytest.fixture
def demo_owner(runtime):
    """The demo owner after one pipeline run: synced events, interpretations, inferences."""
    actor = load_demo(runtime).actor
    run_pipeline_once(runtime)
    return actor


@pytest.fixture
def typed_in(runtime, demo_owner) -> dict:
    return type_in(runtime, demo_owner)


def type_in(runtime, owner) -> dict:
    """A record typed into each domain by ``owner``, today."""
    with runtime.uow() as uow:
        living = finance.create_category(uow, owner, name="Living").id
        groceries = finance.create_account(
            uow, owner, name="Groceries", account_type="expense", category_id=living
        ).id
        checking = finance.create_account(uow, owner, name="Checking", account_type="asset").id
        shopping = finance.create_transaction(
            uow, owner, occurred_on=TODAY, amount=Decimal("-42.50"), description="Market",
            account_id=groceries, payment_account_id=checking,
        ).id  # fmt: skip
        loose = finance.create_transaction(
            uow, owner, occurred_on=TODAY, amount=Decimal("-7.00"), description="Kiosk",
            payment_account_id=checking,
        ).id  # fmt: skip
        floss = habits.create_habit(uow, owner, name="Floss").id
        habits.log_habit(uow, owner, habit_id=floss, logged_date=TODAY)
        health.log_workout(uow, owner, workout_date=TODAY, workout_type="swim", duration_minutes=30)
        cello = skills.create_skill(uow, owner, name="Cello").id
        skills.log_practice(
            uow, owner, skill_id=cello, practiced_at=datetime.now(UTC) - timedelta(hours=1),
            duration_minutes=40,
        )  # fmt: skip
        treehouse = projects.create_project(uow, owner, name="Treehouse").id
        projects.log_time(uow, owner, project_id=treehouse, time_minutes=50, logged_date=TODAY)
        journal.create_entry(uow, owner, entry_date=TODAY, body="Good day.", mood=8)
        pottery = calendar.create_event(
            uow, owner, title="Pottery", start_time=datetime.now(UTC) - timedelta(hours=3),
            end_time=datetime.now(UTC) - timedelta(hours=2),
        ).id  # fmt: skip
        uow.commit()
    return {
        "groceries": groceries, "checking": checking, "shopping": shopping, "loose": loose,
        "pottery": pottery,
    }  # fmt: skip


def fetch(path, sql: str, *params) -> list[tuple]:
    with connect(path) as con:
        return con.execute(sql, list(params)).fetchall()


def test_the_read_models_hold_what_the_app_database_holds(runtime, demo_owner, typed_in, path):
    owner = demo_owner
    report = refresh_snapshot(runtime, path=path)

    assert report.mode == "full"
    with connect(path) as con:
        assert count_mismatches(runtime, con) == []
        assert ledger_imbalances(con) == []
        spending = queries.spending_by_category(con, owner, **EVER)
        practice = queries.practice_hours(con, owner, **EVER)
        moods = queries.mood_vs_exercise(con, owner, **EVER)
        heatmap = queries.habit_heatmap(con, owner, **EVER)
    living = spending[spending["category"] == "Living"]
    assert living["amount"].sum() == pytest.approx(42.50)
    assert spending[spending["category"] == "Uncategorised"]["amount"].sum() >= 7.00
    assert practice[practice["skill"] == "Cello"].to_dict("records") == [
        {"skill": "Cello", "hours": 0.67, "sessions": 1}
    ]
    [today] = moods[moods["day"].dt.date == TODAY].to_dict("records")
    assert today["mood"] == 8 and today["exercise_minutes"] >= 30
    assert "Floss" in set(heatmap["habit"])
    # The demo's confirmed calendar time, by domain.
    assert {"health", "finance"} <= {
        d for (d,) in fetch(path, "SELECT domain FROM time_allocation")
    }


def test_inferences_waiting_for_review_are_flagged_until_confirmed(
    runtime, demo_owner, typed_in, path
):
    owner = demo_owner
    refresh_snapshot(runtime, path=path)
    # A record waiting for review whose event no confirmed reading claims yet.
    pending = fetch(
        path,
        "SELECT domain, record_type, record_id, calendar_event_id, day FROM timeline t "
        "WHERE inferred_status = 'inferred' AND NOT counts AND NOT EXISTS ("
        "  SELECT 1 FROM staging.interpretations i"
        "  WHERE i.calendar_event_id = t.calendar_event_id AND i.status = 'confirmed'"
        ") ORDER BY record_type, record_id",
    )
    assert pending, "the demo leaves inferred records for review"
    domain, record_type, record_id, event_id, day = pending[0]
    week = day - timedelta(days=day.weekday())

    def counted() -> tuple:
        records = fetch(
            path, "SELECT coalesce(sum(records), 0) FROM daily_rollup WHERE domain = ? AND day = ?",
            domain, day,
        )[0][0]  # fmt: skip
        allocation = dict(
            fetch(path, "SELECT domain, minutes FROM time_allocation WHERE week = ?", week)
        )
        return records, allocation.get(domain, 0), allocation.get("unassigned", 0)

    records, domain_minutes, unassigned = counted()
    event_minutes = fetch(
        path, "SELECT minutes FROM timeline WHERE record_type = 'calendar/event' "
        "AND record_id = ?", event_id,
    )[0][0]  # fmt: skip

    with runtime.uow() as uow:
        waiting = calendar.list_interpretations(uow, owner, statuses=("inferred",), limit=500)
        [decided] = [
            i for i in waiting
            if i.calendar_event_id == event_id and i.domain == domain
        ]  # fmt: skip
        review.decide(uow, owner, interpretation_ids=[decided.id], decision="confirm")
        uow.commit()
    report = refresh_snapshot(runtime, path=path)

    assert report.mode == "incremental"
    assert fetch(
        path, "SELECT inferred_status, counts FROM timeline WHERE record_type = ? "
        "AND record_id = ?", record_type, record_id,
    ) == [("confirmed", True)]  # fmt: skip
    assert counted() == (records + 1, domain_minutes + event_minutes, unassigned - event_minutes)


def test_an_incremental_refresh_follows_new_changed_and_deleted_records(
    runtime, demo_owner, typed_in, path
):
    owner = demo_owner
    refresh_snapshot(runtime, path=path)
    with runtime.uow() as uow:
        calendar.update_event(uow, owner, typed_in["pottery"], title="Pottery wheel")
        finance.categorise_transaction(
            uow, owner, typed_in["loose"], account_id=typed_in["groceries"],
            payment_account_id=typed_in["checking"],
        )  # fmt: skip
        finance.delete_transaction(uow, owner, typed_in["shopping"])
        health.log_workout(uow, owner, workout_date=TODAY, workout_type="yoga", duration_minutes=25)
        doodle = calendar.create_event(
            uow, owner, title="Doodle", start_time=datetime.now(UTC) - timedelta(minutes=30)
        ).id
        uow.commit()
    with runtime.uow() as uow:
        calendar.delete_event(uow, owner, doodle)
        uow.commit()

    report = refresh_snapshot(runtime, path=path)

    assert report.mode == "incremental" and report.users_read_whole == 0
    titles = {
        t for (t,) in fetch(path, "SELECT title FROM timeline WHERE user_id = ?", owner.user_id)
    }
    assert "Pottery wheel" in titles and "Pottery" not in titles
    assert "Market" not in titles and "Doodle" not in titles
    assert fetch(path, "SELECT amount FROM spending WHERE category = 'Living'") == [
        (Decimal("7.00"),)
    ]
    with connect(path) as con:
        assert count_mismatches(runtime, con) == []
        assert ledger_imbalances(con) == []
        assert "yoga" in set(queries.workout_volume(con, owner, **EVER)["workout_type"])

    # Step by step ends where reading everything again does.
    rebuilt = path.with_name("rebuilt.duckdb")
    refresh_snapshot(runtime, path=rebuilt, full=True)
    for model in ("timeline", "daily_rollup", "time_allocation", "spending", "habit_facts"):
        sql = (
            f"SELECT * EXCLUDE (occurred_at) FROM {model} ORDER BY ALL"
            if model == "timeline"
            else f"SELECT * FROM {model} ORDER BY ALL"
        )
        assert fetch(path, sql) == fetch(rebuilt, sql), model


def test_each_user_sees_only_their_own_analytics(runtime, owner, make_user, path):
    type_in(runtime, owner)
    ben = make_user("ben@example.com", timezone="UTC")
    with runtime.uow() as uow:
        cash = finance.create_account(uow, ben, name="Cash", account_type="asset").id
        finance.create_transaction(
            uow, ben, occurred_on=TODAY, amount=Decimal("-99.00"), description="Ben's bike",
            payment_account_id=cash,
        )  # fmt: skip
        health.log_workout(uow, ben, workout_date=TODAY, workout_type="climb", duration_minutes=90)
        uow.commit()
    refresh_snapshot(runtime, path=path)

    with connect(path) as con:
        for_owner = {q.__name__: q(con, owner, **EVER) for q in queries.APP_QUERIES}
        for_ben = {q.__name__: q(con, ben, **EVER) for q in queries.APP_QUERIES}
        ben_timeline = queries.timeline(con, ben, **EVER)
    assert "climb" not in set(for_owner["workout_volume"]["workout_type"])
    assert set(for_ben["workout_volume"]["workout_type"]) == {"climb"}
    assert for_ben["spending_by_category"]["amount"].tolist() == [99.0]
    assert 99.0 not in set(for_owner["spending_by_category"]["amount"])
    assert set(ben_timeline["title"]) == {"Ben's bike", "climb"}
    assert for_ben["habit_heatmap"].empty and for_ben["practice_hours"].empty


READER = """
import sys
from lifeos_core.analytics import connect
con = connect(sys.argv[1])
count = lambda: con.execute("SELECT count(*) FROM timeline").fetchone()[0]
print(count(), flush=True)
sys.stdin.readline()
print(count(), flush=True)
"""


def test_a_reader_keeps_its_complete_snapshot_while_a_refresh_publishes_the_next(
    runtime, owner, path
):
    type_in(runtime, owner)
    refresh_snapshot(runtime, path=path)
    before = fetch(path, "SELECT count(*) FROM timeline")[0][0]
    other_process = subprocess.Popen(
        [sys.executable, "-c", READER, str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert int(other_process.stdout.readline()) == before
        held = connect(path)  # this process, too, keeps a connection open
        with runtime.uow() as uow:
            health.log_workout(
                uow, owner, workout_date=TODAY, workout_type="row", duration_minutes=20
            )
            uow.commit()

        report = refresh_snapshot(runtime, path=path)  # neither reader holds it up

        assert report.mode == "incremental"
        assert fetch(path, "SELECT count(*) FROM timeline")[0][0] == before + 1
        assert held.execute("SELECT count(*) FROM timeline").fetchone()[0] == before
        held.close()
        other_process.stdin.write("\n")
        other_process.stdin.flush()
        assert int(other_process.stdout.readline()) == before
    finally:
        other_process.kill()
        other_process.wait()


def test_refreshes_started_together_take_turns(runtime, owner, path):
    type_in(runtime, owner)
    reports, errors = [], []

    def refresh() -> None:
        try:
            reports.append(refresh_snapshot(runtime, path=path))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(r.mode for r in reports) == ["full", "incremental"]
    with connect(path) as con:
        assert count_mismatches(runtime, con) == []


def test_the_command_line_refresh_publishes_where_the_settings_say(
    runtime, owner, path, monkeypatch, capsys
):
    from lifeos_core.analytics.cli import refresh_command

    type_in(runtime, owner)
    from lifeos_core.config import get_settings

    monkeypatch.setenv(
        "LIFEOS_DATABASE_URL", runtime.engine.url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("LIFEOS_DUCKDB_PATH", str(path))
    get_settings.cache_clear()
    try:
        assert refresh_command() == 0
        assert refresh_command(full=True) == 0
    finally:
        get_settings.cache_clear()

    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith(f"Analytics snapshot {path}: full refresh of 1 users")
    assert '"mode": "full"' in printed[-1]
    assert fetch(path, "SELECT count(*) FROM timeline")[0][0] == 8  # one per record typed in
