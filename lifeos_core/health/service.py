"""Health services: biometrics, workouts and meals, by hand and by inference, and summaries.

Every function takes the acting user and touches only that user's rows; an id that belongs
to someone else behaves exactly like an id that does not exist. Workouts and meals the
interpreter proposes are stored with their confidence but count in no summary until
confirmed; rejected and ignored ones are never listed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.database import utcnow
from lifeos_core.database.inferred import counts_toward_totals
from lifeos_core.errors import Conflict, InvalidInput, NotFound, validate
from lifeos_core.health import metrics
from lifeos_core.health.events import (
    BiometricDeleted,
    BiometricLogged,
    BiometricUpdated,
    MealInferred,
    NutritionDeleted,
    NutritionLogged,
    NutritionUpdated,
    WorkoutDeleted,
    WorkoutInferred,
    WorkoutLogged,
    WorkoutUpdated,
)
from lifeos_core.health.models import Biometric, NutritionLog, Workout
from lifeos_core.health.schemas import (
    MEASUREMENTS,
    BiometricChanges,
    BiometricView,
    DailyCalories,
    InferredMeal,
    InferredWorkout,
    MealChanges,
    MealView,
    NewBiometric,
    NewMeal,
    NewWorkout,
    WeeklyWorkoutSummary,
    WeightTrend,
    WorkoutChanges,
    WorkoutView,
)
from lifeos_core.unit_of_work import UnitOfWork

M = TypeVar("M", Biometric, Workout, NutritionLog)

DECISIONS = ("confirmed", "rejected", "ignored")
MAX_CALORIE_DAYS = 366


def _owned(uow: UnitOfWork, actor: Actor, model: type[M], record_id: int, what: str) -> M:
    row = uow.session.scalar(
        sa.select(model).where(model.id == record_id, model.user_id == actor.user_id)
    )
    if row is None:
        raise NotFound(f"{what} {record_id} not found")
    return row


def _apply(row, values: dict) -> list[str]:
    """Set the values that differ on ``row``; the names of those that changed."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    return changed


def _listed(model, *, include_unconfirmed: bool) -> sa.ColumnElement[bool]:
    if include_unconfirmed:
        return sa.and_(
            model.inferred_status.is_distinct_from("rejected"),
            model.inferred_status.is_distinct_from("ignored"),
        )
    return counts_toward_totals(model)


def _in_dates(column, start: date | None, end: date | None) -> list[sa.ColumnElement[bool]]:
    """Conditions for ``start <= column <= end``; a missing bound is open."""
    conditions = []
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column <= end)
    return conditions


def _arguments(arguments: dict) -> dict:
    """A service's keyword arguments, for its schema (everything but the uow and actor)."""
    return {k: v for k, v in arguments.items() if k not in ("uow", "actor")}


def _check_decision(status: str) -> None:
    if status not in DECISIONS:
        raise InvalidInput(
            f"status: must be confirmed, rejected or ignored, not {status!r}",
            {"status": "must be confirmed, rejected or ignored"},
        )


def _decide(row: Workout | NutritionLog, status: str, what: str) -> bool:
    """Move an inferred record to ``status``; True when that confirmed it just now."""
    if row.inferred_status == status:
        return False  # deciding twice is harmless (a retried review)
    if row.inferred_status != "inferred":
        raise Conflict(f"status: {what} {row.id} was already {row.inferred_status}")
    row.inferred_status = status
    return status == "confirmed"


def _find_inferred(uow: UnitOfWork, actor: Actor, model: type[M], calendar_event_id: int):
    return uow.session.scalar(
        sa.select(model).where(
            model.user_id == actor.user_id,
            model.calendar_event_id == calendar_event_id,
            model.inferred_status.is_not(None),
        )
    )


# --- biometrics -----------------------------------------------------------------------------


def _require_a_measurement(values: dict) -> None:
    if all(values.get(name) is None for name in MEASUREMENTS):
        message = "enter at least one of weight, body fat, resting heart rate, energy or stress"
        raise InvalidInput(f"measurements: {message}", {"measurements": message})


def log_biometric(uow: UnitOfWork, actor: Actor, **fields) -> BiometricView:
    data = validate(NewBiometric, **fields)
    _require_a_measurement(data.model_dump())
    row = Biometric(user_id=actor.user_id, **data.model_dump())
    uow.session.add(row)
    uow.session.flush()
    uow.emit(
        BiometricLogged(
            user_id=actor.user_id,
            biometric_id=row.id,
            date=row.measured_on,
            weight=row.weight_kg,
            body_fat_pct=row.body_fat_pct,
            resting_hr=row.resting_hr,
            energy_level=row.energy_level,
            stress_level=row.stress_level,
        )
    )
    return BiometricView.model_validate(row)


