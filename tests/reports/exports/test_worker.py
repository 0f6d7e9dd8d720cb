"""A real worker: the exports page queues an Excel file of answers on the database queue,
``manage.py db_worker`` (a separate process, production settings, the test database) builds
it, and only its owner downloads it until it expires.

PostgreSQL only (``make pg-test``): the worker must reach the test database from another
process, and pytest-django's SQLite test database is in memory.
"""

import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from reports.exports.registry import export_kind
from reports.exports.render import write_xlsx
from reports.exports.tables import Scope
from reports.models import ExportJob
from tests import factories
from tests.reports.exports.jobs_support import file_of, job_of
from tests.reports.exports_support import build_dataset

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[3]
WAIT_SECONDS = 60


def _test_database_url() -> str:
    """The URL of the database this test runs on (test_<name>, _gwN under xdist)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(db['NAME'], safe='')}"


def _start_worker(log) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "maturity.settings.base",  # the production settings
        "SECRET_KEY": "worker-test-only-secret-key",
        "DATABASE_URL": _test_database_url(),
        "CONN_MAX_AGE": "0",
    }
    return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_until_finished(job_id: int, worker: subprocess.Popen) -> ExportJob:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job = ExportJob.objects.defer("content").get(pk=job_id)
        if job.finished or worker.poll() is not None:
            return job
        time.sleep(0.2)
    return ExportJob.objects.defer("content").get(pk=job_id)


def _rows(body: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


# Committed data, so the worker (another process) sees it. serialized_rollback: the
# reference data (authorities) is restored before the test, whichever transactional test
# ran (and flushed the database) before it on this worker, and the flush after it leaves
# the content types for the next such test to restore without a clash.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_builds_the_file_for_its_owner_only(client):
    data = build_dataset()
    cdo = factories.make_cdo(username="cdo-worker")
    other_cdo = factories.make_cdo(username="cdo-other")
    client.force_login(cdo)
    # The database queue (the settings' default); outside a test transaction the
    # request commits, and so queues the job.
    response = client.get(reverse("exports:answers"), {"round": data.round.slug, "format": "xlsx"})
    job = job_of(response)
    assert job.status == "queued"
    assert DBTaskResult.objects.filter(id=job.task_id, status="READY").exists()

    with tempfile.TemporaryFile(mode="w+") as log:
        worker = _start_worker(log)
        try:
            job = _wait_until_finished(job.pk, worker)
        finally:
            worker.send_signal(signal.SIGTERM)  # a graceful stop between tasks
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            log.seek(0)
            output = log.read()
    assert job.status == "ready", f"job {job.status} {job.error!r}; worker said:\n{output}"
    assert job.rows_written == 7
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"

    # The owner's file has the rows of the synchronous table builder's workbook.
    expected = io.BytesIO()
    write_xlsx(export_kind("answers").build(Scope(round=data.round)), expected)
    assert _rows(file_of(client, job)) == _rows(expected.getvalue())

    # Another member of the CDO office cannot see it, nor its file.
    client.force_login(other_cdo)
    assert client.get(reverse("exports:job-file", args=[job.pk])).status_code == 404
    assert client.get(reverse("exports:job", args=[job.pk])).status_code == 404

    # Once expired, not even its owner can download it.
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    client.force_login(cdo)
    assert client.get(reverse("exports:job-file", args=[job.pk])).status_code == 410
