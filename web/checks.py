"""Deployment checks of the service's own settings (run by `manage.py check --deploy`)."""

import re

from django.conf import settings
from django.core import checks

# Addresses no real office has: RFC 2606's reserved domains, and Ofcom's drama numbers for
# London (020 7946 0000 to 0999), which the development defaults use.
FICTIONAL_EMAIL = re.compile(r"@(.+\.)?(example\.(com|org|net)|example|invalid|test|localhost)$")
FICTIONAL_PHONE = re.compile(r"^(\+44\s*\(?0?\)?\s*|0)20\s*7946\s*0\d\d\d$")


def contact_is_fictional(email: str, phone: str) -> list[str]:
    """The settings among CDO_OFFICE_EMAIL and CDO_OFFICE_PHONE that hold a fictional value."""
    fictional = []
    if FICTIONAL_EMAIL.search(email.strip().lower()):
        fictional.append("CDO_OFFICE_EMAIL")
    if FICTIONAL_PHONE.match(phone.strip()):
        fictional.append("CDO_OFFICE_PHONE")
    return fictional


@checks.register(deploy=True)
def check_cdo_office_contact(app_configs=None, **kwargs):
    """The accessibility statement must give a contact that reaches someone."""
    return [
        checks.Warning(
            f"{name} is a fictional development default, and the accessibility statement "
            "gives it as the CDO office's contact.",
            hint=f"Set the {name} environment variable to the CDO office's real one.",
            id="web.W001",
        )
        for name in contact_is_fictional(settings.CDO_OFFICE_EMAIL, settings.CDO_OFFICE_PHONE)
    ]
