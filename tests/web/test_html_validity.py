"""Valid HTML: the Nu HTML checker (vnu.jar, from the npm package vnu-jar) finds no error on
any page of the URL sweep's list.

Each page that answers a GET with HTML is rendered by the test client, on the sweep's world
(tests/access/world.py), as a role its access table gives a 200 (tests/access/pages.py),
then all are checked in one run of the checker. Any error fails the test; warnings are
allowed and printed (run with ``-s`` to see them). Needs Java 17 or newer and
``npm ci``; skipped without them on a developer's machine, failed in CI.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.access.base import CDO, LEAD_A
from tests.access.pages import viewable_pages
from tests.access.world import build_world
from tests.reports.conftest import make_results_round

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PROJECT = Path(__file__).resolve().parents[2]
VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The pages people live in: the check must have seen each of them.
KEY_PAGES = (
    "home",
    "login",
    "accessibility",
    "scoring-method",
    "surveys:start",
    "surveys:question",
    "surveys:check",
    "review:rounds",
    "review:round",
    "review:assessment",
    "reports:overview",
    "reports:authority",
    "reports:area",
    "reports:trends",
    "reports:ranking",
    "exports:index",
    "opendata:release",
    "api:docs",
)


def _java() -> str:
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        message = (
            "the Nu HTML checker needs Java 17+ (apt-get install default-jre-headless) and "
            f"{VNU_JAR.relative_to(PROJECT)} (npm ci)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return java


def _dashboards_with_charts(world) -> list[tuple[str, str, str]]:
    """The dashboards again on two rounds of results from 8 authorities, so that every chart
    and table is drawn (the world's 2 approved assessments are too few for medians)."""
    earlier = make_results_round(round_index=0, name="Results A", share=True)
    later = make_results_round(
        round_index=1, name="Results B", questionnaire=earlier.questionnaire, share=True
    )
    area = earlier.questionnaire.areas.order_by("order").first()
    query = f"?round={later.slug}"
    return [
        (f"{name} (results)", f"{reverse(name, kwargs=kwargs)}{query}", role)
        for name, kwargs, role in (
            ("reports:overview", {}, CDO),
            ("reports:overview", {}, LEAD_A),
            ("reports:authority", {"slug": world.authority_a.slug}, CDO),
            ("reports:area", {"code": area.code}, CDO),
            ("reports:ranking", {}, CDO),
        )
    ] + [("reports:trends (results)", f"{reverse('reports:trends')}?from={earlier.slug}", CDO)]


def _render_pages(world, folder: Path) -> dict[str, str]:
    """Every HTML page of the sweep's list, and the dashboards with charts, written to
    ``folder``: {file name: what it is}."""
    written = {}
    clients: dict[str, Client] = {}
    for name, url, role in viewable_pages(world) + _dashboards_with_charts(world):
        if role not in clients:
            clients[role] = Client()
            if world.users[role] is not None:
                clients[role].force_login(world.users[role])
        response = clients[role].get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        file_name = f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}-{role}.html"
        (folder / file_name).write_bytes(response.content)
        written[file_name] = f"{name} ({url}) as {role}"
    return written


def _check(java: str, folder: Path) -> list[dict]:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stderr)["messages"]


def _describe(message: dict, pages: dict[str, str]) -> str:
    page = pages.get(Path(message.get("url", "")).name, message.get("url", "?"))
    extract = (message.get("extract") or "").replace("\n", " ").strip()
    return f"  {page}, line {message.get('lastLine', '?')}: {message['message']}\n    {extract}"


def test_no_page_has_an_html_error(tmp_path):
    java = _java()
    world = build_world()
    pages = _render_pages(world, tmp_path)
    seen = {what.split(" ")[0] for what in pages.values()}
    assert set(KEY_PAGES) <= seen, f"key pages not checked: {set(KEY_PAGES) - seen}"
    charted = [f for f, what in pages.items() if "(results)" in what]
    assert len(charted) == 6
    assert all('class="ldm-figure"' in (tmp_path / f).read_text() for f in charted)

    messages = _check(java, tmp_path)
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    warnings = [m for m in messages if m["type"] == "info" and m.get("subType") == "warning"]
    if warnings:  # one line per kind of warning, with the pages it is on
        kinds: dict[str, list[str]] = {}
        for m in warnings:
            kinds.setdefault(m["message"], []).append(_describe(m, pages).split(",")[0].strip())
        print(f"Nu HTML checker: {len(warnings)} warnings (allowed):")
        for message, where in kinds.items():
            print(f"  {message} ({len(where)} pages, e.g. {where[0]})")
    assert not errors, f"The Nu HTML checker found {len(errors)} errors:\n" + "\n".join(
        _describe(m, pages) for m in errors
    )
