from django.contrib import admin

from audit.models import AuditEvent


class AppendOnlyAdmin(admin.ModelAdmin):
    """For records that are evidence (the audit log, answer history, sign-in links): nobody
    adds, edits or deletes one in the admin, not even admins. The apps above use it too."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(AppendOnlyAdmin):
    """The audit log is evidence: nobody adds, edits or deletes a record, not even admins."""

    list_display = ["at", "actor_name", "action", "target", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_name", "target"]
