"""Compare every answer's stored score with the scoring rule (and, for approved
assessments, with the score frozen in their snapshot)."""

from django.core.management.base import BaseCommand, CommandError

from surveys.results.answer_scores import frozen_differences, rescore_answers, score_mismatches

SHOWN = 20  # mismatches printed of each kind


class Command(BaseCommand):
    help = (
        "Check that each answer's stored score is what the scoring rule gives "
        "(surveys.results.scoring.stored_answer_score) and, for approved assessments, "
        "what their frozen results say. Exits with an error if any differs; --fix rewrites "
        "the stored scores from the rule first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help="Rewrite every stored score from the rule first."
        )

    def handle(self, *args, fix=False, **options):
        if fix:
            self.stdout.write(f"Rewrote the scores of {rescore_answers()} answer(s).")
        problems = 0
        for title, mismatches in (
            ("stored score differs from the rule", score_mismatches()),
            ("stored score differs from the frozen result", frozen_differences()),
        ):
            count = 0
            for mismatch in mismatches:
                count += 1
                if count <= SHOWN:
                    self.stdout.write(
                        f"answer {mismatch.answer_id}: {title}: stored {mismatch.stored}, "
                        f"expected {mismatch.expected}"
                    )
            if count > SHOWN:
                self.stdout.write(f"... and {count - SHOWN} more ({title})")
            problems += count
        if problems:
            raise CommandError(f"{problems} answer score(s) differ.")
        self.stdout.write(self.style.SUCCESS("Every stored answer score is right."))
