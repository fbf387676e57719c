"""Deriving a heavy user's year of insights from the event history, on the local PostgreSQL.

    python -m bench.insights [--days 365] [--chunk 20000] [--no-half] [--verify]

Synthesises one user's year into a throwaway database, straight into the tables (COPY): the
domain rows (transactions, biometrics, workouts, habit check-ins, practice sessions, journal
moods, calendar events with confirmed interpretations) and one ``event_record`` row per
event, about 2,750 a day, over a million a year. About two thirds are of types insight rules
listen to; the rest (calendar sync churn, time logs, interactions) are events no rule reads,
as in any real history. Then it times ``rebuild_insights``: every event-driven rule over
the whole history, set-based, chunk by chunk, storing the insights.

It also times each quarter of the history separately (equal once the rules' windows, 90 days
at most, are full: the time grows linearly with the history) and, unless ``--no-half``,
builds and times the first half of the same year. ``--verify`` adds a replay that must match
what was stored. Prints one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from bench._pg import throwaway_database

os.environ.setdefault("LIFEOS_ENV", "test")

START = date(2025, 11, 26)
EXPENSES = (
    "Groceries", "Eating out", "Coffee", "Transport", "Fuel", "Books", "Clothes",
    "Pharmacy", "Household", "Gifts", "Subscriptions", "Hobbies",
)  # fmt: skip
BUDGETED = EXPENSES[:6]
RECORD_TYPES = (
    ("health", "health/workout"), ("health", "health/meal"), ("finance", "finance/transaction"),
    ("habits", "habits/habit_log"), ("skills", "skills/practice_session"),
    ("projects", "projects/work_session"), ("relationships", "relationships/interaction"),
)  # fmt: skip
# Events per day, by type (at most; workouts, check-ins and practice skip some days): about
# 2,750 a day, a little over a million a year.
PER_DAY = {
    "calendar.event.synced": 730,
    "calendar.interpretation.confirmed": 240,
    "health.biometric.logged": 1100,
    "finance.transaction.created": 240,
    "habits.habit.logged": 160,
    "health.workout.logged": 4,
    "skills.practice.logged": 16,
    "journal.entry.created": 4,
    "projects.task.logged": 200,
    "relationships.interaction.logged": 76,
}
HABITS, SKILLS = 40, 8


class Ids:
    """Explicit ids per table, so events can name their rows before the COPY."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def __call__(self, table: str) -> int:
        self.next[table] = self.next.get(table, 0) + 1
        return self.next[table]


def _setup(url: str):
    from lifeos_core.auth import service as auth
    from lifeos_core.database import migrate
    from lifeos_core.finance import service as finance
    from lifeos_core.habits import service as habits
    from lifeos_core.runtime import build_runtime
    from lifeos_core.skills import service as skills

    migrate.upgrade(url)
    runtime = build_runtime(database_url=url)
    with runtime.uow() as uow:
        actor = auth.create_user(uow, email="heavy@example.com", password="benchmark password")
        bank = finance.create_account(uow, actor, name="Current account", account_type="asset")
        accounts = {
            name: finance.create_account(uow, actor, name=name, account_type="expense").id
            for name in EXPENSES
        }
        habit_ids = [
            habits.create_habit(uow, actor, name=f"Habit {i}", target_count=4).id
            for i in range(HABITS)
        ]
        skill_ids = [skills.create_skill(uow, actor, name=f"Skill {i}").id for i in range(SKILLS)]
        uow.commit()
    with runtime.engine.begin() as connection:  # budgets at about a typical month's spending
        connection.execute(
            sa.text(
                "INSERT INTO insight_threshold (user_id, kind, subject, amount, created_at, "
                "updated_at) VALUES (:user, 'category_budget', :subject, 8000.00, now(), now())"
            ),
            [{"user": actor.user_id, "subject": str(accounts[name])} for name in BUDGETED],
        )
    return runtime, actor, bank.id, accounts, habit_ids, skill_ids


