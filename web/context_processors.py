import logging
from functools import cached_property

from django.conf import settings
from django.db import DatabaseError

logger = logging.getLogger(__name__)


class ServiceFacts:
    """What pages say about the service's scope, read from the data when a template first
    asks: at most one query each per request, none on a page that does not show them.

    A database that cannot answer (the error page of an outage, say) gives None and [],
    so the page still renders, without the figures.
    """

    @cached_property
    def authority_count(self) -> int | None:
        from boroughs.selectors import authority_list

        try:
            return authority_list().count()
        except DatabaseError:
            logger.warning("Could not count the authorities for a page", exc_info=True)
            return None

    @cached_property
    def area_names(self) -> list[str]:
        from surveys.questionnaires.selectors import current_area_names

        try:
            return current_area_names()
        except DatabaseError:
            logger.warning("Could not read the current areas for a page", exc_info=True)
            return []


def service(request):
    """Expose the service name, the CDO office's contact (email and phone, from the
    settings), the navigation the person's role is offered (``accounts.navigation.navigation``)
    and the service's scope (how many authorities, which areas: :class:`ServiceFacts`) to
    every template."""
    from accounts.navigation import navigation

    return {
        "service_name": settings.SERVICE_NAME,
        "cdo_office": {"email": settings.CDO_OFFICE_EMAIL, "phone": settings.CDO_OFFICE_PHONE},
        "navigation": navigation(request.user),
        "service_facts": ServiceFacts(),
    }
