"""Bank-statement CSV parsing. Pure functions; the import service decides what to store.

Accepted: columns date, description, amount (in that order without a header, or named in
a header row), ``;`` or ``,`` (or tab) between fields, amounts with a decimal point or a
decimal comma and optional thousands separators and currency signs, dates as
2026-11-25, 25.11.2026 or 25/11/2026. Rows that do not parse are reported with their line
number; a file whose shape cannot be recognised raises StatementError and yields nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y", "%Y/%m/%d")
HEADER_NAMES = {
    "date": ("date", "booking date", "transaction date", "value date", "datum", "buchungstag"),
    "description": (
        "description", "memo", "details", "text", "payee", "narrative", "reference",
        "verwendungszweck", "beschreibung",
    ),
    "amount": ("amount", "value", "betrag", "sum", "amount eur"),
}  # fmt: skip
_CURRENCY = re.compile(r"[€$£\s\u00a0]|EUR|USD|GBP|CHF", re.I)
MAX_BYTES = 5_000_000


class StatementError(ValueError):
    """The file as a whole cannot be read as a statement."""


@dataclass(frozen=True)
class StatementRow:
    line: int
    occurred_on: date
    description: str
    amount: Decimal


@dataclass
class ParsedStatement:
    rows: list[StatementRow] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)


def parse_amount(text: str) -> Decimal:
    """'-1.234,56 €' -> Decimal('-1234.56'); '1,234.56' -> Decimal('1234.56')."""
    cleaned = _CURRENCY.sub("", text.strip())
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    cleaned = cleaned.strip("()")
    if cleaned.endswith("-"):  # '12,50-' as some banks print debits
        cleaned, negative = cleaned[:-1], True
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    elif "," in cleaned:
        decimal_mark = "," if re.search(r",\d{1,2}$", cleaned) else None
    else:
        decimal_mark = "."
    thousands = {",": ".", ".": ",", None: ","}[decimal_mark]
    cleaned = cleaned.replace(thousands, "")
    if decimal_mark == ",":
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d{1,2})?", cleaned):
        raise ValueError(f"amount {text.strip()!r} is not a sum of money")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"amount {text.strip()!r} is not a sum of money") from None
    return -value if negative else value


def parse_date(text: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date {text.strip()!r} is not a date (use 2026-11-25 or 25.11.2026)")


def _decode(content: str | bytes) -> str:
    if isinstance(content, str):
        return content
    if len(content) > MAX_BYTES:
        raise StatementError(f"the file is larger than {MAX_BYTES // 1_000_000} MB")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        raise StatementError(
            "the first line has no ';' or ',' between fields; expected date, description, amount"
        )
    # A ';' file may carry decimal commas, so prefer ';' whenever it splits the line.
    return ";" if counts[";"] else best


def _header_columns(cells: list[str]) -> dict[str, int] | None:
    names = [c.strip().lower() for c in cells]
    columns = {}
    for role, candidates in HEADER_NAMES.items():
        for index, name in enumerate(names):
            if name in candidates:
                columns[role] = index
                break
    return columns


def _looks_like_data(cells: list[str]) -> bool:
    try:
        parse_date(cells[0])
        return True
    except (ValueError, IndexError):
        return False


def parse_statement(content: str | bytes) -> ParsedStatement:
    text = _decode(content)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise StatementError("the file is empty")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first))
    parsed = ParsedStatement()
    columns: dict[str, int] | None = None
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if columns is None:
            if _looks_like_data(cells):
                columns = {"date": 0, "description": 1, "amount": 2}
            else:
                columns = _header_columns(cells)
                missing = [role for role in HEADER_NAMES if role not in columns]
                if missing:
                    raise StatementError(
                        f"line {line}: the header has no {' or '.join(missing)} column "
                        f"(found: {', '.join(c.strip() for c in cells)})"
                    )
                continue
        try:
            if len(cells) <= max(columns.values()):
                raise ValueError(f"has {len(cells)} fields, expected at least 3")
            occurred_on = parse_date(cells[columns["date"]])
            amount = parse_amount(cells[columns["amount"]])
            description = " ".join(cells[columns["description"]].split())
            if not description:
                raise ValueError("the description is empty")
            if amount == 0:
                raise ValueError("the amount is zero")
            if abs(amount) >= Decimal("1e12"):
                raise ValueError("the amount is too large")
        except ValueError as exc:
            parsed.rejected.append((line, str(exc)))
            continue
        parsed.rows.append(StatementRow(line, occurred_on, description[:500], amount))
    if columns is None:
        raise StatementError("the file has no rows")
    return parsed