def update_biometric(uow: UnitOfWork, actor: Actor, biometric_id: int, **fields) -> BiometricView:
    changes = validate(BiometricChanges, **fields).model_dump(exclude_unset=True)
    row = _owned(uow, actor, Biometric, biometric_id, "biometric")
    _require_a_measurement({name: changes.get(name, getattr(row, name)) for name in MEASUREMENTS})
    changed = _apply(row, changes)
    if changed:
        uow.session.flush()
        uow.emit(
            BiometricUpdated(
                user_id=actor.user_id,
                biometric_id=row.id,
                fields=changed,
                updated_at=row.updated_at,
            )
        )
    return BiometricView.model_validate(row)


def delete_biometric(uow: UnitOfWork, actor: Actor, biometric_id: int) -> None:
    row = _owned(uow, actor, Biometric, biometric_id, "biometric")
    uow.session.delete(row)
    uow.emit(
        BiometricDeleted(user_id=actor.user_id, biometric_id=biometric_id, deleted_at=utcnow())
    )


def list_biometrics(
    uow: UnitOfWork,
    actor: Actor,
    *,
    start: date | None = None,
    end: date | None = None,
    limit: int = 500,
) -> list[BiometricView]:
    """Newest first, between ``start`` and ``end`` inclusive."""
    query = (
        sa.select(Biometric)
        .where(Biometric.user_id == actor.user_id, *_in_dates(Biometric.measured_on, start, end))
        .order_by(Biometric.measured_on.desc(), Biometric.id.desc())
        .limit(limit)
    )
    return [BiometricView.model_validate(row) for row in uow.session.scalars(query)]


def weight_trend(uow: UnitOfWork, actor: Actor, *, today: date) -> WeightTrend:
    """Latest weight, 7- and 30-day averages and changes as of ``today``."""
    rows = uow.session.execute(
        sa.select(Biometric.measured_on, Biometric.weight_kg).where(
            Biometric.user_id == actor.user_id,
            Biometric.weight_kg.is_not(None),
            Biometric.measured_on <= today,
        )
    ).all()
    return WeightTrend.model_validate(metrics.weight_trend(rows, today=today))


# --- workouts -------------------------------------------------------------------------------


def _started_at(actor: Actor, day: date, start_time: time | None) -> datetime | None:
    if start_time is None:
        return None
    return datetime.combine(day, start_time, ZoneInfo(actor.timezone))


def _local_time(actor: Actor, moment: datetime | None) -> time | None:
    return moment.astimezone(ZoneInfo(actor.timezone)).time() if moment else None


def _workout_logged(row: Workout) -> WorkoutLogged:
    return WorkoutLogged(
        user_id=row.user_id,
        workout_id=row.id,
        date=row.workout_date,
        workout_type=row.workout_type,
        duration_minutes=row.duration_minutes,
        intensity=row.intensity,
        calories_est=row.calories_est,
    )


def log_workout(uow: UnitOfWork, actor: Actor, **fields) -> WorkoutView:
    """A workout typed in by hand; ``start_time`` is wall-clock time in the owner's zone."""
    data = validate(NewWorkout, **fields)
    row = Workout(
        user_id=actor.user_id,
        started_at=_started_at(actor, data.workout_date, data.start_time),
        **data.model_dump(exclude={"start_time"}),
    )
    uow.session.add(row)
    uow.session.flush()
    uow.emit(_workout_logged(row))
    return WorkoutView.model_validate(row)


def update_workout(uow: UnitOfWork, actor: Actor, workout_id: int, **fields) -> WorkoutView:
    changes = validate(WorkoutChanges, **fields).model_dump(exclude_unset=True)
    row = _owned(uow, actor, Workout, workout_id, "workout")
    if "workout_date" in changes or "start_time" in changes:
        # A new date keeps the time of day; a new time keeps the date.
        start_time = changes.pop("start_time", _local_time(actor, row.started_at))
        day = changes.get("workout_date", row.workout_date)
        changes["started_at"] = _started_at(actor, day, start_time)
    changed = _apply(row, changes)
    if changed:
        uow.session.flush()
        uow.emit(
            WorkoutUpdated(
                user_id=actor.user_id, workout_id=row.id, fields=changed, updated_at=row.updated_at
            )
        )
    return WorkoutView.model_validate(row)


