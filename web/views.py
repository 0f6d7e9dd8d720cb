"""Project-wide views: the home redirect, a health check and the error pages."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.navigation import home_url_name
from audit.receivers import record_access_refused


@require_GET
def home(request):
    """Send each person to where their work starts."""
    where = home_url_name(request.user)
    if where is not None:
        return redirect(where)
    if request.user.is_authenticated:
        # Signed in but given no role yet: say so rather than show an empty service.
        return render(request, "no_role.html", status=403)
    return render(request, "start.html")


@require_GET
def health(request):
    """Liveness and database reachability, for the load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


API_PREFIX = "/api/"
API_ERRORS = {
    400: "The request is not valid.",
    403: "You may not do this.",
    404: "There is no such address in this API. Start at the API root.",
    500: "Something went wrong on our side. Try again later.",
}


def _api_error(request, status: int):
    """Under the API, errors are JSON like every other API answer, not an HTML page."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": API_ERRORS[status]}, status=status)
    return None


def bad_request(request, exception=None):
    return _api_error(request, 400) or render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    # Signed-in people only: see record_access_refused for why.
    record_access_refused(request, 403)
    return _api_error(request, 403) or render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    # A borough user asking for another authority's records gets a 404: worth recording too.
    record_access_refused(request, 404)
    return _api_error(request, 404) or render(request, "errors/404.html", status=404)


def server_error(request):
    return _api_error(request, 500) or HttpResponse(
        render(request, "errors/500.html").content, status=500, content_type="text/html"
    )
