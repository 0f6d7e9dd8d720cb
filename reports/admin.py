"""Export jobs in the Django admin: listed for support, read-only; the file's content is
never shown here (only its owner may download it, from the exports page)."""

from django.contrib import admin

from reports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("pk", "user", "kind", "file_format", "status", "rows_written", "created_at")
    list_filter = ("status", "kind", "file_format")
    exclude = ("content",)
    readonly_fields = [field.name for field in ExportJob._meta.fields if field.name != "content"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
