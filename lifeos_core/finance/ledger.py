"""The ledger: chart of accounts, balanced journal entries, transactions that post to it,
and the trial balance with its snapshots.

A transaction posts a two-line entry in the same unit of work once it counts (typed in,
imported or a confirmed inference) and has both its accounts. Unconfirmed, rejected and
ignored inferences never reach the ledger, so they stay out of every balance.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.database import utcnow
from lifeos_core.database.inferred import counts_toward_totals
from lifeos_core.errors import Conflict, InvalidInput, NotFound, validate
from lifeos_core.finance.common import ZERO, cents, normalise, owned
from lifeos_core.finance.events import (
    AccountCreated,
    AccountUpdated,
    CategoryCreated,
    JournalPosted,
    JournalUnposted,
    TransactionCategorised,
    TransactionCreated,
    TransactionDeleted,
    TransactionInferred,
    TrialBalanceSettingsUpdated,
    TrialBalanceSnapshotted,
)
from lifeos_core.finance.models import (
    ACCOUNT_TYPES,
    Account,
    AccountCategory,
    JournalEntry,
    JournalLine,
    Transaction,
    TrialBalanceSetting,
    TrialBalanceSnapshot,
)
from lifeos_core.finance.schemas import (
    PAYMENT_ACCOUNT_TYPES,
    SUBTYPES,
    AccountChanges,
    AccountView,
    CategoryView,
    JournalEntryView,
    JournalLineView,
    NewAccount,
    NewCategory,
    NewInferredTransaction,
    NewJournalEntry,
    NewTransaction,
    TransactionTotals,
    TransactionView,
    TrialBalanceLine,
    TrialBalanceSettingChanges,
    TrialBalanceSettingView,
    TrialBalanceSnapshotView,
    TrialBalanceView,
)
from lifeos_core.unit_of_work import UnitOfWork

# --- categories and accounts ----------------------------------------------------------------


def create_category(uow: UnitOfWork, actor: Actor, **fields) -> CategoryView:
    data = validate(NewCategory, **fields)
    taken = uow.session.scalar(
        sa.select(AccountCategory.id).where(
            AccountCategory.user_id == actor.user_id,
            sa.func.lower(AccountCategory.name) == data.name.lower(),
        )
    )
    if taken is not None:
        raise Conflict(f"name: you already have a category called {data.name!r}")
    category = AccountCategory(user_id=actor.user_id, **data.model_dump())
    uow.session.add(category)
    uow.session.flush()
    uow.emit(CategoryCreated(user_id=actor.user_id, category_id=category.id, name=category.name))
    return CategoryView.model_validate(category)


def list_categories(uow: UnitOfWork, actor: Actor) -> list[CategoryView]:
    query = (
        sa.select(AccountCategory)
        .where(AccountCategory.user_id == actor.user_id)
        .order_by(AccountCategory.name)
    )
    return [CategoryView.model_validate(c) for c in uow.session.scalars(query)]


def _name_taken(uow: UnitOfWork, actor: Actor, name: str, except_id: int | None = None) -> bool:
    query = sa.select(Account.id).where(
        Account.user_id == actor.user_id, Account.normalized_name == normalise(name)
    )
    if except_id is not None:
        query = query.where(Account.id != except_id)
    return uow.session.scalar(query) is not None


def create_account(uow: UnitOfWork, actor: Actor, **fields) -> AccountView:
    data = validate(NewAccount, **fields)
    if not normalise(data.name):
        raise InvalidInput("name: needs at least one letter or digit", {"name": "no letters"})
    if data.category_id is not None:
        owned(uow, actor, AccountCategory, data.category_id, "category_id: category")
    if _name_taken(uow, actor, data.name):
        raise Conflict(f"name: you already have an account called {data.name!r}")
    account = Account(
        user_id=actor.user_id, normalized_name=normalise(data.name), **data.model_dump()
    )
    uow.session.add(account)
    uow.session.flush()
    uow.emit(
        AccountCreated(
            user_id=actor.user_id,
            account_id=account.id,
            name=account.name,
            account_type=account.account_type,
            subtype=account.subtype,
            category_id=account.category_id,
        )
    )
    return AccountView.model_validate(account)


def update_account(uow: UnitOfWork, actor: Actor, account_id: int, **fields) -> AccountView:
    changes = validate(AccountChanges, **fields).model_dump(exclude_unset=True)
    account = owned(uow, actor, Account, account_id, "account")
    if changes.get("subtype") and changes["subtype"] not in SUBTYPES[account.account_type]:
        raise InvalidInput(
            f"subtype: {changes['subtype']!r} is not a {account.account_type} subtype",
            {"subtype": "does not fit the account type"},
        )
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        if not normalise(changes["name"]):
            raise InvalidInput("name: needs at least one letter or digit", {"name": "no letters"})
        if _name_taken(uow, actor, changes["name"], except_id=account.id):
            raise Conflict(f"name: you already have an account called {changes['name']!r}")
    if changes.get("category_id") is not None:
        owned(uow, actor, AccountCategory, changes["category_id"], "category_id: category")
    changed = [k for k, v in changes.items() if getattr(account, k) != v]
    for key in changed:
        setattr(account, key, changes[key])
    if "name" in changed:
        account.normalized_name = normalise(account.name)
    if changed:
        uow.session.flush()
        uow.emit(AccountUpdated(user_id=actor.user_id, account_id=account.id, fields=changed))
    return AccountView.model_validate(account)


def get_account(uow: UnitOfWork, actor: Actor, account_id: int) -> AccountView:
    return AccountView.model_validate(owned(uow, actor, Account, account_id, "account"))


def list_accounts(
    uow: UnitOfWork,
    actor: Actor,
    *,
    account_type: str | None = None,
    include_inactive: bool = False,
) -> list[AccountView]:
    query = sa.select(Account).where(Account.user_id == actor.user_id)
    if account_type is not None:
        query = query.where(Account.account_type == account_type)
    if not include_inactive:
        query = query.where(Account.is_active.is_(True))
    accounts = sorted(
        uow.session.scalars(query),
        key=lambda a: (ACCOUNT_TYPES.index(a.account_type), a.normalized_name),
    )
    return [AccountView.model_validate(a) for a in accounts]


def search_accounts(
    uow: UnitOfWork, actor: Actor, query: str, *, include_inactive: bool = False
) -> list[AccountView]:
    """Accounts whose name contains ``query``, ignoring case, accents and punctuation."""
    needle = normalise(query)
    if not needle:
        return []
    select = sa.select(Account).where(
        Account.user_id == actor.user_id,
        # normalise() leaves only [a-z0-9 ], so the needle holds no LIKE wildcards.
        Account.normalized_name.like(f"%{needle}%"),
    )
    if not include_inactive:
        select = select.where(Account.is_active.is_(True))
    return [
        AccountView.model_validate(a)
        for a in uow.session.scalars(select.order_by(Account.normalized_name))
    ]


def usable_account(
    uow: UnitOfWork,
    actor: Actor,
    account_id: int,
    field: str,
    types: Iterable[str] = ACCOUNT_TYPES,
) -> Account:
    account = owned(uow, actor, Account, account_id, f"{field}: account")
    if not account.is_active:
        raise InvalidInput(f"{field}: account {account.name!r} is inactive", {field: "inactive"})
    if account.account_type not in types:
        raise InvalidInput(
            f"{field}: account {account.name!r} is an {account.account_type} account; "
            f"use one of type {', '.join(types)}",
            {field: f"must be of type {', '.join(types)}"},
        )
    return account


# --- journal entries ------------------------------------------------------------------------


def _post_entry(
    uow: UnitOfWork,
    actor: Actor,
    *,
    entry_date: date,
    description: str,
    lines: list[tuple[int, Decimal, Decimal, str | None]],
    reference: str | None = None,
    origin: str = "manual",
) -> JournalEntry:
    """Write a balanced entry and emit journal.posted; an unbalanced one writes nothing."""
    debit_total = cents(sum((debit for _, debit, _, _ in lines), ZERO))
    credit_total = cents(sum((credit for _, _, credit, _ in lines), ZERO))
    if debit_total != credit_total:
        difference = abs(debit_total - credit_total)
        raise InvalidInput(
            f"lines: debits ({debit_total}) and credits ({credit_total}) differ by "
            f"{difference}; an entry must balance",
            {"lines": f"debits and credits differ by {difference}"},
        )
    entry = JournalEntry(
        user_id=actor.user_id,
        entry_date=entry_date,
        description=description,
        reference=reference,
        origin=origin,
    )
    uow.session.add(entry)
    uow.session.flush()
    for account_id, debit, credit, memo in lines:
        uow.session.add(
            JournalLine(
                user_id=actor.user_id,
                entry_id=entry.id,
                account_id=account_id,
                debit=cents(debit),
                credit=cents(credit),
                memo=memo,
            )
        )
    uow.session.flush()
    uow.emit(
        JournalPosted(
            user_id=actor.user_id,
            entry_id=entry.id,
            debit_total=debit_total,
            credit_total=credit_total,
            line_count=len(lines),
        )
    )
    return entry


def post_journal_entry(uow: UnitOfWork, actor: Actor, **fields) -> JournalEntryView:
    """Post a manual entry. Its debits must equal its credits, or nothing is written."""
    data = validate(NewJournalEntry, **fields)
    for index, line in enumerate(data.lines):
        usable_account(uow, actor, line.account_id, f"lines.{index}.account_id")
    entry = _post_entry(
        uow,
        actor,
        entry_date=data.entry_date,
        description=data.description.strip(),
        reference=data.reference,
        lines=[(ln.account_id, ln.debit, ln.credit, ln.memo) for ln in data.lines],
    )
    return _entry_view(uow, entry)


def _entry_view(uow: UnitOfWork, entry: JournalEntry) -> JournalEntryView:
    lines = list(
        uow.session.scalars(
            sa.select(JournalLine).where(JournalLine.entry_id == entry.id).order_by(JournalLine.id)
        )
    )
    return JournalEntryView(
        id=entry.id,
        entry_date=entry.entry_date,
        description=entry.description,
        reference=entry.reference,
        origin=entry.origin,
        lines=[JournalLineView.model_validate(line) for line in lines],
        debit_total=cents(sum((line.debit for line in lines), ZERO)),
        credit_total=cents(sum((line.credit for line in lines), ZERO)),
    )


def get_journal_entry(uow: UnitOfWork, actor: Actor, entry_id: int) -> JournalEntryView:
    return _entry_view(uow, owned(uow, actor, JournalEntry, entry_id, "journal entry"))


def list_journal_entries(
    uow: UnitOfWork, actor: Actor, *, account_id: int | None = None, limit: int = 200
) -> list[JournalEntryView]:
    query = sa.select(JournalEntry).where(JournalEntry.user_id == actor.user_id)
    if account_id is not None:
        query = query.where(
            JournalEntry.id.in_(
                sa.select(JournalLine.entry_id).where(
                    JournalLine.user_id == actor.user_id, JournalLine.account_id == account_id
                )
            )
        )
    query = query.order_by(JournalEntry.entry_date.desc(), JournalEntry.id.desc()).limit(limit)
    return [_entry_view(uow, entry) for entry in uow.session.scalars(query)]


# --- transactions ---------------------------------------------------------------------------


def _counts(transaction: Transaction) -> bool:
    return transaction.inferred_status in (None, "confirmed")


def _post_if_ready(uow: UnitOfWork, actor: Actor, transaction: Transaction) -> None:
    if (
        transaction.journal_entry_id is not None
        or not _counts(transaction)
        or transaction.account_id is None
        or transaction.payment_account_id is None
    ):
        return
    size = abs(transaction.amount)
    if transaction.amount < 0:  # money out: the counter account receives (debit)
        lines = [
            (transaction.account_id, size, ZERO, None),
            (transaction.payment_account_id, ZERO, size, None),
        ]
    else:
        lines = [
            (transaction.payment_account_id, size, ZERO, None),
            (transaction.account_id, ZERO, size, None),
        ]
    entry = _post_entry(
        uow,
        actor,
        entry_date=transaction.occurred_on,
        description=transaction.description,
        lines=lines,
        reference=f"transaction {transaction.id}",
        origin="transaction",
    )
    transaction.journal_entry_id = entry.id


def _unpost(uow: UnitOfWork, actor: Actor, transaction: Transaction) -> None:
    if transaction.journal_entry_id is None:
        return
    entry = uow.session.get(JournalEntry, transaction.journal_entry_id)
    transaction.journal_entry_id = None
    if entry is not None:
        entry_id = entry.id
        uow.session.delete(entry)
        uow.session.flush()
        uow.emit(
            JournalUnposted(user_id=actor.user_id, entry_id=entry_id, transaction_id=transaction.id)
        )


def _check_accounts(
    uow: UnitOfWork, actor: Actor, account_id: int | None, payment_account_id: int | None
) -> Account | None:
    """The counter account (if any), after checking both accounts are usable together."""
    if payment_account_id is not None:
        usable_account(uow, actor, payment_account_id, "payment_account_id", PAYMENT_ACCOUNT_TYPES)
    if account_id is None:
        return None
    if account_id == payment_account_id:
        raise InvalidInput(
            "account_id: a transaction needs two different accounts",
            {"account_id": "same as the payment account"},
        )
    return usable_account(uow, actor, account_id, "account_id")


def add_transaction(
    uow: UnitOfWork, actor: Actor, data: NewTransaction, *, source: str = "manual"
) -> Transaction:
    """Store a validated transaction, post it when it can be, emit transaction.created."""
    counter = _check_accounts(uow, actor, data.account_id, data.payment_account_id)
    transaction = Transaction(
        user_id=actor.user_id,
        normalized_description=normalise(data.description),
        source=source,
        **data.model_dump(),
    )
    uow.session.add(transaction)
    uow.session.flush()
    _post_if_ready(uow, actor, transaction)
    uow.emit(
        TransactionCreated(
            user_id=actor.user_id,
            transaction_id=transaction.id,
            amount=transaction.amount,
            description=transaction.description,
            category=counter.name if counter else None,
            counterparty=transaction.counterparty,
            occurred_at=transaction.occurred_on,
            source=source,
        )
    )
    return transaction


def create_transaction(uow: UnitOfWork, actor: Actor, **fields) -> TransactionView:
    """A transaction typed in by hand; ``amount`` is negative for money out."""
    transaction = add_transaction(uow, actor, validate(NewTransaction, **fields))
    return TransactionView.model_validate(transaction)


def categorise_transaction(
    uow: UnitOfWork,
    actor: Actor,
    transaction_id: int,
    *,
    account_id: int,
    payment_account_id: int | None = None,
) -> TransactionView:
    """Give a transaction its counter account (and payment account); reposts if posted."""
    transaction = owned(uow, actor, Transaction, transaction_id, "transaction")
    payment_account_id = payment_account_id or transaction.payment_account_id
    _check_accounts(uow, actor, account_id, payment_account_id)
    if (transaction.account_id, transaction.payment_account_id) != (
        account_id,
        payment_account_id,
    ):
        _unpost(uow, actor, transaction)
        transaction.account_id = account_id
        transaction.payment_account_id = payment_account_id
        uow.session.flush()
        _post_if_ready(uow, actor, transaction)
        uow.emit(
            TransactionCategorised(
                user_id=actor.user_id, transaction_id=transaction.id, account_id=account_id
            )
        )
    return TransactionView.model_validate(transaction)


def delete_transaction(uow: UnitOfWork, actor: Actor, transaction_id: int) -> None:
    transaction = owned(uow, actor, Transaction, transaction_id, "transaction")
    _unpost(uow, actor, transaction)
    uow.session.delete(transaction)
    uow.session.flush()
    uow.emit(TransactionDeleted(user_id=actor.user_id, transaction_id=transaction_id))


def get_transaction(uow: UnitOfWork, actor: Actor, transaction_id: int) -> TransactionView:
    return TransactionView.model_validate(
        owned(uow, actor, Transaction, transaction_id, "transaction")
    )


def list_transactions(
    uow: UnitOfWork,
    actor: Actor,
    *,
    account_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    include_unconfirmed: bool = True,
    limit: int = 500,
) -> list[TransactionView]:
    """Newest first. Unconfirmed inferences are listed (marked by status) unless excluded;
    rejected and ignored ones never are."""
    query = sa.select(Transaction).where(Transaction.user_id == actor.user_id)
    if account_id is not None:
        query = query.where(
            sa.or_(
                Transaction.account_id == account_id,
                Transaction.payment_account_id == account_id,
            )
        )
    if start is not None:
        query = query.where(Transaction.occurred_on >= start)
    if end is not None:
        query = query.where(Transaction.occurred_on <= end)
    if include_unconfirmed:
        query = query.where(
            Transaction.inferred_status.is_distinct_from("rejected"),
            Transaction.inferred_status.is_distinct_from("ignored"),
        )
    else:
        query = query.where(counts_toward_totals(Transaction))
    query = query.order_by(Transaction.occurred_on.desc(), Transaction.id.desc()).limit(limit)
    return [TransactionView.model_validate(t) for t in uow.session.scalars(query)]


def transaction_totals(
    uow: UnitOfWork, actor: Actor, *, start: date | None = None, end: date | None = None
) -> TransactionTotals:
    """Money in and out over manual, imported and confirmed transactions only."""
    query = sa.select(Transaction.amount).where(
        Transaction.user_id == actor.user_id, counts_toward_totals(Transaction)
    )
    if start is not None:
        query = query.where(Transaction.occurred_on >= start)
    if end is not None:
        query = query.where(Transaction.occurred_on <= end)
    amounts = [cents(a) for a in uow.session.scalars(query)]
    money_in = cents(sum((a for a in amounts if a > 0), ZERO))
    money_out = cents(sum((-a for a in amounts if a < 0), ZERO))
    return TransactionTotals(
        money_in=money_in, money_out=money_out, net=money_in - money_out, count=len(amounts)
    )


def record_inferred_transaction(
    uow: UnitOfWork,
    actor: Actor,
    *,
    amount: Decimal | str,
    description: str,
    occurred_on: date,
    calendar_event_id: int,
    confidence: float,
    status: str,
    model_version: str,
    direction: str = "out",
    account_id: int | None = None,
    payment_account_id: int | None = None,
    counterparty: str | None = None,
    structure: dict | None = None,
) -> TransactionView:
    """The interpreter's entry point: a transaction proposed from a calendar event.

    ``amount`` is the positive sum found in the event, ``direction`` says whether it left
    ("out", the default: a dinner, a ticket) or arrived ("in"). It is posted to the ledger
    only once confirmed and given both accounts.
    """
    data = validate(
        NewInferredTransaction,
        amount=amount,
        description=description,
        occurred_on=occurred_on,
        calendar_event_id=calendar_event_id,
        confidence=confidence,
        status=status,
        model_version=model_version,
        direction=direction,
        account_id=account_id,
        payment_account_id=payment_account_id,
        counterparty=counterparty,
    )
    _check_accounts(uow, actor, data.account_id, data.payment_account_id)
    signed = -data.amount if data.direction == "out" else data.amount
    transaction = Transaction(
        user_id=actor.user_id,
        occurred_on=data.occurred_on,
        amount=signed,
        description=data.description.strip(),
        normalized_description=normalise(data.description),
        counterparty=data.counterparty,
        account_id=data.account_id,
        payment_account_id=data.payment_account_id,
        source="calendar",
        calendar_event_id=data.calendar_event_id,
        confidence_score=data.confidence,
        inferred_status=data.status,
    )
    uow.session.add(transaction)
    uow.session.flush()
    _post_if_ready(uow, actor, transaction)
    uow.emit(
        TransactionInferred(
            user_id=actor.user_id,
            transaction_id=transaction.id,
            calendar_event_id=data.calendar_event_id,
            confidence_score=data.confidence,
            amount=signed,
            description=transaction.description,
            status=data.status,
            model_version=data.model_version,
            inferred_structure=structure or {},
        )
    )
    return TransactionView.model_validate(transaction)


def set_transaction_inferred_status(
    uow: UnitOfWork, actor: Actor, transaction_id: int, status: str
) -> TransactionView:
    """Confirm (posts it, when it has its accounts), reject or ignore (unposts it)."""
    if status not in ("confirmed", "rejected", "ignored"):
        raise InvalidInput(
            f"status: must be confirmed, rejected or ignored, not {status!r}",
            {"status": "unknown status"},
        )
    transaction = uow.session.scalar(
        sa.select(Transaction).where(
            Transaction.id == transaction_id,
            Transaction.user_id == actor.user_id,
            Transaction.source == "calendar",
        )
    )
    if transaction is None:
        raise NotFound(f"inferred transaction {transaction_id} not found")
    transaction.inferred_status = status
    if status == "confirmed":
        _post_if_ready(uow, actor, transaction)
    else:
        _unpost(uow, actor, transaction)
    uow.session.flush()
    return TransactionView.model_validate(transaction)


# --- trial balance --------------------------------------------------------------------------


def _today(actor: Actor) -> date:
    return datetime.now(ZoneInfo(actor.timezone)).date()


def account_balances(
    uow: UnitOfWork, actor: Actor, *, as_of: date | None = None, before: date | None = None
) -> dict[int, Decimal]:
    """Debits less credits per account over posted entries (up to ``as_of`` inclusive, or
    strictly ``before`` a day)."""
    query = (
        sa.select(
            JournalLine.account_id,
            sa.func.sum(JournalLine.debit),
            sa.func.sum(JournalLine.credit),
        )
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .where(JournalLine.user_id == actor.user_id, JournalEntry.user_id == actor.user_id)
        .group_by(JournalLine.account_id)
    )
    if as_of is not None:
        query = query.where(JournalEntry.entry_date <= as_of)
    if before is not None:
        query = query.where(JournalEntry.entry_date < before)
    return {
        account_id: cents(debit) - cents(credit)
        for account_id, debit, credit in uow.session.execute(query)
    }


def trial_balance(uow: UnitOfWork, actor: Actor, *, as_of: date | None = None) -> TrialBalanceView:
    """Every account's balance on its natural side; debit and credit totals must agree."""
    as_of = as_of or _today(actor)
    balances = account_balances(uow, actor, as_of=as_of)
    include_zero = get_trial_balance_settings(uow, actor).include_zero_balances
    accounts = uow.session.scalars(sa.select(Account).where(Account.user_id == actor.user_id))
    lines = []
    for account in sorted(
        accounts, key=lambda a: (ACCOUNT_TYPES.index(a.account_type), a.normalized_name)
    ):
        net = balances.get(account.id, ZERO)
        if net == 0 and not (include_zero and account.is_active):
            continue
        lines.append(
            TrialBalanceLine(
                account_id=account.id,
                account_name=account.name,
                account_type=account.account_type,
                debit=net if net > 0 else ZERO,
                credit=-net if net < 0 else ZERO,
            )
        )
    return TrialBalanceView(
        as_of=as_of,
        lines=lines,
        debit_total=cents(sum((line.debit for line in lines), ZERO)),
        credit_total=cents(sum((line.credit for line in lines), ZERO)),
    )


