"""Small response-header middleware that Django and django-csp do not cover."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Adds a Permissions-Policy header switching off browser features the service never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY_HEADER)
        return response
