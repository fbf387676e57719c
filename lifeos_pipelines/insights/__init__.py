"""Insight rules as the operator sees them: telemetry per rule and model version."""
