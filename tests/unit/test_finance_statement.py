"""Bank statements in the shapes banks actually export."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lifeos_core.finance.statement import (
    StatementError,
    parse_amount,
    parse_date,
    parse_statement,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-64,37", "-64.37"),
        ("2.750,00", "2750.00"),
        ("1,234.56", "1234.56"),
        ("-12.5", "-12.5"),
        ("1,000", "1000"),
        ("€ 9,99", "9.99"),
        ("12,50-", "-12.50"),
        ("(40.00)", "-40.00"),
    ],
)
def test_amounts_with_decimal_commas_points_and_thousands(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "1.2.3,4,5", "12.345", ""])
def test_what_is_not_money_is_refused(text):
    with pytest.raises(ValueError, match="not a sum of money"):
        parse_amount(text)


def test_dates_in_iso_and_european_forms():
    assert parse_date("2026-11-03") == parse_date("03.11.2026") == parse_date("03/11/2026")
    with pytest.raises(ValueError, match="not a date"):
        parse_date("yesterday")


def test_a_headerless_comma_file_with_quoted_decimal_commas():
    parsed = parse_statement('2026-11-03,REWE Markt,"-64,37"\n2026-11-04,"Bahn, ICE",-29.90\n')
    assert [(r.line, r.occurred_on, r.description, r.amount) for r in parsed.rows] == [
        (1, date(2026, 11, 3), "REWE Markt", Decimal("-64.37")),
        (2, date(2026, 11, 4), "Bahn, ICE", Decimal("-29.90")),
    ]


def test_a_header_may_name_the_columns_in_any_order_and_bad_rows_are_reported():
    text = "Amount;Booking date;Payee\n-5,00;01.11.2026;Kiosk\n0,00;02.11.2026;Nothing\n"
    parsed = parse_statement(text.encode("cp1252"))
    assert [(r.line, r.description, r.amount) for r in parsed.rows] == [
        (2, "Kiosk", Decimal("-5.00"))
    ]
    assert parsed.rejected == [(3, "the amount is zero")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("just some words\n", "no ';' or ','"),
        ("when;what;colour\n2026-11-01;x;blue\n", "has no date or description or amount column"),
    ],
)
def test_a_file_that_is_not_a_statement_is_refused_whole(text, message):
    with pytest.raises(StatementError, match=message):
        parse_statement(text)
