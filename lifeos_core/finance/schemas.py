"""Input and output shapes of the finance services. Money is Decimal with two places."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

AccountType = Literal["asset", "liability", "equity", "income", "expense"]
Recurrence = Literal["once", "weekly", "monthly"]
ScenarioAction = Literal["add", "override", "remove"]
Money = Annotated[Decimal, Field(max_digits=14, decimal_places=2)]

SUBTYPES: dict[str, tuple[str, ...]] = {
    "asset": ("cash", "bank", "savings", "investment", "receivable", "property", "other"),
    "liability": ("credit_card", "loan", "mortgage", "payable", "other"),
    "equity": ("opening_balance", "retained_earnings", "other"),
    "income": ("salary", "interest", "dividend", "gift", "refund", "other"),
    "expense": (
        "housing", "groceries", "dining", "transport", "utilities", "health", "leisure",
        "subscriptions", "other",
    ),
}  # fmt: skip
# Accounts a transaction can be paid from or into: they appear on statements.
PAYMENT_ACCOUNT_TYPES = ("asset", "liability")


def _nonzero(value: Decimal) -> Decimal:
    if value == 0:
        raise ValueError("must not be zero")
    return value


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError("must be greater than zero")
    return value


# --- inputs ---------------------------------------------------------------------------------


class NewCategory(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=2000)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()


class NewAccount(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    account_type: AccountType
    subtype: str | None = Field(default=None, max_length=32)
    category_id: int | None = None
    description: str | None = Field(default=None, max_length=2000)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    @field_validator("subtype")
    @classmethod
    def _subtype_fits_type(cls, value: str | None, info: ValidationInfo) -> str | None:
        account_type = info.data.get("account_type")
        if value and account_type and value not in SUBTYPES[account_type]:
            allowed = ", ".join(SUBTYPES[account_type])
            raise ValueError(f"{value!r} is not a {account_type} subtype ({allowed})")
        return value or None


class AccountChanges(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    subtype: str | None = Field(default=None, max_length=32)
    category_id: int | None = None
    description: str | None = Field(default=None, max_length=2000)
    is_active: bool | None = None


class NewJournalLine(BaseModel):
    account_id: int
    debit: Money = Decimal("0")
    credit: Money = Decimal("0")
    memo: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _one_side(self) -> NewJournalLine:
        if self.debit < 0 or self.credit < 0:
            raise ValueError("debit and credit must not be negative")
        if (self.debit > 0) == (self.credit > 0):
            raise ValueError("a line is either a debit or a credit, not both or neither")
        return self


class NewJournalEntry(BaseModel):
    entry_date: date
    description: str = Field(min_length=1, max_length=500)
    reference: str | None = Field(default=None, max_length=120)
    lines: list[NewJournalLine] = Field(min_length=2)


class NewTransaction(BaseModel):
    occurred_on: date
    amount: Money
    description: str = Field(min_length=1, max_length=500)
    counterparty: str | None = Field(default=None, max_length=200)
    account_id: int | None = None
    payment_account_id: int

    @field_validator("amount")
    @classmethod
    def _amount(cls, value: Decimal) -> Decimal:
        return _nonzero(value)

    @field_validator("description")
    @classmethod
    def _description(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()


class NewInferredTransaction(BaseModel):
    occurred_on: date
    amount: Money
    direction: Literal["out", "in"] = "out"
    description: str = Field(min_length=1, max_length=500)
    counterparty: str | None = Field(default=None, max_length=200)
    account_id: int | None = None
    payment_account_id: int | None = None
    calendar_event_id: int
    confidence: float = Field(ge=0, le=1)
    status: Literal["inferred", "confirmed"]
    model_version: str = Field(min_length=1, max_length=120)

    @field_validator("amount")
    @classmethod
    def _amount(cls, value: Decimal) -> Decimal:
        return _positive(value)


class NewScheduleRow(BaseModel):
    account_id: int
    amount: Money
    event_date: date
    recurrence: Recurrence = "once"
    end_date: date | None = None
    memo: str | None = Field(default=None, max_length=500)

    @field_validator("amount")
    @classmethod
    def _amount(cls, value: Decimal) -> Decimal:
        return _nonzero(value)

    @model_validator(mode="after")
    def _end_after_start(self) -> NewScheduleRow:
        if self.end_date is not None and self.end_date < self.event_date:
            raise ValueError("end_date is before event_date")
        return self


class ScheduleRowChanges(BaseModel):
    account_id: int | None = None
    amount: Money | None = None
    event_date: date | None = None
    recurrence: Recurrence | None = None
    end_date: date | None = None
    memo: str | None = Field(default=None, max_length=500)

    @field_validator("amount")
    @classmethod
    def _amount(cls, value: Decimal | None) -> Decimal | None:
        return None if value is None else _nonzero(value)


class NewScenario(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    description: str | None = Field(default=None, max_length=2000)


class NewScenarioRow(BaseModel):
    action: ScenarioAction
    base_row_id: int | None = None
    account_id: int | None = None
    amount: Money | None = None
    event_date: date | None = None
    recurrence: Recurrence | None = None
    end_date: date | None = None
    memo: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _complete(self) -> NewScenarioRow:
        if self.action == "add":
            missing = [
                n for n in ("account_id", "amount", "event_date") if getattr(self, n) is None
            ]
            if missing:
                raise ValueError(f"an added row needs {', '.join(missing)}")
        elif self.base_row_id is None:
            raise ValueError(f"base_row_id is required to {self.action} a row")
        if self.amount is not None and self.amount == 0:
            raise ValueError("amount must not be zero")
        return self


class NewReceivable(BaseModel):
    counterparty: str = Field(min_length=1, max_length=200)
    principal: Money
    start_date: date
    due_date: date | None = None
    memo: str | None = Field(default=None, max_length=500)

    @field_validator("principal")
    @classmethod
    def _principal(cls, value: Decimal) -> Decimal:
        return _positive(value)

    @field_validator("due_date")
    @classmethod
    def _due_after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if value is not None and start is not None and value < start:
            raise ValueError("is before the start date")
        return value


class NewReceivableEntry(BaseModel):
    tracker_id: int
    amount: Money
    entry_date: date
    memo: str | None = Field(default=None, max_length=500)

    @field_validator("amount")
    @classmethod
    def _amount(cls, value: Decimal) -> Decimal:
        return _positive(value)


class NewLoanGroup(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    memo: str | None = Field(default=None, max_length=500)


class TrialBalanceSettingChanges(BaseModel):
    include_zero_balances: bool | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")


# --- views ----------------------------------------------------------------------------------


class _View(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)


class CategoryView(_View):
    id: int
    name: str
    description: str | None


class AccountView(_View):
    id: int
    name: str
    account_type: str
    subtype: str | None
    category_id: int | None
    description: str | None
    is_active: bool


class JournalLineView(_View):
    id: int
    account_id: int
    debit: Decimal
    credit: Decimal
    memo: str | None


class JournalEntryView(_View):
    id: int
    entry_date: date
    description: str
    reference: str | None
    origin: str
    lines: list[JournalLineView]
    debit_total: Decimal
    credit_total: Decimal


class TransactionView(_View):
    id: int
    occurred_on: date
    amount: Decimal
    description: str
    counterparty: str | None
    account_id: int | None
    payment_account_id: int | None
    journal_entry_id: int | None
    source: str
    calendar_event_id: int | None
    confidence_score: float | None
    inferred_status: str | None

    @property
    def is_posted(self) -> bool:
        return self.journal_entry_id is not None


class TransactionTotals(_View):
    money_in: Decimal
    money_out: Decimal
    net: Decimal
    count: int


class TrialBalanceLine(_View):
    account_id: int | None
    account_name: str
    account_type: str
    debit: Decimal
    credit: Decimal


class TrialBalanceView(_View):
    as_of: date
    lines: list[TrialBalanceLine]
    debit_total: Decimal
    credit_total: Decimal

    @property
    def balanced(self) -> bool:
        return self.debit_total == self.credit_total


class TrialBalanceSnapshotView(TrialBalanceView):
    snapshot_id: str
    taken_at: datetime


class TrialBalanceSettingView(_View):
    include_zero_balances: bool
    currency: str


class ScheduleRowView(_View):
    id: int
    account_id: int
    amount: Decimal
    event_date: date
    recurrence: str
    end_date: date | None
    memo: str | None


class ScenarioView(_View):
    id: int
    name: str
    description: str | None


class ScenarioRowView(_View):
    id: int
    scenario_id: int
    action: str
    base_row_id: int | None
    account_id: int | None
    amount: Decimal | None
    event_date: date | None
    recurrence: str | None
    end_date: date | None
    memo: str | None


class DailyBalanceView(_View):
    balance_date: date
    net_flow: Decimal
    balance: Decimal


class ForecastView(_View):
    account_id: int
    scenario_id: int | None
    opening_balance: Decimal
    balances: list[DailyBalanceView]


class ReceivableView(_View):
    id: int
    counterparty: str
    principal: Decimal
    start_date: date
    due_date: date | None
    memo: str | None
    received: Decimal
    outstanding: Decimal

    @property
    def is_settled(self) -> bool:
        return self.outstanding == 0


class ReceivableEntryView(_View):
    id: int
    tracker_id: int
    entry_date: date
    amount: Decimal
    memo: str | None


class LoanGroupView(_View):
    id: int
    name: str
    memo: str | None
    tracker_ids: list[int]
    principal_total: Decimal
    outstanding_total: Decimal


class LineIssue(_View):
    line: int
    reason: str


class ImportedLine(_View):
    line: int
    transaction_id: int


class ImportReport(_View):
    imported: list[ImportedLine]
    duplicates: list[LineIssue]
    rejected: list[LineIssue]


class AccountSuggestion(_View):
    account_id: int
    account_name: str
    score: float


class AccountSuggestions(_View):
    description: str
    suggestions: list[AccountSuggestion]
    model: str
    model_version: str
    examples: int
