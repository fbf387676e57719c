"""The owner's review decisions train their own interpreter model, stored and versioned per
owner, retrained by Dagster when enough new decisions arrive; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import dagster as dg
import pytest

from lifeos_core.calendar import service as calendar
from lifeos_core.events import catalog
from lifeos_core.interpreter import learning
from lifeos_core.interpreter import models as interpreter_models  # noqa: F401 (the table)
from lifeos_core.interpreter.rules import interpret_batch, model_version
from lifeos_core.interpreter.service import facts_for, interpret_new_events
from lifeos_pipelines.interpreter.assets import interpreter_models as interpreter_models_asset
from lifeos_pipelines.interpreter.sensors import (
    interpreter_decisions_sensor,
    interpreter_pending_events_sensor,
)
from lifeos_pipelines.resources import LifeOSResource

MONDAY = datetime(2026, 11, 2, tzinfo=UTC)
HABIT, PEOPLE = "habits/habit_log", "relationships/interaction"


@pytest.fixture(autouse=True)
def interpreter_events_in_catalog(monkeypatch):
    """Until lifeos_core.interpreter.events is in the catalog's module list (the lead adds it)."""
    if "lifeos_core.interpreter.events" not in catalog.CATALOG_MODULES:
        monkeypatch.setattr(
            catalog,
            "CATALOG_MODULES",
            (*catalog.CATALOG_MODULES, "lifeos_core.interpreter.events"),
        )
        catalog.event_catalog.cache_clear()
        yield
        catalog.event_catalog.cache_clear()
    else:
        yield


@pytest.fixture
def lifeos(runtime) -> LifeOSResource:
    return LifeOSResource(database_url=runtime.engine.url.render_as_string(hide_password=False))


def add(runtime, actor, title: str, start: datetime, minutes: int = 30) -> int:
    with runtime.uow() as uow:
        event = calendar.create_event(
            uow, actor, title=title, start_time=start, end_time=start + timedelta(minutes=minutes)
        )
        uow.commit()
    return event.id


def pending(runtime, actor, title: str) -> list[int]:
    with runtime.uow() as uow:
        return [v.id for v in calendar.list_interpretations(uow, actor) if v.event_title == title]


def decide(runtime, actor, ids, decision: str) -> None:
    with runtime.uow() as uow:
        calendar.decide_interpretations(uow, actor, interpretation_ids=ids, decision=decision)
        uow.commit()


def a_fortnight_of_reviews(runtime, actor, settings) -> None:
    """Ten mornings of meditation the owner confirms, and a colleague's robot calls they reject."""
    for day in range(10):
        add(runtime, actor, "Meditation", MONDAY.replace(hour=6) + timedelta(days=day), 15)
        add(runtime, actor, "Call with Jarvis", MONDAY.replace(hour=16) + timedelta(days=day))
    interpret_new_events(runtime.uow, settings)
    decide(runtime, actor, pending(runtime, actor, "Meditation"), "confirm")
    decide(runtime, actor, pending(runtime, actor, "Call with Jarvis"), "reject")


def proposals_for(runtime, actor, title: str, start: datetime, model) -> dict:
    event_id = add(runtime, actor, title, start, 15)
    with runtime.uow() as uow:
        event = calendar.get_event(uow, actor, event_id)
    [found] = interpret_batch(
        [facts_for(event, actor.timezone)],
        auto_confirm_threshold=0.85,
        review_threshold=0.5,
        model=model,
    )
    return {p.record_type: p for p in found}


def test_review_decisions_teach_the_owners_model_what_to_confirm_and_what_to_drop(
    runtime, owner, settings
):
    a_fortnight_of_reviews(runtime, owner, settings)
    with runtime.uow() as uow:
        trained = learning.train_user_model(uow, owner)
        uow.commit()
    assert trained.model_version == f"user-{owner.user_id}-v1"
    assert (trained.decisions, trained.examples) == (20, 20)
    assert trained.metrics["holdout_examples"] == 4

    with runtime.uow() as uow:
        model = learning.load_user_model(uow, owner)
    assert model.version == trained.model_version
    assert model_version(model) == f"rules-2+user-{owner.user_id}-v1"
    later = MONDAY + timedelta(days=12)
    before = proposals_for(runtime, owner, "Meditation", later.replace(hour=6), None)
    assert before[HABIT].decision == "review"
    after = proposals_for(runtime, owner, "Meditation", later.replace(hour=6), model)
    assert after[HABIT].decision == "auto_confirm"
    assert "you confirmed this event before" in after[HABIT].evidence
    call = proposals_for(runtime, owner, "Call with Jarvis", later.replace(hour=16), model)
    assert call[PEOPLE].decision == "discard"


