"""Operating the installation: users and roles, the outbox's health and its dead letters."""