def snapshot_trial_balance(
    uow: UnitOfWork, actor: Actor, *, as_of: date | None = None
) -> TrialBalanceSnapshotView:
    """Save the trial balance as of a day, one row per account."""
    balance = trial_balance(uow, actor, as_of=as_of)
    if not balance.lines:
        raise Conflict(f"as_of: nothing is posted up to {balance.as_of}, so there is no snapshot")
    snapshot_id, taken_at = uuid.uuid4().hex, utcnow()
    for line in balance.lines:
        uow.session.add(
            TrialBalanceSnapshot(
                user_id=actor.user_id,
                snapshot_id=snapshot_id,
                as_of=balance.as_of,
                taken_at=taken_at,
                **line.model_dump(),
            )
        )
    uow.session.flush()
    uow.emit(
        TrialBalanceSnapshotted(
            user_id=actor.user_id,
            snapshot_id=snapshot_id,
            as_of=balance.as_of,
            account_count=len(balance.lines),
            debit_total=balance.debit_total,
            credit_total=balance.credit_total,
        )
    )
    return TrialBalanceSnapshotView(
        **balance.model_dump(), snapshot_id=snapshot_id, taken_at=taken_at
    )


def _snapshot_views(rows: list[TrialBalanceSnapshot]) -> list[TrialBalanceSnapshotView]:
    grouped: dict[str, list[TrialBalanceSnapshot]] = {}
    for row in rows:
        grouped.setdefault(row.snapshot_id, []).append(row)
    views = []
    for snapshot_id, members in grouped.items():
        lines = [TrialBalanceLine.model_validate(m) for m in members]
        views.append(
            TrialBalanceSnapshotView(
                snapshot_id=snapshot_id,
                as_of=members[0].as_of,
                taken_at=members[0].taken_at,
                lines=lines,
                debit_total=cents(sum((line.debit for line in lines), ZERO)),
                credit_total=cents(sum((line.credit for line in lines), ZERO)),
            )
        )
    return sorted(views, key=lambda v: v.taken_at, reverse=True)


