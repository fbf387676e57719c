"""The finance domain."""
