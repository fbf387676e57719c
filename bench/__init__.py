"""Benchmarks that print JSON; never part of the test run."""
