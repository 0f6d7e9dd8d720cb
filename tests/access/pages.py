"""The pages of the URL sweep's list, each with a role that may see it: for whole-site checks
of what pages look like (reflow, valid HTML) rather than of who may see them."""

from django.urls import reverse

from tests.access import all_tables
from tests.access.base import ADMIN, ANONYMOUS, CDO, CONTRIBUTOR_A, LEAD_A, LEAD_B

# Whose view of a page to take, the first role the page's table gives a 200: the CDO
# office first, who sees the most (every authority by name, evidence, the review).
PREFERENCE = (CDO, LEAD_A, LEAD_B, ADMIN, CONTRIBUTOR_A, ANONYMOUS)


def viewable_pages(world) -> list[tuple[str, str, str]]:
    """(URL name, URL, role) of every GET in the access tables that some role gets a 200 for,
    with the first such role of PREFERENCE. Files (CSV, JSON) are among them: callers look
    at the response's content type."""
    pages = []
    for name, row in sorted(all_tables().items()):
        role = next((r for r in PREFERENCE if row["expect"][r] == 200), None)
        if role is None:
            continue
        url = reverse(name, kwargs=row["args"](world))
        pages.append((name, f"{url}?{row['query']}" if row["query"] else url, role))
    return pages
