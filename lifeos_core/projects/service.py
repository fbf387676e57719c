"""Projects services: projects through their lifecycle, their tasks, and the time spent on them.

Every function takes the acting user and touches only that user's rows; an id that belongs to
someone else behaves exactly like an id that does not exist. The rules:

* a project moves ``created -> active -> completed | archived``, ``completed -> archived``,
  and ``archived -> active`` (restore); any other move is refused (see ``lifecycle.py``);
* an archived project is read-only: no edits, no tasks, no task changes, no time logs;
* a completed project takes no new tasks, but its tasks can still change and take time logs;
* completing a task stamps ``completed_at``; reopening it clears the stamp;
* unconfirmed inferred work sessions (from the calendar) are stored and listed with their
  confidence, but count toward no total until confirmed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.database import utcnow
from lifeos_core.database.inferred import counts_toward_totals
from lifeos_core.errors import Conflict, InvalidInput, NotFound, validate
from lifeos_core.projects import lifecycle
from lifeos_core.projects.events import (
    ProjectActivated,
    ProjectArchived,
    ProjectCompleted,
    ProjectCreated,
    ProjectUpdated,
    TaskCompleted,
    TaskCreated,
    TaskLogged,
    TaskUpdated,
    WorkSessionInferred,
)
from lifeos_core.projects.matching import match_project_name
from lifeos_core.projects.metrics import count_tasks, days_until, task_sort_key
from lifeos_core.projects.models import Project, ProjectTask, ProjectTaskLog
from lifeos_core.projects.schemas import (
    DueTaskView,
    NewInferredWorkSession,
    NewProject,
    NewTask,
    NewTimeLog,
    ProjectChanges,
    ProjectSummaryView,
    ProjectView,
    TaskChanges,
    TaskView,
    TimeLogView,
)
from lifeos_core.unit_of_work import UnitOfWork

# The order projects are listed in: work in progress first, put-away last.
STATUS_ORDER = {"active": 0, "created": 1, "completed": 2, "archived": 3}


# --- lookups ------------------------------------------------------------------------------


def _owned_project(uow: UnitOfWork, actor: Actor, project_id: int) -> Project:
    project = uow.session.scalar(
        sa.select(Project).where(Project.id == project_id, Project.user_id == actor.user_id)
    )
    if project is None:
        raise NotFound(f"project {project_id} not found")
    return project


def _owned_task(uow: UnitOfWork, actor: Actor, task_id: int) -> ProjectTask:
    task = uow.session.scalar(
        sa.select(ProjectTask).where(
            ProjectTask.id == task_id, ProjectTask.user_id == actor.user_id
        )
    )
    if task is None:
        raise NotFound(f"task {task_id} not found")
    return task


def _name_taken(uow: UnitOfWork, actor: Actor, name: str, except_id: int | None = None) -> bool:
    query = sa.select(Project.id).where(
        Project.user_id == actor.user_id, sa.func.lower(Project.name) == name.lower()
    )
    if except_id is not None:
        query = query.where(Project.id != except_id)
    return uow.session.scalar(query) is not None


def _refuse_if_archived(project: Project, what: str) -> None:
    if project.status == "archived":
        raise Conflict(f"Project {project.name!r} is archived: restore it before {what}.")


# --- projects -----------------------------------------------------------------------------


def create_project(uow: UnitOfWork, actor: Actor, **fields) -> ProjectView:
    data = validate(NewProject, **fields)
    if _name_taken(uow, actor, data.name):
        raise Conflict(f"name: you already have a project called {data.name!r}")
    project = Project(user_id=actor.user_id, status="created", **data.model_dump())
    uow.session.add(project)
    uow.session.flush()
    uow.emit(
        ProjectCreated(
            user_id=actor.user_id,
            project_id=project.id,
            name=project.name,
            status=project.status,
            due_date=project.due_date,
            created_at=project.created_at,
        )
    )
    return ProjectView.model_validate(project)


def update_project(uow: UnitOfWork, actor: Actor, project_id: int, **fields) -> ProjectView:
    """Change the name, description or due date (not the status: see change_project_status)."""
    changes = validate(ProjectChanges, **fields).model_dump(exclude_unset=True)
    project = _owned_project(uow, actor, project_id)
    _refuse_if_archived(project, "editing it")
    if "name" in changes and _name_taken(uow, actor, changes["name"], except_id=project.id):
        raise Conflict(f"name: you already have a project called {changes['name']!r}")
    changed = [k for k, v in changes.items() if getattr(project, k) != v]
    for key in changed:
        setattr(project, key, changes[key])
    if changed:
        uow.session.flush()
        uow.emit(
            ProjectUpdated(
                user_id=actor.user_id,
                project_id=project.id,
                fields=changed,
                updated_at=project.updated_at,
            )
        )
    return ProjectView.model_validate(project)


def get_project(uow: UnitOfWork, actor: Actor, project_id: int) -> ProjectView:
    return ProjectView.model_validate(_owned_project(uow, actor, project_id))


def list_projects(
    uow: UnitOfWork, actor: Actor, *, include_archived: bool = False
) -> list[ProjectView]:
    """Active projects first, then new, completed and (if asked) archived ones; by name."""
    return [ProjectView.model_validate(p) for p in _listed(uow, actor, include_archived)]


def _listed(uow: UnitOfWork, actor: Actor, include_archived: bool) -> list[Project]:
    query = sa.select(Project).where(Project.user_id == actor.user_id)
    if not include_archived:
        query = query.where(Project.status != "archived")
    return sorted(
        uow.session.scalars(query).all(),
        key=lambda p: (STATUS_ORDER[p.status], p.name.lower(), p.id),
    )


def change_project_status(
    uow: UnitOfWork, actor: Actor, project_id: int, status: str
) -> ProjectView:
    """Move a project along its lifecycle; an invalid move raises Conflict naming both states."""
    project = _owned_project(uow, actor, project_id)
    previous = project.status
    lifecycle.check_transition(project.name, previous, status)
    now = utcnow()
    project.status = status
    if status == "active":
        # A restored project is live work again, whatever it was before being archived.
        project.completed_at = project.archived_at = None
        event = ProjectActivated(
            user_id=actor.user_id, project_id=project.id, previous_status=previous, activated_at=now
        )
    elif status == "completed":
        project.completed_at = now
        open_tasks = uow.session.scalar(
            sa.select(sa.func.count())
            .select_from(ProjectTask)
            .where(ProjectTask.project_id == project.id, ProjectTask.status != "done")
        )
        event = ProjectCompleted(
            user_id=actor.user_id, project_id=project.id, completed_at=now, open_tasks=open_tasks
        )
    else:  # archived
        project.archived_at = now
        event = ProjectArchived(
            user_id=actor.user_id, project_id=project.id, previous_status=previous, archived_at=now
        )
    uow.session.flush()
    uow.emit(event)
    return ProjectView.model_validate(project)


def activate_project(uow: UnitOfWork, actor: Actor, project_id: int) -> ProjectView:
    return change_project_status(uow, actor, project_id, "active")


def complete_project(uow: UnitOfWork, actor: Actor, project_id: int) -> ProjectView:
    return change_project_status(uow, actor, project_id, "completed")


def archive_project(uow: UnitOfWork, actor: Actor, project_id: int) -> ProjectView:
    return change_project_status(uow, actor, project_id, "archived")


def restore_project(uow: UnitOfWork, actor: Actor, project_id: int) -> ProjectView:
    """Bring an archived project back as active work."""
    return change_project_status(uow, actor, project_id, "active")


def find_project_by_name(uow: UnitOfWork, actor: Actor, name: str) -> ProjectView | None:
    """The non-archived project that ``name`` (say, a calendar event title) is about, or None.

    An exact name (ignoring case and punctuation) wins; otherwise the longest project name the
    text contains as whole words ("Deep work: Kitchen renovation" -> "Kitchen renovation").
    """
    projects = {
        p.id: p
        for p in uow.session.scalars(
            sa.select(Project).where(Project.user_id == actor.user_id, Project.status != "archived")
        )
    }
    found = match_project_name(name, ((p.id, p.name) for p in projects.values()))
    return ProjectView.model_validate(projects[found]) if found is not None else None


# --- summaries ----------------------------------------------------------------------------


def project_summary(
    uow: UnitOfWork, actor: Actor, project_id: int, *, today: date
) -> ProjectSummaryView:
    """Open, done and overdue (as of ``today``) tasks, and the minutes that count."""
    project = _owned_project(uow, actor, project_id)
    return _summaries(uow, actor, [project], today=today)[0]


def list_project_summaries(
    uow: UnitOfWork, actor: Actor, *, today: date, include_archived: bool = False
) -> list[ProjectSummaryView]:
    """The projects of list_projects, each with its summary (three queries in all)."""
    return _summaries(uow, actor, _listed(uow, actor, include_archived), today=today)


def _summaries(
    uow: UnitOfWork, actor: Actor, projects: Sequence[Project], *, today: date
) -> list[ProjectSummaryView]:
    ids = [p.id for p in projects]
    if not ids:
        return []
    tasks: dict[int, list[tuple[str, date | None]]] = defaultdict(list)
    for project_id, status, due_date in uow.session.execute(
        sa.select(ProjectTask.project_id, ProjectTask.status, ProjectTask.due_date).where(
            ProjectTask.user_id == actor.user_id, ProjectTask.project_id.in_(ids)
        )
    ):
        tasks[project_id].append((status, due_date))
    minutes = dict(
        uow.session.execute(
            sa.select(ProjectTaskLog.project_id, sa.func.sum(ProjectTaskLog.time_minutes))
            .where(
                ProjectTaskLog.user_id == actor.user_id,
                ProjectTaskLog.project_id.in_(ids),
                counts_toward_totals(ProjectTaskLog),
            )
            .group_by(ProjectTaskLog.project_id)
        ).all()
    )
    summaries = []
    for project in projects:
        counts = count_tasks(tasks[project.id], today=today)
        summaries.append(
            ProjectSummaryView(
                project=ProjectView.model_validate(project),
                open_tasks=counts.open_tasks,
                done_tasks=counts.done_tasks,
                overdue_tasks=counts.overdue_tasks,
                progress=counts.progress,
                logged_minutes=int(minutes.get(project.id) or 0),
                next_statuses=lifecycle.next_statuses(project.status),
            )
        )
    return summaries


# --- tasks --------------------------------------------------------------------------------


def create_task(uow: UnitOfWork, actor: Actor, **fields) -> TaskView:
    data = validate(NewTask, **fields)
    project = _owned_project(uow, actor, data.project_id)
    if project.status in lifecycle.CLOSED_STATUSES:
        raise Conflict(f"Project {project.name!r} is {project.status}: it takes no new tasks.")
    task = ProjectTask(
        user_id=actor.user_id,
        completed_at=utcnow() if data.status == "done" else None,
        **data.model_dump(),
    )
    uow.session.add(task)
    uow.session.flush()
    uow.emit(
        TaskCreated(
            user_id=actor.user_id,
            task_id=task.id,
            project_id=project.id,
            title=task.title,
            status=task.status,
            priority=task.priority,
            due_date=task.due_date,
            created_at=task.created_at,
        )
    )
    if task.status == "done":
        uow.emit(
            TaskCompleted(
                user_id=actor.user_id,
                task_id=task.id,
                project_id=project.id,
                completed_at=task.completed_at,
            )
        )
    return TaskView.model_validate(task)


def update_task(uow: UnitOfWork, actor: Actor, task_id: int, **fields) -> TaskView:
    """Change a task. Moving it to done is reported as projects.task.completed; every other
    change as projects.task.updated with the fields that changed."""
    changes = validate(TaskChanges, **fields).model_dump(exclude_unset=True)
    task = _owned_task(uow, actor, task_id)
    project = _owned_project(uow, actor, task.project_id)
    _refuse_if_archived(project, "changing its tasks")
    changed = [k for k, v in changes.items() if getattr(task, k) != v]
    for key in changed:
        setattr(task, key, changes[key])
    completed = "status" in changed and task.status == "done"
    if "status" in changed:
        task.completed_at = utcnow() if completed else None
    if not changed:
        return TaskView.model_validate(task)
    uow.session.flush()
    if completed:
        uow.emit(
            TaskCompleted(
                user_id=actor.user_id,
                task_id=task.id,
                project_id=task.project_id,
                completed_at=task.completed_at,
            )
        )
    updated = [f for f in changed if not (completed and f == "status")]
    if updated:
        uow.emit(
            TaskUpdated(
                user_id=actor.user_id,
                task_id=task.id,
                project_id=task.project_id,
                fields=updated,
                updated_at=task.updated_at,
            )
        )
    return TaskView.model_validate(task)


def complete_task(uow: UnitOfWork, actor: Actor, task_id: int) -> TaskView:
    return update_task(uow, actor, task_id, status="done")


def get_task(uow: UnitOfWork, actor: Actor, task_id: int) -> TaskView:
    return TaskView.model_validate(_owned_task(uow, actor, task_id))


def list_tasks(
    uow: UnitOfWork,
    actor: Actor,
    *,
    project_id: int | None = None,
    statuses: Sequence[str] | None = None,
) -> list[TaskView]:
    """Open tasks first, earliest due first (undated last), most urgent first."""
    query = sa.select(ProjectTask).where(ProjectTask.user_id == actor.user_id)
    if project_id is not None:
        query = query.where(ProjectTask.project_id == project_id)
    if statuses:
        query = query.where(ProjectTask.status.in_(statuses))
    tasks = sorted(
        uow.session.scalars(query).all(),
        key=lambda t: (*task_sort_key(t.status, t.priority, t.due_date), t.id),
    )
    return [TaskView.model_validate(t) for t in tasks]


def tasks_due_soon(
    uow: UnitOfWork, actor: Actor, *, today: date, within_days: int = 7
) -> list[DueTaskView]:
    """Open tasks of live projects due by ``today + within_days``, overdue ones included."""
    if within_days < 0:
        raise InvalidInput("within_days: must be 0 or more", {"within_days": "negative"})
    rows = uow.session.execute(
        sa.select(ProjectTask, Project.name)
        .join(Project, Project.id == ProjectTask.project_id)
        .where(
            ProjectTask.user_id == actor.user_id,
            Project.user_id == actor.user_id,
            Project.status.in_(("created", "active")),
            ProjectTask.status != "done",
            ProjectTask.due_date <= today + timedelta(days=within_days),
        )
    ).all()
    due = [
        DueTaskView(
            **TaskView.model_validate(task).model_dump(),
            project_name=name,
            days_until_due=days_until(task.due_date, today),
        )
        for task, name in rows
    ]
    return sorted(due, key=lambda t: (*task_sort_key(t.status, t.priority, t.due_date), t.id))


# --- time logs ----------------------------------------------------------------------------


def _log_target(
    uow: UnitOfWork, actor: Actor, project_id: int | None, task_id: int | None
) -> tuple[Project | None, ProjectTask | None]:
    """The project and task a log goes on; the task decides the project when both are given."""
    task = _owned_task(uow, actor, task_id) if task_id is not None else None
    if task is not None and project_id is not None and task.project_id != project_id:
        raise InvalidInput(
            f"task_id: task {task.title!r} belongs to another project",
            {"task_id": "belongs to another project"},
        )
    if task is not None:
        project_id = task.project_id
    project = _owned_project(uow, actor, project_id) if project_id is not None else None
    if project is not None:
        _refuse_if_archived(project, "logging time on it")
    return project, task


def log_time(uow: UnitOfWork, actor: Actor, **fields) -> TimeLogView:
    """Log minutes on a project or on one of its tasks (done tasks included)."""
    data = validate(NewTimeLog, **fields)
    if data.project_id is None and data.task_id is None:
        raise InvalidInput(
            "project_id: choose a project or a task to log time on",
            {"project_id": "choose a project or a task"},
        )
    project, task = _log_target(uow, actor, data.project_id, data.task_id)
    log = ProjectTaskLog(
        user_id=actor.user_id,
        project_id=project.id,
        task_id=task.id if task else None,
        time_minutes=data.time_minutes,
        logged_date=data.logged_date,
        note=data.note,
    )
    uow.session.add(log)
    uow.session.flush()
    uow.emit(
        TaskLogged(
            user_id=actor.user_id,
            log_id=log.id,
            project_id=project.id,
            task_id=log.task_id,
            time_minutes=log.time_minutes,
            logged_date=log.logged_date,
            note=log.note,
        )
    )
    return TimeLogView.model_validate(log)


def list_time_logs(
    uow: UnitOfWork,
    actor: Actor,
    *,
    project_id: int | None = None,
    task_id: int | None = None,
    include_unconfirmed: bool = True,
    limit: int = 500,
) -> list[TimeLogView]:
    """Newest first. Unconfirmed inferred sessions are included (marked by their status and
    confidence) unless ``include_unconfirmed`` is false; rejected and ignored ones never."""
    query = sa.select(ProjectTaskLog).where(ProjectTaskLog.user_id == actor.user_id)
    if project_id is not None:
        query = query.where(ProjectTaskLog.project_id == project_id)
    if task_id is not None:
        query = query.where(ProjectTaskLog.task_id == task_id)
    if include_unconfirmed:
        query = query.where(
            ProjectTaskLog.inferred_status.is_distinct_from("rejected"),
            ProjectTaskLog.inferred_status.is_distinct_from("ignored"),
        )
    else:
        query = query.where(counts_toward_totals(ProjectTaskLog))
    query = query.order_by(ProjectTaskLog.logged_date.desc(), ProjectTaskLog.id.desc())
    return [TimeLogView.model_validate(log) for log in uow.session.scalars(query.limit(limit))]


# --- inference ----------------------------------------------------------------------------


def record_inferred_work_session(
    uow: UnitOfWork,
    actor: Actor,
    *,
    logged_date: date,
    time_minutes: int,
    calendar_event_id: int,
    confidence: float,
    status: str,
    model_version: str,
    project_id: int | None = None,
    task_id: int | None = None,
    note: str | None = None,
    structure: dict | None = None,
) -> TimeLogView:
    """The interpreter's entry point: a work session proposed from a calendar event.

    The session may name a task, only a project (see find_project_by_name), or neither yet.
    ``time_minutes`` is required: a session without a duration logs no time.
    """
    if status not in ("inferred", "confirmed"):
        raise InvalidInput(
            f"status: an inference starts inferred or confirmed, not {status!r}",
            {"status": "must be inferred or confirmed"},
        )
    data = validate(
        NewInferredWorkSession,
        project_id=project_id,
        task_id=task_id,
        time_minutes=time_minutes,
        logged_date=logged_date,
        note=note,
        calendar_event_id=calendar_event_id,
        confidence=confidence,
        status=status,
        model_version=model_version,
    )
    project, task = _log_target(uow, actor, data.project_id, data.task_id)
    _check_calendar_event(uow, actor, data.calendar_event_id)
    log = ProjectTaskLog(
        user_id=actor.user_id,
        project_id=project.id if project else None,
        task_id=task.id if task else None,
        time_minutes=data.time_minutes,
        logged_date=data.logged_date,
        note=data.note,
        source="calendar",
        calendar_event_id=data.calendar_event_id,
        confidence_score=data.confidence,
        inferred_status=data.status,
    )
    uow.session.add(log)
    uow.session.flush()
    uow.emit(
        WorkSessionInferred(
            user_id=actor.user_id,
            log_id=log.id,
            project_id=log.project_id,
            task_id=log.task_id,
            calendar_event_id=data.calendar_event_id,
            confidence_score=data.confidence,
            status=data.status,
            time_minutes=log.time_minutes,
            logged_date=log.logged_date,
            model_version=data.model_version,
            inferred_structure=structure or {},
        )
    )
    return TimeLogView.model_validate(log)


# The calendar's table by name, as the foreign key names it: no import of its models.
_calendar_event = sa.table("calendar_event", sa.column("id"), sa.column("user_id"))


def _check_calendar_event(uow: UnitOfWork, actor: Actor, calendar_event_id: int) -> None:
    owned = uow.session.scalar(
        sa.select(_calendar_event.c.id).where(
            _calendar_event.c.id == calendar_event_id,
            _calendar_event.c.user_id == actor.user_id,
        )
    )
    if owned is None:
        raise NotFound(f"calendar event {calendar_event_id} not found")


def set_work_session_inferred_status(
    uow: UnitOfWork, actor: Actor, log_id: int, status: str
) -> TimeLogView:
    """Confirm, reject or ignore an inferred work session (the review queue calls this)."""
    if status not in ("confirmed", "rejected", "ignored"):
        raise InvalidInput(
            f"status: must be confirmed, rejected or ignored, not {status!r}",
            {"status": "must be confirmed, rejected or ignored"},
        )
    log = uow.session.scalar(
        sa.select(ProjectTaskLog).where(
            ProjectTaskLog.id == log_id,
            ProjectTaskLog.user_id == actor.user_id,
            ProjectTaskLog.source == "calendar",
        )
    )
    if log is None:
        raise NotFound(f"inferred work session {log_id} not found")
    log.inferred_status = status
    uow.session.flush()
    return TimeLogView.model_validate(log)


# --- bulk reads for the insights engine (lifeos_core.insights) ------------------------------


def last_activity_by_project(uow: UnitOfWork, actor: Actor) -> dict[int, date]:
    """project_id -> the owner's local date of the latest sign of work on each open project
    (created or active): the project or one of its tasks changed, or time that counts was
    logged. Three queries, however many projects."""
    zone = ZoneInfo(actor.timezone)
    latest: dict[int, date] = {}

    def seen(project_id: int, day: date | None) -> None:
        if day is not None and (project_id not in latest or day > latest[project_id]):
            latest[project_id] = day

    open_projects = sa.select(Project.id).where(
        Project.user_id == actor.user_id, Project.status.in_(("created", "active"))
    )
    for project_id, changed in uow.session.execute(
        sa.select(Project.id, Project.updated_at).where(Project.id.in_(open_projects))
    ):
        seen(project_id, changed.astimezone(zone).date())
    for project_id, changed in uow.session.execute(
        sa.select(ProjectTask.project_id, sa.func.max(ProjectTask.updated_at))
        .where(ProjectTask.user_id == actor.user_id, ProjectTask.project_id.in_(open_projects))
        .group_by(ProjectTask.project_id)
    ):
        seen(project_id, changed and changed.astimezone(zone).date())
    for project_id, day in uow.session.execute(
        sa.select(ProjectTaskLog.project_id, sa.func.max(ProjectTaskLog.logged_date))
        .where(
            ProjectTaskLog.user_id == actor.user_id,
            ProjectTaskLog.project_id.in_(open_projects),
            counts_toward_totals(ProjectTaskLog),
        )
        .group_by(ProjectTaskLog.project_id)
    ):
        seen(project_id, day)
    return latest
