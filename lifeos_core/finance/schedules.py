"""Money schedules: planned rows, what-if scenarios, and the projected daily balances
``recompute_schedule`` writes to finance_money_schedule_daily_balance.

The projection starts from the account's ledger balance on the day before the window, so
it continues from what has really been posted.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import Conflict, InvalidInput, validate
from lifeos_core.finance.common import ZERO, cents, owned
from lifeos_core.finance.events import (
    ScenarioCreated,
    ScenarioDeleted,
    ScenarioRowAdded,
    ScheduleCreated,
    ScheduleDeleted,
    ScheduleRecomputed,
    ScheduleUpdated,
)
from lifeos_core.finance.forecast import PlannedRow, ScenarioChange, apply_scenario, project
from lifeos_core.finance.ledger import account_balances, usable_account
from lifeos_core.finance.models import (
    Account,
    MoneyScheduleDailyBalance,
    MoneyScheduleRow,
    MoneyScheduleScenario,
    MoneyScheduleScenarioRow,
)
from lifeos_core.finance.schemas import (
    DailyBalanceView,
    ForecastView,
    NewScenario,
    NewScenarioRow,
    NewScheduleRow,
    ScenarioRowView,
    ScenarioView,
    ScheduleRowChanges,
    ScheduleRowView,
)
from lifeos_core.unit_of_work import UnitOfWork

MAX_FORECAST_DAYS = 731

# --- planned rows ---------------------------------------------------------------------------


def create_schedule_row(uow: UnitOfWork, actor: Actor, **fields) -> ScheduleRowView:
    data = validate(NewScheduleRow, **fields)
    usable_account(uow, actor, data.account_id, "account_id")
    row = MoneyScheduleRow(user_id=actor.user_id, **data.model_dump())
    uow.session.add(row)
    uow.session.flush()
    uow.emit(
        ScheduleCreated(
            user_id=actor.user_id,
            row_id=row.id,
            amount=row.amount,
            account_id=row.account_id,
            event_date=row.event_date,
            recurrence=row.recurrence,
        )
    )
    return ScheduleRowView.model_validate(row)


def update_schedule_row(uow: UnitOfWork, actor: Actor, row_id: int, **fields) -> ScheduleRowView:
    changes = validate(ScheduleRowChanges, **fields).model_dump(exclude_unset=True)
    row = owned(uow, actor, MoneyScheduleRow, row_id, "schedule row")
    if changes.get("account_id") is not None:
        usable_account(uow, actor, changes["account_id"], "account_id")
    changed = [k for k, v in changes.items() if v is not None and getattr(row, k) != v]
    if "end_date" in changes and changes["end_date"] is None and row.end_date is not None:
        changed.append("end_date")  # clearing the end date is a change too
    for key in changed:
        setattr(row, key, changes[key])
    if row.end_date is not None and row.end_date < row.event_date:
        raise InvalidInput("end_date: is before event_date", {"end_date": "before event_date"})
    if changed:
        uow.session.flush()
        uow.emit(
            ScheduleUpdated(
                user_id=actor.user_id,
                row_id=row.id,
                amount=row.amount if "amount" in changed else None,
                account_id=row.account_id if "account_id" in changed else None,
                event_date=row.event_date if "event_date" in changed else None,
                memo=row.memo if "memo" in changed else None,
                fields=changed,
            )
        )
    return ScheduleRowView.model_validate(row)


def delete_schedule_row(uow: UnitOfWork, actor: Actor, row_id: int) -> None:
    row = owned(uow, actor, MoneyScheduleRow, row_id, "schedule row")
    uow.session.delete(row)
    uow.session.flush()
    uow.emit(ScheduleDeleted(user_id=actor.user_id, row_id=row_id))


def list_schedule_rows(
    uow: UnitOfWork, actor: Actor, *, account_id: int | None = None
) -> list[ScheduleRowView]:
    query = sa.select(MoneyScheduleRow).where(MoneyScheduleRow.user_id == actor.user_id)
    if account_id is not None:
        query = query.where(MoneyScheduleRow.account_id == account_id)
    query = query.order_by(MoneyScheduleRow.event_date, MoneyScheduleRow.id)
    return [ScheduleRowView.model_validate(r) for r in uow.session.scalars(query)]


# --- scenarios ------------------------------------------------------------------------------


def create_scenario(uow: UnitOfWork, actor: Actor, **fields) -> ScenarioView:
    data = validate(NewScenario, **fields)
    taken = uow.session.scalar(
        sa.select(MoneyScheduleScenario.id).where(
            MoneyScheduleScenario.user_id == actor.user_id,
            sa.func.lower(MoneyScheduleScenario.name) == data.name.strip().lower(),
        )
    )
    if taken is not None:
        raise Conflict(f"name: you already have a scenario called {data.name!r}")
    scenario = MoneyScheduleScenario(
        user_id=actor.user_id, name=data.name.strip(), description=data.description
    )
    uow.session.add(scenario)
    uow.session.flush()
    uow.emit(ScenarioCreated(user_id=actor.user_id, scenario_id=scenario.id, name=scenario.name))
    return ScenarioView.model_validate(scenario)


def add_scenario_row(uow: UnitOfWork, actor: Actor, scenario_id: int, **fields) -> ScenarioRowView:
    """Add a row to the scenario, or override or remove one of the base plan's rows."""
    data = validate(NewScenarioRow, **fields)
    scenario = owned(uow, actor, MoneyScheduleScenario, scenario_id, "scenario")
    if data.base_row_id is not None:
        base = owned(uow, actor, MoneyScheduleRow, data.base_row_id, "base_row_id: schedule row")
        data = data.model_copy(update={"account_id": base.account_id})
    else:
        usable_account(uow, actor, data.account_id, "account_id")
    row = MoneyScheduleScenarioRow(
        user_id=actor.user_id, scenario_id=scenario.id, **data.model_dump()
    )
    uow.session.add(row)
    uow.session.flush()
    uow.emit(
        ScenarioRowAdded(
            user_id=actor.user_id,
            scenario_id=scenario.id,
            scenario_row_id=row.id,
            action=row.action,
            base_row_id=row.base_row_id,
        )
    )
    return ScenarioRowView.model_validate(row)


