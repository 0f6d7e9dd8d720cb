"""Show (and with --apply, make) the changes a recomputation of frozen results would bring."""

from django.core.management.base import BaseCommand, CommandError

from surveys.models import Assessment, Round
from surveys.results.snapshots import result_snapshots_recompute


class Command(BaseCommand):
    help = (
        "Recompute the frozen results of approved assessments with the current weights, "
        "bands and method. A dry run by default: prints authority, area, old → new. "
        "Writes only with --apply."
    )

    def add_arguments(self, parser):
        parser.add_argument("--round", dest="round_slug", help="Only this round (its slug).")
        parser.add_argument(
            "--apply", action="store_true", help="Replace the snapshots that differ."
        )

    def handle(self, *args, round_slug=None, apply=False, **options):
        assessments = Assessment.objects.order_by("round__opens_on", "authority__name")
        if round_slug:
            round_ = Round.objects.filter(slug=round_slug).first()
            if round_ is None:
                raise CommandError(f"There is no round with the slug {round_slug!r}.")
            assessments = assessments.filter(round=round_)
        differences = result_snapshots_recompute(assessments=assessments, dry_run=not apply)
        if not differences:
            self.stdout.write("No frozen result would change.")
            return
        for difference in differences:
            self.stdout.write(str(difference))
        count = len({d.assessment_id for d in differences})
        if apply:
            self.stdout.write(self.style.SUCCESS(f"Recomputed {count} assessment(s)."))
        else:
            self.stdout.write(
                f"Dry run: {count} assessment(s) would change. Run again with --apply to write."
            )
