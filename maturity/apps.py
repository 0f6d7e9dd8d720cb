from django.apps import AppConfig


class MaturityConfig(AppConfig):
    """The project package as an app: its management commands and sign-in receivers."""

    name = "maturity"
    verbose_name = "London Digital Maturity"

    def ready(self):
        from maturity import two_factor

        two_factor.connect()