def delete_workout(uow: UnitOfWork, actor: Actor, workout_id: int) -> None:
    row = _owned(uow, actor, Workout, workout_id, "workout")
    uow.session.delete(row)
    uow.emit(WorkoutDeleted(user_id=actor.user_id, workout_id=workout_id, deleted_at=utcnow()))


def list_workouts(
    uow: UnitOfWork,
    actor: Actor,
    *,
    start: date | None = None,
    end: date | None = None,
    include_unconfirmed: bool = True,
    limit: int = 500,
) -> list[WorkoutView]:
    """Newest first; unconfirmed inferences included unless asked otherwise."""
    query = (
        sa.select(Workout)
        .where(
            Workout.user_id == actor.user_id,
            _listed(Workout, include_unconfirmed=include_unconfirmed),
            *_in_dates(Workout.workout_date, start, end),
        )
        .order_by(
            Workout.workout_date.desc(), sa.nulls_last(Workout.started_at.desc()), Workout.id.desc()
        )
        .limit(limit)
    )
    return [WorkoutView.model_validate(row) for row in uow.session.scalars(query)]


def record_inferred_workout(
    uow: UnitOfWork,
    actor: Actor,
    *,
    started_at: datetime,
    workout_type: str,
    duration_minutes: int | None = None,
    intensity: str | None = None,
    calories_est: int | None = None,
    note: str | None = None,
    workout_date: date | None = None,
    calendar_event_id: int,
    confidence: float,
    status: str,
    model_version: str,
    structure: dict | None = None,
) -> WorkoutView:
    """The interpreter's entry point: a workout proposed from a calendar event.

    ``started_at`` is the event's (aware) start; ``workout_date`` defaults to its date in
    the owner's time zone. ``status`` is ``inferred`` (for review) or ``confirmed``.

    One workout per calendar event: proposing again updates a pending one (the event
    changed) and leaves a decided one as the owner left it.
    """
    data = validate(InferredWorkout, **_arguments(locals()))
    row = _find_inferred(uow, actor, Workout, data.calendar_event_id)
    if row is not None and row.inferred_status != "inferred":
        return WorkoutView.model_validate(row)
    if row is None:
        row = Workout(user_id=actor.user_id, source="calendar")
        uow.session.add(row)
    _apply(
        row,
        {
            "calendar_event_id": data.calendar_event_id,
            "started_at": data.started_at,
            "workout_date": data.workout_date
            or data.started_at.astimezone(ZoneInfo(actor.timezone)).date(),
            "workout_type": data.workout_type,
            "duration_minutes": data.duration_minutes,
            "intensity": data.intensity,
            "calories_est": data.calories_est,
            "note": data.note,
            "confidence_score": data.confidence,
            "inferred_status": data.status,
        },
    )
    uow.session.flush()
    uow.emit(
        WorkoutInferred(
            user_id=actor.user_id,
            workout_id=row.id,
            calendar_event_id=data.calendar_event_id,
            confidence_score=data.confidence,
            workout_type=row.workout_type,
            duration_minutes=row.duration_minutes,
            status=data.status,
            model_version=data.model_version,
            inferred_structure=data.structure or {},
        )
    )
    if data.status == "confirmed":
        uow.emit(_workout_logged(row))
    return WorkoutView.model_validate(row)


def set_workout_inferred_status(
    uow: UnitOfWork, actor: Actor, workout_id: int, status: str
) -> WorkoutView:
    """Confirm, reject or ignore an inferred workout (the review queue calls this)."""
    _check_decision(status)
    row = uow.session.scalar(
        sa.select(Workout).where(
            Workout.id == workout_id,
            Workout.user_id == actor.user_id,
            Workout.inferred_status.is_not(None),
        )
    )
    if row is None:
        raise NotFound(f"inferred workout {workout_id} not found")
    if _decide(row, status, "workout"):
        uow.emit(_workout_logged(row))
    return WorkoutView.model_validate(row)


def weekly_workout_summary(uow: UnitOfWork, actor: Actor, *, day: date) -> WeeklyWorkoutSummary:
    """Workouts and minutes in the Monday-to-Sunday week of ``day``, per type.

    Manual and confirmed workouts only.
    """
    monday, sunday = metrics.week_bounds(day)
    rows = uow.session.execute(
        sa.select(Workout.workout_type, Workout.duration_minutes).where(
            Workout.user_id == actor.user_id,
            counts_toward_totals(Workout),
            *_in_dates(Workout.workout_date, monday, sunday),
        )
    ).all()
    totals = metrics.workout_totals(rows)
    return WeeklyWorkoutSummary.model_validate(
        {
            "week_start": monday,
            "week_end": sunday,
            "workouts": totals.workouts,
            "minutes": totals.minutes,
            "by_type": totals.by_type,
        }
    )


