"""Project rules: deadline pressure and stalled projects (both because time passes)."""

from __future__ import annotations

from datetime import date

from lifeos_core.auth.schemas import Actor
from lifeos_core.insights.registry import Rule, expires_after
from lifeos_core.insights.schemas import InsightDraft
from lifeos_core.projects import service as projects
from lifeos_core.unit_of_work import UnitOfWork

PRESSURE_DAYS = 7
STALLED_DAYS = 14
LIVE = ("created", "active")


def _open_task_ids(uow: UnitOfWork, actor: Actor, project_id: int) -> list[int]:
    return sorted(
        t.id for t in projects.list_tasks(uow, actor, project_id=project_id) if t.status != "done"
    )


def deadline_pressure(uow: UnitOfWork, actor: Actor, today: date) -> list[InsightDraft]:
    """A live project with open tasks is due within a week, or overdue: once per due date in
    each of the two states."""
    drafts = []
    for summary in projects.list_project_summaries(uow, actor, today=today):
        project = summary.project
        if project.status not in LIVE or project.due_date is None or summary.open_tasks == 0:
            continue
        days_left = (project.due_date - today).days
        if days_left > PRESSURE_DAYS:
            continue
        overdue = days_left < 0
        tasks = f"{summary.open_tasks} open task{'s' if summary.open_tasks != 1 else ''}"
        if overdue:
            title = f"{project.name} is {-days_left} days overdue with {tasks}"
        elif days_left == 0:
            title = f"{project.name} is due today with {tasks}"
        else:
            title = f"{project.name} is due in {days_left} days with {tasks}"
        drafts.append(
            DEADLINE_PRESSURE.draft(
                key=f"{project.id}:{project.due_date}:{'overdue' if overdue else 'week'}",
                title=title,
                body=(
                    f"Due {project.due_date:%A %d %b}; {summary.done_tasks} done, "
                    f"{summary.overdue_tasks} of the open ones past their own due date."
                ),
                severity="critical" if overdue else "warning",
                evidence={
                    "project": [project.id],
                    "project_task": _open_task_ids(uow, actor, project.id),
                },
                expires_at=expires_after(max(today, project.due_date), actor.timezone, 7),
                project_id=project.id,
                due_date=project.due_date.isoformat(),
                open_tasks=summary.open_tasks,
                overdue_tasks=summary.overdue_tasks,
            )
        )
    return drafts


def stalled_project(uow: UnitOfWork, actor: Actor, today: date) -> list[InsightDraft]:
    """An active project with open tasks and no sign of work for two weeks: no change to it
    or its tasks, no time logged. Once per quiet spell."""
    last = projects.last_activity_by_project(uow, actor)
    drafts = []
    for summary in projects.list_project_summaries(uow, actor, today=today):
        project = summary.project
        seen = last.get(project.id)
        if project.status != "active" or summary.open_tasks == 0 or seen is None:
            continue
        quiet = (today - seen).days
        if quiet < STALLED_DAYS:
            continue
        drafts.append(
            STALLED_PROJECT.draft(
                key=f"{project.id}:{seen}",
                title=f"{project.name} has been quiet for {quiet} days",
                body=(
                    f"Nothing logged or changed since {seen:%d %b %Y}, with "
                    f"{summary.open_tasks} tasks still open."
                ),
                evidence={
                    "project": [project.id],
                    "project_task": _open_task_ids(uow, actor, project.id),
                },
                expires_at=expires_after(today, actor.timezone, 14),
                project_id=project.id,
                last_activity_on=seen.isoformat(),
                quiet_days=quiet,
            )
        )
    return drafts


DEADLINE_PRESSURE = Rule(
    name="deadline_pressure",
    version=1,
    domain="projects",
    summary="A project with open tasks is due within a week, or overdue.",
    derive=deadline_pressure,
)
STALLED_PROJECT = Rule(
    name="stalled_project",
    version=1,
    domain="projects",
    summary="An active project with open tasks shows no work for two weeks.",
    derive=stalled_project,
)

RULES = (DEADLINE_PRESSURE, STALLED_PROJECT)
