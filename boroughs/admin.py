"""Admin for the reference data: authorities (read-only keys) and peer groups.

Memberships (people's accounts) are administered from ``accounts.admin``.
"""

from django.contrib import admin

from boroughs.models import Authority, PeerGroup


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
