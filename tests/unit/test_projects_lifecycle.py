"""The project lifecycle, as a table: every move between two statuses is allowed or refused."""

from __future__ import annotations

import pytest

from lifeos_core.errors import Conflict, InvalidInput
from lifeos_core.projects.lifecycle import PROJECT_STATUSES, check_transition, next_statuses

ALLOWED = {
    ("created", "active"),
    ("active", "completed"),
    ("active", "archived"),
    ("completed", "archived"),
    ("archived", "active"),  # restore
}
TABLE = [(current, target) for current in PROJECT_STATUSES for target in PROJECT_STATUSES]


@pytest.mark.parametrize(("current", "target"), TABLE, ids=lambda s: s)
def test_a_move_is_allowed_exactly_when_the_lifecycle_lists_it(current, target):
    if (current, target) in ALLOWED:
        check_transition("Kitchen renovation", current, target)
        assert target in next_statuses(current)
    else:
        with pytest.raises(Conflict) as refused:
            check_transition("Kitchen renovation", current, target)
        assert f"'Kitchen renovation' cannot go from {current} to {target}" in str(refused.value)
        assert target not in next_statuses(current)


def test_the_refusal_says_where_the_project_can_go_instead():
    with pytest.raises(Conflict, match="a created project can only become active"):
        check_transition("Garden shed", "created", "completed")
    with pytest.raises(Conflict, match="an active project can only become completed or archived"):
        check_transition("Garden shed", "active", "created")


def test_an_unknown_status_is_bad_input_not_a_conflict():
    with pytest.raises(InvalidInput) as bad:
        check_transition("Garden shed", "active", "paused")
    assert bad.value.fields == {"status": "unknown status"}


def test_every_status_has_a_way_out():
    assert all(next_statuses(status) for status in PROJECT_STATUSES)
