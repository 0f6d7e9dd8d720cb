"""The public page that explains how scores are calculated (no sign-in needed)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from surveys.results import scoring
from surveys.results.example import fmt, worked_example
from surveys.results.selectors import published_scale

MATURITY = scoring.QuestionSpec("example", "example", scoring.MATURITY)


def _band_rows(scale: scoring.Scale) -> list[dict]:
    """Each level's name, what an answer at that level scores, and its score band."""
    bands = scale.bands
    rows = []
    for index, (number, min_score) in enumerate(bands):
        upper = bands[index + 1][1] if index + 1 < len(bands) else None
        answer = scoring.AnswerValue("example", level=number)
        rows.append(
            {
                "number": number,
                "name": scale.name_of(number),
                "answer_score": fmt(scoring.question_score(MATURITY, answer, scale)),
                "min": fmt(min_score),
                "below": None if upper is None else fmt(upper),
            }
        )
    return rows


@require_GET
def scoring_method(request):
    """The method in plain English, with the worked example computed by the scoring code.

    The bands shown are the current published questionnaire's, or the example's when
    nothing is published yet (or the published scale is not numbered 1..n).
    """
    example = worked_example()
    questionnaire, levels = published_scale()
    scale = example.scale
    if levels:
        try:
            scale = scoring.Scale(tuple((lv.number, lv.name, lv.min_score) for lv in levels))
        except ValueError:
            questionnaire = None
    return render(
        request,
        "surveys/scoring_method.html",
        {
            "example": example,
            "questionnaire": questionnaire,
            "bands": _band_rows(scale),
            "scale_size": scale.size,
        },
    )
