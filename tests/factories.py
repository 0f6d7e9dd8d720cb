"""Factories for the test suite. Authorities are real: every test database has the 33."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from accounts.roles import GROUP_ADMINS, GROUP_CDO_OFFICE, GROUP_CONTRIBUTORS, GROUP_LEADS
from boroughs.models import Authority, Membership, PeerGroup
from surveys.models import (
    Answer,
    Area,
    Assessment,
    LevelDescriptor,
    Question,
    Questionnaire,
    Round,
    ScaleLevel,
)
from surveys.results.answer_scores import scale_sizes, score_of

LEVEL_NAMES = ["Beginning", "Emerging", "Learning", "Developing", "Mastering"]
LEVEL_MIN_SCORES = [
    Decimal("0"),
    Decimal("12.5"),
    Decimal("37.5"),
    Decimal("62.5"),
    Decimal("87.5"),
]


def authority(gss_code: str = "E09000007") -> Authority:
    """One of the 33 real authorities (default: Camden)."""
    return Authority.objects.get(gss_code=gss_code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.uk")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.django.Password("correct-horse-battery-staple")


def make_member(role: str = "lead", gss_code: str = "E09000007", **user_kwargs) -> User:
    """A borough user with a membership of the given authority and the matching group."""
    user = UserFactory(**user_kwargs)
    Membership.objects.create(user=user, authority=authority(gss_code), role=role)
    group = GROUP_LEADS if role == "lead" else GROUP_CONTRIBUTORS
    user.groups.add(Group.objects.get(name=group))
    return user


def make_cdo(**user_kwargs) -> User:
    user = UserFactory(**user_kwargs)
    user.groups.add(Group.objects.get(name=GROUP_CDO_OFFICE))
    return user


def make_admin(**user_kwargs) -> User:
    user = UserFactory(is_staff=True, **user_kwargs)
    user.groups.add(Group.objects.get(name=GROUP_ADMINS))
    return user


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    code = "test-questionnaire"
    version = factory.Sequence(lambda n: n + 1)
    name = "Test questionnaire"
    status = Questionnaire.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


def make_questionnaire(
    *,
    areas: int = 2,
    questions_per_area: int = 2,
    kinds: tuple[str, ...] = ("maturity",),
    status: str = Questionnaire.Status.PUBLISHED,
    scoring_method: str = Questionnaire.ScoringMethod.MEAN,
    **kwargs,
) -> Questionnaire:
    """A complete questionnaire: five-level scale, areas, questions and descriptors.

    Question kinds cycle through ``kinds``; codes are ``A<area>-Q<question>``.
    """
    questionnaire = QuestionnaireFactory(status=status, scoring_method=scoring_method, **kwargs)
    for number, (name, min_score) in enumerate(zip(LEVEL_NAMES, LEVEL_MIN_SCORES, strict=True), 1):
        ScaleLevel.objects.create(
            questionnaire=questionnaire, number=number, name=name, min_score=min_score
        )
    kind_index = 0
    for a in range(1, areas + 1):
        area = Area.objects.create(
            questionnaire=questionnaire, code=f"area-{a}", name=f"Area {a}", order=a
        )
        for q in range(1, questions_per_area + 1):
            kind = kinds[kind_index % len(kinds)]
            kind_index += 1
            question = Question.objects.create(
                questionnaire=questionnaire,
                area=area,
                code=f"a{a}-q{q}",
                order=q,
                text=f"Question {q} of area {a}",
                kind=kind,
                scored=kind in ("maturity", "yes_no"),
            )
            if kind == "maturity":
                LevelDescriptor.objects.bulk_create(
                    LevelDescriptor(
                        question=question, level=level, text=f"Level {level} looks like this"
                    )
                    for level in range(1, 6)
                )
    return questionnaire


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    name = factory.Sequence(lambda n: f"Round {2020 + n}")
    slug = factory.Sequence(lambda n: f"round-{2020 + n}")
    questionnaire = factory.LazyFunction(make_questionnaire)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    status = Round.Status.OPEN


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    authority = factory.LazyFunction(authority)
    round = factory.SubFactory(RoundFactory)
    reference = factory.LazyAttribute(
        lambda a: f"LDM-{a.round.slug}-{a.authority.gss_code}".upper()
    )


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    assessment = factory.SubFactory(AssessmentFactory)
    question = factory.LazyAttribute(
        lambda a: a.assessment.round.questionnaire.questions.order_by("pk").first()
    )
    level = 3
    changed_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The score the services store with an answer, unless a test gives one.
        answer = model_class(*args, **kwargs)
        if "score" not in kwargs:
            size = scale_sizes([answer.question.questionnaire_id])[answer.question.questionnaire_id]
            answer.score = score_of(answer, question=answer.question, scale_size=size)
        answer.save()
        return answer


class PeerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerGroup

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
