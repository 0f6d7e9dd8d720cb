"""``/api/v1/plans/``: improvement plans' targets and actions, under the plans' disclosure
rule (``accounts.access.may_see_plan``).

The rest of the API is public and reads no cookies. Plans are not open data, so this
endpoint is the one exception: it reads the browser's signed-in session (Django's, after
the two-factor middleware; no API token exists) only to decide which plans to return.

- the public (no session, or a session without a role): an empty list, never an error;
- a borough lead or contributor: their own authority's plan and every *shared* plan;
- the CDO office and admins: every plan.

An action's owner and note are left out (people's names and free text): the plan pages
show them to those who may see them. Responses vary by session and are never cached
by shared caches (``Cache-Control: private``, ``Vary: Cookie``).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.cache import patch_cache_control, patch_vary_headers
from rest_framework import serializers

from accounts import access
from reports.api.views import PublicAPIView, Schema
from surveys.models.plans import Plan, PlanAction, Target


class PlanAuthoritySerializer(serializers.Serializer):
    gss_code = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()


class TargetSerializer(serializers.Serializer):
    area_code = serializers.CharField()
    question_code = serializers.CharField(help_text="Empty for a target on the whole area.")
    level = serializers.IntegerField(help_text="The target level number (1 = lowest).")
    by_year = serializers.IntegerField(help_text="The year of the assessment to reach it by.")


class ActionSerializer(serializers.Serializer):
    area_code = serializers.CharField()
    question_code = serializers.CharField(help_text="Empty for an action on the whole area.")
    title = serializers.CharField(help_text="What the action is.")
    due_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=PlanAction.Status.values)
    planned_in = serializers.CharField(
        allow_null=True, help_text="The slug of the round it was planned in."
    )


class PlanSerializer(serializers.Serializer):
    authority = PlanAuthoritySerializer()
    shared = serializers.BooleanField(
        help_text="Whether the authority shares its plan with other London authorities."
    )
    targets = TargetSerializer(many=True)
    actions = ActionSerializer(many=True)


class PlanSchema(Schema):
    def get_tags(self):
        return ["improvement plans"]


def visible_plans(viewer):
    """The plans the viewer may see (``access.plans_visible_filter``), by authority name,
    with their targets and actions (three queries)."""
    where = access.plans_visible_filter(viewer)
    if where is None:
        return Plan.objects.none()
    return (
        Plan.objects.filter(where)
        .select_related("authority")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("area_code", "question_code")),
            Prefetch("actions", queryset=PlanAction.objects.select_related("planned_in")),
        )
        .order_by("authority__name")
    )


def _plan(plan: Plan) -> dict:
    authority = plan.authority
    return {
        "authority": {
            "gss_code": authority.gss_code,
            "name": authority.name,
            "slug": authority.slug,
        },
        "shared": plan.shared,
        "targets": [
            {
                "area_code": t.area_code,
                "question_code": t.question_code,
                "level": t.level,
                "by_year": t.by_year,
            }
            for t in plan.targets.all()
        ],
        "actions": [
            {
                "area_code": a.area_code,
                "question_code": a.question_code,
                "title": a.title,
                "due_on": a.due_on,
                "status": a.status,
                "planned_in": a.planned_in.slug if a.planned_in else None,
            }
            for a in plan.actions.all()
        ],
    }


class PlanList(PublicAPIView):
    """The improvement plans the signed-in session may see: for the public, none (an empty
    list); for a borough lead or contributor, their own and every shared plan; for the CDO
    office and admins, every plan. By authority name."""

    summary = "Improvement plans (signed-in sessions only)"
    serializer_class = PlanSerializer
    schema = PlanSchema()
    list_view = True

    def initial(self, request, *args, **kwargs):
        # Django's user from the session, taken before DRF (which authenticates nobody
        # here) replaces it with an anonymous user.
        self.session_user = getattr(request._request, "user", None)  # noqa: SLF001
        super().initial(request, *args, **kwargs)

    def get(self, request):
        viewer = access.viewer_for(self.session_user)
        page = self.page_of(visible_plans(viewer))
        data = self.get_serializer([_plan(plan) for plan in page], many=True).data
        response = self.get_paginated_response(data)
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])
        return response
