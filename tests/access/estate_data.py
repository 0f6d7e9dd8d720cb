"""Access table for the technology estate register: data (issue 16)."""

ACCESS: dict = {}