def synthesise(url: str, days: int, seed: int = 20261125) -> dict[str, int]:
    """Write the user's year into the tables; returns the counts."""
    runtime, actor, bank, accounts, habit_ids, skill_ids = _setup(url)
    user = actor.user_id
    rng = random.Random(seed)
    ids = Ids()
    with runtime.engine.begin() as connection:  # start after the rows the services wrote
        for table in ("finance_transaction", "event_record"):
            ids.next[table] = connection.scalar(
                sa.text(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 (our names)
            )
    rows: dict[str, list[tuple]] = {}
    counts = {"events": 0}
    raw = runtime.engine.raw_connection()
    columns = {
        "finance_transaction": "id, user_id, occurred_on, amount, description, normalized_description, account_id, payment_account_id, source, created_at, updated_at",
        "health_biometric": "id, user_id, measured_on, weight_kg, resting_hr, energy_level, stress_level, created_at, updated_at",
        "health_workout": "id, user_id, workout_date, workout_type, duration_minutes, intensity, source, created_at, updated_at",
        "habit_log": "id, user_id, habit_id, logged_date, value, source, created_at",
        "skill_practice_session": "id, user_id, skill_id, practiced_at, duration_minutes, source, created_at",
        "journal_entry": "id, user_id, entry_date, body, mood, tags, is_private, created_at, updated_at",
        "calendar_event": "id, user_id, title, start_time, end_time, all_day, source, is_private, tags, metadata, created_at, updated_at",
        "calendar_event_interpretation": "id, calendar_event_id, user_id, domain, record_type, confidence_score, status, decided_by, decided_at, model_version, classification_data, created_at, updated_at",
        "event_record": "id, event_id, user_id, event_type, payload_version, payload, occurred_at",
    }  # fmt: skip

    def flush() -> None:
        with raw.cursor() as cursor:
            for table, batch in rows.items():
                if batch:
                    with cursor.copy(f"COPY {table} ({columns[table]}) FROM STDIN") as copy:
                        for row in batch:
                            copy.write_row(row)
                    batch.clear()
        raw.commit()

    def add(table: str, row: tuple) -> None:
        rows.setdefault(table, []).append(row)

    weight = 84.0
    for day_number in range(days):
        day = START + timedelta(days=day_number)
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        events: list[tuple[str, dict]] = []
        for _ in range(PER_DAY["finance.transaction.created"]):
            name = rng.choice(EXPENSES)
            amount = Decimal(f"{rng.lognormvariate(3, 0.5):.2f}")
            if rng.random() < 0.002:
                amount *= 12  # now and then, something far above the usual
            tid = ids("finance_transaction")
            add("finance_transaction", (tid, user, day, -amount, "Card payment", "card payment",
                                        accounts[name], bank, "manual", noon, noon))  # fmt: skip
            events.append(("finance.transaction.created", {
                "transaction_id": tid, "amount": str(-amount), "description": "Card payment",
                "category": name, "counterparty": None, "occurred_at": day.isoformat(),
                "source": "manual"}))  # fmt: skip
        # A weight a day drifting down in spring and up in autumn; the wearable's readings.
        weight += -0.09 if 90 < day_number < 150 else 0.06 if 240 < day_number < 300 else 0
        weight += rng.gauss(0, 0.15)
        for n in range(PER_DAY["health.biometric.logged"]):
            bid = ids("health_biometric")
            kg = Decimal(f"{weight:.2f}") if n == 0 else None
            hr, energy, stress = rng.randint(50, 90), rng.randint(1, 10), rng.randint(1, 10)
            add("health_biometric", (bid, user, day, kg, hr, energy, stress, noon, noon))
            events.append(("health.biometric.logged", {
                "biometric_id": bid, "date": day.isoformat(), "weight": str(kg) if kg else None,
                "body_fat_pct": None, "resting_hr": hr, "energy_level": energy,
                "stress_level": stress}))  # fmt: skip
        for _ in range(PER_DAY["health.workout.logged"] if rng.random() < 0.8 else 0):
            wid = ids("health_workout")
            minutes = rng.randint(15, 75)
            add(
                "health_workout",
                (wid, user, day, "walk", minutes, "moderate", "manual", noon, noon),
            )
            events.append(("health.workout.logged", {
                "workout_id": wid, "date": day.isoformat(), "workout_type": "walk",
                "duration_minutes": minutes, "intensity": "moderate", "calories_est": None}))  # fmt: skip
        for habit in habit_ids:
            for _ in range(4 if rng.random() < 0.85 else rng.randint(0, 3)):
                lid = ids("habit_log")
                add("habit_log", (lid, user, habit, day, 1, "manual", noon))
                events.append(("habits.habit.logged", {
                    "log_id": lid, "habit_id": habit, "logged_date": day.isoformat(),
                    "value": 1, "note": None}))  # fmt: skip
        for skill in skill_ids:
            for n in range(2 if rng.random() < 0.8 else 0):
                sid = ids("skill_practice_session")
                at = noon + timedelta(hours=n * 5)
                minutes = rng.randint(20, 60)
                add("skill_practice_session", (sid, user, skill, at, minutes, "manual", at))
                events.append(("skills.practice.logged", {
                    "session_id": sid, "skill_id": skill, "duration_minutes": minutes,
                    "practiced_at": at.isoformat(), "quality": None}))  # fmt: skip
        for _ in range(PER_DAY["journal.entry.created"]):
            jid = ids("journal_entry")
            mood = max(1, min(10, round(rng.gauss(6.5 if day_number % 60 > 8 else 4, 1.2))))
            add("journal_entry", (jid, user, day, "...", mood, "[]", False, noon, noon))
            events.append(("journal.entry.created", {
                "entry_id": jid, "entry_date": day.isoformat(), "mood": mood, "tags": [],
                "is_private": False, "created_at": noon.isoformat()}))  # fmt: skip
        for n in range(PER_DAY["calendar.interpretation.confirmed"]):
            eid, iid = ids("calendar_event"), ids("calendar_event_interpretation")
            start = datetime(day.year, day.month, day.day, 6, tzinfo=UTC) + timedelta(minutes=4 * n)
            domain, record_type = RECORD_TYPES[n % len(RECORD_TYPES)]
            add("calendar_event", (eid, user, "Busy", start, start + timedelta(minutes=30), False,
                                   "manual", False, "[]", "{}", noon, noon))  # fmt: skip
            add("calendar_event_interpretation", (iid, eid, user, domain, record_type, 0.95,
                                                  "confirmed", "auto", noon, "rules-1", "{}", noon, noon))  # fmt: skip
            events.append(("calendar.interpretation.confirmed", {
                "interpretation_id": iid, "calendar_event_id": eid, "record_type": record_type,
                "record_id": None, "decided_by": "auto", "event_start": start.isoformat(),
                "model_version": "rules-1", "is_false_positive": None,
                "is_false_negative": None}))  # fmt: skip
        for n in range(PER_DAY["calendar.event.synced"]):
            events.append(
                (
                    "calendar.event.synced",
                    {"event_id": n + 1, "source": "google", "external_id": f"g{day_number}-{n}"},
                )
            )
        for n in range(PER_DAY["projects.task.logged"]):
            events.append(("projects.task.logged", {
                "log_id": n + 1, "project_id": 1, "task_id": None, "time_minutes": 5,
                "logged_date": day.isoformat(), "note": None}))  # fmt: skip
        for n in range(PER_DAY["relationships.interaction.logged"]):
            events.append(("relationships.interaction.logged", {
                "interaction_id": n + 1, "person_id": 1, "interaction_type": "message",
                "occurred_at": noon.isoformat()}))  # fmt: skip
        rng.shuffle(events)  # a day's events arrive interleaved
        for event_type, payload in events:
            add("event_record", (ids("event_record"), str(uuid.UUID(int=rng.getrandbits(128))),
                                 user, event_type, 1, json.dumps({"user_id": user, **payload}),
                                 noon))  # fmt: skip
        counts["events"] += len(events)
        if day_number % 10 == 9:
            flush()
    flush()
    raw.close()
    with runtime.engine.begin() as connection:
        for table in columns:
            last = f"(SELECT max(id) FROM {table})"  # noqa: S608 (our own table names)
            connection.execute(
                sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})")
            )
            counts[table] = connection.scalar(
                sa.text(f"SELECT count(*) FROM {table}")  # noqa: S608 (our table names)
            )
    with runtime.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE"))
    runtime.dispose()
    counts["user_id"] = user
    return counts


