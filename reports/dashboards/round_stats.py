"""London's distribution of question scores in a round, worked out once for each state of
the round's approved results.

Every authority profile of a round sets the authority's question scores against the same
London distribution (approved results only). Reading every approved question score for
each page view (32,000 rows at national scale) was most of a profile's time, so the
distribution's rows are kept in the cache (``CACHES``: the database cache, which every
server shares) under a key that names the state of the round's approved results: how
many are approved, how many have snapshots, and the latest snapshot's time. Approving,
reopening or recomputing a snapshot changes the key, so a page never reads a
distribution of results that have since changed; the old entries simply expire.
Published questionnaires never change, and the round's version is in the key too.
"""

from __future__ import annotations

import pandas as pd
from django.core.cache import cache
from django.db.models import Count, Max

from accounts.access import MIN_AUTHORITIES
from reports.dashboards.results import compared_results
from reports.dashboards.selectors import authority_list
from reports.frames import results as frames
from reports.frames import stats as frames_stats
from surveys.models import Assessment, Round

# A key never comes back once the results change, so this only bounds the cache's size.
CACHE_SECONDS = 24 * 60 * 60
# Bump when the cached rows change meaning (columns, rounding).
KEY_VERSION = 1


def results_state(round_: Round) -> str:
    """A text naming the state of ``round_``'s approved results (one query): it changes
    whenever an assessment of the round is approved or reopened, or a snapshot of it is
    written again."""
    state = Assessment.objects.filter(round=round_, status=Assessment.Status.APPROVED).aggregate(
        approved=Count("pk"), snapshots=Count("snapshot"), latest=Max("snapshot__computed_at")
    )
    latest = state["latest"].isoformat() if state["latest"] else "none"
    counts = f"{state['approved']}.{state['snapshots']}"
    return f"{round_.pk}.{round_.questionnaire_id}.{counts}.{latest}"


def london_question_stats(round_: Round, question_list: pd.DataFrame) -> pd.DataFrame:
    """``reports.frames.stats.question_stats`` of every approved result of ``round_``, for
    the questions of ``question_list`` (in its order), as if worked out now.

    Two queries (the state and the cache) while the round's approved results are
    unchanged; on a change, those of ``compared_results`` too.
    """
    codes = list(question_list["question_code"])
    key = f"london-question-stats.{KEY_VERSION}.{MIN_AUTHORITIES}.{results_state(round_)}"
    cached = cache.get(key)
    if cached is None or [row[0] for row in cached] != codes:
        cached = _question_stat_rows(round_, codes)
        cache.set(key, cached, CACHE_SECONDS)
    return frames_stats.question_stats_from_rows(cached, question_list)


def _question_stat_rows(round_: Round, codes: list[str]) -> list[list]:
    rows = compared_results([round_], questions=True)
    data = frames.frames_from_rows(rows, frames.authority_frame(authority_list()))
    overall = data["overall"]
    approved = set(overall.loc[overall["status"] == Assessment.Status.APPROVED, "assessment_id"])
    questions = data["questions"][data["questions"]["assessment_id"].isin(approved)]
    return frames_stats.grouped_stat_rows(questions, "question_code", codes, MIN_AUTHORITIES)
