"""Access table for the technology estate register: upload (issue 16)."""

ACCESS: dict = {}
