"""Hostile data: strings, numbers, field sets, request bodies, references and codes."""

from __future__ import annotations

from hypothesis import strategies as st

from surveys.models import Assessment, Round
from tests.fuzz.support import CONTRIBUTOR_A, LEAD_A, ROLES, State


def weighted(*choices):
    """Like ``st.one_of`` but with weights: ``weighted((3, a), (1, b))`` draws a 3 times in 4.

    (``st.one_of`` flattens nested one_ofs into one uniform choice, so repeating a
    branch does not weight it against a nested one_of with many branches.)
    """
    indices = [i for i, (weight, _) in enumerate(choices) for _ in range(weight)]
    return st.sampled_from(indices).flatmap(lambda i: choices[i][1])


# Strings that have broken web applications before, and strings at this service's limits.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 8,
    "3\x00",
    "\x00na",
    "'; DROP TABLE surveys_answer; --",
    "' OR '1'='1",
    '" OR ""="',
    "1; SELECT pg_sleep(5)--",
    "\\",
    "%",
    "_",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "${7*7}",
    "%s%s%s%n",
    "=1+1",
    '=HYPERLINK("https://evil.example","click")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\u202egnp.exe",
    "\ufeffBOM",
    "\u200b",
    "Ω≈ç√∫",
    "𝕿𝖊𝖘𝖙",
    "🙂",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "\r\n",
    "\n\n\n",
    "../../etc/passwd",
    "%00",
    "%2e%2e%2f",
    "null",
    "None",
    "true",
    "false",
    "FALSE",
    "0",
    "undefined",
    "NaN",
    "nan",
    "sNaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1e-400",
    "0E+1000000",
    "0E-1000000",
    "1E+11",
    "1E+12",
    "999999999999.99",
    "1000000000000",
    "9" * 30,
    "9" * 5000,
    "-0",
    "-0.00",
    "0.001",
    "12.5",
    " 12 ",
    "1,200",
    "1,2,3",
    "0x1F",
    "1_000",
    "١٢٣",
    "１２",
    "½",
    "Ⅻ",
    "²",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "18446744073709551616",
    "1.0",
    "1.5",
    "-1",
    "00000000001",
]
# Long strings around every length limit: evidence 2,000, text and comments 5,000.
LONG = [
    "x" * 2000,
    "x" * 2001,
    "x" * 5000,
    "x" * 5001,
    "é" * 2001,
    "🙂" * 2000,
    "\r\n" * 1000,  # 2,000 characters as typed, 1,000 once line breaks are counted once
    "\r\n" * 2501,
    " " * 6000,
    "a" + " " * 5000 + "b",
    "x" * 200_000,
]
# Over Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): the request body is refused.
HUGE = "y" * 2_700_000

control_text = st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=20)
repeated = st.builds(
    lambda ch, n: ch * n, st.characters(), st.sampled_from([1999, 2000, 2001, 4999, 5000, 5001])
)

# A NUL byte somewhere in otherwise ordinary text: PostgreSQL refuses NUL in text columns.
with_nul = st.tuples(st.text(max_size=8), st.text(max_size=8)).map(lambda t: f"{t[0]}\x00{t[1]}")

hostile_text = st.one_of(
    with_nul,
    st.sampled_from(NASTY),
    st.sampled_from(LONG),
    st.text(max_size=40),
    control_text,
    repeated,
    st.sampled_from(NASTY).flatmap(lambda s: st.text(max_size=10).map(lambda t: t + s + t)),
)

numbers = st.one_of(
    st.integers().map(str),
    st.integers(-10, 10).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats(min_value=0, max_value=1e13).map(lambda f: f"{f:.3f}"),
)

any_value = st.one_of(hostile_text, numbers)

# Made-up field names. The test client writes a name into a multipart header unescaped,
# so a quote or a line break would corrupt the body it sends, not test the service.
field_names = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters='"\\'), max_size=12
)

# The field names the write endpoints read, and some they do not.
FIELD_NAMES = [
    "version",
    "level",
    "yes_no",
    "number",
    "text",
    "evidence",
    "action",
    "declaration",
    "comment",
    "csrfmiddlewaretoken",
    "status",
    "authority",
    "assessment",
    "reference",
    "question",
    "changed_by",
    "submitted_by",
    "id",
    "pk",
]


