from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from accounts.access import role_of
from accounts.forms import BulkAccountsForm
from accounts.roles import Role
from accounts.services import accounts_create
from boroughs.models import Authority, Membership, PeerGroup


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "gss_code", "abbreviation", "kind", "inner_outer"]
    list_filter = ["kind", "inner_outer"]
    search_fields = ["name", "gss_code"]
    readonly_fields = ["gss_code"]  # the stable key never changes once loaded

    def has_add_permission(self, request):
        # The 33 authorities are reference data loaded from fixtures/authorities.yaml.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "member_count"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["authorities"]

    @admin.display(description="Members")
    def member_count(self, obj):
        return obj.authorities.count()


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
        if role_of(request.user) != Role.ADMIN:
            raise PermissionDenied("Only admins can create accounts.")
        form = BulkAccountsForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
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
                    f"Created {len(users)} account{'s' if len(users) != 1 else ''} and emailed "
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
