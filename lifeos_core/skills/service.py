"""Skills services: define skills, log practice, and keep each skill's metric rollup.

Every function takes the acting user and touches only that user's rows. Sessions proposed
from the calendar are stored but count toward nothing until confirmed. Each write that can
move a skill's numbers recomputes that skill's ``skill_metric`` row in the same unit of work;
``recompute_skill_metrics`` redoes every skill (the periodic task calls it, so streaks end
and future-dated sessions start counting as days pass).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.database import utcnow
from lifeos_core.database.inferred import counts_toward_totals
from lifeos_core.errors import Conflict, InvalidInput, NotFound, validate
from lifeos_core.skills.events import (
    MetricRecomputed,
    PracticeDeleted,
    PracticeInferred,
    PracticeLogged,
    PracticeReviewed,
    SkillCreated,
    SkillDeleted,
    SkillUpdated,
)
from lifeos_core.skills.metrics import compute_practice_metrics, proficiency_for, streak_on
from lifeos_core.skills.models import Skill, SkillMetric, SkillPracticeSession
from lifeos_core.skills.schemas import (
    InferredPracticeSession,
    NewPracticeSession,
    NewSkill,
    PracticeSessionView,
    RecomputeSummary,
    ReviewStatus,
    SkillChanges,
    SkillMetricView,
    SkillView,
)
from lifeos_core.unit_of_work import UnitOfWork

REVIEW_STATUSES: tuple[ReviewStatus, ...] = ("confirmed", "rejected", "ignored")


def _today(actor: Actor) -> date:
    return utcnow().astimezone(ZoneInfo(actor.timezone)).date()


def _owned_skill(uow: UnitOfWork, actor: Actor, skill_id: int) -> Skill:
    skill = uow.session.scalar(
        sa.select(Skill).where(Skill.id == skill_id, Skill.user_id == actor.user_id)
    )
    if skill is None:
        raise NotFound(f"skill {skill_id} not found")
    return skill


def _owned_session(uow: UnitOfWork, actor: Actor, session_id: int) -> SkillPracticeSession:
    practice = uow.session.scalar(
        sa.select(SkillPracticeSession).where(
            SkillPracticeSession.id == session_id, SkillPracticeSession.user_id == actor.user_id
        )
    )
    if practice is None:
        raise NotFound(f"practice session {session_id} not found")
    return practice


def _name_taken(uow: UnitOfWork, actor: Actor, name: str, except_id: int | None = None) -> bool:
    query = sa.select(Skill.id).where(
        Skill.user_id == actor.user_id, sa.func.lower(Skill.name) == name.lower()
    )
    if except_id is not None:
        query = query.where(Skill.id != except_id)
    return uow.session.scalar(query) is not None


# Skills


def create_skill(uow: UnitOfWork, actor: Actor, **fields) -> SkillView:
    data = validate(NewSkill, **fields)
    if _name_taken(uow, actor, data.name):
        raise Conflict(f"name: you already have a skill called {data.name!r}")
    skill = Skill(user_id=actor.user_id, **data.model_dump())
    uow.session.add(skill)
    uow.session.flush()
    uow.emit(
        SkillCreated(
            user_id=actor.user_id,
            skill_id=skill.id,
            name=skill.name,
            category=skill.category,
            proficiency_level=skill.proficiency_level,
            target_level=skill.target_level,
            created_at=skill.created_at,
        )
    )
    _refresh_metric(uow, actor, skill, _today(actor))
    return SkillView.model_validate(skill)


def update_skill(uow: UnitOfWork, actor: Actor, skill_id: int, **fields) -> SkillView:
    changes = validate(SkillChanges, **fields).model_dump(exclude_unset=True)
    skill = _owned_skill(uow, actor, skill_id)
    if "name" in changes and _name_taken(uow, actor, changes["name"], except_id=skill.id):
        raise Conflict(f"name: you already have a skill called {changes['name']!r}")
    changed = [key for key, value in changes.items() if getattr(skill, key) != value]
    for key in changed:
        setattr(skill, key, changes[key])
    if changed:
        uow.session.flush()
        uow.emit(
            SkillUpdated(
                user_id=actor.user_id,
                skill_id=skill.id,
                fields=changed,
                updated_at=skill.updated_at,
            )
        )
        if "proficiency_level" in changed:
            _refresh_metric(uow, actor, skill, _today(actor))
    return SkillView.model_validate(skill)


def delete_skill(uow: UnitOfWork, actor: Actor, skill_id: int) -> None:
    """Delete a skill with its sessions and metric."""
    skill = _owned_skill(uow, actor, skill_id)
    uow.session.delete(skill)  # the database cascades to sessions and the metric row
    uow.session.flush()
    uow.emit(SkillDeleted(user_id=actor.user_id, skill_id=skill_id, deleted_at=utcnow()))


def get_skill(uow: UnitOfWork, actor: Actor, skill_id: int) -> SkillView:
    return SkillView.model_validate(_owned_skill(uow, actor, skill_id))


def list_skills(uow: UnitOfWork, actor: Actor) -> list[SkillView]:
    query = sa.select(Skill).where(Skill.user_id == actor.user_id).order_by(Skill.name)
    return [SkillView.model_validate(skill) for skill in uow.session.scalars(query)]


def find_skill_by_name(uow: UnitOfWork, actor: Actor, name: str) -> SkillView | None:
    """The actor's skill of that name, whatever the case (for the interpreter)."""
    skill = uow.session.scalar(
        sa.select(Skill).where(
            Skill.user_id == actor.user_id, sa.func.lower(Skill.name) == name.strip().lower()
        )
    )
    return SkillView.model_validate(skill) if skill else None


