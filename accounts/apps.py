from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People: roles, access rules, signing in, two-factor sign-in, borough accounts."""

    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from accounts.two_factor import middleware

        middleware.connect()
