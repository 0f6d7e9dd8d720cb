from django.urls import path

from reports.dashboards import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("london/", views.overview, name="overview"),
    path("authorities/<slug:slug>/", views.authority, name="authority"),
    path("areas/<slug:code>/", views.area, name="area"),
    path("trends/", views.trends, name="trends"),
    path("ranking/", views.ranking, name="ranking"),
    path("plans/", views.plans, name="plans"),
]
