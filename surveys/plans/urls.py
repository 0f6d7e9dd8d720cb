"""The lead's plan pages, included by ``surveys.journey.urls`` at /assessments/plan/ in
the ``surveys`` namespace (``surveys:plan``, ``surveys:plan-question``...)."""

from django.urls import path

from surveys.plans import views

urlpatterns = [
    path("", views.plan, name="plan"),
    path("share/", views.plan_share, name="plan-share"),
    path("questions/<slug:code>/", views.plan_question, name="plan-question"),
    path(
        "questions/<slug:code>/actions/",
        views.plan_question_action,
        name="plan-question-action",
    ),
    path("areas/<slug:code>/", views.plan_area, name="plan-area"),
    path("areas/<slug:code>/actions/", views.plan_area_action, name="plan-area-action"),
    path("actions/<int:action_id>/", views.plan_action, name="plan-action"),
]
