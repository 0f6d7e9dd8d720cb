"""Shapes of the API's JSON. Read-only: they describe published results, nothing more.

Every field here is authority-level, group-level or round-level: the disclosure rules of
``reports.opendata.published`` hold (no evidence, answers, people or comments; authorities
named with results only in rounds that share named results).
"""

from django.urls import reverse
from rest_framework import serializers

from reports.opendata.published import publishes_named_results


class ErrorSerializer(serializers.Serializer):
    """Every 400 and 404: what was wrong, and for a 400 which parameter."""

    detail = serializers.CharField()
    # DRF's metaclass takes declared fields off the class, so this field does not replace
    # the ``Serializer.errors`` property; the stubs cannot know that.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a 400: each parameter that was not accepted, with why.",
    )


class ApiRootSerializer(serializers.Serializer):
    rounds = serializers.URLField()
    authorities = serializers.URLField()
    peer_groups = serializers.URLField()
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
    shares_named_results = serializers.SerializerMethodField(
        help_text="True if the round publishes each authority's results by name; false if "
        "it publishes aggregates only."
    )
    url = serializers.SerializerMethodField()
    results_url = serializers.SerializerMethodField(
        help_text="Results by authority; null for a round that publishes aggregates only."
    )
    aggregates_url = serializers.SerializerMethodField()

    def _absolute(self, name: str, slug: str) -> str:
        path = reverse(name, kwargs={"slug": slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_shares_named_results(self, obj) -> bool:
        return publishes_named_results(obj)

    def get_url(self, obj) -> str:
        return self._absolute("api:round", obj.slug)

    def get_results_url(self, obj) -> str | None:
        if not publishes_named_results(obj):
            return None
        return self._absolute("api:round-results", obj.slug)

    def get_aggregates_url(self, obj) -> str:
        return self._absolute("api:round-aggregates", obj.slug)


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


class AreaMedianSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    median = serializers.FloatField(allow_null=True, help_text="0-100; null when withheld.")


class AggregateSerializer(serializers.Serializer):
    """The median scores of one group of authorities in one published round."""

    group = serializers.CharField(help_text="London, Inner London, Outer London or a peer group.")
    kind = serializers.ChoiceField(choices=["london", "sub_region", "peer_group"])
    members = serializers.IntegerField(help_text="Authorities in the group.")
    authorities_with_results = serializers.IntegerField()
    withheld = serializers.BooleanField(
        help_text="True when fewer than 5 of the group's authorities have results: the "
        "medians are then null."
    )
    overall_median = serializers.FloatField(allow_null=True)
    areas = AreaMedianSerializer(many=True)


class PeerGroupSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    members = serializers.ListField(
        child=serializers.CharField(), help_text="GSS codes of the member authorities."
    )


class AuthorityRoundResultSerializer(ResultSerializer):
    round = serializers.SlugField()
    # The authority is the enclosing object. None removes an inherited field (a DRF
    # feature the stubs cannot express: they type the attribute as the field).
    authority = None  # type: ignore[assignment]


class AuthorityDetailSerializer(AuthoritySerializer):
    results = AuthorityRoundResultSerializer(many=True)
