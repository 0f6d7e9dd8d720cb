"""Generate benchmark data at London or national scale into a database named for the run.

    .venv/bin/python bench/generate.py --scale london      # 33 authorities, 5 rounds
    .venv/bin/python bench/generate.py --scale national    # 400, 10 rounds, 80 questions

Creates (replacing) the PostgreSQL database ``ldm_bench_<scale>`` on 127.0.0.1, or
writes into the database of ``--database-url`` / ``DATABASE_URL`` when given;
migrates it; loads the questionnaire with the project's ``load_questionnaire``
command (London: the default questionnaire's two versions from
fixtures/questionnaires/; national: a generated 80-question file); adds authorities
(national: codes E09100000 upwards, on tiles east of the London grid), accounts
``lead-<slug>``, ``contributor-<slug>`` and ``cdo`` (password: DEMO_PASSWORD), rounds
(the last one open, the others published), an assessment per authority and round
with every question answered (London's open round: about two in three), and frozen
result snapshots of approved assessments. Prints how long each step took.
"""

from __future__ import annotations

import argparse
import datetime
import io
import logging
import os
import random
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import db  # noqa: E402
from bench.fill import add_accounts, add_snapshots  # noqa: E402
from bench.national import NATIONAL_AUTHORITIES, authority_rows, questionnaire_yaml  # noqa: E402

SCALES = {
    "london": {"rounds": 5, "authorities": 33},
    "national": {"rounds": 10, "authorities": NATIONAL_AUTHORITIES},
}
QUESTIONNAIRES = ROOT / "fixtures" / "questionnaires"
BATCH = 5000


@contextmanager
def step(label: str):
    """Prints how long the step took."""
    started = time.perf_counter()
    yield
    print(f"  {label:<44} {time.perf_counter() - started:7.1f} s", flush=True)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maturity.settings.test")
    import django

    django.setup()
    logging.getLogger("maturity.audit").setLevel(logging.WARNING)  # a line per load


def load_questionnaires(scale: str) -> list:
    """Published questionnaire versions, oldest first, loaded with ``load_questionnaire``."""
    from django.core.management import call_command

    from surveys.models import Questionnaire

    if scale == "london":
        paths = sorted(QUESTIONNAIRES.glob("london-digital-maturity-v*.yaml"))
    else:
        path = Path(tempfile.gettempdir()) / "ldm-bench-national.yaml"
        path.write_text(questionnaire_yaml(), encoding="utf-8")
        paths = [path]
    codes = set()
    for path in paths:
        call_command(
            "load_questionnaire", str(path), publish=True, if_new=True, stdout=io.StringIO()
        )
        codes.add(yaml.safe_load(path.read_text(encoding="utf-8"))["code"])
    return list(Questionnaire.objects.filter(code__in=codes).order_by("version"))


def add_authorities(count: int) -> list:
    from boroughs.models import Authority

    missing = [
        Authority(**row)
        for row in authority_rows(count)
        if not Authority.objects.filter(gss_code=row["gss_code"]).exists()
    ]
    Authority.objects.bulk_create(missing, batch_size=BATCH)
    return list(Authority.objects.order_by("gss_code")[:count])


def add_rounds(count: int, questionnaires: list, today: datetime.date) -> list:
    """``count`` yearly rounds ending with this year's (open); the newest version last."""
    from surveys.models import Round

    rounds = []
    for index in range(count):
        year = today.year - (count - 1 - index)
        last = index == count - 1
        share = len(questionnaires) * index // count
        opens = today - datetime.timedelta(days=21) if last else datetime.date(year, 9, 1)
        rounds.append(
            Round(
                name=f"{year} assessment",
                slug=str(year),
                questionnaire=questionnaires[share],
                opens_on=opens,
                closes_on=opens + datetime.timedelta(days=45 if last else 90),
                status=Round.Status.OPEN if last else Round.Status.PUBLISHED,
                published_at=None
                if last
                else datetime.datetime(year + 1, 1, 15, tzinfo=datetime.UTC),
            )
        )
    return Round.objects.bulk_create(rounds)


class BenchSampler:
    """Answers for an authority of the given maturity (about 1-5); never "not applicable"."""

    def __init__(self, maturity: float, rng: random.Random):
        self.maturity, self.rng = maturity, rng

    def level(self, question) -> int:
        return max(1, min(5, round(self.maturity + self.rng.gauss(0, 0.7))))

    def yes_no(self, question) -> bool:
        return self.rng.random() < (self.maturity - 0.5) / 4.5

    def number(self, question) -> int:
        return self.rng.randint(5, 400)

    def text(self, question) -> str:
        return "Joining up case management across social care and housing."