def derive(url: str, user_id: int, chunk: int, verify: bool) -> dict[str, object]:
    from lifeos_core.insights.replay import rebuild_insights, replay_insights
    from lifeos_core.runtime import build_runtime

    runtime = build_runtime(database_url=url)
    started = time.perf_counter()
    events, created = rebuild_insights(runtime.uow, user_id, chunk_size=chunk)
    seconds = time.perf_counter() - started
    result: dict[str, object] = {
        "events_derived": events,
        "insights": created,
        "seconds": round(seconds, 2),
        "derived_events_per_s": round(events / seconds),
    }
    result["seconds_by_quarter"] = by_quarter(runtime, user_id, chunk)
    if verify:
        report = replay_insights(runtime.uow, user_id, chunk_size=chunk)
        result["replay_identical"] = report.identical
        result["replay_seconds"] = report.seconds
    runtime.dispose()
    return result


def by_quarter(runtime, user_id: int, chunk: int) -> list[float]:
    """Derivation time (without storing) for each quarter of the history, in event order:
    flat once the rules' windows (90 days at most) are full, so the total grows linearly."""
    from lifeos_core.auth import service as auth
    from lifeos_core.insights import engine, replay

    rules = replay.replayable_rules(frozenset())
    timed: list[tuple[int, float]] = []
    with runtime.uow() as uow:
        actor = auth.get_actor(uow, user_id)
        types = {t for rule in rules for t in rule.triggers}
        for events in replay.history(uow, user_id, types, chunk_size=chunk):
            started = time.perf_counter()
            engine.derive(uow, actor, events, rules=rules)
            timed.append((len(events), time.perf_counter() - started))
    total = sum(n for n, _ in timed)
    quarters = [0.0] * 4
    seen = 0
    for n, seconds in timed:
        quarters[min(3, seen * 4 // total)] += seconds
        seen += n
    return [round(q, 2) for q in quarters]


def year(days: int, chunk: int, verify: bool) -> dict[str, object]:
    with throwaway_database("bench_insights") as url:
        started = time.perf_counter()
        counts = synthesise(url, days)
        build = time.perf_counter() - started
        result = derive(url, counts["user_id"], chunk, verify)
    return {"days": days, "events_total": counts["events"], "build_seconds": round(build, 1),
            **result, "rows": {k: v for k, v in counts.items() if k not in ("events", "user_id")}}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--chunk", type=int, default=20_000, help="events per derivation chunk")
    parser.add_argument("--no-half", action="store_true", help="skip the half-history run")
    parser.add_argument("--verify", action="store_true", help="replay and compare afterwards")
    args = parser.parse_args()
    full = year(args.days, args.chunk, args.verify)
    result: dict[str, object] = {"full": full, "target_seconds": 60}
    if not args.no_half:
        half = year(args.days // 2, args.chunk, False)
        result["half"] = half
        result["seconds_ratio_full_to_half"] = round(
            full["seconds"] / max(half["seconds"], 1e-9), 2
        )
        result["events_ratio_full_to_half"] = round(full["events_total"] / half["events_total"], 2)
    result["seconds"] = full["seconds"]
    result["events_total"] = full["events_total"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
