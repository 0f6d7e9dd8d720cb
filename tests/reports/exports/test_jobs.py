"""Export jobs: the request queues (303, one job, audited), the job builds the same rows as
the direct export, progress, owner-only access, expiry and purge, tampered ids."""

import datetime
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent
from reports.exports import jobs
from reports.exports.registry import export_kind
from reports.exports.render import csv_lines
from reports.exports.tables import Scope
from reports.models import ExportJob
from tests import factories
from tests.reports.exports.jobs_support import ask, download, file_of, job_of
from tests.reports.exports_support import build_dataset, content_of, parse_csv

pytestmark = pytest.mark.django_db

Status = ExportJob.Status


@pytest.fixture
def data(db):
    return build_dataset()


@pytest.fixture
def signed_in(client, cdo):
    client.force_login(cdo)
    return client


def _workbook_rows(body: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def _direct_csv(data) -> list[list[str]]:
    table = export_kind("answers").build(Scope(round=data.round))
    return parse_csv("".join(csv_lines(table)).encode())


# --- The request -------------------------------------------------------------------------


def test_an_excel_file_of_answers_is_queued_and_the_request_answers_303(signed_in, cdo, data):
    # Without the commit, the job stays queued: the request only records and queues it.
    response = signed_in.get(
        reverse("exports:answers"), {"round": data.round.slug, "format": "xlsx", "area": ""}
    )
    job = job_of(response)
    assert ExportJob.objects.count() == 1
    assert (job.user, job.kind, job.file_format, job.status) == (cdo, "answers", "xlsx", "queued")
    assert job.filters == {"round": data.round.slug}  # empty filters are left out
    assert job.rows_expected == 7
    audit = AuditEvent.objects.get(action="export.answers")
    assert audit.actor == cdo
    assert audit.detail == {"format": "xlsx", "job": job.pk, "round": data.round.slug}
    page = signed_in.get(response["Location"])
    assert "Queued: 0 of 7 rows written." in page.content.decode()
    assert "export-job.js" in page.content.decode()
    assert f"Round: {data.round.slug}</dd>" in page.content.decode()


def test_the_job_is_queued_only_when_the_request_commits(
    signed_in, data, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(jobs, "_enqueue", queued.append)
    with django_capture_on_commit_callbacks() as callbacks:
        job = job_of(signed_in.get(reverse("exports:answers"), {"format": "xlsx"}))
    assert queued == []  # a rolled-back request would leave no job on the queue
    for callback in callbacks:
        callback()
    assert queued == [job.pk]


def test_on_the_database_queue_the_job_waits_for_a_worker(
    signed_in, data, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        job = job_of(signed_in.get(reverse("exports:answers"), {"format": "xlsx"}))
    job.refresh_from_db()
    assert job.status == "queued"
    task = DBTaskResult.objects.get(id=job.task_id)
    assert (task.status, task.task_path) == ("READY", "reports.exports.jobs.export_job_build")
    assert task.args_kwargs == {"args": [], "kwargs": {"job_id": job.pk}}


def test_asking_again_while_it_is_made_gives_the_same_job(signed_in, cdo, data, client):
    params = {"round": data.round.slug, "format": "xlsx"}
    first = job_of(signed_in.get(reverse("exports:answers"), params))
    assert job_of(signed_in.get(reverse("exports:answers"), params)) == first
    other = job_of(signed_in.get(reverse("exports:answers"), {**params, "area": "area-1"}))
    assert other != first
    assert ExportJob.objects.count() == 2
    assert AuditEvent.objects.filter(action="export.answers").count() == 2
    # Once it is ready, asking again makes a new file (the data may have changed).
    ExportJob.objects.filter(pk=first.pk).update(status=Status.READY)
    assert job_of(signed_in.get(reverse("exports:answers"), params)) not in (first, other)
    # Someone else asking for the same gets a job of their own.
    client.force_login(factories.make_cdo(username="cdo-2"))
    assert job_of(client.get(reverse("exports:answers"), params)).user.username == "cdo-2"


def test_small_exports_still_stream_from_the_request(signed_in, data):
    for name, file_format in [
        ("exports:answers", "csv"),
        ("exports:summary", "xlsx"),
        ("exports:progress", "csv"),
    ]:
        response = signed_in.get(reverse(name), {"round": data.round.slug, "format": file_format})
        assert response.status_code == 200, name
    assert not ExportJob.objects.exists()


def test_a_long_answers_csv_is_a_job(signed_in, data, monkeypatch):
    monkeypatch.setattr(jobs, "DIRECT_ROWS", 5)  # the data set has 7 answers
    body = download(signed_in, "exports:answers", {"round": data.round.slug})
    assert parse_csv(body) == _direct_csv(data)


def test_the_thresholds():
    assert jobs.export_is_job("answers", "xlsx", 1)
    assert not jobs.export_is_job("answers", "csv", jobs.DIRECT_ROWS)
    assert jobs.export_is_job("answers", "csv", jobs.DIRECT_ROWS + 1)
    assert not jobs.export_is_job("summary", "xlsx", None)


# --- The job -----------------------------------------------------------------------------


def test_the_file_has_the_rows_of_the_direct_export(signed_in, data):
    response = ask(signed_in, "exports:answers", {"round": data.round.slug, "format": "xlsx"})
    job = job_of(response)
    assert (job.status, job.rows_written, job.file_name) == ("ready", 7, "answers-round-2024.xlsx")
    assert job.task_id
    assert job.expires_at == job.finished_at + datetime.timedelta(hours=24)
    rows = _workbook_rows(file_of(signed_in, job))
    direct = _direct_csv(data)
    assert list(rows[0]) == direct[0]
    assert len(rows) == len(direct) == 8
    keys = [(row[0], row[1], row[3], row[4]) for row in rows[1:]]  # round, gss, area, question
    assert keys == [(row[0], row[1], row[3], row[4]) for row in direct[1:]]
    # The same file as the synchronous Excel builder makes (no job).
    table = export_kind("answers").build(Scope(round=data.round))
    spool = io.BytesIO()
    from reports.exports.render import write_xlsx

    write_xlsx(table, spool)
    assert rows == _workbook_rows(spool.getvalue())


def test_a_csv_job_takes_the_bytes_the_database_writes(signed_in, data, monkeypatch):
    """Where the table has its own CSV bytes (the answers by COPY on PostgreSQL), the job
    stores them as they come; its row count is then the estimate (the count of answers)."""
    from reports.exports.answers import AnswersTable

    monkeypatch.setattr(jobs, "DIRECT_ROWS", 0)
    monkeypatch.setattr(
        AnswersTable, "csv_bytes", lambda self, *, bom=False: iter([b"from,", b"COPY\r\n"])
    )
    response = ask(signed_in, "exports:answers", {"round": data.round.slug})
    job = job_of(response)
    assert file_of(signed_in, job) == b"from,COPY\r\n"
    assert job.rows_written == job.rows_expected == 7


def test_a_large_file_is_sent_in_chunks_from_the_database(signed_in, data, monkeypatch):
    from reports.exports import job_selectors

    monkeypatch.setattr(jobs, "DIRECT_ROWS", 0)
    whole = download(signed_in, "exports:answers", {"round": data.round.slug})
    monkeypatch.setattr(job_selectors, "CHUNK", 7)
    job = ExportJob.objects.get()
    chunks = list(job_selectors.export_job_chunks(job))
    assert b"".join(chunks) == whole == bytes(ExportJob.objects.get().content)
    assert {len(chunk) for chunk in chunks[:-1]} == {7}
    assert len(chunks) == -(-len(whole) // 7)


def test_a_csv_job_keeps_the_byte_order_mark(signed_in, data, monkeypatch):
    monkeypatch.setattr(jobs, "DIRECT_ROWS", 0)
    body = download(signed_in, "exports:answers", {"round": data.round.slug, "bom": "on"})
    assert body.startswith("\ufeff".encode())


def test_progress_is_written_as_the_rows_go(data, cdo, monkeypatch):
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)
    seen = []
    original = jobs.ExportJob.objects.filter

    job = ExportJob.objects.create(
        user=cdo, kind="answers", file_format="xlsx", filters={"round": data.round.slug}
    )

    def spy(*args, **kwargs):
        queryset = original(*args, **kwargs)
        seen.append(ExportJob.objects.values_list("rows_written", flat=True).get(pk=job.pk))
        return queryset

    monkeypatch.setattr(jobs.ExportJob.objects, "filter", spy)
    assert jobs.export_job_run(job.pk) == "ready"
    job.refresh_from_db()
    assert job.rows_written == 7
    assert {2, 4, 6} <= set(seen)


def test_a_job_runs_once(data, cdo):
    job = ExportJob.objects.create(user=cdo, kind="summary", file_format="csv", filters={})
    assert jobs.export_job_run(job.pk) == "ready"
    assert jobs.export_job_run(job.pk) == "not queued"
    assert jobs.export_job_run(job.pk + 1000) == "not queued"


def test_a_job_whose_filters_went_stale_fails_cleanly(data, cdo):
    job = ExportJob.objects.create(
        user=cdo, kind="answers", file_format="xlsx", filters={"round": "gone"}
    )
    with pytest.raises(ValueError, match="no longer valid"):
        jobs.export_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "Choose a round from the list" in job.error
    assert job.content is None


def test_a_failed_job_says_so_and_has_no_file(signed_in, cdo, data, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(jobs, "write_xlsx", broken)
    job = job_of(ask(signed_in, "exports:answers", {"round": data.round.slug, "format": "xlsx"}))
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", jobs.UNEXPECTED)  # the details only logged
    page = signed_in.get(reverse("exports:job", args=[job.pk]))
    assert "The file could not be made" in page.content.decode()
    assert "disk" not in page.content.decode()
    response = signed_in.get(reverse("exports:job-file", args=[job.pk]))
    assert response.status_code == 303
    assert not AuditEvent.objects.filter(action="export.file").exists()


# --- Who may see it ------------------------------------------------------------------------


@pytest.fixture
def ready_job(signed_in, data):
    return job_of(ask(signed_in, "exports:answers", {"round": data.round.slug, "format": "xlsx"}))


def test_only_the_person_who_asked_sees_the_job(client, ready_job, admin_user):
    other_cdo = factories.make_cdo(username="cdo-2")
    for user in (other_cdo, admin_user):
        client.force_login(user)
        for name in ("exports:job", "exports:job-status", "exports:job-file"):
            assert client.get(reverse(name, args=[ready_job.pk])).status_code == 404, name
        assert b"Your exports" not in client.get(reverse("exports:index")).content


def test_the_owner_sees_the_job_listed_and_its_status(signed_in, ready_job):
    page = signed_in.get(reverse("exports:index")).content.decode()
    assert "Your exports" in page
    assert reverse("exports:job", args=[ready_job.pk]) in page
    status = signed_in.get(reverse("exports:job-status", args=[ready_job.pk])).json()
    assert status == {
        "status": "ready",
        "status_label": "Ready",
        "rows_written": 7,
        "rows_expected": 7,
        "finished": True,
    }


def test_someone_who_may_no_longer_export_gets_403(signed_in, cdo, ready_job):
    cdo.groups.clear()
    response = signed_in.get(reverse("exports:job-file", args=[ready_job.pk]))
    assert response.status_code == 403


def test_each_download_is_audited(signed_in, cdo, ready_job):
    file_of(signed_in, ready_job)
    file_of(signed_in, ready_job)
    audits = AuditEvent.objects.filter(action="export.file")
    assert audits.count() == 2
    assert audits.first().detail == {"job": ready_job.pk, "kind": "answers", "format": "xlsx"}
    assert audits.first().target == "answers-round-2024.xlsx"


@pytest.mark.parametrize("path", ["abc/", "-1/", "1.0/", "99999/", "0/", "%00/", "1/file/x/"])
def test_tampered_job_ids_are_404(signed_in, ready_job, path):
    assert signed_in.get(f"/exports/jobs/{path}").status_code in (400, 404)
    assert signed_in.get(f"/exports/jobs/{path}file/").status_code in (400, 404)


# --- Expiry --------------------------------------------------------------------------------


def test_an_expired_file_is_gone(signed_in, ready_job):
    ExportJob.objects.filter(pk=ready_job.pk).update(expires_at=timezone.now())
    response = signed_in.get(reverse("exports:job-file", args=[ready_job.pk]))
    assert response.status_code == 410
    assert "This file has expired" in response.content.decode()
    page = signed_in.get(reverse("exports:job", args=[ready_job.pk])).content.decode()
    assert "This file has expired" in page
    assert "Download" not in page
    assert not AuditEvent.objects.filter(action="export.file").exists()


@override_settings(EXPORT_FILE_LIFETIME=3600)
def test_purge_deletes_expired_files_only(signed_in, cdo, ready_job, data):
    fresh = job_of(ask(signed_in, "exports:answers", {"round": data.round.slug, "format": "xlsx"}))
    stuck = ExportJob.objects.create(user=cdo, kind="answers", file_format="xlsx")
    ExportJob.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    later = ready_job.expires_at + datetime.timedelta(seconds=1)
    ExportJob.objects.filter(pk=fresh.pk).update(expires_at=later + datetime.timedelta(hours=1))
    assert jobs.export_job_purge_expired(now=later) == 1
    ready_job.refresh_from_db()
    assert (ready_job.status, ready_job.content, ready_job.size) == ("expired", None, 0)
    assert ExportJob.objects.get(pk=fresh.pk).status == "ready"
    assert ExportJob.objects.get(pk=stuck.pk).status == "failed"
    response = signed_in.get(reverse("exports:job-file", args=[ready_job.pk]))
    assert response.status_code == 410
    assert signed_in.get(reverse("exports:job", args=[ready_job.pk])).status_code == 200


def test_purge_command(ready_job):
    from io import StringIO

    from django.core.management import call_command

    ExportJob.objects.filter(pk=ready_job.pk).update(expires_at=timezone.now())
    out = StringIO()
    call_command("purge_exports", stdout=out)
    assert "Deleted 1 expired export file(s)." in out.getvalue()


def test_the_page_of_a_direct_download_still_streams(signed_in, data):
    response = signed_in.get(reverse("exports:summary"), {"round": data.round.slug})
    assert content_of(response).startswith(b"round,")


def test_the_admin_lists_jobs_without_their_files(client, admin_user, ready_job):
    client.force_login(admin_user)
    listing = client.get(reverse("admin:reports_exportjob_changelist"))
    assert listing.status_code == 200
    assert "answers" in listing.content.decode()
    page = client.get(reverse("admin:reports_exportjob_change", args=[ready_job.pk]))
    assert page.status_code == 200
    assert "answers-round-2024.xlsx" in page.content.decode()
    assert "PK" not in page.content.decode().split("answers-round-2024.xlsx")[0][-50:]
    assert client.get(reverse("admin:reports_exportjob_add")).status_code == 403
    queue = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert queue.status_code == 200  # the task queue (empty: this job ran in-process)
