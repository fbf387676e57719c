"""The projects page, used as the owner would: create, start, plan, log, and be told no."""

from __future__ import annotations

from datetime import date

from app_driver import keys, open_page

from dashboards.ui import md
from lifeos_core.calendar import service as calendar
from lifeos_core.projects import service as projects


def create_project(at, name: str):
    at.text_input(key="projects_new_name").input(name)
    return at.button(key="projects_new_submit").click().run()


TABLE_COLUMNS = {"projects_table": "Progress", "projects_logs": "Confidence"}


def table(at, name: str):
    """A table of the page, told apart by a column only it has."""
    return next(df.value for df in at.dataframe if TABLE_COLUMNS[name] in df.value.columns)


def test_a_project_is_created_started_planned_and_its_time_logged(
    signed_in, app_runtime, demo_actor
):
    at = open_page(signed_in, "projects")
    assert "No projects yet" in at.info[0].value

    at = create_project(at, "Kitchen renovation")
    assert not at.error
    assert "Created “Kitchen renovation”" in at.success[0].value
    assert list(table(at, "projects_table")["Status"]) == ["created"]
    moves = {k for k in keys(at.button) if k.startswith("projects_to_")}
    assert moves == {"projects_to_active"}  # only what the lifecycle allows

    at = at.button(key="projects_to_active").click().run()
    assert "Activated “Kitchen renovation”" in at.success[0].value
    moves = {k for k in keys(at.button) if k.startswith("projects_to_")}
    assert moves == {"projects_to_completed", "projects_to_archived"}

    at.text_input(key="projects_task_title").input("Order tiles")
    at.selectbox(key="projects_task_priority").set_value("high")
    at = at.button(key="projects_task_submit").click().run()
    assert "Added the task “Order tiles”" in at.success[0].value
    with app_runtime.uow() as uow:
        (tiles,) = projects.list_tasks(uow, demo_actor)
    assert (tiles.title, tiles.priority, tiles.status) == ("Order tiles", "high", "todo")
    assert any("Order tiles" in m.value for m in at.markdown)

    at = at.selectbox(key=f"projects_task_status_{tiles.id}").set_value("done").run()
    assert "“Order tiles” is now done" in at.success[0].value

    at.selectbox(key="projects_log_task").set_value(tiles.id)
    at.number_input(key="projects_log_minutes").set_value(90)
    at.text_input(key="projects_log_note").input("Showroom visit")
    at = at.button(key="projects_log_submit").click().run()
    assert not at.error
    logs = table(at, "projects_logs")
    assert list(zip(logs["Time"], logs["Task"], logs["Note"], logs["Source"], strict=True)) == [
        ("1 h 30 min", "Order tiles", "Showroom visit", "Manual")
    ]
    assert list(table(at, "projects_table")["Logged"]) == ["1 h 30 min"]
    with app_runtime.uow() as uow:
        summary = projects.project_summary(uow, demo_actor, tiles.project_id, today=date.today())
    assert (summary.done_tasks, summary.logged_minutes) == (1, 90)


def test_refusals_show_their_message_and_keep_what_was_typed(signed_in, app_runtime, demo_actor):
    with app_runtime.uow() as uow:
        kitchen = projects.create_project(uow, demo_actor, name="Kitchen renovation")
        projects.activate_project(uow, demo_actor, kitchen.id)
        uow.commit()
    at = open_page(signed_in, "projects")

    at.number_input(key="projects_log_minutes").set_value(0)
    at.text_input(key="projects_log_note").input("Measuring up")
    at = at.button(key="projects_log_submit").click().run()
    assert [e.value for e in at.error] == [
        md("Minutes: Input should be greater than or equal to 1")
    ]
    assert at.text_input(key="projects_log_note").value == "Measuring up"

    # Meanwhile, another tab archives the project; this page still offers "Mark completed".
    with app_runtime.uow() as uow:
        projects.archive_project(uow, demo_actor, kitchen.id)
        uow.commit()
    at = at.button(key="projects_to_completed").click().run()
    assert [e.value for e in at.error] == [
        md(
            "Project 'Kitchen renovation' cannot go from archived to completed: "
            "an archived project can only become active."
        )
    ]
    with app_runtime.uow() as uow:
        assert projects.get_project(uow, demo_actor, kitchen.id).status == "archived"


def test_inferred_sessions_are_marked_with_their_confidence(signed_in, app_runtime, demo_actor):
    with app_runtime.uow() as uow:
        kitchen = projects.create_project(uow, demo_actor, name="Kitchen renovation")
        projects.activate_project(uow, demo_actor, kitchen.id)
        event = calendar.list_events(uow, demo_actor, limit=1)[0]
        projects.record_inferred_work_session(
            uow, demo_actor, project_id=kitchen.id, logged_date=date(2026, 11, 24),
            time_minutes=45, calendar_event_id=event.id, confidence=0.7, status="inferred",
            model_version="rules-1",
        )  # fmt: skip
        uow.commit()
    at = open_page(signed_in, "projects")
    logs = table(at, "projects_logs")
    assert list(zip(logs["Time"], logs["Source"], logs["Confidence"], strict=True)) == [
        ("45 min", "Inferred (unconfirmed)", "70%")
    ]
    assert list(table(at, "projects_table")["Logged"]) == ["0 min"]  # not counted yet
