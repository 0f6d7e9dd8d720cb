"""Access table for the technology estate register: reports (issue 16)."""

ACCESS: dict = {}
