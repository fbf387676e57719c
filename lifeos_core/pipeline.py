"""The whole pipeline once, in process: sync -> interpret -> dispatch (insights).

Dagster runs the same steps as separate assets and jobs; ``lifeos demo`` and tests use this.
"""

from __future__ import annotations

from dataclasses import dataclass

from lifeos_core.calendar.schemas import InterpretationCounts
from lifeos_core.calendar.sync import SyncReport, sync_all_connections
from lifeos_core.interpreter.service import interpret_new_events
from lifeos_core.outbox.dispatcher import DispatchPolicy, DispatchReport, dispatch_outbox
from lifeos_core.runtime import Runtime
from lifeos_core.subscriptions import subscribers


@dataclass(frozen=True)
class PipelineSummary:
    sync: SyncReport
    interpretations: InterpretationCounts
    dispatch: DispatchReport


def run_pipeline_once(runtime: Runtime) -> PipelineSummary:
    sync = sync_all_connections(runtime.uow, runtime.settings)
    interpretations = interpret_new_events(runtime.uow, runtime.settings)
    dispatch = dispatch_outbox(
        runtime.uow, subscribers(), DispatchPolicy.from_settings(runtime.settings)
    )
    return PipelineSummary(sync=sync, interpretations=interpretations, dispatch=dispatch)