def test_training_waits_for_enough_new_decisions_and_keeps_three_versions(runtime, owner, settings):
    with runtime.uow() as uow:
        assert learning.train_user_model(uow, owner) is None  # nothing decided yet
    a_fortnight_of_reviews(runtime, owner, settings)
    with runtime.uow() as uow:
        assert learning.train_user_model(uow, owner, min_new_decisions=25) is None
        assert learning.train_user_model(uow, owner, min_new_decisions=20).version == 1
        uow.commit()
    with runtime.uow() as uow:
        assert learning.train_user_model(uow, owner, min_new_decisions=1) is None
    # Four new kinds of decision (a title confirmed once is remembered and auto-confirmed
    # afterwards, so each round needs a title the owner has not decided yet).
    for round_, title in enumerate(["Journaling", "Reading", "Stretching", "Evening reading"]):
        add(runtime, owner, title, MONDAY.replace(hour=21) + timedelta(days=round_), 15)
        interpret_new_events(runtime.uow, settings)
        ids = pending(runtime, owner, title)
        assert ids, f"{title!r} was not proposed for review"
        decide(runtime, owner, ids, "confirm")
        with runtime.uow() as uow:
            learning.train_user_model(uow, owner, min_new_decisions=1)
            uow.commit()
    with runtime.uow() as uow:
        versions = [m.version for m in learning.list_user_models(uow, owner)]
        assert versions == [5, 4, 3]
        assert learning.load_user_model(uow, owner).version == f"user-{owner.user_id}-v5"


def test_one_owners_decisions_and_model_are_never_anothers(runtime, owner, make_user, settings):
    other = make_user("grace@example.com", timezone="America/New_York")
    a_fortnight_of_reviews(runtime, owner, settings)
    with runtime.uow() as uow:
        assert learning.users_due_for_training(uow, min_new_decisions=20) == [owner.user_id]
        assert learning.train_user_model(uow, other) is None
        learning.train_user_model(uow, owner)
        uow.commit()
    with runtime.uow() as uow:
        assert learning.load_user_model(uow, other) is None
        assert learning.list_user_models(uow, other) == []
        assert learning.owner_decision_count(uow, other) == 0


def test_the_models_asset_trains_owners_with_new_decisions_and_reports_them(
    runtime, owner, settings, lifeos, dagster_instance
):
    a_fortnight_of_reviews(runtime, owner, settings)
    result = dg.materialize(
        [interpreter_models_asset],
        resources={"lifeos": lifeos},
        instance=dagster_instance,
        run_config=dg.RunConfig(ops={"interpreter_models": {"config": {"min_new_decisions": 20}}}),
    )
    assert result.success
    (materialization,) = result.asset_materializations_for_node("interpreter_models")
    metadata = {k: v.value for k, v in materialization.metadata.items()}
    assert metadata["users_trained"] == 1
    assert metadata["models"][f"user-{owner.user_id}-v1"]["decisions"] == 20
    again = dg.materialize(
        [interpreter_models_asset], resources={"lifeos": lifeos}, instance=dagster_instance
    )
    (materialization,) = again.asset_materializations_for_node("interpreter_models")
    assert materialization.metadata["users_trained"].value == 0  # nothing new to learn from


def test_the_sensors_ask_for_runs_only_when_there_is_work(runtime, owner, settings, lifeos):
    with dg.DagsterInstance.ephemeral() as instance:
        with dg.build_sensor_context(instance=instance, resources={"lifeos": lifeos}) as context:
            assert isinstance(interpreter_pending_events_sensor(context), dg.SkipReason)
            assert isinstance(interpreter_decisions_sensor(context), dg.SkipReason)
        add(runtime, owner, "Lunch with Sarah", MONDAY.replace(hour=11))
        with dg.build_sensor_context(instance=instance, resources={"lifeos": lifeos}) as context:
            first = interpreter_pending_events_sensor(context)
            assert isinstance(first, dg.RunRequest) and context.cursor == "1"
        with dg.build_sensor_context(
            instance=instance, cursor="1", resources={"lifeos": lifeos}
        ) as context:
            second = interpreter_pending_events_sensor(context)
        assert second.run_key != first.run_key  # still pending: asked again, not deduplicated away

        for day in range(13):
            add(runtime, owner, "Meditation", MONDAY.replace(hour=6) + timedelta(days=day), 15)
            add(runtime, owner, "Call with Jarvis", MONDAY.replace(hour=16) + timedelta(days=day))
        interpret_new_events(runtime.uow, settings)
        decide(runtime, owner, pending(runtime, owner, "Meditation"), "confirm")
        decide(runtime, owner, pending(runtime, owner, "Call with Jarvis"), "ignore")
        with dg.build_sensor_context(instance=instance, resources={"lifeos": lifeos}) as context:
            assert isinstance(interpreter_pending_events_sensor(context), dg.SkipReason)
            training = interpreter_decisions_sensor(context)
        assert isinstance(training, dg.RunRequest)
        assert training.run_key == f"train-{owner.user_id}.26"
