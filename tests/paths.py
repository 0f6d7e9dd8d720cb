"""Where things are, for tests that read the project's own files."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
