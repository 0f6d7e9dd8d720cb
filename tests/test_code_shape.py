"""The shape the code keeps: modules small enough to read, views that only orchestrate,
no HTML put together in Python."""

import ast
import re

import pytest

from tests.paths import PROJECT_ROOT

APPS = ("accounts", "audit", "boroughs", "maturity", "reports", "surveys", "web")
MODULE_LIMIT = 450  # lines
VIEW_LIMIT = 40  # lines of one view function


def _sources():
    for app in APPS:
        for path in sorted((PROJECT_ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


SOURCES = list(_sources())


def _rel(path) -> str:
    return str(path.relative_to(PROJECT_ROOT))


def test_the_apps_have_sources():
    assert len(SOURCES) > 100


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_no_module_is_longer_than_the_limit(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MODULE_LIMIT, f"{_rel(path)} has {lines} lines: split it by responsibility"


def _is_view_module(path) -> bool:
    return path.name.endswith("views.py") or path.parent.name == "views"


@pytest.mark.parametrize("path", [p for p in SOURCES if _is_view_module(p)], ids=_rel)
def test_views_only_orchestrate(path):
    """Views authorise, select, bind a form, call a service and respond: a longer one is
    doing a selector's, a page builder's or a service's work."""
    tree = ast.parse(path.read_text())
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > VIEW_LIMIT
    ]
    assert not long, f"{_rel(path)}: {', '.join(long)}"


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_no_html_is_built_in_python_views_or_pages(path):
    """Markup belongs in templates (or template tags, which escape): views and page
    builders never mark strings safe."""
    if "templatetags" in path.parts:
        return
    source = path.read_text()
    assert not re.search(r"\b(mark_safe|format_html|SafeString)\b", source), _rel(path)
