"""Open data: published rounds' results for anyone, with no sign-in.

What may be shown is decided by ``reports.opendata.published`` (published rounds,
approved results, authority-level scores only, authorities named only in a round that
shares named results, otherwise aggregates only); these views only present it.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import MIN_AUTHORITIES
from reports.exports.dictionary import DICTIONARY
from reports.exports.render import csv_response
from reports.opendata.estate import products_table, publishes_register_counts, suppliers_table
from reports.opendata.published import (
    aggregates_table,
    opendata_table,
    published_round,
    published_rounds,
    publishes_named_results,
    release_for,
)

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
        {
            "rounds": [(round_, publishes_named_results(round_)) for round_ in published_rounds()],
            "licence": LICENCE,
            "min_authorities": MIN_AUTHORITIES,
        },
    )


@require_GET
def release(request, slug: str):
    """One published round: group medians, and every authority's area and overall scores
    and levels if the round shares named results."""
    round_ = published_round(slug)
    return render(
        request,
        "opendata/release.html",
        {
            "release": release_for(round_),
            "register_counts": publishes_register_counts(round_),
            "licence": LICENCE,
            "min_authorities": MIN_AUTHORITIES,
        },
    )


def _csv(table):
    # UTF-8 with a byte-order mark, so Excel opens it correctly.
    response = csv_response(table, bom=True)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def release_csv(request, slug: str):
    """Results by authority as CSV; 404 for a round that publishes aggregates only."""
    release = release_for(published_round(slug), aggregates=False)
    if not release.named:
        raise Http404("This round publishes aggregates only")
    return _csv(opendata_table(release))


@require_GET
def aggregates_csv(request, slug: str):
    """The group medians of a published round as CSV (every published round has them)."""
    return _csv(aggregates_table(release_for(published_round(slug))))


def _register_counts_round(slug: str):
    """The published round, if it releases register counts (404 otherwise)."""
    round_ = published_round(slug)
    if not publishes_register_counts(round_):
        raise Http404("This round does not publish who uses which products")
    return round_


@require_GET
def products_csv(request, slug: str):
    """How many authorities use each product in the round's registers, and for which
    lines of business (counts only); 404 for a round that does not share named results."""
    return _csv(products_table(_register_counts_round(slug)))


@require_GET
def suppliers_csv(request, slug: str):
    """How many authorities use each supplier in the round's registers (counts only)."""
    return _csv(suppliers_table(_register_counts_round(slug)))


@require_GET
def dictionary(request):
    """What every column of every file means."""
    return render(
        request,
        "opendata/dictionary.html",
        {"dictionary": DICTIONARY, "licence": LICENCE},
    )
