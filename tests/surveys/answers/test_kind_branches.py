"""Question kinds are told apart in one place: the registry in surveys/answers/.

Everywhere else asks the registry (``kind_of(question).has_levels``...), so a new kind,
or a change to one, is made once. This reads the project's Python source for the ways
code branches on a kind: a ``Question.Kind`` member, a kind's name compared or listed,
a query on a kind's name, or the scoring module's kind constants.
"""

from __future__ import annotations

import re

import pytest

from tests.paths import PROJECT_ROOT

NAME = r"""["'](?:maturity|yes_no|number|text)["']"""
BRANCHES = {
    "a Question.Kind member": re.compile(r"\bKind\.(?:MATURITY|YES_NO|NUMBER|TEXT)\b"),
    "a kind's name compared": re.compile(rf"(?:==|!=)\s*{NAME}|{NAME}\s*(?:==|!=)"),
    "kinds' names listed": re.compile(rf"[(\[{{]\s*{NAME}\s*,\s*{NAME}"),
    "a query on a kind's name": re.compile(rf"\bkind(?:__\w+)?\s*=\s*{NAME}"),
    "a kind constant compared": re.compile(
        r"\bkind\b[^#\n]*(?:==|!=)\s*(?:\w+\.)?(?:MATURITY|YES_NO|NUMBER|TEXT)\b"
    ),
}
SKIPPED_DIRS = {".venv", "node_modules", "staticfiles", "static", "tests", "migrations", ".git"}
REGISTRY = PROJECT_ROOT / "surveys" / "answers"
# At most this many lines may branch on a kind in these modules, none elsewhere.
ALLOWED = {
    # The stored choices, and Question.is_scored: surveys.answers imports the scoring
    # rules (surveys.results), which import the models, so the models cannot import the
    # registry without an import cycle (tests/test_import_graph.py).
    "surveys/models/questionnaires.py": 1,
    # The pure scoring rules (no Django), which the registry's ``score`` and ``scorable``
    # delegate to; surveys.results cannot import the registry for the same reason.
    "surveys/results/scoring.py": 3,
    "surveys/results/selectors.py": 3,  # is_answered over .values() rows
    "surveys/results/example.py": 1,  # the scoring page's worked example
    # The answers CSV on PostgreSQL: each kind's export_value restated in SQL for COPY
    # (tests/reports/exports/test_answers_copy.py proves it gives the registry's bytes).
    "reports/exports/answers_copy.py": 3,
}


def _sources():
    for path in sorted(PROJECT_ROOT.rglob("*.py")):
        relative = path.relative_to(PROJECT_ROOT)
        if SKIPPED_DIRS & set(relative.parts[:-1]) or path.is_relative_to(REGISTRY):
            continue
        yield relative.as_posix(), path.read_text(encoding="utf-8")


def branches(source: str) -> list[tuple[int, str, str]]:
    """``(line number, what, line)`` for each line of ``source`` that branches on a kind."""
    found = []
    for number, line in enumerate(source.splitlines(), 1):
        code = line.split("#", 1)[0] if not line.lstrip().startswith(("'", '"')) else line
        for what, pattern in BRANCHES.items():
            if pattern.search(code):
                found.append((number, what, line.strip()))
                break
    return found


def test_only_the_registry_branches_on_question_kinds():
    problems = []
    for name, source in _sources():
        found = branches(source)
        if len(found) > ALLOWED.get(name, 0):
            problems += [f"{name}:{number}: {what}: {line}" for number, what, line in found]
    assert not problems, "Ask surveys.answers.kinds instead:\n" + "\n".join(problems)


def test_the_allowed_modules_exist():
    """An allowance for a module that has gone would hide nothing: remove it."""
    for name in ALLOWED:
        assert (PROJECT_ROOT / name).exists(), name


@pytest.mark.parametrize(
    "line",
    [
        "if question.kind == Question.Kind.MATURITY:",
        "    | Q(question__kind=Question.Kind.TEXT, text__regex=r'\\S')",
        "descriptors = {Question.Kind.MATURITY: 'level'}",
        'if kind == "maturity":',
        "evidence = '' if q.kind != 'text' else 'e'",
        "hot = [q for q in questions if q['kind'] == 'maturity']",
        'scored_kinds = ("maturity", "yes_no")',
        'questions.filter(kind="maturity")',
        "Answer.objects.filter(question__kind=Question.Kind.NUMBER)",
        "if question.kind == YES_NO:",
        'levels = np.where(questions["kind"].to_numpy() == "maturity", a, b)',
    ],
)
def test_branches_on_a_kind_are_found(line):
    assert branches(line), line


@pytest.mark.parametrize(
    "line",
    [
        "if kind_of(question).has_levels:",
        'if kind == "summary":',
        'order = np.argsort(labels, kind="stable")',
        "kind = models.CharField(max_length=10, choices=Kind.choices)",
        "AssessmentEvent.objects.create(kind=AssessmentEvent.Kind.SUBMITTED)",
        'return {"yes_no": fields.get("yes_no")}',
        'Column("kind", "text", "maturity, yes_no, number or text.")',
        "# a comment about kind == 'maturity'",
    ],
)
def test_other_lines_are_not(line):
    assert not branches(line), line
