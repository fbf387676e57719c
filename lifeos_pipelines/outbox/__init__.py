"""Outbox dispatch: op, job and sensor."""
