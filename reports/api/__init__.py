"""The read-only JSON API (version 1) of published results: see ``reports.api.views``."""
