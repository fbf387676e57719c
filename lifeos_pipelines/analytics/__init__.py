"""Analytics: the DuckDB read models, their checks, job, schedule and sensor."""
