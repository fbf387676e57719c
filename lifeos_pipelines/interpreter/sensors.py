"""Interpret whenever events wait for it; retrain when owners have decided enough."""

from __future__ import annotations

import dagster as dg

from lifeos_core.auth import service as auth
from lifeos_core.calendar import service as calendar
from lifeos_core.interpreter import learning
from lifeos_pipelines.calendar.jobs import calendar_interpretation_job
from lifeos_pipelines.interpreter.jobs import interpreter_models_job
from lifeos_pipelines.resources import LifeOSResource
from lifeos_pipelines.runs import run_in_flight


@dg.sensor(
    job=calendar_interpretation_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def interpreter_pending_events_sensor(
    context: dg.SensorEvaluationContext, lifeos: LifeOSResource
) -> dg.RunRequest | dg.SkipReason:
    """Events that are new, changed or have just begun (whatever brought them: a sync, the
    app, an edit) get interpreted; one run at a time.

    The cursor counts the requests made, so each run key is new, and a run that is still on
    its way is never doubled.
    """
    with lifeos.runtime.uow() as uow:
        users = calendar.all_users_with_events_to_interpret(uow)
    if not users:
        return dg.SkipReason("No events wait for interpretation")
    if run_in_flight(context, calendar_interpretation_job.name):
        return dg.SkipReason("An interpretation run is already on its way")
    requests = int(context.cursor or 0) + 1
    context.update_cursor(str(requests))
    return dg.RunRequest(
        run_key=f"interpret-pending-{requests}",
        tags={"lifeos/users": ",".join(map(str, users))},
    )


@dg.sensor(
    job=interpreter_models_job,
    minimum_interval_seconds=300,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def interpreter_decisions_sensor(
    context: dg.SensorEvaluationContext, lifeos: LifeOSResource
) -> dg.RunRequest | dg.SkipReason:
    """Retrain as soon as an owner has made enough review decisions since their last model."""
    with lifeos.runtime.uow() as uow:
        due = learning.users_due_for_training(uow)
        counts = {
            user_id: learning.owner_decision_count(uow, auth.get_actor(uow, user_id))
            for user_id in due
        }
    if not due:
        return dg.SkipReason(f"No owner has {learning.MIN_NEW_DECISIONS} new review decisions yet")
    if run_in_flight(context, interpreter_models_job.name):
        return dg.SkipReason("A training run is already on its way")
    state = "-".join(f"{user_id}.{counts[user_id]}" for user_id in due)
    context.update_cursor(state)
    return dg.RunRequest(run_key=f"train-{state}")
