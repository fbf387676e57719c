"""``lifeos analytics refresh [--full]``: the snapshot refreshed from the command line.

The same refresh Dagster's analytics job runs; it waits for one already running (the writer
lock), so it is safe beside Dagster.
"""

from __future__ import annotations

import json

from lifeos_core.analytics.build import refresh_snapshot


def refresh_command(*, full: bool = False) -> int:
    from lifeos_core.runtime import build_runtime

    runtime = build_runtime()
    try:
        report = refresh_snapshot(runtime, full=full)
    finally:
        runtime.dispose()
    print(
        f"Analytics snapshot {report.path}: {report.mode} refresh of {report.users} users "
        f"({report.users_read_whole} read whole, {report.users_changed} changed) "
        f"in {report.seconds['total']} s."
    )
    print(json.dumps(report.as_metadata()))
    return 0