# --- meals ----------------------------------------------------------------------------------


def _meal_logged(row: NutritionLog) -> NutritionLogged:
    return NutritionLogged(
        user_id=row.user_id,
        nutrition_id=row.id,
        date=row.meal_date,
        meal_type=row.meal_type,
        calories_est=row.calories_est,
        quality_score=row.quality_score,
    )


def log_meal(uow: UnitOfWork, actor: Actor, **fields) -> MealView:
    data = validate(NewMeal, **fields)
    row = NutritionLog(user_id=actor.user_id, **data.model_dump())
    uow.session.add(row)
    uow.session.flush()
    uow.emit(_meal_logged(row))
    return MealView.model_validate(row)


def update_meal(uow: UnitOfWork, actor: Actor, meal_id: int, **fields) -> MealView:
    changes = validate(MealChanges, **fields).model_dump(exclude_unset=True)
    row = _owned(uow, actor, NutritionLog, meal_id, "meal")
    changed = _apply(row, changes)
    if changed:
        uow.session.flush()
        uow.emit(
            NutritionUpdated(
                user_id=actor.user_id,
                nutrition_id=row.id,
                fields=changed,
                updated_at=row.updated_at,
            )
        )
    return MealView.model_validate(row)


def delete_meal(uow: UnitOfWork, actor: Actor, meal_id: int) -> None:
    row = _owned(uow, actor, NutritionLog, meal_id, "meal")
    uow.session.delete(row)
    uow.emit(NutritionDeleted(user_id=actor.user_id, nutrition_id=meal_id, deleted_at=utcnow()))


def list_meals(
    uow: UnitOfWork,
    actor: Actor,
    *,
    start: date | None = None,
    end: date | None = None,
    include_unconfirmed: bool = True,
    limit: int = 500,
) -> list[MealView]:
    """Newest first, meals of a day in breakfast-lunch-dinner order, snacks last."""
    meal_order = sa.case(
        {"breakfast": 0, "lunch": 1, "dinner": 2}, value=NutritionLog.meal_type, else_=3
    )
    query = (
        sa.select(NutritionLog)
        .where(
            NutritionLog.user_id == actor.user_id,
            _listed(NutritionLog, include_unconfirmed=include_unconfirmed),
            *_in_dates(NutritionLog.meal_date, start, end),
        )
        .order_by(NutritionLog.meal_date.desc(), meal_order, NutritionLog.id)
        .limit(limit)
    )
    return [MealView.model_validate(row) for row in uow.session.scalars(query)]


def record_inferred_meal(
    uow: UnitOfWork,
    actor: Actor,
    *,
    meal_date: date,
    meal_type: str,
    calories_est: int | None = None,
    quality_score: int | None = None,
    note: str | None = None,
    calendar_event_id: int,
    confidence: float,
    status: str,
    model_version: str,
    structure: dict | None = None,
) -> MealView:
    """The interpreter's entry point: a meal proposed from a calendar event.

    ``meal_date`` is the owner's local date of the event; ``status`` is ``inferred`` (for
    review) or ``confirmed``. One meal per calendar event, as for workouts.
    """
    data = validate(InferredMeal, **_arguments(locals()))
    row = _find_inferred(uow, actor, NutritionLog, data.calendar_event_id)
    if row is not None and row.inferred_status != "inferred":
        return MealView.model_validate(row)
    if row is None:
        row = NutritionLog(user_id=actor.user_id, source="calendar")
        uow.session.add(row)
    _apply(
        row,
        {
            "calendar_event_id": data.calendar_event_id,
            "meal_date": data.meal_date,
            "meal_type": data.meal_type,
            "calories_est": data.calories_est,
            "quality_score": data.quality_score,
            "note": data.note,
            "confidence_score": data.confidence,
            "inferred_status": data.status,
        },
    )
    uow.session.flush()
    uow.emit(
        MealInferred(
            user_id=actor.user_id,
            nutrition_id=row.id,
            calendar_event_id=data.calendar_event_id,
            confidence_score=data.confidence,
            meal_type=row.meal_type,
            status=data.status,
            model_version=data.model_version,
            inferred_structure=data.structure or {},
        )
    )
    if data.status == "confirmed":
        uow.emit(_meal_logged(row))
    return MealView.model_validate(row)


