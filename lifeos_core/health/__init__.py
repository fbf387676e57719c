"""The health domain."""
