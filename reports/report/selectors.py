"""Reads for the leadership report: the authority a viewer asked for, if they may see its
report (``accounts.access.may_see_report``), else 404 (the house rule for another
authority's records)."""

from django.http import Http404

from accounts.access import Viewer, may_see_report
from boroughs.models import Authority


def authority_for_report(viewer: Viewer, slug: str) -> Authority:
    authority = Authority.objects.filter(slug=slug).first()
    if authority is None or not may_see_report(viewer, authority.pk):
        raise Http404("No such authority")
    return authority
