"""Open data: published rounds' results for anyone, with no sign-in.

What may be shown is decided by ``reports.exports_published`` (published rounds,
approved results, authority-level scores only); these views only present it.
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from reports.exports_dictionary import DICTIONARY
from reports.exports_published import opendata_table, published_round, published_rounds, release_for
from reports.exports_render import csv_response

LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}


@require_GET
def index(request):
    """Every published round, newest first."""
    return render(
        request,
        "opendata/index.html",
        {"rounds": list(published_rounds()), "licence": LICENCE},
    )


@require_GET
def release(request, slug: str):
    """One published round: every authority's area and overall scores and levels."""
    round_ = published_round(slug)
    return render(
        request,
        "opendata/release.html",
        {"release": release_for(round_), "licence": LICENCE},
    )


@require_GET
def release_csv(request, slug: str):
    """The release as CSV (UTF-8 with a byte-order mark, so Excel opens it correctly)."""
    table = opendata_table(release_for(published_round(slug)))
    response = csv_response(table, bom=True)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def dictionary(request):
    """What every column of every file means."""
    return render(
        request,
        "opendata/dictionary.html",
        {"dictionary": DICTIONARY, "licence": LICENCE},
    )