# Practice sessions


def log_practice(uow: UnitOfWork, actor: Actor, **fields) -> PracticeSessionView:
    """Record a practice session typed in by the owner."""
    data = validate(NewPracticeSession, **fields)
    skill = _owned_skill(uow, actor, data.skill_id)
    practice = SkillPracticeSession(user_id=actor.user_id, **data.model_dump())
    uow.session.add(practice)
    uow.session.flush()
    uow.emit(
        PracticeLogged(
            user_id=actor.user_id,
            session_id=practice.id,
            skill_id=skill.id,
            duration_minutes=practice.duration_minutes,
            practiced_at=practice.practiced_at,
            quality=practice.quality,
        )
    )
    _refresh_metric(uow, actor, skill, _today(actor))
    return PracticeSessionView.model_validate(practice)


def delete_practice(uow: UnitOfWork, actor: Actor, session_id: int) -> None:
    practice = _owned_session(uow, actor, session_id)
    skill = _owned_skill(uow, actor, practice.skill_id)
    uow.session.delete(practice)
    uow.session.flush()
    uow.emit(PracticeDeleted(user_id=actor.user_id, session_id=session_id, skill_id=skill.id))
    _refresh_metric(uow, actor, skill, _today(actor))


def list_practice_sessions(
    uow: UnitOfWork,
    actor: Actor,
    *,
    skill_id: int | None = None,
    include_unconfirmed: bool = True,
    limit: int = 500,
) -> list[PracticeSessionView]:
    """Newest first. Unconfirmed inferences are included unless asked otherwise; rejected and
    ignored ones never are."""
    query = sa.select(SkillPracticeSession).where(SkillPracticeSession.user_id == actor.user_id)
    if skill_id is not None:
        query = query.where(SkillPracticeSession.skill_id == skill_id)
    if include_unconfirmed:
        query = query.where(SkillPracticeSession.inferred_status.is_distinct_from("rejected"))
        query = query.where(SkillPracticeSession.inferred_status.is_distinct_from("ignored"))
    else:
        query = query.where(counts_toward_totals(SkillPracticeSession))
    query = query.order_by(
        SkillPracticeSession.practiced_at.desc(), SkillPracticeSession.id.desc()
    ).limit(limit)
    return [PracticeSessionView.model_validate(s) for s in uow.session.scalars(query)]


