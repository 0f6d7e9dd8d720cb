"""Getting an export that is made by a job, as a person would: ask (303 to the job's page),
let the job run (in the test process: ImmediateBackend runs it when the request's
transaction commits), download the file."""

from django.conf import settings
from django.test import TestCase, override_settings
from django.urls import reverse

from reports.models import ExportJob


def ask(client, name: str, params: dict):
    """The response to asking for an export, with the on-commit work (the queued job) run."""
    # Settings first: the callbacks run as the second context exits, on ImmediateBackend.
    with (
        override_settings(TASKS=settings.IMMEDIATE_TASKS),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        response = client.get(reverse(name), params)
    return response


def job_of(response) -> ExportJob:
    """The job a 303 from the download view points at."""
    assert response.status_code == 303, response.status_code
    job_id = int(response["Location"].rstrip("/").split("/")[-1])
    assert response["Location"] == reverse("exports:job", args=[job_id])
    return ExportJob.objects.get(pk=job_id)


def file_of(client, job: ExportJob) -> bytes:
    """The job's file, downloaded as its owner."""
    response = client.get(reverse("exports:job-file", args=[job.pk]))
    assert response.status_code == 200, response.status_code
    assert int(response["Content-Length"]) == job.size
    return b"".join(response.streaming_content)


def download(client, name: str, params: dict) -> bytes:
    """Ask for an export made by a job and download its file."""
    return file_of(client, job_of(ask(client, name, params)))
