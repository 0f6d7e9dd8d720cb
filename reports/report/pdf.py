"""The leadership report as a PDF: the report's HTML laid out by WeasyPrint (Pango, no
browser), A4, with the round, the date and page numbers in every page's footer
(``static/css/report.css``), system fonts, text as text and a tagged PDF (PDF/UA-1).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

STYLESHEET = "css/report.css"
PDF_VARIANT = "pdf/ua-1"  # tagged, with a title and a language: WeasyPrint's accessible PDF


def stylesheet_path() -> Path:
    """``static/css/report.css`` on disk: from the static finders (the source tree, in
    tests and ``make run``), else from ``STATIC_ROOT`` (after ``collectstatic``)."""
    found = finders.find(STYLESHEET)
    if found:
        return Path(found if isinstance(found, str) else found[0])
    return Path(settings.STATIC_ROOT) / STYLESHEET


@lru_cache(maxsize=1)
def _stylesheet(path: str):
    from weasyprint import CSS  # imported when a PDF is made: it loads Pango

    return CSS(filename=path)


def _fetch_nothing(url: str, *args, **kwargs):
    """The report embeds everything it shows (its SVG inline, its stylesheet passed in):
    nothing is fetched, so no text in it can make the server read a file or a URL."""
    raise ValueError(f"The report fetches nothing ({url})")


def pdf_bytes(html: str) -> bytes:
    """The PDF of the report's HTML (``templates/reports/report/pdf.html``)."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=_fetch_nothing)
    stylesheet = _stylesheet(str(stylesheet_path()))
    return document.write_pdf(stylesheets=[stylesheet], pdf_variant=PDF_VARIANT)
