"""Admin for questionnaires, rounds and assessments.

Published questionnaires are read-only here as in the service layer; history and
audit rows are read-only for everyone.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse

from audit.admin import AppendOnlyAdmin
from surveys.exceptions import QuestionnaireError, RoundChangeRefused
from surveys.models import (
    AnswerChange,
    Area,
    Assessment,
    AssessmentEvent,
    Question,
    Questionnaire,
    Round,
    ScaleLevel,
)
from surveys.questionnaires import admin_views
from surveys.questionnaires.services import questionnaire_delete
from surveys.review import admin_views as review_admin_views
from surveys.review.services.rounds import (
    EDITABLE_FIELDS,
    FROZEN_STATUSES,
    round_create,
    round_update,
)


class ReadOnlyWhenPublishedMixin:
    """Inline and model admins that refuse changes once the questionnaire is published."""

    def _questionnaire_locked(self, obj) -> bool:
        questionnaire = getattr(obj, "questionnaire", obj)
        return questionnaire is not None and questionnaire.status != Questionnaire.Status.DRAFT

    def has_change_permission(self, request, obj=None):
        if obj is not None and self._questionnaire_locked(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self._questionnaire_locked(obj):
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if obj is not None and self._questionnaire_locked(obj):
            return False
        try:
            return super().has_add_permission(request, obj)
        except TypeError:
            return super().has_add_permission(request)


class ScaleLevelInline(ReadOnlyWhenPublishedMixin, admin.TabularInline):
    model = ScaleLevel
    extra = 0


class AreaInline(ReadOnlyWhenPublishedMixin, admin.TabularInline):
    model = Area
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyWhenPublishedMixin, admin.ModelAdmin):
    list_display = ["name", "code", "version", "status", "scoring_method", "published_at"]
    list_filter = ["status", "code"]
    inlines = [ScaleLevelInline, AreaInline]

    def get_actions(self, request):
        # The bulk "delete selected" deletes with QuerySet.delete(), past the service's
        # checks (published versions, versions a round uses): drafts go one at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        try:
            questionnaire_delete(questionnaire=obj, actor=request.user, request=request)
        except QuestionnaireError as exc:
            # Reached only if the questionnaire changed since the page was shown
            # (the delete button is not offered for a locked one).
            messages.error(request, str(exc))
            request.ldm_delete_refused = True

    def response_delete(self, request, obj_display, obj_id):
        if getattr(request, "ldm_delete_refused", False):  # no "deleted successfully"
            return HttpResponseRedirect(reverse("admin:surveys_questionnaire_changelist"))
        return super().response_delete(request, obj_display, obj_id)

    def get_urls(self):
        # Import (upload a YAML file), export (download one) and publishing a draft go
        # through surveys.questionnaires.io and surveys.questionnaires.services.
        wrap = self.admin_site.admin_view
        return [
            path(
                "import/",
                wrap(lambda request: admin_views.questionnaire_import_view(self, request)),
                name="surveys_questionnaire_import",
            ),
            path(
                "<int:object_id>/export/",
                wrap(
                    lambda request, object_id: admin_views.questionnaire_export_view(
                        self, request, object_id
                    )
                ),
                name="surveys_questionnaire_export",
            ),
            path(
                "<int:object_id>/publish/",
                wrap(
                    lambda request, object_id: admin_views.questionnaire_publish_view(
                        self, request, object_id
                    )
                ),
                name="surveys_questionnaire_publish",
            ),
            *super().get_urls(),
        ]


@admin.register(Question)
class QuestionAdmin(ReadOnlyWhenPublishedMixin, admin.ModelAdmin):
    list_display = ["code", "text", "area", "kind", "weight", "required"]
    list_filter = ["questionnaire", "kind", "area__code"]
    search_fields = ["code", "text"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    """Rounds are created and changed through ``surveys.review.services.rounds``.

    Only published questionnaires are offered; the questionnaire is read-only once any
    assessment exists; a closed or published round is shown read-only and changes only
    through the actions (open, close, publish), which check each transition.
    """

    list_display = [
        "name",
        "questionnaire",
        "opens_on",
        "closes_on",
        "status",
        "share_named_results",
    ]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["name"]}
    actions = [
        review_admin_views.open_rounds,
        review_admin_views.close_rounds,
        review_admin_views.publish_rounds,
    ]

    def get_actions(self, request):
        # "Delete selected" deletes with QuerySet.delete(), past the checks below.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_readonly_fields(self, request, obj=None):
        # A new round starts upcoming; the status changes only through the actions.
        # The provisional release and an override of open corrections are the review
        # pages' actions, recorded by their services.
        fields = [
            "status",
            "published_at",
            "provisional_sent_at",
            "provisional_respond_by",
            "publish_override_reason",
        ]
        if obj is not None and obj.assessments.exists():
            fields.append("questionnaire")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "questionnaire":
            kwargs["queryset"] = Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED)
            kwargs["help_text"] = (
                "Only published questionnaires can be chosen. It cannot change once any "
                "authority has started an assessment in this round."
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _frozen(self, obj) -> bool:
        return obj is not None and obj.status in FROZEN_STATUSES

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        fields = form.changed_data if change else EDITABLE_FIELDS
        values = {f: form.cleaned_data[f] for f in fields if f in EDITABLE_FIELDS}
        try:
            if change:
                round_update(round=obj, actor=request.user, request=request, **values)
            else:
                created = round_create(actor=request.user, request=request, **values)
                obj.pk, obj._state = created.pk, created._state
        except RoundChangeRefused as exc:
            # Reached only if the round changed since the page was shown (e.g. an
            # authority started its assessment): the form offers nothing else refused.
            messages.error(request, str(exc))
            request.ldm_round_refused = True
            return
        # The field is read-only once assessments exist; one posted anyway (the page was
        # shown before an authority started) is ignored, and the admin is told so.
        posted = request.POST.get("questionnaire") or str(obj.questionnaire_id)
        if change and "questionnaire" not in form.fields and posted != str(obj.questionnaire_id):
            messages.warning(
                request,
                "The questionnaire was not changed: authorities have started their "
                "assessments in this round.",
            )

    def log_addition(self, request, obj, message):
        if not getattr(request, "ldm_round_refused", False):
            super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if not getattr(request, "ldm_round_refused", False):
            super().log_change(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "ldm_round_refused", False):  # no "added successfully"
            return HttpResponseRedirect(request.path)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "ldm_round_refused", False):  # no "changed successfully"
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)


class AssessmentEventInline(admin.TabularInline):
    model = AssessmentEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "at", "actor", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["reference", "authority", "round", "status", "submitted_at", "approved_at"]
    list_filter = ["round", "status"]
    search_fields = ["reference", "authority__name"]
    readonly_fields = [f.name for f in Assessment._meta.fields]
    inlines = [AssessmentEventInline]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        # Reopening asks for a reason and goes through surveys.review.services.assessments.
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/reopen/",
                wrap(
                    lambda request, object_id: review_admin_views.assessment_reopen_view(
                        self, request, object_id
                    )
                ),
                name="surveys_assessment_reopen",
            ),
            *super().get_urls(),
        ]


@admin.register(AnswerChange)
class AnswerChangeAdmin(AppendOnlyAdmin):
    list_display = ["answer", "version", "changed_at", "changed_by"]
