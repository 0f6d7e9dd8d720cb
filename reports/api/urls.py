"""The read-only JSON API, version 1 (mounted at /api/v1/)."""

from django.urls import path, re_path

from reports.api import docs, plans, registers, views

app_name = "api"

urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("rounds/", views.RoundList.as_view(), name="rounds"),
    path("rounds/<slug:slug>/", views.RoundDetail.as_view(), name="round"),
    path("rounds/<slug:slug>/results/", views.RoundResults.as_view(), name="round-results"),
    path(
        "rounds/<slug:slug>/aggregates/", views.RoundAggregates.as_view(), name="round-aggregates"
    ),
    path("rounds/<slug:slug>/products/", registers.RoundProducts.as_view(), name="round-products"),
    path(
        "rounds/<slug:slug>/suppliers/",
        registers.RoundSuppliers.as_view(),
        name="round-suppliers",
    ),
    path("authorities/", views.AuthorityList.as_view(), name="authorities"),
    path("authorities/<str:gss_code>/", views.AuthorityDetail.as_view(), name="authority"),
    path("peer-groups/", views.PeerGroupList.as_view(), name="peer-groups"),
    path("plans/", plans.PlanList.as_view(), name="plans"),
    path("estate/systems/", registers.SystemList.as_view(), name="estate-systems"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    # Last: any other address under the API answers a JSON 404, not the HTML page.
    re_path(r"^(?P<rest>.+)$", views.NotFoundView.as_view(), name="not-found"),
]
