"""Demo data: the provisional release the newest published round went through before it
was published. Every authority with approved results responded: most confirmed, one
raised a correction that the CDO office resolved. Deterministic and idempotent."""

import datetime

from django.utils import timezone

from surveys.models import Assessment, ProvisionalResponse, Round

CORRECTION_AUTHORITY = "E09000019"  # Islington
CORRECTION = (
    "Our data score leaves out the information sharing framework we signed in August: "
    "please count it under data sharing."
)
RESOLUTION = (
    "Checked with Islington: the framework was signed after the round closed, so the "
    "answer stands for this round and will count in the next."
)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed_provisional_history(*, round_: Round, users: dict, cdo) -> int:
    """Give ``round_`` (published) its provisional release and each approved authority's
    response; the number of responses created."""
    sent = round_.closes_on + datetime.timedelta(days=7)
    if round_.provisional_sent_at is None:
        round_.provisional_sent_at = _at(sent, 10)
        round_.provisional_respond_by = sent + datetime.timedelta(days=14)
        round_.save(update_fields=["provisional_sent_at", "provisional_respond_by"])
    approved = Assessment.objects.filter(
        round=round_, status=Assessment.Status.APPROVED
    ).select_related("authority")
    created = 0
    for offset, assessment in enumerate(approved.order_by("authority__gss_code")):
        authority = assessment.authority
        correction = authority.gss_code == CORRECTION_AUTHORITY
        responded = _at(sent + datetime.timedelta(days=1 + offset % 10), 11)
        _, made = ProvisionalResponse.objects.get_or_create(
            round=round_,
            authority=authority,
            defaults={
                "kind": "correction" if correction else "confirmed",
                "text": CORRECTION if correction else "",
                "responded_at": responded,
                "responded_by": users[f"lead-{authority.slug}"],
                "resolved_at": responded + datetime.timedelta(days=2) if correction else None,
                "resolved_by": cdo if correction else None,
                "resolution": RESOLUTION if correction else "",
            },
        )
        created += int(made)
    return created
