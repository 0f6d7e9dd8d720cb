from django.conf import settings


def service(request):
    """Expose the service name and the signed-in person's role to every template."""
    from boroughs.selectors import role_of

    return {"service_name": settings.SERVICE_NAME, "user_role": role_of(request.user)}
