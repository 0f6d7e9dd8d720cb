"""Benchmarks, data generators and the load test (see docs/performance.md)."""
