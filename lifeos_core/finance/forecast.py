"""Cash forecasting: planned rows expanded into projected daily balances. Pure functions.

A monthly row repeats on its day of the month, clamped to short months (a row on the 31st
falls on 28 February and comes back to 31 March). Weekly rows repeat every seven days.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PlannedRow:
    amount: Decimal  # signed: negative is money out
    event_date: date
    recurrence: str = "once"  # once | weekly | monthly
    end_date: date | None = None


@dataclass(frozen=True)
class ScenarioChange:
    action: str  # add | override | remove
    base_row_id: int | None = None
    amount: Decimal | None = None
    event_date: date | None = None
    recurrence: str | None = None
    end_date: date | None = None


@dataclass(frozen=True)
class ProjectedDay:
    day: date
    net_flow: Decimal
    balance: Decimal


def add_months(anchor: date, months: int) -> date:
    month_index = anchor.month - 1 + months
    year, month = anchor.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))


def occurrences(row: PlannedRow, start: date, end: date) -> Iterator[date]:
    """The days in [start, end] on which ``row`` happens."""
    last = min(end, row.end_date) if row.end_date else end
    if row.recurrence == "once":
        if start <= row.event_date <= last:
            yield row.event_date
        return
    n = 0
    if row.recurrence == "weekly" and row.event_date < start:
        n = (start - row.event_date).days // 7  # skip whole weeks before the window
    elif row.recurrence == "monthly" and row.event_date < start:
        n = max(0, (start.year - row.event_date.year) * 12 + start.month - row.event_date.month - 1)
    while True:
        if row.recurrence == "weekly":
            day = row.event_date + timedelta(weeks=n)
        else:
            day = add_months(row.event_date, n)
        if day > last:
            return
        if day >= start:
            yield day
        n += 1


def apply_scenario(
    base: Mapping[int, PlannedRow], changes: Iterable[ScenarioChange]
) -> list[PlannedRow]:
    """The base plan with a scenario's rows added, overridden or removed."""
    rows: dict[object, PlannedRow] = dict(base)
    for index, change in enumerate(changes):
        if change.action == "add":
            rows[("added", index)] = PlannedRow(
                amount=change.amount,
                event_date=change.event_date,
                recurrence=change.recurrence or "once",
                end_date=change.end_date,
            )
        elif change.action == "remove":
            rows.pop(change.base_row_id, None)
        elif change.action == "override" and change.base_row_id in rows:
            fields = {
                name: getattr(change, name)
                for name in ("amount", "event_date", "recurrence", "end_date")
                if getattr(change, name) is not None
            }
            rows[change.base_row_id] = replace(rows[change.base_row_id], **fields)
    return list(rows.values())


def project(
    opening: Decimal, rows: Iterable[PlannedRow], *, start: date, days: int
) -> list[ProjectedDay]:
    """End-of-day balances for ``days`` days from ``start``, starting from ``opening``."""
    end = start + timedelta(days=days - 1)
    flows: dict[date, Decimal] = {}
    for row in rows:
        for day in occurrences(row, start, end):
            flows[day] = flows.get(day, ZERO) + row.amount
    balance, projected = opening, []
    for offset in range(days):
        day = start + timedelta(days=offset)
        flow = flows.get(day, ZERO)
        balance += flow
        projected.append(ProjectedDay(day, flow, balance))
    return projected
