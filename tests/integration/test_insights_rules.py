"""Each event-driven insight rule fires on memorable data and stays quiet otherwise.

Data goes in through the domain services, exactly as the app writes it; the real outbox
dispatcher delivers the events to the insights engine; the outcome is read back the way the
insights page reads it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from lifeos_core.events import catalog
from lifeos_core.finance import service as finance
from lifeos_core.habits import service as habits
from lifeos_core.health import service as health
from lifeos_core.insights import service as insights
from lifeos_core.journal import service as journal
from lifeos_core.outbox.dispatcher import DispatchPolicy, dispatch_outbox
from lifeos_core.skills import service as skills
from lifeos_core.subscriptions import subscribers

INSIGHT_EVENTS = "lifeos_core.insights.events"


@pytest.fixture(autouse=True)
def insight_events_in_catalog(monkeypatch):
    """Until lifeos_core/events/catalog.py lists the insights' events (the lead wires it)."""
    if INSIGHT_EVENTS not in catalog.CATALOG_MODULES:
        monkeypatch.setattr(catalog, "CATALOG_MODULES", (*catalog.CATALOG_MODULES, INSIGHT_EVENTS))
        catalog.event_catalog.cache_clear()
    yield
    catalog.event_catalog.cache_clear()


def deliver(runtime) -> None:
    report = dispatch_outbox(runtime.uow, subscribers(), DispatchPolicy(time_budget_seconds=60))
    assert report.errors == []


def found(runtime, actor, insight_type: str):
    with runtime.uow() as uow:
        return [
            i
            for i in insights.list_insights(uow, actor, include_expired=True)
            if i.insight_type == insight_type
        ]


def write(runtime, change):
    with runtime.uow() as uow:
        result = change(uow)
        uow.commit()
    return result


# --- finance ------------------------------------------------------------------------------


@pytest.fixture
def accounts(runtime, owner):
    def make(uow):
        bank = finance.create_account(uow, owner, name="Current account", account_type="asset")
        groceries = finance.create_account(uow, owner, name="Groceries", account_type="expense")
        dining = finance.create_account(uow, owner, name="Eating out", account_type="expense")
        salary = finance.create_account(uow, owner, name="Salary", account_type="income")
        return bank.id, groceries.id, dining.id, salary.id

    return write(runtime, make)


def pay(uow, owner, bank, account, on: date, amount: str, what: str = "Supermarket"):
    return finance.create_transaction(
        uow,
        owner,
        occurred_on=on,
        amount=Decimal(amount),
        description=what,
        account_id=account,
        payment_account_id=bank,
    ).id


def test_a_category_over_its_budget_is_told_once_at_the_payment_that_crossed_it(
    runtime, owner, accounts
):
    bank, groceries, _, _ = accounts
    write(
        runtime,
        lambda uow: insights.set_threshold(
            uow, owner, kind="category_budget", account_id=groceries, amount=Decimal("300.00")
        ),
    )
    ids = write(
        runtime,
        lambda uow: [
            pay(uow, owner, bank, groceries, date(2026, 10, 3), "-120.00"),
            pay(uow, owner, bank, groceries, date(2026, 10, 11), "-95.50"),
        ],
    )
    deliver(runtime)
    assert found(runtime, owner, "category_over_budget") == []  # 215.50 of 300.00

    ids += write(
        runtime,
        lambda uow: [
            pay(uow, owner, bank, groceries, date(2026, 10, 18), "-110.00"),
            pay(uow, owner, bank, groceries, date(2026, 10, 25), "-40.00"),
        ],
    )
    deliver(runtime)

    [insight] = found(runtime, owner, "category_over_budget")
    assert insight.title == "Groceries is over its 300.00 budget for October 2026"
    assert insight.body == "325.50 spent by 18 Oct, 25.50 more than the monthly budget."
    assert insight.evidence == {"finance_transaction": ids[:3]}
    assert insight.severity == "warning" and insight.expires_at is not None


def test_setting_a_budget_checks_the_current_month_at_once(runtime, owner, accounts):
    bank, groceries, _, _ = accounts
    today = datetime.now(UTC).date()
    write(runtime, lambda uow: pay(uow, owner, bank, groceries, today, "-80.00"))
    deliver(runtime)
    write(
        runtime,
        lambda uow: insights.set_threshold(
            uow, owner, kind="category_budget", account_id=groceries, amount=Decimal("50.00")
        ),
    )
    deliver(runtime)
    [insight] = found(runtime, owner, "category_over_budget")
    assert insight.title.startswith("Groceries is over its 50.00 budget for ")


