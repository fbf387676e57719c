"""The owners' interpreter models, trained from their review decisions."""

import time

import dagster as dg

from lifeos_core.interpreter.learning import MIN_NEW_DECISIONS, train_due_models
from lifeos_pipelines.resources import LifeOSResource

RETRY_POLICY = dg.RetryPolicy(
    max_retries=3, delay=60, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)


class InterpreterModelsConfig(dg.Config):
    min_new_decisions: int = MIN_NEW_DECISIONS


@dg.asset(group_name="interpreter", retry_policy=RETRY_POLICY)
def interpreter_models(
    context: dg.AssetExecutionContext, config: InterpreterModelsConfig, lifeos: LifeOSResource
) -> dg.MaterializeResult:
    """A new model for every owner with at least ``min_new_decisions`` review decisions since
    their last one: versioned (``user-<id>-v<N>``), with its held-out quality."""
    started = time.perf_counter()
    trained = train_due_models(lifeos.runtime.uow, min_new_decisions=config.min_new_decisions)
    for view in trained:
        context.log.info("Trained %s on %s decisions", view.model_version, view.decisions)
    return dg.MaterializeResult(
        metadata={
            "users_trained": len(trained),
            "min_new_decisions": config.min_new_decisions,
            "models": dg.MetadataValue.json(
                {
                    view.model_version: {
                        "decisions": view.decisions,
                        "examples": view.examples,
                        **{k: v for k, v in view.metrics.items() if isinstance(v, int | float)},
                    }
                    for view in trained
                }
            ),
            "duration_seconds": round(time.perf_counter() - started, 3),
        }
    )