def values_for(name_strategy_map: dict):
    """A form body: for each name, absent, one value, or a list (a duplicated field)."""

    @st.composite
    def build(draw):
        body = {}
        for name, values in name_strategy_map.items():
            choice = draw(st.sampled_from(["absent"] + ["one"] * 6 + ["list"]))
            if choice == "one":
                body[name] = draw(values)
            elif choice == "list":
                body[name] = draw(st.lists(values, max_size=4))
        extras = draw(
            st.dictionaries(
                st.one_of(st.sampled_from(FIELD_NAMES), field_names),
                any_value,
                max_size=3,
            )
        )
        for key, value in extras.items():
            body.setdefault(key, value)
        return body

    return build()


def payloads(form_bodies):
    """A request body: the form as multipart (most), urlencoded, or raw bytes."""
    raw = st.tuples(
        st.sampled_from(
            [
                "application/json",
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz",
                "multipart/form-data",
                "application/xml",
            ]
        ),
        st.one_of(
            st.binary(max_size=200),
            st.sampled_from(
                [
                    b'{"level": 3, "version": 1}',
                    b"level=3&version=1&level=%00",
                    b'--xyz\r\nContent-Disposition: form-data; name="level"\r\n\r\n3',
                    b"--xyz--",
                    b"%ff%fe=%ff",
                    b"version=1&" * 1200,  # more than DATA_UPLOAD_MAX_NUMBER_FIELDS
                    HUGE.encode(),
                ]
            ),
        ),
    )
    return st.one_of(
        st.tuples(st.just("form"), form_bodies),
        st.tuples(st.just("form"), form_bodies),
        st.tuples(st.just("form"), form_bodies),
        st.tuples(st.just("urlencoded"), form_bodies),
        st.tuples(st.just("raw"), raw),
    )


roles = st.sampled_from(ROLES)
editors = st.sampled_from([CONTRIBUTOR_A, LEAD_A])

states = st.builds(
    State,
    a_status=st.sampled_from(Assessment.Status.values),
    b_status=st.sampled_from(Assessment.Status.values),
    a_answers=st.sampled_from(["complete", "complete", "partial", "none"]),
    b_answers=st.sampled_from(["complete", "partial", "none"]),
    round_status=st.sampled_from(
        [Round.Status.OPEN, Round.Status.OPEN, Round.Status.OPEN, Round.Status.CLOSED]
    ),
)

# A's open assessment while its members can change it; anything may be true of B.
editable_states = st.builds(
    State,
    a_status=st.sampled_from([Assessment.Status.DRAFT, Assessment.Status.RETURNED]),
    b_status=st.sampled_from(Assessment.Status.values),
    a_answers=st.sampled_from(["complete", "partial", "none"]),
    b_answers=st.sampled_from(["complete", "partial", "none"]),
)

# Assessments by world key, or a reference made up (tampered, other rounds, garbage).
WORLD_REFERENCES = ["A", "A", "A", "B", "A-old", "B-old"]


def references(world):
    made_up = st.one_of(
        hostile_text.map(lambda s: s[:250]),
        st.sampled_from(
            [
                world.reference("A").lower(),
                world.reference("A") + " ",
                " " + world.reference("A"),
                world.reference("A") + "\x00",
                world.reference("A").replace("E09000007", "E09000012"),
                world.reference("A").replace("FUZZ-OPEN", "FUZZ-OLD"),
                world.reference("A") + "/../" + world.reference("B"),
                "LDM-FUZZ-OPEN-E09000019",  # an authority with no assessment
                "%",
                "_",
                "LDM-%",
                "LDM-FUZZ-OPEN-E0900001_",
            ]
        ),
    )
    known = st.sampled_from(WORLD_REFERENCES).map(world.reference)
    return weighted((4, known), (1, made_up))


def question_codes(world):
    return weighted(
        (8, st.sampled_from(sorted(world.questions))),
        (1, st.sampled_from(["a3-q1", "a3-q2", "area-1", "A1-Q1", "a1-q1-", "a1_q1", "x" * 200])),
        (1, st.from_regex(r"\A[-a-zA-Z0-9_]{1,30}\Z")),
    )
