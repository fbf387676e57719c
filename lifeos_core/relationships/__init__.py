"""The relationships domain."""
