"""Bank-statement import: parse, drop duplicates, store the rest as transactions.

A row is a duplicate when a transaction with the same day, amount and normalised
description already exists (rejected and ignored inferences aside) or appeared earlier in
the same file. Imported rows post to the ledger when a counter account is given; without
one they wait, uncategorised, for ``categorise_transaction``.
"""

from __future__ import annotations

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.errors import InvalidInput, validate
from lifeos_core.finance.common import cents, normalise
from lifeos_core.finance.events import StatementImported
from lifeos_core.finance.ledger import add_transaction, usable_account
from lifeos_core.finance.models import Transaction
from lifeos_core.finance.schemas import (
    PAYMENT_ACCOUNT_TYPES,
    ImportedLine,
    ImportReport,
    LineIssue,
    NewTransaction,
)
from lifeos_core.finance.statement import StatementError, parse_statement
from lifeos_core.unit_of_work import UnitOfWork


def import_bank_statement(
    uow: UnitOfWork,
    actor: Actor,
    *,
    payment_account_id: int,
    content: str | bytes,
    account_id: int | None = None,
    filename: str | None = None,
) -> ImportReport:
    """Import a statement of ``payment_account_id``; report imported, duplicate and
    rejected rows by line number. A file that cannot be parsed imports nothing."""
    usable_account(uow, actor, payment_account_id, "payment_account_id", PAYMENT_ACCOUNT_TYPES)
    if account_id is not None:
        usable_account(uow, actor, account_id, "account_id")
    try:
        parsed = parse_statement(content)
    except StatementError as exc:
        raise InvalidInput(f"file: {exc}", {"file": str(exc)}) from None
    if not parsed.rows:
        return _report(uow, actor, payment_account_id, filename, [], [], parsed.rejected)

    days = {row.occurred_on for row in parsed.rows}
    existing = {
        (day, cents(amount), description)
        for day, amount, description in uow.session.execute(
            sa.select(
                Transaction.occurred_on, Transaction.amount, Transaction.normalized_description
            ).where(
                Transaction.user_id == actor.user_id,
                Transaction.occurred_on.between(min(days), max(days)),
                Transaction.inferred_status.is_distinct_from("rejected"),
                Transaction.inferred_status.is_distinct_from("ignored"),
            )
        )
    }
    seen: dict[tuple, int] = {}
    imported, duplicates = [], []
    for row in parsed.rows:
        key = (row.occurred_on, cents(row.amount), normalise(row.description))
        if key in existing:
            duplicates.append((row.line, "already imported or entered"))
            continue
        if key in seen:
            duplicates.append((row.line, f"same as line {seen[key]}"))
            continue
        seen[key] = row.line
        data = validate(
            NewTransaction,
            occurred_on=row.occurred_on,
            amount=row.amount,
            description=row.description,
            payment_account_id=payment_account_id,
            account_id=account_id,
        )
        transaction = add_transaction(uow, actor, data, source="import")
        imported.append((row.line, transaction.id))
    return _report(uow, actor, payment_account_id, filename, imported, duplicates, parsed.rejected)


def _report(
    uow: UnitOfWork,
    actor: Actor,
    payment_account_id: int,
    filename: str | None,
    imported: list[tuple[int, int]],
    duplicates: list[tuple[int, str]],
    rejected: list[tuple[int, str]],
) -> ImportReport:
    uow.emit(
        StatementImported(
            user_id=actor.user_id,
            payment_account_id=payment_account_id,
            imported=len(imported),
            duplicates=len(duplicates),
            rejected=len(rejected),
            filename=filename,
        )
    )
    return ImportReport(
        imported=[ImportedLine(line=line, transaction_id=tid) for line, tid in imported],
        duplicates=[LineIssue(line=line, reason=reason) for line, reason in duplicates],
        rejected=[LineIssue(line=line, reason=reason) for line, reason in rejected],
    )