def test_an_unconfirmed_inferred_payment_neither_breaks_a_budget_nor_is_unusual(
    runtime, owner, accounts
):
    from lifeos_core.calendar import service as calendar

    bank, groceries, _, _ = accounts
    write(
        runtime,
        lambda uow: insights.set_threshold(
            uow, owner, kind="category_budget", account_id=groceries, amount=Decimal("100.00")
        ),
    )
    write(
        runtime,
        lambda uow: [
            pay(uow, owner, bank, groceries, date(2026, 9, 1) + timedelta(days=i), "-10.00")
            for i in range(9)
        ],
    )

    def infer(uow):
        event = calendar.create_event(
            uow, owner, title="Big shop 400 EUR", start_time=datetime(2026, 9, 20, 9, tzinfo=UTC)
        )
        finance.record_inferred_transaction(
            uow, owner, amount=Decimal("400.00"), description="Big shop",
            occurred_on=date(2026, 9, 20), calendar_event_id=event.id, confidence=0.6,
            status="inferred", model_version="m-7", account_id=groceries,
            payment_account_id=bank,
        )  # fmt: skip

    write(runtime, infer)
    write(runtime, lambda uow: pay(uow, owner, bank, groceries, date(2026, 9, 21), "-5.00"))
    deliver(runtime)

    assert found(runtime, owner, "category_over_budget") == []  # 95.00 counts, not 495.00
    assert found(runtime, owner, "unusual_spend") == []


def test_a_payment_far_above_the_owners_usual_is_unusual_and_a_normal_one_is_not(
    runtime, owner, accounts
):
    bank, _, dining, _ = accounts
    usual = ["28.00", "31.50", "30.00", "26.40", "33.00", "29.90", "32.10", "27.50", "30.80"]
    write(
        runtime,
        lambda uow: [
            pay(
                uow, owner, bank, dining, date(2026, 9, 1) + timedelta(days=5 * i), f"-{a}", "Pizza"
            )
            for i, a in enumerate(usual)
        ],
    )
    normal, feast = write(
        runtime,
        lambda uow: (
            pay(uow, owner, bank, dining, date(2026, 10, 20), "-35.00", "Thai"),
            pay(uow, owner, bank, dining, date(2026, 10, 21), "-240.00", "Tasting menu"),
        ),
    )
    deliver(runtime)

    [insight] = found(runtime, owner, "unusual_spend")
    assert insight.title == "Unusual spend: 240.00 for Tasting menu"
    assert insight.evidence == {"finance_transaction": [feast]}
    assert insight.payload["baseline_median"] == "30.40"
    assert insight.payload["baseline_payments"] == 10  # nine usual ones and the Thai meal
    assert normal not in insight.evidence["finance_transaction"]


def test_no_unusual_spend_without_enough_history_to_know_what_is_usual(runtime, owner, accounts):
    bank, _, dining, _ = accounts
    write(
        runtime,
        lambda uow: [
            pay(uow, owner, bank, dining, date(2026, 10, 1), "-30.00"),
            pay(uow, owner, bank, dining, date(2026, 10, 2), "-300.00"),
        ],
    )
    deliver(runtime)
    assert found(runtime, owner, "unusual_spend") == []


def test_a_forecast_that_drops_below_zero_is_told_and_a_safe_one_is_not(runtime, owner, accounts):
    bank, _, _, salary = accounts
    today = datetime.now(UTC).date()

    def plan(uow, rent: str):
        finance.create_schedule_row(
            uow, owner, account_id=bank, amount=Decimal(rent), event_date=today + timedelta(days=5)
        )
        finance.recompute_schedule(uow, owner, account_id=bank, start=today, days=30)

    write(
        runtime,
        lambda uow: finance.create_transaction(
            uow, owner, occurred_on=today - timedelta(days=3), amount=Decimal("500.00"),
            description="Pay", account_id=salary, payment_account_id=bank,
        ),
    )  # fmt: skip
    write(runtime, lambda uow: plan(uow, "-200.00"))
    deliver(runtime)
    assert found(runtime, owner, "forecast_below_floor") == []

    write(runtime, lambda uow: plan(uow, "-450.00"))
    deliver(runtime)
    [insight] = found(runtime, owner, "forecast_below_floor")
    due = today + timedelta(days=5)
    assert insight.title == f"Current account is forecast to fall below 0.00 on {due:%d %b %Y}"
    assert insight.payload["lowest"] == "-150.00"
    assert insight.evidence == {"finance_account": [bank]}


