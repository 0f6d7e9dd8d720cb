"""A chart page stays light: its HTML, CSS and JavaScript, compressed as WhiteNoise serves
them, come to less than 1.2 MB (issue 12: the whole plotly.js made every chart page 4.7 MB).
"""

import gzip
import posixpath
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from reports.charts.base import BUNDLED_TRACE_TYPES
from tests.reports.conftest import make_results_round

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 1_200_000
ASSET = re.compile(r'<(?:script[^>]* src|link[^>]* href)="(/static/[^"]+\.(?:js|css))"')
IMPORT = re.compile(r"^import [^'\"]*['\"](\.{1,2}/[^'\"]+)['\"]", re.MULTILINE)


def compressed(data: bytes) -> int:
    """Bytes on the wire: WhiteNoise serves a gzip copy (level 9) to every browser (and a
    smaller brotli one to those that take it)."""
    return len(gzip.compress(data, compresslevel=9))


def transfer(html: str) -> dict[str, int]:
    """Compressed bytes of the page and of each stylesheet and script it loads, with the
    modules those scripts import (init.js imports GOV.UK Frontend)."""
    sizes = {"page": compressed(html.encode())}
    urls = ASSET.findall(html)
    while urls:
        url = urls.pop()
        path = finders.find(url.removeprefix(settings.STATIC_URL))
        assert path, f"{url} is not a static file"
        with open(path, "rb") as file:
            data = file.read()
        sizes[url] = compressed(data)
        for module in IMPORT.findall(data.decode("utf-8", errors="replace")):
            urls.append(posixpath.normpath(posixpath.join(posixpath.dirname(url), module)))
    return sizes


@pytest.mark.parametrize("page", ["overview", "trends"])
def test_a_chart_page_transfers_less_than_1_2_mb(client, cdo, page):
    first = make_results_round(round_index=0, name="Round A", authorities=16)
    make_results_round(
        round_index=1, name="Round B", authorities=16, questionnaire=first.questionnaire
    )
    client.force_login(cdo)
    html = client.get(reverse(f"reports:{page}")).content.decode()
    sizes = transfer(html)
    assert any(url.endswith(".js") and "plotly" in url for url in sizes), sizes
    assert sum(sizes.values()) < BUDGET_BYTES, sizes


def test_the_bundle_draws_every_trace_type_the_charts_use():
    """The served plotly.js is a partial bundle: the chart builders may use only the trace
    types it holds (``figure`` refuses others; README: adding a chart type)."""
    path = finders.find("build/plotly.min.js")
    assert path, "static/build/plotly.min.js is missing: run `make assets`"
    with open(path, encoding="utf-8") as file:
        source = file.read()
    for trace_type in BUNDLED_TRACE_TYPES:
        assert re.search(rf'moduleType:"trace",name:"{trace_type}"', source), trace_type
