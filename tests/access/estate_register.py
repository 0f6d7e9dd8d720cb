"""Access table for the technology estate register: register (issue 16)."""

ACCESS: dict = {}
