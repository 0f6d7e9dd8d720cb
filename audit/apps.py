from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit log: its model, ``audit.services.audit_record``, and the receivers that
    record signing in and out."""

    name = "audit"
    verbose_name = "Audit log"

    def ready(self):
        from audit import receivers

        receivers.connect()