def record_inferred_practice(
    uow: UnitOfWork,
    actor: Actor,
    *,
    skill_id: int,
    practiced_at: datetime,
    duration_minutes: int | None,
    calendar_event_id: int,
    confidence: float,
    status: str,
    model_version: str,
    structure: dict | None = None,
) -> PracticeSessionView:
    """The interpreter's entry point: a session proposed from a calendar event.

    Idempotent per calendar event: proposing again updates the pending session (the event may
    have changed), emitting nothing when nothing changed, and leaves a session the owner
    already decided on as it is.
    """
    data = validate(
        InferredPracticeSession,
        skill_id=skill_id,
        practiced_at=practiced_at,
        duration_minutes=duration_minutes,
        calendar_event_id=calendar_event_id,
        confidence=confidence,
        status=status,
        model_version=model_version,
    )
    skill = _owned_skill(uow, actor, data.skill_id)
    practice = uow.session.scalar(
        sa.select(SkillPracticeSession).where(
            SkillPracticeSession.user_id == actor.user_id,
            SkillPracticeSession.calendar_event_id == data.calendar_event_id,
        )
    )
    values = dict(
        skill_id=skill.id,
        practiced_at=data.practiced_at,
        duration_minutes=data.duration_minutes,
        confidence_score=data.confidence,
        inferred_status=data.status,
    )
    if practice is not None and (
        practice.inferred_status != "inferred"  # decided by the owner: theirs now
        or all(getattr(practice, key) == value for key, value in values.items())
    ):
        return PracticeSessionView.model_validate(practice)
    if practice is None:
        practice = SkillPracticeSession(
            user_id=actor.user_id, source="calendar", calendar_event_id=data.calendar_event_id
        )
        uow.session.add(practice)
    for key, value in values.items():
        setattr(practice, key, value)
    uow.session.flush()
    uow.emit(
        PracticeInferred(
            user_id=actor.user_id,
            session_id=practice.id,
            skill_id=skill.id,
            calendar_event_id=data.calendar_event_id,
            confidence_score=data.confidence,
            duration_minutes=practice.duration_minutes,
            practiced_at=practice.practiced_at,
            status=data.status,
            model_version=data.model_version,
            inferred_structure=structure or {},
        )
    )
    if data.status == "confirmed":
        _refresh_metric(uow, actor, skill, _today(actor))
    return PracticeSessionView.model_validate(practice)


def set_practice_inferred_status(
    uow: UnitOfWork, actor: Actor, session_id: int, status: str
) -> PracticeSessionView:
    """Confirm, reject or ignore an inferred session (the review queue calls this)."""
    if status not in REVIEW_STATUSES:
        raise InvalidInput(
            f"status: must be confirmed, rejected or ignored, not {status!r}",
            {"status": "must be confirmed, rejected or ignored"},
        )
    practice = _owned_session(uow, actor, session_id)
    if practice.inferred_status is None:
        raise NotFound(f"inferred practice session {session_id} not found")
    previous = practice.inferred_status
    if previous == status:
        return PracticeSessionView.model_validate(practice)
    practice.inferred_status = status
    uow.session.flush()
    uow.emit(
        PracticeReviewed(
            user_id=actor.user_id,
            session_id=practice.id,
            skill_id=practice.skill_id,
            calendar_event_id=practice.calendar_event_id,
            status=status,
            previous_status=previous,
        )
    )
    _refresh_metric(uow, actor, _owned_skill(uow, actor, practice.skill_id), _today(actor))
    return PracticeSessionView.model_validate(practice)


# Metrics


def _refresh_metric(uow: UnitOfWork, actor: Actor, skill: Skill, today: date) -> bool:
    """Bring the skill's metric row up to date; True when its numbers changed.

    Writes nothing when nothing changed, so running it twice on the same day is a no-op.
    """
    zone = ZoneInfo(actor.timezone)
    rows = uow.session.execute(
        sa.select(SkillPracticeSession.practiced_at, SkillPracticeSession.duration_minutes).where(
            SkillPracticeSession.user_id == actor.user_id,
            SkillPracticeSession.skill_id == skill.id,
            counts_toward_totals(SkillPracticeSession),
        )
    ).all()
    dated = [(at.astimezone(zone).date(), minutes, at) for at, minutes in rows]
    metrics = compute_practice_metrics([(day, minutes) for day, minutes, _ in dated], today=today)
    if skill.proficiency_level is not None:
        level, source = skill.proficiency_level, "owner"
    else:
        level, source = proficiency_for(metrics.total_minutes), "hours"
    numbers = dict(
        total_minutes=metrics.total_minutes,
        session_count=metrics.session_count,
        current_streak_days=metrics.current_streak_days,
        longest_streak_days=metrics.longest_streak_days,
        proficiency_level=level,
        proficiency_source=source,
        last_practiced_at=max((at for day, _, at in dated if day <= today), default=None),
    )
    metric = uow.session.get(SkillMetric, skill.id)
    if metric is None:
        metric = SkillMetric(skill_id=skill.id, user_id=actor.user_id)
        uow.session.add(metric)
        changed = True
    else:
        changed = any(getattr(metric, key) != value for key, value in numbers.items())
        if not changed and metric.as_of == today:
            return False
    for key, value in numbers.items():
        setattr(metric, key, value)
    metric.as_of = today
    metric.computed_at = utcnow()
    uow.session.flush()
    if changed:
        uow.emit(
            MetricRecomputed(
                user_id=actor.user_id,
                skill_id=skill.id,
                total_minutes=metric.total_minutes,
                session_count=metric.session_count,
                current_streak_days=metric.current_streak_days,
                longest_streak_days=metric.longest_streak_days,
                proficiency_level=metric.proficiency_level,
                as_of=today,
            )
        )
    return changed


