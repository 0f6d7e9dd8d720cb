"""London-wide views of the technology estate registers (the ``reports`` namespace)."""
