"""The provisional release's reads, each in one query whatever the number of responses."""

import pytest
from django.utils import timezone

from surveys.models import ProvisionalResponse
from surveys.review.provisional_selectors import (
    open_corrections,
    provisional_responses,
    release_table,
)
from tests.surveys.review.provisional_support import released
from tests.surveys.review.support import gss_codes

pytestmark = pytest.mark.django_db

CONFIRMED = ProvisionalResponse.Kind.CONFIRMED
CORRECTION = ProvisionalResponse.Kind.CORRECTION


def _respond(round_, codes, kind, *, resolved=False):
    for authority in round_.assessments.filter(authority__gss_code__in=codes):
        ProvisionalResponse.objects.create(
            round=round_,
            authority=authority.authority,
            kind=kind,
            text="Wrong" if kind == CORRECTION else "",
            responded_at=timezone.now(),
            resolved_at=timezone.now() if resolved else None,
            resolution="Done" if resolved else "",
        )


@pytest.mark.parametrize("count", [4, 12])
def test_responses_and_open_corrections_take_one_query_each(count, django_assert_num_queries):
    codes = gss_codes(count + 1)
    round_ = released(codes=codes)
    half = count // 2
    _respond(round_, codes[:half], CONFIRMED)
    _respond(round_, codes[half:-2], CORRECTION)
    _respond(round_, codes[-2:-1], CORRECTION, resolved=True)
    with django_assert_num_queries(1):
        responses = provisional_responses(round_)
        names = [r.authority.name for r in responses.values()]
    assert len(responses) == count and len(names) == count
    with django_assert_num_queries(1):
        corrections = open_corrections(round_)
        [c.authority.name for c in corrections]
    assert len(corrections) == count - half - 1
    assert all(c.is_open_correction for c in corrections)
    with django_assert_num_queries(2):
        table = release_table(round_)
    assert (table.confirmed, table.corrections_open, table.corrections_resolved) == (
        half,
        count - half - 1,
        1,
    )
    assert table.no_response == 1 and len(table.rows) == count + 1
