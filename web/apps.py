from django.apps import AppConfig


class WebConfig(AppConfig):
    """The site around the apps: home page, error pages, health check, navigation,
    request-wide middleware and the GOV.UK template tags."""

    name = "web"
    verbose_name = "Web"

    def ready(self):
        from web import checks  # noqa: F401 - registers the deployment checks