# --- health -------------------------------------------------------------------------------


def test_a_weight_trend_of_two_kilos_in_a_month_is_told_once(runtime, owner):
    weights = {date(2026, 9, 1): "82.0", date(2026, 9, 10): "81.2", date(2026, 9, 20): "80.4"}
    ids = write(
        runtime,
        lambda uow: [
            health.log_biometric(uow, owner, measured_on=d, weight_kg=Decimal(w)).id
            for d, w in weights.items()
        ],
    )
    deliver(runtime)
    assert found(runtime, owner, "weight_trend") == []  # down 1.6 kg

    ids += write(
        runtime,
        lambda uow: [
            health.log_biometric(
                uow, owner, measured_on=date(2026, 9, 28), weight_kg=Decimal("79.6")
            ).id,
            health.log_biometric(
                uow, owner, measured_on=date(2026, 9, 29), weight_kg=Decimal("79.5")
            ).id,
        ],
    )
    deliver(runtime)

    [insight] = found(runtime, owner, "weight_trend")  # one per week and direction
    assert insight.title == "Weight down 2.4 kg in 30 days"
    assert insight.body == "From 82.0 kg on 01 Sep to 79.6 kg on 28 Sep, over 4 weighed days."
    assert insight.evidence == {"health_biometric": ids[:4]}


def test_weight_that_only_wobbles_makes_no_trend(runtime, owner):
    write(
        runtime,
        lambda uow: [
            health.log_biometric(
                uow,
                owner,
                measured_on=date(2026, 9, 1) + timedelta(days=3 * i),
                weight_kg=Decimal("70.0") + Decimal("0.4") * (i % 2),
            )
            for i in range(10)
        ],
    )
    deliver(runtime)
    assert found(runtime, owner, "weight_trend") == []


def workout(uow, owner, day: date, minutes: int = 40) -> int:
    return health.log_workout(
        uow, owner, workout_date=day, workout_type="run", duration_minutes=minutes
    ).id


def test_two_weeks_with_three_workout_days_each_are_a_streak(runtime, owner):
    first_week = [date(2026, 10, 5), date(2026, 10, 7), date(2026, 10, 9)]
    write(runtime, lambda uow: [workout(uow, owner, d) for d in first_week])
    second = write(
        runtime,
        lambda uow: [
            workout(uow, owner, date(2026, 10, 12)),
            workout(uow, owner, date(2026, 10, 12)),  # a second one the same day
            workout(uow, owner, date(2026, 10, 14)),
            workout(uow, owner, date(2026, 10, 16)),
        ],
    )
    deliver(runtime)

    [insight] = found(runtime, owner, "workout_streak")
    assert insight.title == "2 weeks in a row with 3+ workout days"
    assert insight.evidence == {"health_workout": second}  # up to Friday's, which made it


def test_two_workout_days_a_week_make_no_streak(runtime, owner):
    days = [date(2026, 10, 5), date(2026, 10, 7), date(2026, 10, 12), date(2026, 10, 14)]
    write(runtime, lambda uow: [workout(uow, owner, d) for d in days])
    deliver(runtime)
    assert found(runtime, owner, "workout_streak") == []


def test_an_unconfirmed_inferred_workout_counts_only_once_confirmed(runtime, owner):
    from lifeos_core.calendar import service as calendar

    days = [date(2026, 10, 5), date(2026, 10, 7), date(2026, 10, 9)]
    days += [date(2026, 10, 12), date(2026, 10, 14)]
    write(runtime, lambda uow: [workout(uow, owner, d) for d in days])

    def infer(uow):
        start = datetime(2026, 10, 16, 7, tzinfo=UTC)
        event = calendar.create_event(uow, owner, title="Morning run", start_time=start)
        return health.record_inferred_workout(
            uow, owner, started_at=start, workout_type="run", duration_minutes=30,
            calendar_event_id=event.id, confidence=0.7, status="inferred", model_version="m-7",
        ).id  # fmt: skip

    inferred = write(runtime, infer)
    deliver(runtime)
    assert found(runtime, owner, "workout_streak") == []

    write(
        runtime, lambda uow: health.set_workout_inferred_status(uow, owner, inferred, "confirmed")
    )
    deliver(runtime)
    [insight] = found(runtime, owner, "workout_streak")
    assert inferred in insight.evidence["health_workout"]


