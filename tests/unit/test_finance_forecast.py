"""Planned rows become projected daily balances: recurrences, month ends, scenarios."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lifeos_core.finance.forecast import (
    PlannedRow,
    ScenarioChange,
    add_months,
    apply_scenario,
    occurrences,
    project,
)

RENT = PlannedRow(Decimal("-950.00"), date(2026, 1, 31), "monthly")


def test_a_monthly_row_on_the_31st_falls_on_the_last_day_of_short_months():
    days = list(occurrences(RENT, date(2026, 1, 1), date(2026, 5, 31)))
    assert days == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30),
        date(2026, 5, 31),
    ]  # fmt: skip
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)  # leap year
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_a_monthly_row_crosses_the_month_boundary_in_the_balances():
    salary = PlannedRow(Decimal("2500.00"), date(2026, 10, 1), "monthly")
    projected = project(Decimal("100.00"), [RENT, salary], start=date(2026, 11, 29), days=4)
    assert [(p.day, p.net_flow, p.balance) for p in projected] == [
        (date(2026, 11, 29), Decimal("0.00"), Decimal("100.00")),
        (date(2026, 11, 30), Decimal("-950.00"), Decimal("-850.00")),
        (date(2026, 12, 1), Decimal("2500.00"), Decimal("1650.00")),
        (date(2026, 12, 2), Decimal("0.00"), Decimal("1650.00")),
    ]


def test_weekly_and_once_rows_respect_start_and_end_dates():
    gym = PlannedRow(Decimal("-10"), date(2026, 11, 2), "weekly", end_date=date(2026, 11, 20))
    gift = PlannedRow(Decimal("50"), date(2026, 11, 18))
    window = (date(2026, 11, 5), date(2026, 11, 30))
    assert list(occurrences(gym, *window)) == [date(2026, 11, 9), date(2026, 11, 16)]
    assert list(occurrences(gift, *window)) == [date(2026, 11, 18)]
    assert list(occurrences(gift, date(2026, 11, 19), date(2026, 11, 30))) == []


def test_a_scenario_adds_overrides_and_removes_rows():
    base = {1: RENT, 2: PlannedRow(Decimal("-30"), date(2026, 2, 1), "monthly")}
    changed = apply_scenario(
        base,
        [
            ScenarioChange("override", base_row_id=1, amount=Decimal("-700")),
            ScenarioChange("remove", base_row_id=2),
            ScenarioChange("add", amount=Decimal("-300"), event_date=date(2026, 2, 14)),
        ],
    )
    assert changed == [
        PlannedRow(Decimal("-700"), date(2026, 1, 31), "monthly"),
        PlannedRow(Decimal("-300"), date(2026, 2, 14), "once"),
    ]
    assert base[1] == RENT  # the base plan is untouched
