"""The journal domain."""
