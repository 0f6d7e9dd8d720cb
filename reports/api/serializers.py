"""Shapes of the API's JSON. Read-only: they describe published results, nothing more.

Every field here is authority-level or round-level: the disclosure rules of
``reports.exports_published`` hold (no evidence, answers, people or comments).
"""

from rest_framework import serializers


class ApiRootSerializer(serializers.Serializer):
    rounds = serializers.URLField()
    authorities = serializers.URLField()
    schema = serializers.URLField()
    licence = serializers.URLField()


class QuestionnaireSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    name = serializers.CharField()
    scoring_method = serializers.CharField(help_text="mean or gated")


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    order = serializers.IntegerField()


class LevelSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    min_score = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False, help_text="Lowest score (0-100)."
    )


class RoundSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    published_at = serializers.DateTimeField(allow_null=True)
    questionnaire = QuestionnaireSerializer()
    url = serializers.SerializerMethodField()
    results_url = serializers.SerializerMethodField()

    def _absolute(self, name: str, slug: str) -> str:
        from django.urls import reverse

        path = reverse(name, kwargs={"slug": slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, obj) -> str:
        return self._absolute("api:round", obj.slug)

    def get_results_url(self, obj) -> str:
        return self._absolute("api:round-results", obj.slug)


class RoundDetailSerializer(RoundSerializer):
    # Areas and levels are ordered by their models (area order, level number).
    areas = AreaSerializer(many=True, source="questionnaire.areas.all")
    levels = LevelSerializer(many=True, source="questionnaire.levels.all")


class AuthoritySerializer(serializers.Serializer):
    gss_code = serializers.CharField(help_text="ONS GSS code, e.g. E09000007.")
    name = serializers.CharField()
    slug = serializers.SlugField()
    kind = serializers.CharField(help_text="london_borough or city_corporation")
    inner_outer = serializers.CharField(help_text="inner or outer")


class AreaResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField(allow_null=True, help_text="0-100, 2 decimal places.")
    level = serializers.IntegerField(allow_null=True)
    level_name = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    """One authority's approved result in one published round."""

    authority = AuthoritySerializer()
    has_result = serializers.BooleanField(
        help_text="False when the authority has no approved assessment in this round."
    )
    overall_score = serializers.FloatField(allow_null=True)
    overall_level = serializers.IntegerField(allow_null=True)
    overall_level_name = serializers.CharField()
    areas = AreaResultSerializer(many=True)


class AuthorityRoundResultSerializer(ResultSerializer):
    round = serializers.SlugField()
    authority = None  # the authority is the enclosing object


class AuthorityDetailSerializer(AuthoritySerializer):
    results = AuthorityRoundResultSerializer(many=True)
