"""The skills domain."""
