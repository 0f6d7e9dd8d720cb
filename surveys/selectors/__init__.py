"""Reads: joins, user scoping and aggregation. Views never build querysets themselves."""
