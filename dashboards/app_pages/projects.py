"""Projects: the owner's projects with their progress, their lifecycle, tasks and time logs.

Every write is a callback, so it runs before the page renders and the lists below already show
its outcome. Only the lifecycle moves the project's status allows get a button; a move that has
become invalid meanwhile (another tab changed the project) is refused with the service's
message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from dashboards import state, ui
from lifeos_core.errors import InvalidInput, LifeOSError
from lifeos_core.projects import service as projects
from lifeos_core.projects.schemas import ProjectSummaryView, TaskView, TimeLogView

PAGE = "projects"
DUE_SOON_DAYS = 7
STATUS_COLORS = {"created": "gray", "active": "blue", "completed": "green", "archived": "orange"}
TASK_STATUSES = {"todo": "To do", "in_progress": "In progress", "done": "Done"}
PRIORITIES = {"low": "Low", "medium": "Medium", "high": "High", "urgent": "Urgent"}
# (from, to) -> button label; the lifecycle decides which are offered.
MOVES = {
    ("created", "active"): "Start",
    ("active", "completed"): "Mark completed",
    ("active", "archived"): "Archive",
    ("completed", "archived"): "Archive",
    ("archived", "active"): "Restore",
}
DONE_MOVES = {"active": "Activated", "completed": "Completed", "archived": "Archived"}
FIELD_LABELS = {
    "name": "Name",
    "description": "Description",
    "due_date": "Due date",
    "title": "Title",
    "priority": "Priority",
    "status": "Status",
    "project_id": "Project",
    "task_id": "Task",
    "time_minutes": "Minutes",
    "logged_date": "Date",
    "note": "Note",
    "input": "Input",
}
NEW_PROJECT_KEYS = ("projects_new_name", "projects_new_description", "projects_new_due")
NEW_TASK_KEYS = (
    "projects_task_title", "projects_task_priority", "projects_task_due",
    "projects_task_description",
)  # fmt: skip
NEW_LOG_KEYS = ("projects_log_task", "projects_log_minutes", "projects_log_note")


def duration(minutes: int) -> str:
    """'2 h 05 min', '45 min'."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


# --- callbacks ----------------------------------------------------------------------------


def submit(form: str, write: Callable, reset: tuple[str, ...]) -> object | None:
    """Run ``write(uow, actor)`` and commit; on bad input keep the form and remember why."""
    actor = state.refreshed_actor()  # callbacks run before the entrypoint reloads it
    if actor is None:
        return None
    ss = st.session_state
    try:
        with state.get_runtime().uow() as uow:
            result = write(uow, actor)
            uow.commit()
    except InvalidInput as exc:
        ss[f"{form}_errors"] = ui.field_messages(exc.fields or {"input": str(exc)}, FIELD_LABELS)
        return None
    except LifeOSError as exc:
        ss[f"{form}_errors"] = {"input": str(exc)}
        return None
    ss.pop(f"{form}_errors", None)
    for key in reset:  # back to the defaults for the next entry
        ss.pop(key, None)
    return result


def add_project() -> None:
    ss = st.session_state
    project = submit(
        "projects_new",
        lambda uow, actor: projects.create_project(
            uow,
            actor,
            name=ss.get("projects_new_name") or "",
            description=ss.get("projects_new_description") or None,
            due_date=ss.get("projects_new_due"),
        ),
        NEW_PROJECT_KEYS,
    )
    if project is not None:
        ss["projects_selected"] = project.id
        ui.flash(PAGE, "success", f"Created “{project.name}”. Start it when work begins.")


def move_project(summary: ProjectSummaryView, target: str) -> None:
    actor = state.refreshed_actor()
    if actor is None:
        return
    try:
        with state.get_runtime().uow() as uow:
            project = projects.change_project_status(uow, actor, summary.project.id, target)
            uow.commit()
    except LifeOSError as exc:
        ui.flash(PAGE, "error", str(exc))
        return
    message = f"{DONE_MOVES[target]} “{project.name}”."
    if target == "active" and summary.project.status == "archived":
        message = f"Restored “{project.name}”: it is active again."
    ui.flash(PAGE, "success", message)


def add_task(project_id: int) -> None:
    ss = st.session_state
    task = submit(
        "projects_task",
        lambda uow, actor: projects.create_task(
            uow,
            actor,
            project_id=project_id,
            title=ss.get("projects_task_title") or "",
            priority=ss.get("projects_task_priority") or "medium",
            due_date=ss.get("projects_task_due"),
            description=ss.get("projects_task_description") or None,
        ),
        NEW_TASK_KEYS,
    )
    if task is not None:
        ui.flash(PAGE, "success", f"Added the task “{task.title}”.")


def set_task_status(task: TaskView) -> None:
    key = f"projects_task_status_{task.id}"
    actor = state.refreshed_actor()
    if actor is None:
        return
    status = st.session_state.get(key)
    try:
        with state.get_runtime().uow() as uow:
            changed = projects.update_task(uow, actor, task.id, status=status)
            uow.commit()
    except LifeOSError as exc:
        st.session_state[key] = task.status  # the picker shows what is stored
        ui.flash(PAGE, "error", str(exc))
        return
    ui.flash(PAGE, "success", f"“{changed.title}” is now {TASK_STATUSES[changed.status].lower()}.")