# --- habits and skills --------------------------------------------------------------------


def test_seven_days_in_a_row_is_a_habit_streak_and_six_is_not(runtime, owner):
    meditate = write(runtime, lambda uow: habits.create_habit(uow, owner, name="Meditate").id)
    logs = write(
        runtime,
        lambda uow: [
            habits.log_habit(
                uow, owner, habit_id=meditate, logged_date=date(2026, 10, 1) + timedelta(days=i)
            ).id
            for i in range(6)
        ],
    )
    deliver(runtime)
    assert found(runtime, owner, "habit_streak") == []

    logs += write(
        runtime,
        lambda uow: [
            habits.log_habit(uow, owner, habit_id=meditate, logged_date=date(2026, 10, 7)).id
        ],
    )
    deliver(runtime)
    [insight] = found(runtime, owner, "habit_streak")
    assert insight.title == "Meditate: 7-day streak"
    assert insight.body == "Done every day since 01 Oct 2026."
    assert insight.evidence == {"habit": [meditate], "habit_log": [logs[-1]]}


def practice(uow, owner, skill_id: int, at: datetime, minutes: int) -> int:
    return skills.log_practice(
        uow, owner, skill_id=skill_id, practiced_at=at, duration_minutes=minutes
    ).id


def test_ten_hours_of_practice_is_a_milestone_reached_by_the_session_that_passed_it(runtime, owner):
    piano = write(runtime, lambda uow: skills.create_skill(uow, owner, name="Piano").id)
    start = datetime(2026, 9, 1, 18, tzinfo=UTC)
    sessions = write(
        runtime,
        lambda uow: [practice(uow, owner, piano, start + timedelta(days=i), 110) for i in range(5)],
    )
    deliver(runtime)
    assert found(runtime, owner, "practice_hours") == []  # 9 h 10 min

    sessions += write(
        runtime,
        lambda uow: [
            practice(uow, owner, piano, start + timedelta(days=9), 60),
            practice(uow, owner, piano, start + timedelta(days=10), 60),
        ],
    )
    deliver(runtime)
    [insight] = found(runtime, owner, "practice_hours")
    assert insight.title == "10 hours of Piano"
    assert insight.evidence == {"skill": [piano], "skill_practice_session": [sessions[5]]}


def test_three_practice_days_a_week_for_two_weeks_is_regular_practice(runtime, owner):
    piano = write(runtime, lambda uow: skills.create_skill(uow, owner, name="Piano").id)
    days = [5, 6, 8, 12, 14, 16]  # October 2026: Mon, Tue, Thu; Mon, Wed, Fri
    write(
        runtime,
        lambda uow: [
            practice(uow, owner, piano, datetime(2026, 10, d, 17, tzinfo=UTC), 20) for d in days
        ],
    )
    deliver(runtime)
    [insight] = found(runtime, owner, "practice_streak")
    assert insight.title == "Piano: 2 weeks in a row of regular practice"


# --- journal ------------------------------------------------------------------------------


def entry(uow, owner, day: date, mood: int) -> int:
    return journal.create_entry(uow, owner, entry_date=day, body="...", mood=mood).id


def test_a_week_of_low_mood_after_steady_weeks_is_told(runtime, owner):
    steady = [date(2026, 9, 1) + timedelta(days=3 * i) for i in range(9)]  # 1 to 25 Sep
    sevens = write(runtime, lambda uow: [entry(uow, owner, d, 7) for d in steady])
    deliver(runtime)
    assert found(runtime, owner, "mood_trend") == []

    low = write(
        runtime,
        lambda uow: [entry(uow, owner, date(2026, 9, day), 4) for day in (28, 29, 30)],
    )
    deliver(runtime)
    [insight] = found(runtime, owner, "mood_trend")
    assert insight.title == "Your mood has been lower this week"
    # Told on the 29th: the last 7 days (25th, 28th, 29th) average 5.0 against 7.0 before.
    assert insight.evidence == {"journal_entry": [sevens[-1], *low[:2]]}
    assert (insight.payload["recent_mean"], insight.payload["baseline_mean"]) == (5.0, 7.0)


def test_steady_moods_tell_nothing(runtime, owner):
    write(
        runtime,
        lambda uow: [
            entry(uow, owner, date(2026, 9, 1) + timedelta(days=2 * i), 6 + i % 2)
            for i in range(20)
        ],
    )
    deliver(runtime)
    assert found(runtime, owner, "mood_trend") == []
