"""One partition per calendar connection (its id), kept in step by the connections sensor."""

from __future__ import annotations

import dagster as dg

calendar_connections_partitions = dg.DynamicPartitionsDefinition(name="calendar_connections")
