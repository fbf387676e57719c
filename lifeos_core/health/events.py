"""Events of the health domain (``health.biometric.*``, ``health.workout.*``,
``health.nutrition.*``, ``health.meal.inferred``).

``*.logged`` means "a record that counts now exists": it is emitted for a manual entry and
for an inferred one when it is confirmed (at once, or later in review), never for an
inference that still waits or was turned down.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lifeos_core.events.base import DomainEvent, InferenceEvent


class BiometricLogged(DomainEvent):
    event_type = "health.biometric.logged"
    biometric_id: int
    date: dt.date
    weight: Decimal | None = None  # kilograms
    body_fat_pct: Decimal | None = None
    resting_hr: int | None = None
    energy_level: int | None = None
    stress_level: int | None = None


class BiometricUpdated(DomainEvent):
    event_type = "health.biometric.updated"
    biometric_id: int
    fields: list[str]
    updated_at: dt.datetime


class BiometricDeleted(DomainEvent):
    event_type = "health.biometric.deleted"
    biometric_id: int
    deleted_at: dt.datetime


class WorkoutLogged(DomainEvent):
    event_type = "health.workout.logged"
    workout_id: int
    date: dt.date
    workout_type: str
    # Known for every manual workout; a confirmed inference may not say.
    duration_minutes: int | None
    intensity: str | None
    calories_est: int | None = None


class WorkoutUpdated(DomainEvent):
    event_type = "health.workout.updated"
    workout_id: int
    fields: list[str]
    updated_at: dt.datetime


class WorkoutDeleted(DomainEvent):
    event_type = "health.workout.deleted"
    workout_id: int
    deleted_at: dt.datetime


class WorkoutInferred(InferenceEvent):
    event_type = "health.workout.inferred"
    workout_id: int
    calendar_event_id: int
    confidence_score: float
    workout_type: str
    duration_minutes: int | None = None
    status: str
    inferred_structure: dict[str, Any] = {}


class NutritionLogged(DomainEvent):
    event_type = "health.nutrition.logged"
    nutrition_id: int
    date: dt.date
    meal_type: str
    calories_est: int | None = None
    quality_score: int | None = None


class NutritionUpdated(DomainEvent):
    event_type = "health.nutrition.updated"
    nutrition_id: int
    fields: list[str]
    updated_at: dt.datetime


class NutritionDeleted(DomainEvent):
    event_type = "health.nutrition.deleted"
    nutrition_id: int
    deleted_at: dt.datetime


class MealInferred(InferenceEvent):
    event_type = "health.meal.inferred"
    nutrition_id: int
    calendar_event_id: int
    confidence_score: float
    meal_type: str
    status: str
    inferred_structure: dict[str, Any] = {}


EVENTS = (
    BiometricLogged,
    BiometricUpdated,
    BiometricDeleted,
    WorkoutLogged,
    WorkoutUpdated,
    WorkoutDeleted,
    WorkoutInferred,
    NutritionLogged,
    NutritionUpdated,
    NutritionDeleted,
    MealInferred,
)
