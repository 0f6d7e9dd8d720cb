"""The leadership report's views: authorise (``accounts.access.may_see_report``, else 404),
choose the round (``?round=``, as the dashboards do), build the page
(``reports.report.page``) and respond with the printable page or its PDF."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from reports.dashboards import selectors
from reports.dashboards.common import chosen_round, no_rounds, report_view
from reports.report.page import report_page
from reports.report.pdf import pdf_bytes
from reports.report.selectors import authority_for_report


@report_view
def report(request, viewer, slug):
    subject = authority_for_report(viewer, slug)
    rounds = selectors.report_rounds()
    if not rounds:
        return no_rounds(request)
    form, round_ = chosen_round(request, rounds)
    context = {"form": form, "round_options": [(r.slug, r.name) for r in rounds]}
    context |= {"method_url": _method_url(request)} | report_page(viewer, subject, round_)
    return render(request, "reports/report/page.html", context)


@report_view
def report_pdf(request, viewer, slug):
    subject = authority_for_report(viewer, slug)
    rounds = selectors.report_rounds()
    if not rounds:
        return no_rounds(request)
    _, round_ = chosen_round(request, rounds)
    context = {"method_url": _method_url(request)} | report_page(viewer, subject, round_)
    html = render_to_string("reports/report/pdf.html", context)
    response = HttpResponse(pdf_bytes(html), content_type="application/pdf")
    filename = f"{subject.slug}-{round_.slug}-report.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _method_url(request) -> str:
    """The scoring method's full address: the PDF is read away from the service."""
    return request.build_absolute_uri(reverse("scoring-method"))