def list_scenarios(uow: UnitOfWork, actor: Actor) -> list[ScenarioView]:
    query = (
        sa.select(MoneyScheduleScenario)
        .where(MoneyScheduleScenario.user_id == actor.user_id)
        .order_by(MoneyScheduleScenario.name)
    )
    return [ScenarioView.model_validate(s) for s in uow.session.scalars(query)]


def list_scenario_rows(uow: UnitOfWork, actor: Actor, scenario_id: int) -> list[ScenarioRowView]:
    owned(uow, actor, MoneyScheduleScenario, scenario_id, "scenario")
    query = (
        sa.select(MoneyScheduleScenarioRow)
        .where(
            MoneyScheduleScenarioRow.user_id == actor.user_id,
            MoneyScheduleScenarioRow.scenario_id == scenario_id,
        )
        .order_by(MoneyScheduleScenarioRow.id)
    )
    return [ScenarioRowView.model_validate(r) for r in uow.session.scalars(query)]


def delete_scenario(uow: UnitOfWork, actor: Actor, scenario_id: int) -> None:
    scenario = owned(uow, actor, MoneyScheduleScenario, scenario_id, "scenario")
    uow.session.delete(scenario)
    uow.session.flush()
    uow.emit(ScenarioDeleted(user_id=actor.user_id, scenario_id=scenario_id))


# --- projection -----------------------------------------------------------------------------


