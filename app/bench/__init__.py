"""Benchmarks behind ``python -m app bench ...``: figures as JSON, never timed unit tests."""
