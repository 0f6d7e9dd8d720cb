"""URL converters shared by the survey URL modules.

An assessment reference (e.g. ``LDM-2026-27-E09000007``) is letters, digits and
hyphens. Matching only that shape in the URL means a tampered reference (a NUL
byte, a quote, a very long string) never reaches the database: it answers 404,
the same as an unknown reference, on SQLite and PostgreSQL alike.
"""

from django.urls import register_converter


class AssessmentReferenceConverter:
    regex = "[A-Za-z0-9-]{1,40}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AssessmentReferenceConverter, "reference")
