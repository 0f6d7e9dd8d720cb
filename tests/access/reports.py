"""Access table for reports, exports, open data and the API (namespaces ``reports``,
``exports``, ``opendata``, ``api``).

- Dashboards: signed in, any role with an authority or the CDO office; another
  authority's profile is 404 unless the round shares named results (the world's does not).
- Exports: the CDO office and admins only (borough people 403); an export job is its
  owner's alone (another CDO office member or admin: 404).
- Open data and the API: public, read-only; the API is exempt from CSRF (no cookies read).
"""

import datetime

from django.utils import timezone

from surveys.models import Round
from tests.access.base import CDO, entry, expect, signed_in_only

REVIEWERS_ONLY = signed_in_only(403, CDO_OFFICE=200)
GET_ONLY = signed_in_only(405)


def _camden(world) -> dict:
    return {"slug": world.authority_a.slug}


def _published(world) -> dict:
    return {"slug": world.published_round.slug}


def _named_published(world) -> dict:
    """The published round, made to share named results (results by authority need it)."""
    Round.objects.filter(pk=world.published_round.pk).update(share_named_results=True)
    return _published(world)


def _dashboard(**kwargs) -> dict:
    return entry(signed_in_only(200), post=GET_ONLY, **kwargs)


def _export() -> dict:
    return entry(REVIEWERS_ONLY, post=GET_ONLY)


def _cdo_job(world) -> dict:
    """A finished export job of the CDO user's: only its owner sees it (the admin: 404)."""
    from reports.models import ExportJob

    job = ExportJob.objects.create(
        user=world.users[CDO],
        kind="answers",
        file_format="xlsx",
        status=ExportJob.Status.READY,
        content=b"PK fake workbook",
        file_name="answers-all-rounds.xlsx",
        size=16,
        finished_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    return {"job_id": job.pk}


def _job() -> dict:
    return entry(signed_in_only(403, cdo=200, admin=404), args=_cdo_job, post=GET_ONLY)


def _public(**kwargs) -> dict:
    return entry(expect(200), post=expect(405), **kwargs)


def _api(**kwargs) -> dict:
    return entry(expect(200), post=expect(405), csrf_checked=False, **kwargs)


ACCESS = {
    "reports:index": _dashboard(),
    "reports:overview": _dashboard(),
    "reports:authority": entry(signed_in_only(200, lead_b=404), args=_camden, post=GET_ONLY),
    # The leadership report holds the private plan: the authority's own people and the
    # CDO office only, even where the round shares named results (404 for anyone else).
    "reports:authority-report": entry(signed_in_only(200, lead_b=404), args=_camden, post=GET_ONLY),
    "reports:authority-report-pdf": entry(
        signed_in_only(200, lead_b=404), args=_camden, post=GET_ONLY
    ),
    "reports:area": _dashboard(args=lambda world: {"code": world.question.area.code}),
    "reports:trends": _dashboard(),
    # The ranking is the CDO office's alone: a page others cannot see answers 404.
    "reports:ranking": entry(signed_in_only(404, CDO_OFFICE=200), post=GET_ONLY),
    # Counts of every plan for anyone who may see reports; names as accounts.access.may_see_plan.
    "reports:plans": _dashboard(),
    "exports:index": _export(),
    "exports:summary": _export(),
    "exports:answers": _export(),
    "exports:questionnaire": _export(),
    "exports:progress": _export(),
    "exports:plans": _export(),
    "exports:job": _job(),
    "exports:job-status": _job(),
    "exports:job-file": _job(),
    "opendata:index": _public(),
    "opendata:dictionary": _public(),
    "opendata:release": _public(args=_published),
    "opendata:csv": _public(args=_named_published),
    "opendata:aggregates-csv": _public(args=_published),
    "api:root": _api(),
    "api:rounds": _api(),
    "api:round": _api(args=_published),
    "api:round-results": _api(args=_named_published),
    "api:authorities": _api(),
    "api:authority": _api(args=lambda world: {"gss_code": world.authority_a.gss_code}),
    "api:round-aggregates": _api(args=_published),
    "api:peer-groups": _api(),
    # Plans by accounts.access.may_see_plan: the public gets an empty list (200).
    "api:plans": _api(),
    "api:not-found": entry(
        expect(404),
        args=lambda world: {"rest": "no-such-thing/"},
        post=expect(404),
        csrf_checked=False,
    ),
    "api:schema": _api(),
    "api:docs": _public(),
}