def log_time(project_id: int) -> None:
    ss = st.session_state
    log = submit(
        "projects_log",
        lambda uow, actor: projects.log_time(
            uow,
            actor,
            project_id=project_id,
            task_id=ss.get("projects_log_task"),
            time_minutes=int(ss.get("projects_log_minutes") or 0),
            logged_date=ss.get("projects_log_date"),
            note=ss.get("projects_log_note") or None,
        ),
        NEW_LOG_KEYS,
    )
    if log is not None:
        ui.flash(
            PAGE, "success", f"Logged {duration(log.time_minutes)} on {log.logged_date:%d %b}."
        )


# --- rendering ----------------------------------------------------------------------------


def show_errors(form: str, *names: str) -> None:
    errors: dict[str, str] = st.session_state.get(f"{form}_errors", {})
    for name in names:
        if name in errors:
            st.error(ui.md(errors[name]))


def new_project_form() -> None:
    has_errors = bool(st.session_state.get("projects_new_errors"))
    with st.expander("New project", expanded=has_errors), st.form("projects_new_form"):
        show_errors("projects_new", "input")
        st.text_input("Name", key="projects_new_name", max_chars=200)
        show_errors("projects_new", "name")
        st.text_area("Description", key="projects_new_description")
        show_errors("projects_new", "description")
        st.date_input("Due date", value=None, key="projects_new_due", format="YYYY-MM-DD")
        show_errors("projects_new", "due_date")
        st.form_submit_button(
            "Create project", type="primary", key="projects_new_submit", on_click=add_project
        )


def due_soon_table(tasks) -> None:
    st.subheader(f"Due in the next {DUE_SOON_DAYS} days")
    if not tasks:
        st.caption("Nothing due soon.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Due": [t.due_date for t in tasks],
                "Days left": [t.days_until_due for t in tasks],
                "Task": [t.title for t in tasks],
                "Project": [t.project_name for t in tasks],
                "Priority": [PRIORITIES[t.priority] for t in tasks],
                "Status": [TASK_STATUSES[t.status] for t in tasks],
            }
        ),
        hide_index=True,
        width="stretch",
        key="projects_due_soon",
    )


def projects_table(summaries: list[ProjectSummaryView]) -> None:
    st.dataframe(
        pd.DataFrame(
            {
                "Project": [s.project.name for s in summaries],
                "Status": [s.project.status for s in summaries],
                "Open tasks": [s.open_tasks for s in summaries],
                "Overdue": [s.overdue_tasks for s in summaries],
                "Progress": [s.progress for s in summaries],
                "Logged": [duration(s.logged_minutes) for s in summaries],
                "Due": [s.project.due_date for s in summaries],
            }
        ),
        hide_index=True,
        width="stretch",
        key="projects_table",
        column_config={
            "Progress": st.column_config.ProgressColumn(min_value=0, max_value=1, format="percent")
        },
    )


def project_header(summary: ProjectSummaryView) -> None:
    project = summary.project
    color = STATUS_COLORS.get(project.status, "gray")
    st.markdown(f"### {ui.md(project.name)} :{color}-badge[{project.status}]")
    if project.description:
        st.markdown(ui.md(project.description))
    if project.due_date:
        st.caption(f"Due {project.due_date:%a %d %b %Y}")
    open_, overdue, done, logged = st.columns(4)
    open_.metric("Open tasks", summary.open_tasks)
    overdue.metric("Overdue", summary.overdue_tasks)
    done.metric("Done", f"{summary.progress:.0%}")
    logged.metric("Time logged", duration(summary.logged_minutes))
    with st.container(horizontal=True):
        for target in summary.next_statuses:
            st.button(
                MOVES[project.status, target],
                key=f"projects_to_{target}",
                type="primary" if target != "archived" else "secondary",
                on_click=move_project,
                args=(summary, target),
            )


def task_row(task: TaskView, read_only: bool, today) -> None:
    with st.container(border=True, key=f"projects_task_{task.id}"):
        text, status = st.columns([4, 1], vertical_alignment="center")
        with text:
            title = ui.md(task.title)
            st.markdown(f"~~{title}~~" if task.status == "done" else f"**{title}**")
            details = [PRIORITIES[task.priority]]
            if task.due_date:
                late = task.status != "done" and task.due_date < today
                details.append(f"{'overdue, ' if late else ''}due {task.due_date:%a %d %b}")
            if task.completed_at:
                details.append(f"done {task.completed_at:%d %b}")
            st.caption(" · ".join(details))
            if task.description:
                st.caption(ui.md(task.description))
        key = f"projects_task_status_{task.id}"
        st.session_state[key] = task.status  # what is stored, even if another tab changed it
        status.selectbox(
            "Status",
            list(TASK_STATUSES),
            format_func=TASK_STATUSES.get,
            key=key,
            label_visibility="collapsed",
            disabled=read_only,
            on_change=set_task_status,
            args=(task,),
        )


