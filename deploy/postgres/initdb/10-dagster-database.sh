#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory: Dagster gets a
# database of its own beside the LifeOS one (both keep an alembic_version table).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v db="${DAGSTER_PG_DB:-dagster}" -v owner="$POSTGRES_USER" <<'SQL'
CREATE DATABASE :"db" OWNER :"owner";
SQL
