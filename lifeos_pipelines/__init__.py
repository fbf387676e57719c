"""LifeOS pipelines: the Dagster glue that runs the core's background work."""