def list_trial_balance_snapshots(uow: UnitOfWork, actor: Actor) -> list[TrialBalanceSnapshotView]:
    rows = uow.session.scalars(
        sa.select(TrialBalanceSnapshot)
        .where(TrialBalanceSnapshot.user_id == actor.user_id)
        .order_by(TrialBalanceSnapshot.id)
    )
    return _snapshot_views(list(rows))


def get_trial_balance_snapshot(
    uow: UnitOfWork, actor: Actor, snapshot_id: str
) -> TrialBalanceSnapshotView:
    rows = list(
        uow.session.scalars(
            sa.select(TrialBalanceSnapshot)
            .where(
                TrialBalanceSnapshot.user_id == actor.user_id,
                TrialBalanceSnapshot.snapshot_id == snapshot_id,
            )
            .order_by(TrialBalanceSnapshot.id)
        )
    )
    if not rows:
        raise NotFound(f"trial balance snapshot {snapshot_id} not found")
    return _snapshot_views(rows)[0]


def get_trial_balance_settings(uow: UnitOfWork, actor: Actor) -> TrialBalanceSettingView:
    setting = uow.session.scalar(
        sa.select(TrialBalanceSetting).where(TrialBalanceSetting.user_id == actor.user_id)
    )
    if setting is None:
        return TrialBalanceSettingView(include_zero_balances=False, currency="EUR")
    return TrialBalanceSettingView.model_validate(setting)


def update_trial_balance_settings(
    uow: UnitOfWork, actor: Actor, **fields
) -> TrialBalanceSettingView:
    changes = validate(TrialBalanceSettingChanges, **fields).model_dump(exclude_none=True)
    setting = uow.session.scalar(
        sa.select(TrialBalanceSetting).where(TrialBalanceSetting.user_id == actor.user_id)
    )
    if setting is None:
        setting = TrialBalanceSetting(
            user_id=actor.user_id, include_zero_balances=False, currency="EUR"
        )
        uow.session.add(setting)
    changed = [k for k, v in changes.items() if getattr(setting, k) != v]
    for key in changed:
        setattr(setting, key, changes[key])
    uow.session.flush()
    if changed:
        uow.emit(TrialBalanceSettingsUpdated(user_id=actor.user_id, fields=changed))
    return TrialBalanceSettingView.model_validate(setting)
