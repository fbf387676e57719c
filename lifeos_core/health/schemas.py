"""Input and output shapes of the health services.

Ranges are checked here with messages a person can act on ("must be between 20 and 400
kg"); the database repeats them as check constraints.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

Intensity = Literal["low", "moderate", "high"]
MealType = Literal["breakfast", "lunch", "dinner", "snack"]
InferredStart = Literal["inferred", "confirmed"]


def _between(low: int, high: int, unit: str = "") -> AfterValidator:
    message = f"must be between {low} and {high}" + (f" {unit}" if unit else "")

    def check(value):
        if not low <= value <= high:
            raise ValueError(message)
        return value

    return AfterValidator(check)


def _places(places: int) -> AfterValidator:
    def check(value: Decimal) -> Decimal:
        if value.as_tuple().exponent < -places:
            raise ValueError(f"use at most {places} decimal place{'s' if places > 1 else ''}")
        return value

    return AfterValidator(check)


def _present(value):
    if value is None or value == "":
        raise ValueError("is required")
    return value


def _workout_type(value: str) -> str:
    value = " ".join(value.split()).lower()
    if not value:
        raise ValueError("is required")
    return value


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("must include a time zone")
    return value


WeightKg = Annotated[Decimal, _places(2), _between(20, 400, "kg")]
BodyFatPct = Annotated[Decimal, _places(1), _between(2, 70, "%")]
RestingHr = Annotated[int, _between(25, 220, "beats per minute")]
Level = Annotated[int, _between(1, 10)]
Minutes = Annotated[int, _between(1, 1440, "minutes")]
Calories = Annotated[int, _between(0, 10_000, "kcal")]
Quality = Annotated[int, _between(1, 10)]
WorkoutType = Annotated[str, Field(max_length=64), AfterValidator(_workout_type)]
Note = Annotated[str, Field(max_length=2000)]
Confidence = Annotated[float, Field(ge=0, le=1)]
AwareDatetime = Annotated[datetime, AfterValidator(_aware)]
# Refuses None with "is required" rather than pydantic's "Input should be a valid ...".
Required = BeforeValidator(_present)

MEASUREMENTS = ("weight_kg", "body_fat_pct", "resting_hr", "energy_level", "stress_level")


class _Input(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


# In the *Changes schemas a field left out stays as it is; a Required one refuses an
# explicit None: a workout cannot lose its type, nor a meal its date.


class NewBiometric(_Input):
    measured_on: Annotated[date, Required]
    weight_kg: WeightKg | None = None
    body_fat_pct: BodyFatPct | None = None
    resting_hr: RestingHr | None = None
    energy_level: Level | None = None
    stress_level: Level | None = None
    note: Note | None = None


class BiometricChanges(_Input):
    measured_on: Annotated[date, Required] = None
    weight_kg: WeightKg | None = None
    body_fat_pct: BodyFatPct | None = None
    resting_hr: RestingHr | None = None
    energy_level: Level | None = None
    stress_level: Level | None = None
    note: Note | None = None


class NewWorkout(_Input):
    workout_date: Annotated[date, Required]
    start_time: time | None = None  # local wall-clock time in the owner's time zone
    workout_type: Annotated[WorkoutType, Required]
    duration_minutes: Annotated[Minutes, Required]
    intensity: Annotated[Intensity, Required] = "moderate"
    calories_est: Calories | None = None
    note: Note | None = None


class WorkoutChanges(_Input):
    workout_date: Annotated[date, Required] = None
    start_time: time | None = None
    workout_type: Annotated[WorkoutType, Required] = None
    duration_minutes: Annotated[Minutes, Required] = None
    intensity: Annotated[Intensity, Required] = None
    calories_est: Calories | None = None
    note: Note | None = None


class _Inference(_Input):
    calendar_event_id: int
    confidence: Confidence
    status: InferredStart
    model_version: str = Field(min_length=1, max_length=64)
    structure: dict[str, Any] | None = None


class InferredWorkout(_Inference):
    started_at: Annotated[AwareDatetime, Required]
    workout_date: date | None = None  # defaults to started_at's date for the owner
    workout_type: Annotated[WorkoutType, Required]
    duration_minutes: Minutes | None = None
    intensity: Intensity | None = None
    calories_est: Calories | None = None
    note: Note | None = None


class NewMeal(_Input):
    meal_date: Annotated[date, Required]
    meal_type: Annotated[MealType, Required]
    calories_est: Calories | None = None
    quality_score: Quality | None = None
    note: Note | None = None


class MealChanges(_Input):
    meal_date: Annotated[date, Required] = None
    meal_type: Annotated[MealType, Required] = None
    calories_est: Calories | None = None
    quality_score: Quality | None = None
    note: Note | None = None


class InferredMeal(_Inference):
    meal_date: Annotated[date, Required]
    meal_type: Annotated[MealType, Required]
    calories_est: Calories | None = None
    quality_score: Quality | None = None
    note: Note | None = None


class _View(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)


class BiometricView(_View):
    id: int
    measured_on: date
    weight_kg: Decimal | None
    body_fat_pct: Decimal | None
    resting_hr: int | None
    energy_level: int | None
    stress_level: int | None
    note: str | None


class _InferredView(_View):
    source: str
    calendar_event_id: int | None
    confidence_score: float | None
    inferred_status: str | None

    @property
    def is_unconfirmed(self) -> bool:
        return self.inferred_status == "inferred"


class WorkoutView(_InferredView):
    id: int
    workout_date: date
    started_at: datetime | None
    workout_type: str
    duration_minutes: int | None
    intensity: str | None
    calories_est: int | None
    note: str | None


class MealView(_InferredView):
    id: int
    meal_date: date
    meal_type: str
    calories_est: int | None
    quality_score: int | None
    note: str | None


class WorkoutTypeTotal(_View):
    workout_type: str
    workouts: int
    minutes: int


class WeeklyWorkoutSummary(_View):
    week_start: date  # a Monday
    week_end: date  # the Sunday after it
    workouts: int
    minutes: int
    by_type: tuple[WorkoutTypeTotal, ...]


class WeightTrend(_View):
    latest_kg: Decimal | None
    latest_on: date | None
    average_7d_kg: Decimal | None
    average_30d_kg: Decimal | None
    change_7d_kg: Decimal | None
    change_30d_kg: Decimal | None


class DailyCalories(_View):
    day: date
    calories: int
    meals: int
