"""London's distribution of question scores and its groups' medians in a round, worked out
once for each state of the round's approved results.

Every authority profile of a round sets the authority's scores against the same London
distribution and group medians (approved results only). Reading every approved result
for each page view (32,000 question rows, 2,400 area and overall rows at national scale)
was most of a profile's time, so the rows are kept in the cache (``CACHES``: the
database cache, which every server shares) under a key that names the state of the
round's approved results: how many are approved, how many have snapshots, and the
latest snapshot's time. Approving, reopening or recomputing a snapshot changes the key,
so a page never reads figures of results that have since changed; the old entries
simply expire. Published questionnaires never change, and the round's version is in the
key too, as are the groups' members for the medians.
"""

from __future__ import annotations

import hashlib

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


def london_question_stats(
    round_: Round, question_list: pd.DataFrame, *, state: str | None = None
) -> pd.DataFrame:
    """The question score distribution (``reports.frames.stats.question_stats_from_rows``)
    of every approved result of ``round_``, for the questions of ``question_list`` (in its
    order), as if worked out now.

    Two queries (the state, unless given as ``state``, and the cache) while the round's
    approved results are unchanged; on a change, those of ``compared_results`` too.
    """
    codes = list(question_list["question_code"])
    state = state or results_state(round_)
    key = f"london-question-stats.{KEY_VERSION}.{MIN_AUTHORITIES}.{state}"
    cached = cache.get(key)
    if cached is None or [row[0] for row in cached] != codes:
        cached = _question_stat_rows(round_, codes)
        cache.set(key, cached, CACHE_SECONDS)
    return frames_stats.question_stats_from_rows(cached, question_list)


def london_group_medians(
    round_: Round, area_list: pd.DataFrame, groups: dict[str, set[int]], *, state: str | None = None
) -> list[dict]:
    """``reports.frames.stats.group_medians`` of every approved result of ``round_`` for
    ``groups`` (name: authority ids; their membership is part of the key), as records in
    the order of ``groups``, as if worked out now. Two queries while nothing changed (one
    with ``state``, from ``results_state``)."""
    shape = repr(([*area_list["area_code"]], [(n, sorted(ids)) for n, ids in groups.items()]))
    digest = hashlib.sha256(shape.encode()).hexdigest()[:24]
    state = state or results_state(round_)
    key = f"london-group-medians.{KEY_VERSION}.{MIN_AUTHORITIES}.{state}.{digest}"
    cached = cache.get(key)
    if cached is None:
        data = _approved_frames(round_, questions=False)
        medians = frames_stats.group_medians(
            data["overall"], data["areas"], area_list, groups, MIN_AUTHORITIES
        )
        cached = medians.to_dict("records")
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def _approved_frames(round_: Round, *, questions: bool) -> dict[str, pd.DataFrame]:
    rows = compared_results([round_], questions=questions)
    data = frames.frames_from_rows(rows, frames.authority_frame(authority_list()))
    overall = data["overall"]
    approved = set(overall.loc[overall["status"] == Assessment.Status.APPROVED, "assessment_id"])
    return {
        name: frame[frame["assessment_id"].isin(approved)]
        for name, frame in data.items()
        if "assessment_id" in frame
    }


def _question_stat_rows(round_: Round, codes: list[str]) -> list[list]:
    questions = _approved_frames(round_, questions=True)["questions"]
    return frames_stats.grouped_stat_rows(questions, "question_code", codes, MIN_AUTHORITIES)
