"""Interpreter jobs: train the owners' models."""

import dagster as dg

from lifeos_pipelines.interpreter.assets import interpreter_models

interpreter_models_job = dg.define_asset_job(
    name="interpreter_models_job",
    selection=dg.AssetSelection.assets(interpreter_models),
    executor_def=dg.in_process_executor,
    description="Train a model for every owner with enough new review decisions.",
)