def recompute_skill_metrics(
    uow: UnitOfWork, actor: Actor, *, today: date | None = None
) -> RecomputeSummary:
    """Recompute every skill's metric row as of ``today`` (the owner's local day by default).

    Idempotent: a second run on the same day writes nothing and emits nothing. Only manual
    and confirmed sessions count.
    """
    today = today or _today(actor)
    skills = uow.session.scalars(
        sa.select(Skill).where(Skill.user_id == actor.user_id).order_by(Skill.id)
    ).all()
    summary = RecomputeSummary(skills=len(skills))
    for skill in skills:
        summary.changed += _refresh_metric(uow, actor, skill, today)
    return summary


def list_skill_metrics(
    uow: UnitOfWork, actor: Actor, *, today: date | None = None
) -> list[SkillMetricView]:
    """Each skill's metric row, with a current streak that has lapsed since shown as 0."""
    today = today or _today(actor)
    zone = ZoneInfo(actor.timezone)
    metrics = uow.session.scalars(
        sa.select(SkillMetric)
        .join(Skill, Skill.id == SkillMetric.skill_id)
        .where(SkillMetric.user_id == actor.user_id, Skill.user_id == actor.user_id)
        .order_by(Skill.name)
    )
    views = []
    for metric in metrics:
        view = SkillMetricView.model_validate(metric)
        last_day = view.last_practiced_at and view.last_practiced_at.astimezone(zone).date()
        current = streak_on(view.current_streak_days, last_day, today)
        views.append(view.model_copy(update={"current_streak_days": current}))
    return views


# --- bulk reads for the insights engine (lifeos_core.insights) ------------------------------


def counted_sessions(
    uow: UnitOfWork,
    actor: Actor,
    *,
    ids: list[int] | None = None,
    skill_ids: list[int] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[sa.Row]:
    """Manual and confirmed practice sessions, oldest first (practiced_at, then id), as rows
    ``(id, skill_id, practiced_at, duration_minutes)``; every given filter applies, with
    ``start <= practiced_at < end``. One query."""
    S = SkillPracticeSession
    query = sa.select(S.id, S.skill_id, S.practiced_at, S.duration_minutes).where(
        S.user_id == actor.user_id, counts_toward_totals(S)
    )
    if ids is not None:
        query = query.where(S.id.in_(ids))
    if skill_ids is not None:
        query = query.where(S.skill_id.in_(skill_ids))
    if start is not None:
        query = query.where(S.practiced_at >= start)
    if end is not None:
        query = query.where(S.practiced_at < end)
    return list(uow.session.execute(query.order_by(S.practiced_at, S.id)))


def practice_minutes_before(
    uow: UnitOfWork, actor: Actor, *, skill_ids: list[int], before: datetime
) -> dict[int, int]:
    """skill_id -> minutes of manual and confirmed practice before ``before`` (one query)."""
    S = SkillPracticeSession
    rows = uow.session.execute(
        sa.select(S.skill_id, sa.func.coalesce(sa.func.sum(S.duration_minutes), 0))
        .where(
            S.user_id == actor.user_id,
            counts_toward_totals(S),
            S.skill_id.in_(skill_ids),
            S.practiced_at < before,
        )
        .group_by(S.skill_id)
    )
    return {skill_id: int(minutes) for skill_id, minutes in rows}