def set_meal_inferred_status(uow: UnitOfWork, actor: Actor, meal_id: int, status: str) -> MealView:
    """Confirm, reject or ignore an inferred meal (the review queue calls this)."""
    _check_decision(status)
    row = uow.session.scalar(
        sa.select(NutritionLog).where(
            NutritionLog.id == meal_id,
            NutritionLog.user_id == actor.user_id,
            NutritionLog.inferred_status.is_not(None),
        )
    )
    if row is None:
        raise NotFound(f"inferred meal {meal_id} not found")
    if _decide(row, status, "meal"):
        uow.emit(_meal_logged(row))
    return MealView.model_validate(row)


def daily_calories(uow: UnitOfWork, actor: Actor, *, start: date, end: date) -> list[DailyCalories]:
    """Estimated calories and meals for each day from ``start`` to ``end`` inclusive.

    Manual and confirmed meals only; days without meals are listed with zero.
    """
    if end < start:
        raise InvalidInput("end: is before the start", {"end": "is before the start"})
    if end - start >= timedelta(days=MAX_CALORIE_DAYS):
        message = f"choose at most {MAX_CALORIE_DAYS} days"
        raise InvalidInput(f"end: {message}", {"end": message})
    rows = uow.session.execute(
        sa.select(NutritionLog.meal_date, NutritionLog.calories_est).where(
            NutritionLog.user_id == actor.user_id,
            counts_toward_totals(NutritionLog),
            *_in_dates(NutritionLog.meal_date, start, end),
        )
    ).all()
    return [
        DailyCalories.model_validate(day)
        for day in metrics.daily_calories(rows, start=start, end=end)
    ]


# --- bulk reads for the insights engine (lifeos_core.insights) ------------------------------
# Pure reads, one query each, so insight rules work set-based over a window of history.


def counted_workouts(
    uow: UnitOfWork,
    actor: Actor,
    *,
    ids: list[int] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[sa.Row]:
    """Manual and confirmed workouts, oldest first (date, then id), as rows
    ``(id, workout_date, duration_minutes, workout_type)``; dates inclusive."""
    query = sa.select(
        Workout.id, Workout.workout_date, Workout.duration_minutes, Workout.workout_type
    ).where(
        Workout.user_id == actor.user_id,
        counts_toward_totals(Workout),
        *_in_dates(Workout.workout_date, start, end),
    )
    if ids is not None:
        query = query.where(Workout.id.in_(ids))
    return list(uow.session.execute(query.order_by(Workout.workout_date, Workout.id)))


def workout_day_totals(uow: UnitOfWork, actor: Actor, *, start: date, end: date) -> list[sa.Row]:
    """Per day with a manual or confirmed workout: rows ``(workout_date, workouts, minutes)``,
    oldest first; dates inclusive. An unknown duration adds no minutes."""
    return list(
        uow.session.execute(
            sa.select(
                Workout.workout_date,
                sa.func.count().label("workouts"),
                sa.func.coalesce(sa.func.sum(Workout.duration_minutes), 0).label("minutes"),
            )
            .where(
                Workout.user_id == actor.user_id,
                counts_toward_totals(Workout),
                *_in_dates(Workout.workout_date, start, end),
            )
            .group_by(Workout.workout_date)
            .order_by(Workout.workout_date)
        )
    )


def biometric_readings(
    uow: UnitOfWork,
    actor: Actor,
    *,
    ids: list[int] | None = None,
    start: date | None = None,
    end: date | None = None,
    weighed_only: bool = False,
) -> list[sa.Row]:
    """Biometric readings, oldest first (date, then id), as rows
    ``(id, measured_on, weight_kg, energy_level, stress_level)``; dates inclusive, and only
    those with a weight when ``weighed_only``."""
    query = sa.select(
        Biometric.id,
        Biometric.measured_on,
        Biometric.weight_kg,
        Biometric.energy_level,
        Biometric.stress_level,
    ).where(Biometric.user_id == actor.user_id, *_in_dates(Biometric.measured_on, start, end))
    if ids is not None:
        query = query.where(Biometric.id.in_(ids))
    if weighed_only:
        query = query.where(Biometric.weight_kg.is_not(None))
    return list(uow.session.execute(query.order_by(Biometric.measured_on, Biometric.id)))
