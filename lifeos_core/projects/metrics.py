"""Task counts, the overdue rule and task order: pure functions over plain values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

PRIORITY_RANK = {"urgent": 0, "high": 1, "medium": 2, "low": 3}


def is_overdue(status: str, due_date: date | None, today: date) -> bool:
    """An open task whose due date has passed; a task due today is not overdue yet."""
    return status != "done" and due_date is not None and due_date < today


def days_until(due_date: date, today: date) -> int:
    """Days left until ``due_date``: 0 when due today, negative when overdue."""
    return (due_date - today).days


@dataclass(frozen=True)
class TaskCounts:
    open_tasks: int
    done_tasks: int
    overdue_tasks: int

    @property
    def progress(self) -> float:
        """Share of tasks done, 0..1 (0 for a project without tasks)."""
        total = self.open_tasks + self.done_tasks
        return round(self.done_tasks / total, 4) if total else 0.0


def count_tasks(tasks: Iterable[tuple[str, date | None]], *, today: date) -> TaskCounts:
    """Counts from (status, due_date) pairs; overdue is judged against ``today``."""
    open_tasks = done = overdue = 0
    for status, due_date in tasks:
        if status == "done":
            done += 1
            continue
        open_tasks += 1
        overdue += is_overdue(status, due_date, today)
    return TaskCounts(open_tasks=open_tasks, done_tasks=done, overdue_tasks=overdue)


def task_sort_key(status: str, priority: str, due_date: date | None) -> tuple:
    """Open tasks before done ones; then the earliest due date (undated last); then priority."""
    return (status == "done", due_date is None, due_date or date.max, PRIORITY_RANK[priority])
