from django.apps import AppConfig


class BoroughsConfig(AppConfig):
    name = "boroughs"
    verbose_name = "Authorities and memberships"

    def ready(self):
        from maturity import auth_audit

        auth_audit.connect()
