"""Calendar sync and interpretation: assets, job and schedule."""
