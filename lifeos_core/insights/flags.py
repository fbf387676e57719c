"""Feature flags for insight rules: a rule named in ``LIFEOS_INSIGHTS_DISABLED_RULES``
(comma-separated, e.g. ``unusual_spend,correlation``) derives nothing, live or in a replay.

Every rule can be switched off; the risky ones (``Rule.risky``) are the ones worth watching.
"""

from __future__ import annotations

import os

from lifeos_core.config import Settings, get_settings

ENV_VAR = "LIFEOS_INSIGHTS_DISABLED_RULES"


def parse(value: str | None) -> frozenset[str]:
    return frozenset(name.strip() for name in (value or "").split(",") if name.strip())


def disabled_rules(settings: Settings | None = None) -> frozenset[str]:
    settings = settings or get_settings()
    value = getattr(settings, "insights_disabled_rules", None)
    if value is None:  # a Settings without the field yet: the environment says the same
        value = os.environ.get(ENV_VAR, "")
    return parse(value)
