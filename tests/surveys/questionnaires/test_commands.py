"""The load_questionnaire and export_questionnaire management commands."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from surveys.models import Questionnaire
from surveys.questionnaires.io import export_questionnaire, read_questionnaire
from surveys.questionnaires.validation import parse
from tests.surveys.questionnaires.samples import SHIPPED, SMALL, row_counts, small, write

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command(*args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def fails(*args) -> tuple[CommandError, str]:
    stderr = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(*args, stdout=StringIO(), stderr=stderr)
    return caught.value, stderr.getvalue()


# load_questionnaire ----------------------------------------------------------------------


def test_load_and_publish_the_shipped_questionnaire():
    out, _ = run("load_questionnaire", str(SHIPPED[1]), "--publish")

    assert out.strip() == (
        "Loaded london-digital-maturity version 1 (4 areas, 37 questions) published."
    )
    questionnaire = Questionnaire.objects.get(code="london-digital-maturity", version=1)
    assert questionnaire.status == Questionnaire.Status.PUBLISHED


def test_load_without_publish_leaves_a_draft(tmp_path):
    out, _ = run("load_questionnaire", str(write(tmp_path, SMALL)))
    assert "as a draft" in out
    assert Questionnaire.objects.get(code="small").status == Questionnaire.Status.DRAFT


def test_bad_file_prints_every_problem_one_a_line_and_fails(tmp_path):
    path = write(
        tmp_path,
        small(
            ("kind: yes_no", "kind: scale"),
            ("          2: Mid level.\n", ""),
            ("weight: 2", "weight: 0"),
        ),
    )
    before = row_counts()

    error, stderr = fails("load_questionnaire", str(path), "--publish")

    assert error.returncode == 1
    assert str(error) == f"3 problems in {path}: nothing was loaded."
    assert stderr.splitlines() == [
        f'{path}: area "alpha", question "alpha-one": missing level descriptor for level 2 '
        "(line 24)",
        f'{path}: area "alpha", question "alpha-two": unknown kind "scale"; use one of: maturity, '
        "yes_no, number, text (line 28)",
        f'{path}: area "beta": "weight" must be more than 0, got 0 (line 32)',
    ]
    assert row_counts() == before


def test_loading_an_existing_version_without_if_new_fails():
    run("load_questionnaire", str(SHIPPED[1]))
    before = row_counts()

    error, stderr = fails("load_questionnaire", str(SHIPPED[1]))

    assert "already exists (draft)" in stderr
    assert error.returncode == 1
    assert row_counts() == before


def test_exit_status_and_output_of_the_real_command(tmp_path):
    # Checking a file needs no database, so the command can run in its own process here.
    bad = write(tmp_path, small(("kind: yes_no", "kind: scale")))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "maturity.settings.test"}
    result = subprocess.run(  # noqa: S603 - our own manage.py, arguments we chose
        [sys.executable, "manage.py", "load_questionnaire", str(bad), "--dry-run", "--skip-checks"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f'{bad}: area "alpha", question "alpha-two": unknown kind "scale"; use one of: '
        "maturity, yes_no, number, text (line 29)",
        f"CommandError: 1 problem in {bad}: nothing was loaded.",
    ]


# --dry-run -------------------------------------------------------------------------------


def test_dry_run_checks_and_writes_nothing():
    before = row_counts()
    out, _ = run("load_questionnaire", str(SHIPPED[2]), "--dry-run", "--publish")

    assert out.splitlines() == [
        f"{SHIPPED[2]}: no problems. Would load and publish london-digital-maturity version 2 "
        "(4 areas, 38 questions).",
        "Dry run: nothing was written.",
    ]
    assert row_counts() == before


def test_dry_run_reports_what_if_new_would_do(tmp_path):
    run("load_questionnaire", str(SHIPPED[1]))
    out, _ = run("load_questionnaire", str(SHIPPED[1]), "--dry-run", "--if-new", "--publish")
    assert "is already loaded (draft) and identical: would publish it." in out

    error, _ = fails("load_questionnaire", str(SHIPPED[1]), "--dry-run")
    assert "use --if-new" in str(error)
    assert Questionnaire.objects.get().status == Questionnaire.Status.DRAFT


# --if-new --------------------------------------------------------------------------------


def test_if_new_is_idempotent_like_make_db():
    for _ in range(2):  # what `make db` runs, twice
        outputs = [
            run("load_questionnaire", str(SHIPPED[v]), "--publish", "--if-new")[0] for v in (1, 2)
        ]
        counts = row_counts()
    assert outputs == [
        f"london-digital-maturity version {v} is already loaded (published) and identical to "
        f"{SHIPPED[v]}: nothing to do.\n"
        for v in (1, 2)
    ]
    assert row_counts() == counts
    assert counts["Questionnaire"] == 2
    v1, v2 = Questionnaire.objects.order_by("version")
    assert (v1.status, v2.status, v2.previous) == ("published", "published", v1)


def test_if_new_with_a_different_file_of_the_same_version_fails(tmp_path):
    run("load_questionnaire", str(write(tmp_path, SMALL)), "--publish", "--if-new")
    changed = write(tmp_path, small(("text: First question?", "text: Reworded?")), "changed.yaml")
    before = row_counts()

    error, stderr = fails("load_questionnaire", str(changed), "--publish", "--if-new")

    assert str(error) == (
        f"small version 1 already exists (published) and differs from {changed}: "
        "give the file a new version number."
    )
    assert stderr.splitlines() == ['  differs: area "alpha", question "alpha-one": "text" differs']
    assert row_counts() == before


def test_if_new_publishes_an_identical_draft_when_asked(tmp_path):
    path = write(tmp_path, SMALL)
    run("load_questionnaire", str(path))
    out, _ = run("load_questionnaire", str(path), "--if-new")
    assert "nothing to do" in out
    assert Questionnaire.objects.get().status == "draft"

    out, _ = run("load_questionnaire", str(path), "--if-new", "--publish")

    assert out.strip() == "small version 1 was already loaded and identical; published it now."
    assert Questionnaire.objects.get().status == "published"


def test_if_new_still_reports_problems_in_the_file(tmp_path):
    path = write(tmp_path, small(("name: Alpha", "name: ''")))
    error, stderr = fails("load_questionnaire", str(path), "--if-new")
    assert stderr.strip() == f'{path}: area "alpha": "name" is empty (line 18)'
    assert error.returncode == 1


# export_questionnaire --------------------------------------------------------------------


def test_export_to_stdout_round_trips():
    run("load_questionnaire", str(SHIPPED[2]), "--publish")
    out, _ = run("export_questionnaire", "london-digital-maturity", "2")

    assert out.startswith(
        "# London Digital Maturity Assessment, version 2 (published when exported)."
    )
    assert out == export_questionnaire(Questionnaire.objects.get())
    exported, problems = parse(out, "stdout")
    assert problems == []
    assert exported == read_questionnaire(SHIPPED[2])


def test_export_to_a_file(tmp_path):
    run("load_questionnaire", str(write(tmp_path, SMALL)))
    target = tmp_path / "out.yaml"

    out, _ = run("export_questionnaire", "small", "1", "--output", str(target))

    assert out.strip() == f"Wrote small version 1 to {target}."
    assert (
        parse(Path(target).read_text(encoding="utf-8"), "out.yaml")[0] == parse(SMALL, "q.yaml")[0]
    )


def test_export_of_an_unknown_version_fails(tmp_path):
    error, _ = fails("export_questionnaire", "small", "1")
    assert str(error) == "There is no questionnaire small version 1. No questionnaire is stored."
    assert error.returncode == 1

    run("load_questionnaire", str(write(tmp_path, SMALL)))
    error, _ = fails("export_questionnaire", "small", "9")
    assert str(error) == "There is no questionnaire small version 9. Stored: small version 1."