def answer_fields(question, maturity: float, rng: random.Random) -> dict:
    from surveys.answers.kinds import kind_of

    return kind_of(question).sample(BenchSampler(maturity, rng), question)


def add_assessments(rounds: list, authorities: list, users: dict, scale: str) -> dict[str, int]:
    """Assessments with answers; the open round's answers get their first history entry."""
    from django.utils import timezone

    from surveys.answers.kinds import kind_of
    from surveys.journey.services.assessments import assessment_reference
    from surveys.models import Answer, AnswerChange, Assessment
    from surveys.results.answer_scores import scale_sizes, score_of

    rng = random.Random(f"bench-{scale}")  # the same data every run
    base = {a.pk: rng.uniform(1.4, 3.6) for a in authorities}
    now = timezone.now()
    counts = {"assessments": 0, "answers": 0}
    for index, round_ in enumerate(rounds):
        open_round = round_.status == "open"
        questions = list(round_.questionnaire.questions.order_by("area__order", "order"))
        statuses = (
            ["draft", "draft", "draft", "returned", "submitted"] if open_round else ["approved"]
        )
        assessments = Assessment.objects.bulk_create(
            [
                Assessment(
                    authority=a,
                    round=round_,
                    reference=assessment_reference(authority=a, round=round_),
                    status=statuses[n % len(statuses)],
                    last_activity_at=now,
                )
                for n, a in enumerate(authorities)
            ],
            batch_size=BATCH,
        )
        fraction = 0.66 if open_round and scale == "london" else 1.0
        answers = []
        for assessment in assessments:
            maturity = base[assessment.authority_id] + 0.25 * index
            contributor = users[f"contributor-{assessment.authority.slug}"]
            answers += [
                Answer(
                    assessment=assessment,
                    question=q,
                    changed_at=now,
                    changed_by=contributor,
                    evidence="Described in our digital strategy."
                    if kind_of(q).has_evidence
                    else "",
                    **answer_fields(q, maturity, rng),
                )
                for q in questions
                if rng.random() < fraction
            ]
        size = scale_sizes([round_.questionnaire_id])[round_.questionnaire_id]
        for answer in answers:  # the score the services store with an answer
            answer.score = score_of(answer, question=answer.question, scale_size=size)
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        if open_round:
            AnswerChange.objects.bulk_create(
                [
                    AnswerChange(
                        answer=a,
                        changed_at=now,
                        changed_by=a.changed_by,
                        version=1,
                        new_value=kind_of(a.question).value_of(a),
                        new_evidence=a.evidence,
                    )
                    for a in answers
                ],
                batch_size=BATCH,
            )
        counts["assessments"] += len(assessments)
        counts["answers"] += len(answers)
    return counts


def generate(scale: str, url: str) -> None:
    """Fill the (migrated or empty) database at ``url`` with data at ``scale``."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    settings = SCALES[scale]
    password = os.environ.get("DEMO_PASSWORD", "london-digital-demo")
    started = time.perf_counter()
    with step("migrate"):
        call_command("migrate", verbosity=0)
    with step("questionnaire (load_questionnaire)"):
        questionnaires = load_questionnaires(scale)
    with transaction.atomic():
        with step(f"authorities ({settings['authorities']})"):
            authorities = add_authorities(settings["authorities"])
        with step("accounts"):
            users = add_accounts(authorities, password)
        with step(f"rounds ({settings['rounds']})"):
            rounds = add_rounds(settings["rounds"], questionnaires, timezone.localdate())
        with step("assessments and answers"):
            counts = add_assessments(rounds, authorities, users, scale)
        with step("result snapshots of approved assessments"):
            snapshots = add_snapshots()
    from django.db import connection

    if connection.vendor == "postgresql":
        with step("planner statistics (ANALYZE)"), connection.cursor() as cursor:
            # As autovacuum keeps them in production: without them, PostgreSQL plans a
            # freshly bulk-loaded table as if it were empty (nested loops over 300k rows).
            cursor.execute("ANALYZE")
    print(
        f"{scale}: {len(authorities)} authorities, {len(rounds)} rounds, "
        f"{counts['assessments']} assessments, {counts['answers']} answers, "
        f"{snapshots} snapshots in {time.perf_counter() - started:.1f} s"
    )


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="london")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="an existing (empty) database to fill; default: create ldm_bench_<scale>",
    )
    args = parser.parse_args(argv)
    url = args.database_url or db.create(f"ldm_bench_{args.scale}")
    print(f"Database: {url}")
    setup_django(url)
    generate(args.scale, url)
    return url


if __name__ == "__main__":
    main()
