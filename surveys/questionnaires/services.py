"""Loading, publishing, retiring, versioning, changing and deleting questionnaires.

These services are the route for every change to a questionnaire. A published or
retired questionnaire, with its levels, areas, questions, descriptors and
consistency checks, never changes: each service refuses (``QuestionnaireLocked``), and
the models' ``save()`` and ``delete()`` refuse too. ``QuerySet.update()``,
``bulk_create()``, ``bulk_update()`` and ``QuerySet.delete()`` bypass those model
guards, so code outside this module must not use them on questionnaire rows (one
deliberate exception: migration ``surveys.0007_v2_checks``, decision 29). To change a published
questionnaire, make a new version (``questionnaire_new_version``) and publish that.
Every service runs in one transaction and records an audit event.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from audit.services import audit_record
from surveys.exceptions import (
    QuestionnaireConflict,
    QuestionnaireError,
    QuestionnaireInvalid,
    QuestionnaireLocked,
)
from surveys.models import Questionnaire
from surveys.questionnaires.format import MAX_VERSION, QuestionnaireDef, differences
from surveys.questionnaires.io import (
    Source,
    check_definition,
    questionnaire_definition,
    read_questionnaire,
    source_name,
    write_questionnaire,
)
from surveys.questionnaires.reading import Problem

UPDATABLE_FIELDS = ("name", "description", "scoring_method", "not_applicable_label")


def _target(questionnaire: Questionnaire) -> str:
    return f"questionnaire {questionnaire.code} v{questionnaire.version}"


def questionnaire_ensure_editable(questionnaire: Questionnaire, action: str = "change") -> None:
    """Raise ``QuestionnaireLocked`` unless the questionnaire is (still) a draft in the database."""
    stored = Questionnaire.objects.filter(pk=questionnaire.pk).values_list("status", flat=True)
    status = stored.first() or questionnaire.status
    if status != Questionnaire.Status.DRAFT:
        raise QuestionnaireLocked(
            f"Cannot {action} {questionnaire.code} version {questionnaire.version}: it is "
            f"{status}, and only a draft can change. Make a new version instead."
        )


@dataclass(frozen=True)
class LoadPlan:
    """What loading a file would do. ``existing`` is the stored questionnaire with the
    same code and version, if any; ``differences`` says how it differs from the file."""

    source: str
    definition: QuestionnaireDef
    existing: Questionnaire | None
    differences: tuple[str, ...] = ()

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        return "conflict" if self.differences else "unchanged"


@dataclass(frozen=True)
class LoadOutcome:
    questionnaire: Questionnaire
    created: bool  # False: an identical questionnaire was already stored
    published: bool  # published by this call


def questionnaire_load_plan(*, source: Source) -> LoadPlan:
    """Read and check the whole file and compare it with what is stored. Writes nothing.

    Raises ``QuestionnaireInvalid`` listing every problem in the file.
    """
    definition = read_questionnaire(source)
    existing = Questionnaire.objects.filter(
        code=definition.code, version=definition.version
    ).first()
    found = differences(questionnaire_definition(existing), definition) if existing else []
    return LoadPlan(source_name(source), definition, existing, tuple(found))


def _exists_problem(plan: LoadPlan, status: str) -> QuestionnaireInvalid:
    return QuestionnaireInvalid(
        [
            Problem(
                plan.source,
                f'questionnaire "{plan.definition.code}" version {plan.definition.version} '
                f"already exists ({status}); give the file a new version number",
            )
        ]
    )


def _create(plan: LoadPlan, *, actor, publish: bool, request) -> Questionnaire:
    definition = plan.definition
    previous = (
        Questionnaire.objects.filter(code=definition.code, version__lt=definition.version)
        .order_by("-version")
        .first()
    )
    try:
        with transaction.atomic():
            questionnaire = write_questionnaire(definition, previous=previous)
    except IntegrityError as exc:  # loaded by someone else since the plan was made
        raise _exists_problem(plan, "just loaded by someone else") from exc
    audit_record(
        action="questionnaire.load",
        actor=actor,
        target=_target(questionnaire),
        request=request,
        detail={
            "source": plan.source,
            "areas": len(definition.areas),
            "questions": len(definition.questions),
            "checks": len(definition.checks),
            "previous_version": previous.version if previous else None,
        },
    )
    if publish:
        questionnaire_publish(questionnaire=questionnaire, actor=actor, request=request)
    return questionnaire


@transaction.atomic
def questionnaire_load(
    *, source: Source, actor=None, publish: bool = False, request=None
) -> Questionnaire:
    """Load a questionnaire file as a new draft (published too if ``publish``).

    The whole file is checked before anything is written: on any problem, or if the
    code and version exist already, ``QuestionnaireInvalid`` lists every problem and
    the database is unchanged. ``previous`` is set to the latest earlier version.
    """
    plan = questionnaire_load_plan(source=source)
    if plan.existing is not None:
        raise _exists_problem(plan, plan.existing.status)
    return _create(plan, actor=actor, publish=publish, request=request)


@transaction.atomic
def questionnaire_load_if_new(
    *, source: Source, actor=None, publish: bool = False, request=None
) -> LoadOutcome:
    """Like ``questionnaire_load``, but idempotent: an identical stored questionnaire is
    left as it is (published if ``publish`` and it is still a draft); one that differs
    raises ``QuestionnaireConflict`` listing the differences."""
    plan = questionnaire_load_plan(source=source)
    if plan.existing is None:
        questionnaire = _create(plan, actor=actor, publish=publish, request=request)
        return LoadOutcome(questionnaire, created=True, published=publish)
    existing = plan.existing
    if plan.differences:
        raise QuestionnaireConflict(
            f"{existing.code} version {existing.version} already exists ({existing.status}) "
            f"and differs from {plan.source}: give the file a new version number.",
            plan.differences,
        )
    if publish and existing.status == Questionnaire.Status.DRAFT:
        questionnaire_publish(questionnaire=existing, actor=actor, request=request)
        return LoadOutcome(existing, created=False, published=True)
    return LoadOutcome(existing, created=False, published=False)


def questionnaire_publish_problems(questionnaire: Questionnaire) -> list[str]:
    """What would stop ``questionnaire_publish`` checking this draft, one line each (empty
    if nothing). Writes nothing: for the page that asks before publishing."""
    try:
        check_definition(
            questionnaire_definition(questionnaire),
            f"questionnaire {questionnaire.code} version {questionnaire.version}",
        )
    except QuestionnaireInvalid as exc:
        return exc.messages
    return []


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire, actor, request=None) -> Questionnaire:
    """Publish a draft after checking it against every rule a file must follow.

    From then on it never changes. Raises ``QuestionnaireLocked`` if it is not a draft
    and ``QuestionnaireInvalid`` if it is incomplete (e.g. a missing descriptor).
    """
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    questionnaire_ensure_editable(locked, "publish")
    check_definition(
        questionnaire_definition(locked), f"questionnaire {locked.code} version {locked.version}"
    )
    locked.status = Questionnaire.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at"])
    audit_record(
        action="questionnaire.publish", actor=actor, target=_target(locked), request=request
    )
    questionnaire.status, questionnaire.published_at = locked.status, locked.published_at
    return locked


@transaction.atomic
def questionnaire_retire(*, questionnaire: Questionnaire, actor, request=None) -> Questionnaire:
    """Retire a published questionnaire: its rounds and results stay as they are; its
    content still never changes. Only a published questionnaire can be retired."""
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.status != Questionnaire.Status.PUBLISHED:
        raise QuestionnaireError(
            f"Only a published questionnaire can be retired; {locked.code} version "
            f"{locked.version} is {locked.status}."
        )
    locked.status = Questionnaire.Status.RETIRED
    locked.save(update_fields=["status"])
    audit_record(
        action="questionnaire.retire", actor=actor, target=_target(locked), request=request
    )
    questionnaire.status = locked.status
    return locked


@transaction.atomic
def questionnaire_new_version(
    *, questionnaire: Questionnaire, actor, request=None
) -> Questionnaire:
    """A draft copy of every level, area, question, descriptor and consistency check, as
    version + 1 with ``previous`` set to the original. Raises ``QuestionnaireConflict``
    if that version exists already."""
    original = Questionnaire.objects.get(pk=questionnaire.pk)
    if original.version >= MAX_VERSION:
        raise QuestionnaireConflict(
            f"{original.code} version {original.version} is the highest version number the "
            "service can hold: load the next version under a new code."
        )
    definition = dataclasses.replace(
        questionnaire_definition(original), version=original.version + 1
    )
    conflict = QuestionnaireConflict(
        f"{original.code} version {definition.version} exists already: make the new "
        "version from the latest one."
    )
    if Questionnaire.objects.filter(code=original.code, version=definition.version).exists():
        raise conflict
    try:
        with transaction.atomic():
            copy = write_questionnaire(definition, previous=original)
    except IntegrityError as exc:
        raise conflict from exc
    audit_record(
        action="questionnaire.new_version",
        actor=actor,
        target=_target(copy),
        request=request,
        detail={"from_version": original.version},
    )
    return copy


@transaction.atomic
def questionnaire_update(
    *, questionnaire: Questionnaire, actor, request=None, **changes
) -> Questionnaire:
    """Change a draft's name, description, scoring method or not-applicable label.

    Raises ``QuestionnaireLocked`` unless it is a draft, and Django's ``ValidationError``
    for a value the model refuses (e.g. an unknown scoring method)."""
    unknown = sorted(set(changes) - set(UPDATABLE_FIELDS))
    if unknown:
        raise TypeError(f"questionnaire_update cannot change {', '.join(unknown)}")
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    questionnaire_ensure_editable(locked)
    before = {field: getattr(locked, field) for field in changes}
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean(exclude=["previous"])
    locked.save(update_fields=list(changes))
    audit_record(
        action="questionnaire.update",
        actor=actor,
        target=_target(locked),
        request=request,
        detail={field: [before[field], changes[field]] for field in changes},
    )
    return locked


@transaction.atomic
def questionnaire_delete(*, questionnaire: Questionnaire, actor, request=None) -> None:
    """Delete a draft that no round uses and no later version is based on."""
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    questionnaire_ensure_editable(locked, "delete")
    target = _target(locked)
    try:
        with transaction.atomic():
            locked.delete()
    except ProtectedError as exc:
        raise QuestionnaireError(
            f"Cannot delete {target}: a round or a later version uses it."
        ) from exc
    audit_record(action="questionnaire.delete", actor=actor, target=target, request=request)