def new_task_form(project_id: int) -> None:
    has_errors = bool(st.session_state.get("projects_task_errors"))
    with st.expander("New task", expanded=has_errors), st.form("projects_task_form"):
        show_errors("projects_task", "input", "project_id")
        st.text_input("Title", key="projects_task_title", max_chars=300)
        show_errors("projects_task", "title")
        left, right = st.columns(2)
        left.selectbox(
            "Priority",
            list(PRIORITIES),
            index=1,
            format_func=PRIORITIES.get,
            key="projects_task_priority",
        )
        right.date_input("Due date", value=None, key="projects_task_due", format="YYYY-MM-DD")
        show_errors("projects_task", "priority", "due_date")
        st.text_area("Description", key="projects_task_description")
        show_errors("projects_task", "description")
        st.form_submit_button(
            "Add task",
            type="primary",
            key="projects_task_submit",
            on_click=add_task,
            args=(project_id,),
        )


def time_log_form(project_id: int, tasks: list[TaskView], today) -> None:
    titles = {t.id: t.title for t in tasks}
    has_errors = bool(st.session_state.get("projects_log_errors"))
    with st.expander("Log time", expanded=has_errors), st.form("projects_log_form"):
        show_errors("projects_log", "input", "project_id")
        st.selectbox(
            "Task",
            [None, *titles],
            format_func=lambda task_id: (
                "The project as a whole" if task_id is None else titles[task_id]
            ),
            key="projects_log_task",
        )
        show_errors("projects_log", "task_id")
        left, right = st.columns(2)
        left.number_input(
            "Minutes", min_value=0, max_value=24 * 60, value=30, step=15, key="projects_log_minutes"
        )
        right.date_input("Date", value=today, key="projects_log_date", format="YYYY-MM-DD")
        show_errors("projects_log", "time_minutes", "logged_date")
        st.text_input("Note", key="projects_log_note", max_chars=2000)
        show_errors("projects_log", "note")
        st.form_submit_button(
            "Log time",
            type="primary",
            key="projects_log_submit",
            on_click=log_time,
            args=(project_id,),
        )


def source_label(log: TimeLogView) -> str:
    if log.inferred_status is None:
        return "Manual"
    if log.inferred_status == "inferred":
        return "Inferred (unconfirmed)"
    return f"Inferred ({log.inferred_status})"


def time_log_table(logs: list[TimeLogView], tasks: list[TaskView]) -> None:
    if not logs:
        st.caption("No time logged yet.")
        return
    titles = {t.id: t.title for t in tasks}
    st.dataframe(
        pd.DataFrame(
            {
                "Date": [log.logged_date for log in logs],
                "Time": [duration(log.time_minutes) for log in logs],
                "Task": [titles.get(log.task_id, "") for log in logs],
                "Note": [log.note or "" for log in logs],
                "Source": [source_label(log) for log in logs],
                "Confidence": [
                    f"{log.confidence_score:.0%}" if log.confidence_score is not None else ""
                    for log in logs
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        key="projects_logs",
    )
    if any(log.inferred_status == "inferred" for log in logs):
        st.caption(
            "Unconfirmed sessions inferred from your calendar are listed with their confidence "
            "but count toward no total until you confirm them in the Review queue."
        )


# --- the page -----------------------------------------------------------------------------

actor = state.current_actor()
st.title("Projects")
ui.show_flash(PAGE)
today = datetime.now(ZoneInfo(actor.timezone)).date()
show_archived = st.toggle("Show archived projects", key="projects_show_archived")

with state.get_runtime().uow() as uow:
    summaries = projects.list_project_summaries(
        uow, actor, today=today, include_archived=show_archived
    )
    due_soon = projects.tasks_due_soon(uow, actor, today=today, within_days=DUE_SOON_DAYS)

new_project_form()
if not summaries:
    st.info("No projects yet: create your first one above.")
    st.stop()

projects_table(summaries)
due_soon_table(due_soon)

by_id = {s.project.id: s for s in summaries}
if st.session_state.get("projects_selected") not in by_id:
    st.session_state.pop("projects_selected", None)  # archived and hidden, or gone
selected_id = st.selectbox(
    "Project",
    list(by_id),
    format_func=lambda project_id: by_id[project_id].project.name,
    key="projects_selected",
)
summary = by_id[selected_id]
status = summary.project.status
with state.get_runtime().uow() as uow:
    tasks = projects.list_tasks(uow, actor, project_id=selected_id)
    logs = projects.list_time_logs(uow, actor, project_id=selected_id)

st.divider()
project_header(summary)
if status == "archived":
    st.info("This project is archived and read-only. Restore it to change it.")

tasks_column, time_column = st.columns([3, 2], gap="large")
with tasks_column:
    st.subheader("Tasks")
    if status == "completed":
        st.caption("A completed project takes no new tasks; its tasks can still be finished.")
    elif status != "archived":
        new_task_form(selected_id)
    if not tasks:
        st.caption("No tasks yet.")
    for task in tasks:
        task_row(task, read_only=status == "archived", today=today)
with time_column:
    st.subheader("Time")
    if status != "archived":
        time_log_form(selected_id, tasks, today)
    time_log_table(logs, tasks)
