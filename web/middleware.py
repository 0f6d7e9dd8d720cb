"""Small middleware that Django and django-csp do not cover: a response header, and
refusing a NUL character in a request's query string or form fields."""

import logging

from django.conf import settings
from django.urls import get_resolver

NUL = "\x00"
security_logger = logging.getLogger("django.security.NulCharacterInRequest")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class PermissionsPolicyMiddleware:
    """Adds a Permissions-Policy header switching off browser features the service never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY_HEADER)
        return response


def _holds_nul(query) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query.lists())


class RefuseNulMiddleware:
    """Answers 400 (the project's 400 page) to a request whose query string or form
    fields (names or values; form-encoded or multipart POST bodies) hold a NUL.

    No field of the service can store a NUL on PostgreSQL, whose text types refuse it,
    and one that reached a query (e.g. an admin list filter, ``?status__exact=%00``)
    made the driver raise: a 500. Refusing it here, before any view reads it, covers
    every page at once. Uploaded files' contents are not looked at: the questionnaire
    and accounts imports report a NUL in a file with its line. The request data is
    parsed as Django would parse it anyway (CSRF protection reads form bodies);
    anything Django cannot parse is refused with a 400 as it would be later. The answer
    is the project's ``handler400``, the page any other bad request gets.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request.GET) or (
            request.method == "POST"
            and request.content_type in FORM_CONTENT_TYPES
            and _holds_nul(request.POST)
        ):
            # Logged as Django logs a suspicious request, without a traceback: the
            # request, not the code, is at fault.
            security_logger.warning(
                "A NUL character in the query string or form fields of %r", request.path
            )
            # django-stubs types error handlers as (request); Django passes the exception too.
            return get_resolver().resolve_error_handler(400)(request, None)  # type: ignore[call-arg]
        return self.get_response(request)
