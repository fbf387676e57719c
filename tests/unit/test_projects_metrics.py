"""Task counts, the overdue rule, task order and project-name matching."""

from __future__ import annotations

from datetime import date, timedelta

from lifeos_core.projects.matching import match_project_name
from lifeos_core.projects.metrics import (
    count_tasks,
    days_until,
    is_overdue,
    task_sort_key,
)

TODAY = date(2026, 11, 25)
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)


def test_a_task_is_overdue_only_when_open_and_past_its_due_date():
    assert is_overdue("todo", YESTERDAY, TODAY)
    assert is_overdue("in_progress", YESTERDAY, TODAY)
    assert not is_overdue("todo", TODAY, TODAY)  # due today is not late yet
    assert not is_overdue("done", YESTERDAY, TODAY)
    assert not is_overdue("todo", None, TODAY)


def test_days_until_is_negative_once_overdue():
    assert (
        days_until(YESTERDAY, TODAY),
        days_until(TODAY, TODAY),
        days_until(TOMORROW, TODAY),
    ) == (
        -1,
        0,
        1,
    )


def test_counts_split_open_done_and_overdue_and_give_progress():
    counts = count_tasks(
        [("todo", YESTERDAY), ("in_progress", TOMORROW), ("done", YESTERDAY), ("todo", None)],
        today=TODAY,
    )
    assert (counts.open_tasks, counts.done_tasks, counts.overdue_tasks) == (3, 1, 1)
    assert counts.progress == 0.25
    assert count_tasks([], today=TODAY).progress == 0.0


def test_open_tasks_come_first_then_the_earliest_due_then_the_most_urgent():
    tasks = {
        "done early": ("done", "urgent", YESTERDAY),
        "undated urgent": ("todo", "urgent", None),
        "tomorrow low": ("todo", "low", TOMORROW),
        "tomorrow urgent": ("in_progress", "urgent", TOMORROW),
        "yesterday medium": ("todo", "medium", YESTERDAY),
    }
    assert sorted(tasks, key=lambda name: task_sort_key(*tasks[name])) == [
        "yesterday medium",
        "tomorrow urgent",
        "tomorrow low",
        "undated urgent",
        "done early",
    ]


PROJECTS = [(1, "Kitchen renovation"), (2, "Kitchen"), (3, "Book"), (4, "UI")]


def test_an_exact_name_wins_whatever_the_case_and_punctuation():
    assert match_project_name("  kitchen RENOVATION! ", PROJECTS) == 1
    assert match_project_name("kitchen", PROJECTS) == 2


def test_otherwise_the_longest_name_contained_as_whole_words_wins():
    assert match_project_name("Deep work: Kitchen renovation", PROJECTS) == 1
    assert match_project_name("Kitchen chat with Sam", PROJECTS) == 2
    assert match_project_name("Book club", PROJECTS) == 3


def test_partial_words_short_names_and_empty_text_find_nothing():
    assert match_project_name("Bookshelf assembly", PROJECTS) is None
    assert match_project_name("Fix UI bugs", PROJECTS) is None  # too short to trust inside text
    assert match_project_name("UI", PROJECTS) == 4  # but fine when it is the whole title
    assert match_project_name("  ", PROJECTS) is None
    assert match_project_name("Kitchen renovation", []) is None
