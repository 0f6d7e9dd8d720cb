"""The report to take to leadership: one authority's approved results in a round, set against
London and its peer groups, with its targets and improvement plan.

The numbers are the authority profile's (``reports.dashboards.pages.profile``): the same
frozen results, the same medians of London and the groups
(``reports.dashboards.round_stats``, at least ``MIN_AUTHORITIES`` authorities), the same
charts, of which the areas chart is drawn as static SVG (``reports.report.svg``). Approved
results only: a draft is not a result to report. The plan is ``plan_overview``'s.
"""

from __future__ import annotations

from django.utils import timezone

from accounts.access import MIN_AUTHORITIES
from reports.charts.base import is_missing
from reports.charts.palette import LevelScale
from reports.dashboards import selectors
from reports.dashboards.pages.profile import compared_with_london
from reports.dashboards.results import result_rows
from reports.frames import results as frames
from reports.labels import LONDON_MEDIAN, whole
from reports.report import svg
from surveys.models import Assessment
from surveys.plans.selectors import PlanOverview, plan_overview


def report_page(viewer, subject, round_) -> dict:
    """The report's context for ``subject`` in ``round_``; the viewer may see it
    (``accounts.access.may_see_report``). A constant number of queries."""
    scale = LevelScale.from_levels(selectors.scale_levels(round_))
    areas = selectors.area_list(round_)
    authorities = selectors.authority_list()
    rows = result_rows([round_], questions=True, authority_id=subject.pk)  # approved only
    data = frames.frames_from_rows(rows, frames.authority_frame(authorities), scale)
    mine = data["overall"][data["overall"]["authority_id"] == subject.pk]
    context: dict = {
        "authority": subject,
        "round": round_,
        "generated_at": timezone.now(),
        "approved": False,
        "min_authorities": MIN_AUTHORITIES,
        "london_median": LONDON_MEDIAN,
    }
    if len(mine):
        row = mine.iloc[0]
        chart_list, strengths, gaps = compared_with_london(
            data, row, subject, round_, areas, authorities, scale
        )
        areas_chart, questions_chart = chart_list[0], chart_list[1]
        context |= {
            "approved": True,
            "summary": summary(row, scale),
            "sign_off": selectors.sign_off_for_profile(
                viewer, subject, round_, Assessment.Status.APPROVED
            ),
            "areas_chart": areas_chart,
            "areas_svg": svg.area_bars(
                areas_chart.figure,
                chart_id="report-areas",
                title=f"{subject.name}: area scores against London and peer medians",
                description=areas_chart.summary,
            ),
            "question_rows": question_rows(questions_chart, subject.name, scale),
            "strengths": strengths,
            "gaps": gaps,
        }
    plan = plan_overview(authority=subject, round=round_)
    context |= {
        "plan": plan,
        "targets": target_rows(plan),
        "action_groups": action_groups(plan),
    }
    return context


def summary(row, scale) -> dict:
    level = None if is_missing(row["overall_level"]) else int(row["overall_level"])
    return {
        "score": whole(row["overall_score"]),
        "level": scale.label(level) if level is not None else "No level",
        "completion": whole(row["completion"]),
    }


def question_rows(chart, name: str, scale) -> list[dict]:
    """Per question: the authority's level and score beside the London median (and the
    level that median falls in), from the questions chart's own table."""
    table = chart.table
    result = []
    for _, row in table.iterrows():
        median = row[LONDON_MEDIAN]
        median_level = None if is_missing(median) else scale.level_for_score(median)
        result.append(
            {
                "label": row["Question"],
                "text": row["Text"],
                "level": row[f"{name} level"] or "No level",
                "score": whole(None if is_missing(row[f"{name} score"]) else row[f"{name} score"]),
                "median": whole(None if is_missing(median) else median),
                "median_level": scale.label(median_level) if median_level is not None else "",
            }
        )
    return result


def target_rows(plan: PlanOverview) -> list[dict]:
    """Each target (an area's, then its questions'), against the current level."""
    rows = []
    for area in plan.areas:
        if area.target is not None:
            rows.append(
                {
                    "area": area.name,
                    "subject": f"{area.name} (the whole area)",
                    "current": "",
                    "target": area.target.label,
                    "gap": "",
                }
            )
        for question in area.questions:
            if question.target is None:
                continue
            gap = question.gap
            rows.append(
                {
                    "area": area.name,
                    "subject": f"{question.label}: {question.text}",
                    "current": question.current_level_name or "Not answered",
                    "target": question.target.label,
                    "gap": "" if gap is None else _levels(gap),
                }
            )
    return rows


def _levels(gap: int) -> str:
    if gap <= 0:
        return "Reached"
    return f"{gap} level{'s' if gap != 1 else ''} to go"


def action_groups(plan: PlanOverview) -> list[dict]:
    """The plan's actions by area, in the questionnaire's order (an area's own first, then
    its questions'); actions on questions this round does not ask come last."""
    groups = []
    for area in plan.areas:
        actions = [{"subject": "The whole area", "action": a} for a in area.actions]
        for question in area.questions:
            actions += [{"subject": question.label, "action": a} for a in question.actions]
        if actions:
            groups.append({"area": area.name, "actions": actions})
    if plan.unplaced_actions:
        groups.append(
            {
                "area": "Questions not asked in this round",
                "actions": [
                    {"subject": a.question_code or a.area_code, "action": a}
                    for a in plan.unplaced_actions
                ],
            }
        )
    return groups
