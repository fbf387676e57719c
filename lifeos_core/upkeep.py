"""The daily upkeep every user's data needs because time passes: metric rollups, money
forecasts that start from today, and the date-driven insights (reconnect cues, receivables
falling due). Dagster runs it daily."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from lifeos_core.auth import service as auth
from lifeos_core.finance import service as finance
from lifeos_core.insights.daily import derive_daily_insights
from lifeos_core.skills import service as skills
from lifeos_core.unit_of_work import UnitOfWorkFactory

FORECAST_DAYS = 90


@dataclass
class UpkeepReport:
    users: int = 0
    skill_metrics_changed: int = 0
    forecasts_recomputed: int = 0
    insights_created: int = 0


def run_daily_upkeep(
    uow_factory: UnitOfWorkFactory, *, now: datetime | None = None
) -> UpkeepReport:
    """One transaction per user, each on the user's own local date. Idempotent per day."""
    report = UpkeepReport()
    with uow_factory() as uow:
        user_ids = auth.all_active_user_ids(uow)
    for user_id in user_ids:
        with uow_factory() as uow:
            actor = auth.get_actor(uow, user_id)
            today = (
                (now or datetime.now(zoneinfo.ZoneInfo("UTC")))
                .astimezone(zoneinfo.ZoneInfo(actor.timezone))
                .date()
            )
            report.skill_metrics_changed += skills.recompute_skill_metrics(
                uow, actor, today=today
            ).changed
            # Projected balances start from today: roll every planned account's forecast on.
            planned = {row.account_id for row in finance.list_schedule_rows(uow, actor)}
            for account_id in sorted(planned):
                finance.recompute_schedule(
                    uow, actor, account_id=account_id, start=today, days=FORECAST_DAYS
                )
                report.forecasts_recomputed += 1
            report.insights_created += derive_daily_insights(uow, actor, today=today)
            uow.commit()
        report.users += 1
    return report
