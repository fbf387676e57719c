"""The daily upkeep: date-driven insights and metric rollups, once per subject and day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from lifeos_core.finance import service as finance
from lifeos_core.insights import service as insights
from lifeos_core.relationships import service as relationships
from lifeos_core.skills import service as skills
from lifeos_core.upkeep import run_daily_upkeep

NOW = datetime(2026, 11, 25, 6, tzinfo=UTC)
TODAY = date(2026, 11, 25)


def test_reconnect_cues_and_receivables_become_insights_once(runtime, owner, make_user):
    with runtime.uow() as uow:
        mum = relationships.create_person(
            uow, owner, name="Mum", relationship_type="family", reconnect_cue_days=7
        )
        relationships.log_interaction(
            uow,
            owner,
            person_id=mum.id,
            interaction_type="call",
            occurred_at=NOW - timedelta(days=10),
        )
        relationships.create_person(uow, owner, name="Priya", reconnect_cue_days=30)  # not due yet
        finance.create_receivable(
            uow, owner, counterparty="Tom", principal=Decimal("120.00"),
            start_date=TODAY - timedelta(days=30), due_date=TODAY + timedelta(days=2),
        )  # fmt: skip
        uow.commit()
    make_user("quiet@example.com")  # another user with nothing due

    first = run_daily_upkeep(runtime.uow, now=NOW)
    again = run_daily_upkeep(runtime.uow, now=NOW)

    assert (first.users, first.insights_created) == (2, 2)
    assert again.insights_created == 0
    with runtime.uow() as uow:
        found = {i.insight_type: i for i in insights.list_insights(uow, owner)}
    assert found["reconnect_due"].title == "Time to reconnect with Mum (3 days overdue)"
    assert found["reconnect_due"].payload["evidence"] == {"relationships_person": [mum.id]}
    assert found["receivable_due"].title == "120.00 from Tom is due on 27 Nov"


def test_a_logged_call_means_no_new_reconnect_insight_next_time(runtime, owner):
    with runtime.uow() as uow:
        mum = relationships.create_person(uow, owner, name="Mum", reconnect_cue_days=7)
        relationships.log_interaction(
            uow,
            owner,
            person_id=mum.id,
            interaction_type="call",
            occurred_at=NOW - timedelta(days=10),
        )
        uow.commit()
    run_daily_upkeep(runtime.uow, now=NOW)
    with runtime.uow() as uow:
        relationships.log_interaction(
            uow, owner, person_id=mum.id, interaction_type="call", occurred_at=NOW
        )
        uow.commit()
    later = run_daily_upkeep(runtime.uow, now=NOW + timedelta(days=1))
    assert later.insights_created == 0


def test_upkeep_rolls_skill_metrics_forward_as_days_pass(runtime, owner):
    with runtime.uow() as uow:
        piano = skills.create_skill(uow, owner, name="Piano")
        skills.log_practice(
            uow, owner, skill_id=piano.id, practiced_at=NOW - timedelta(days=1), duration_minutes=30
        )
        uow.commit()
    run_daily_upkeep(runtime.uow, now=NOW)
    report = run_daily_upkeep(runtime.uow, now=NOW + timedelta(days=3))  # the streak has lapsed
    assert report.skill_metrics_changed == 1
    with runtime.uow() as uow:
        [metric] = skills.list_skill_metrics(uow, owner, today=(NOW + timedelta(days=3)).date())
    assert (metric.current_streak_days, metric.longest_streak_days) == (0, 1)


def test_upkeep_rolls_each_planned_accounts_forecast_forward(runtime, owner):
    with runtime.uow() as uow:
        bank = finance.create_account(
            uow, owner, name="Checking", account_type="asset", subtype="bank"
        )
        finance.create_schedule_row(
            uow, owner, account_id=bank.id, amount=Decimal("-950.00"), event_date=TODAY + timedelta(days=5),
            recurrence="monthly", memo="Rent",
        )  # fmt: skip
        uow.commit()
    report = run_daily_upkeep(runtime.uow, now=NOW)
    assert report.forecasts_recomputed == 1
    with runtime.uow() as uow:
        forecast = finance.get_forecast(uow, owner, account_id=bank.id)
    assert forecast.balances[0].balance_date == TODAY
    assert forecast.balances[5].balance == forecast.opening_balance - Decimal("950.00")
