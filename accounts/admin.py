"""Admin for people: memberships with the bulk upload of borough accounts, and two-factor
devices, which an admin can only remove (for someone who lost their phone) through the
service, so the removal is audited and the owner emailed."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import access
from accounts.forms import BulkAccountsForm
from accounts.models import ExternalIdentity, PendingAccount
from accounts.services import accounts_create
from accounts.two_factor.services import two_factor_remove
from audit.admin import AppendOnlyAdmin
from boroughs.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "authority", "role", "created_at"]
    list_filter = ["role", "authority"]
    search_fields = ["user__username", "user__email", "authority__name"]
    autocomplete_fields = ["user", "authority"]

    def get_urls(self):
        return [
            path(
                "bulk-upload/",
                self.admin_site.admin_view(self.bulk_upload_view),
                name="boroughs_membership_bulk_upload",
            ),
            *super().get_urls(),
        ]

    def bulk_upload_view(self, request):
        """Create borough accounts from a CSV file: all rows valid, or nothing created.

        Every problem is listed with its line number; on success each person is
        emailed a single-use link to set their password (accounts.services).
        """
        if not access.may_manage_accounts(request.user):
            raise PermissionDenied("Only admins can create accounts.")
        form = BulkAccountsForm(request.POST or None, request.FILES or None)
        # A valid form has parsed its file (clean_file): the test of parsed tells mypy so.
        if request.method == "POST" and form.is_valid() and form.parsed is not None:
            try:
                users = accounts_create(
                    rows=form.parsed.rows,
                    actor=request.user,
                    base_url=request.build_absolute_uri("/"),
                    request=request,
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                self.message_user(
                    request,
                    f"Created {len(users)} account{pluralize(len(users))} and emailed "
                    "each person a link to set their password.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:boroughs_membership_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Add accounts from a CSV file",
            "form": form,
            "problems": form.parsed.problems if form.parsed else [],
        }
        return TemplateResponse(request, "admin/boroughs/membership/bulk_upload.html", context)


class DeviceAdmin(admin.ModelAdmin):
    """A person's authenticator app or recovery codes: seen, and removed only through
    ``two_factor_remove`` (audited, owner emailed). Never added or edited here: a device
    with a key an admin chose would let them sign in as its owner."""

    list_display = ["user", "name", "confirmed"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = ["user", "name", "confirmed"]
    fields = ["user", "name", "confirmed"]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return access.may_manage_accounts(request.user)

    def delete_model(self, request, obj):
        # Removes both devices (app and recovery codes): one without the other is useless.
        two_factor_remove(user=obj.user, actor=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            two_factor_remove(user=device.user, actor=request.user, request=request)


for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, DeviceAdmin)


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(AppendOnlyAdmin):
    """Who is linked to which organisation's provider. Read-only: links are made by signing
    in (accounts.oidc.services), where they are audited."""

    list_display = ["email", "provider", "user", "linked_at", "last_signed_in_at"]
    list_filter = ["provider"]
    search_fields = ["email", "user__username", "subject"]


@admin.register(PendingAccount)
class PendingAccountAdmin(AppendOnlyAdmin):
    """Requests for access, read-only here: they are decided on the service's own page
    (Requests for access), which checks who may give which role and audits it."""

    list_display = ["email", "authority", "status", "requested_at", "decided_by", "role"]
    list_filter = ["status", "authority"]
    search_fields = ["email", "first_name", "last_name"]
