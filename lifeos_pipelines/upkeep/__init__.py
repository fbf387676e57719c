"""Daily upkeep: metric rollups and date-driven insights for every user."""
