"""LifeOS domain core: settings, database, models, services, events and the outbox.

Nothing here imports Dagster or Streamlit; they are the glue around this package.
"""
