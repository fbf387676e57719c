"""The interpreter's own Dagster pieces: training owners' models, and interpreting events."""