def _planned_rows(
    uow: UnitOfWork, actor: Actor, account_id: int, scenario_id: int | None
) -> list[PlannedRow]:
    base = {
        row.id: PlannedRow(row.amount, row.event_date, row.recurrence, row.end_date)
        for row in uow.session.scalars(
            sa.select(MoneyScheduleRow).where(
                MoneyScheduleRow.user_id == actor.user_id,
                MoneyScheduleRow.account_id == account_id,
            )
        )
    }
    if scenario_id is None:
        return list(base.values())
    changes = [
        ScenarioChange(r.action, r.base_row_id, r.amount, r.event_date, r.recurrence, r.end_date)
        for r in uow.session.scalars(
            sa.select(MoneyScheduleScenarioRow)
            .where(
                MoneyScheduleScenarioRow.user_id == actor.user_id,
                MoneyScheduleScenarioRow.scenario_id == scenario_id,
                MoneyScheduleScenarioRow.account_id == account_id,
            )
            .order_by(MoneyScheduleScenarioRow.id)
        )
    ]
    return apply_scenario(base, changes)


def recompute_schedule(
    uow: UnitOfWork,
    actor: Actor,
    *,
    account_id: int,
    start: date,
    days: int = 90,
    scenario_id: int | None = None,
) -> ForecastView:
    """Project the account's daily balances and replace the stored projection. Idempotent."""
    if not 1 <= days <= MAX_FORECAST_DAYS:
        raise InvalidInput(
            f"days: must be between 1 and {MAX_FORECAST_DAYS}, not {days}", {"days": "out of range"}
        )
    account = owned(uow, actor, Account, account_id, "account_id: account")
    if scenario_id is not None:
        owned(uow, actor, MoneyScheduleScenario, scenario_id, "scenario_id: scenario")
    opening = account_balances(uow, actor, before=start).get(account.id, ZERO)
    projected = project(
        opening, _planned_rows(uow, actor, account.id, scenario_id), start=start, days=days
    )
    uow.session.execute(
        sa.delete(MoneyScheduleDailyBalance).where(
            MoneyScheduleDailyBalance.user_id == actor.user_id,
            MoneyScheduleDailyBalance.account_id == account.id,
            MoneyScheduleDailyBalance.scenario_id.is_(None)
            if scenario_id is None
            else MoneyScheduleDailyBalance.scenario_id == scenario_id,
        )
    )
    uow.session.add_all(
        MoneyScheduleDailyBalance(
            user_id=actor.user_id,
            account_id=account.id,
            scenario_id=scenario_id,
            balance_date=day.day,
            net_flow=cents(day.net_flow),
            balance=cents(day.balance),
        )
        for day in projected
    )
    uow.session.flush()
    uow.emit(
        ScheduleRecomputed(
            user_id=actor.user_id,
            days=days,
            account_id=account.id,
            scenario_id=scenario_id,
            start=start,
        )
    )
    return ForecastView(
        account_id=account.id,
        scenario_id=scenario_id,
        opening_balance=cents(opening),
        balances=[
            DailyBalanceView(
                balance_date=d.day, net_flow=cents(d.net_flow), balance=cents(d.balance)
            )
            for d in projected
        ],
    )


def get_forecast(
    uow: UnitOfWork, actor: Actor, *, account_id: int, scenario_id: int | None = None
) -> ForecastView:
    """The projection last written by recompute_schedule (empty if never computed)."""
    owned(uow, actor, Account, account_id, "account_id: account")
    rows = list(
        uow.session.scalars(
            sa.select(MoneyScheduleDailyBalance)
            .where(
                MoneyScheduleDailyBalance.user_id == actor.user_id,
                MoneyScheduleDailyBalance.account_id == account_id,
                MoneyScheduleDailyBalance.scenario_id.is_(None)
                if scenario_id is None
                else MoneyScheduleDailyBalance.scenario_id == scenario_id,
            )
            .order_by(MoneyScheduleDailyBalance.balance_date)
        )
    )
    balances = [
        DailyBalanceView(
            balance_date=r.balance_date, net_flow=cents(r.net_flow), balance=cents(r.balance)
        )
        for r in rows
    ]
    opening = balances[0].balance - balances[0].net_flow if balances else ZERO
    return ForecastView(
        account_id=account_id, scenario_id=scenario_id, opening_balance=opening, balances=balances
    )
