"""National-scale reference data for the generator: extra authorities and an 80-question file.

The extra authorities have GSS codes E09100000 upwards (they pass the E09 check
constraint but are not real) and tiles east of London's 8 x 7 tile grid, since a
grid cell is unique.
"""

from __future__ import annotations

import yaml

NATIONAL_AUTHORITIES = 400
LONDON_AUTHORITIES = 33
FIRST_EXTRA_COLUMN = 10  # London's grid is columns 0-7
EXTRA_COLUMNS = 20
AREAS = [
    ("technology", "Technology estate"),
    ("data", "Data"),
    ("security", "Security"),
    ("procurement", "Procurement"),
]
LEVELS = [
    ("Beginning", 0),
    ("Emerging", 12.5),
    ("Learning", 37.5),
    ("Developing", 62.5),
    ("Mastering", 87.5),
]


def authority_rows(total: int) -> list[dict]:
    """Field values of the authorities beyond London's 33, up to ``total`` in all."""
    rows = []
    for i in range(max(total - LONDON_AUTHORITIES, 0)):
        rows.append(
            {
                "gss_code": f"E091{i:05d}",
                "name": f"Generated authority {i:03d}",
                "slug": f"generated-{i:03d}",
                "abbreviation": f"G{i:03d}",
                "kind": "london_borough",
                "inner_outer": "inner" if i % 3 == 0 else "outer",
                "grid_column": FIRST_EXTRA_COLUMN + i % EXTRA_COLUMNS,
                "grid_row": i // EXTRA_COLUMNS,
            }
        )
    return rows


def _question(area: str, number: int) -> dict:
    code = f"{area}-q{number:02d}"
    text = f"Generated question {number} about {area}?"
    if number == 1:
        return {"code": code, "kind": "number", "unit": "systems", "text": text}
    if number == 20:
        return {"code": code, "kind": "text", "required": False, "text": text, "hint": "Free text."}
    if number % 5 == 0:
        return {"code": code, "kind": "yes_no", "text": text}
    return {
        "code": code,
        "kind": "maturity",
        "text": text,
        "hint": "Pick the level that describes your authority today.",
        "levels": {level: f"What level {level} looks like for {code}." for level in range(1, 6)},
    }


def questionnaire_yaml(questions_per_area: int = 20) -> str:
    """A valid questionnaire file (docs/questionnaire-format.md) of 4 areas x 20 questions."""
    document = {
        "code": "national-bench",
        "version": 1,
        "name": "National benchmark questionnaire",
        "description": "Generated for benchmarks: 80 questions of every kind.",
        "scoring_method": "mean",
        "not_applicable_label": "Not applicable / don't know",
        "levels": [
            {"number": n, "name": name, "min_score": low} for n, (name, low) in enumerate(LEVELS, 1)
        ],
        "areas": [
            {
                "code": code,
                "name": name,
                "description": f"Generated area: {name}.",
                "questions": [_question(code, q) for q in range(1, questions_per_area + 1)],
            }
            for code, name in AREAS
        ],
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
