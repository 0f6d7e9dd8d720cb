"""What every dashboard view shares: access, filters (choosing the round and area), and
the response (the page, or one of its charts as CSV)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from reports.charts.base import Chart, csv_response
from reports.dashboards import selectors
from reports.labels import OVERALL
from surveys.models import Area, Round

# plotly.js injects <style> rules when it draws, so chart pages alone allow inline
# styles; scripts stay strict (no inline JavaScript anywhere).
chart_csp = csp_update({"style-src": [UNSAFE_INLINE]})


def report_view(view):
    """Signed in, GET only, a role that may see reports; passes the ``Viewer`` on."""

    @login_required
    @require_GET
    @chart_csp
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        viewer = access.viewer_for(request.user)
        if not viewer.has_access:
            raise PermissionDenied("No role that may see reports")
        return view(request, viewer, *args, **kwargs)

    return wrapped


class FilterForm(forms.Form):
    """Query-string filters. Unknown values are errors, and the page falls back
    to its defaults, so a tampered or stale link never breaks it."""

    def __init__(self, data, *, choices: dict[str, list[tuple[str, str]]]):
        super().__init__(data)
        for name, options in choices.items():
            self.fields[name] = forms.ChoiceField(choices=options, required=False)

    def value(self, name: str) -> str:
        if not self.is_bound or name in self.hidden:
            return ""
        if self.is_valid() or name not in self.errors:
            return (self.cleaned_data or {}).get(name, "") or ""
        return ""

    def error_list(self) -> list[tuple[str, str]]:
        if not self.is_bound or self.is_valid():
            return []
        return [
            (name, "Choose an option from the list")
            for name in self.errors
            if name not in self.hidden
        ]

    hidden: frozenset[str] = frozenset()

    def hide(self, name: str) -> None:
        """The page does not show this filter: its error would point at nothing, and its
        value is not used (``value`` gives the default)."""
        self.hidden = self.hidden | {name}


def round_choices(rounds) -> list[tuple[str, str]]:
    return [("", "Latest with results")] + [(r.slug, r.name) for r in rounds]


def chosen_round(
    request, rounds: list[selectors.ReportRound]
) -> tuple[FilterForm, selectors.ReportRound]:
    """The filter form and the round in ``?round=``: the latest with results when the
    parameter is absent or unknown (the form then carries the error). ``rounds`` must
    not be empty."""
    form = FilterForm(request.GET or None, choices={"round": round_choices(rounds)})
    round_ = selectors.round_from(rounds, form.value("round")) or selectors.latest_round(rounds)
    return form, round_


@dataclass(frozen=True)
class RoundAndArea:
    """What a page filtered by round and area shows: the form, the round, its areas,
    the area options (first: everything) and the chosen area code ("" for all)."""

    form: FilterForm
    round: Round
    areas: list[Area]
    area_choices: list[tuple[str, str]]
    area_code: str

    @property
    def area_label(self) -> str:
        """The chosen area's name, or "Overall" when no area is chosen."""
        return dict(self.area_choices)[self.area_code] if self.area_code else OVERALL

    def context(self, rounds) -> dict:
        """What the page's filters show: the rounds, the form and the choices made."""
        return {
            "round": self.round,
            "rounds": rounds,
            "form": self.form,
            "area_choices": self.area_choices,
            "area_code": self.area_code,
        }


def chosen_round_and_area(
    request, rounds: list[selectors.ReportRound], *, all_areas_label: str
) -> RoundAndArea:
    """``chosen_round`` plus ``?area=``, which must be an area of that round."""
    _, round_ = chosen_round(request, rounds)
    areas = selectors.area_list(round_)
    area_choices = [("", all_areas_label)] + [(a.code, a.name) for a in areas]
    form = FilterForm(
        request.GET or None, choices={"round": round_choices(rounds), "area": area_choices}
    )
    return RoundAndArea(form, round_, areas, area_choices, form.value("area"))


def pick_rounds(form, with_results):
    """``(from, to, refused)``: two rounds of one questionnaire, oldest first, or None.

    The chosen ones if valid, different and of the same questionnaire; else the latest
    round (with another of its questionnaire) and the one before it. ``refused`` is a
    chosen "from" round left out for being of another questionnaire. ``with_results`` is
    newest first.
    """
    chosen_to = selectors.round_from(with_results, form.value("to"))
    for to_round in [chosen_to, *with_results] if chosen_to else with_results:
        family = selectors.same_questionnaire(with_results, to_round)
        if len(family) >= 2:
            break
    else:
        return None
    others = [r for r in family if r.pk != to_round.pk]
    older = [r for r in others if (r.opens_on, r.pk) < (to_round.opens_on, to_round.pk)]
    chosen_from = selectors.round_from(with_results, form.value("from"))
    refused = chosen_from if chosen_from is not None and chosen_from not in family else None
    from_round = selectors.round_from(others, form.value("from")) or (older or others)[0]
    if (from_round.opens_on, from_round.pk) > (to_round.opens_on, to_round.pk):
        from_round, to_round = to_round, from_round
    return from_round, to_round, refused


def chart_csv_or_none(request, charts: list[Chart], filename_prefix: str):
    """The CSV of ``?chart=<id>`` when ``?format=csv``; None for a normal page view.

    Only charts the page built for this viewer can be downloaded, so the CSV
    follows the same disclosure rules as the page. Unknown chart ids are 404.
    """
    if request.GET.get("format") != "csv":
        return None
    wanted = request.GET.get("chart", "")
    for chart in charts:
        if chart.id == wanted and chart.figure is not None:
            return csv_response(chart, f"{filename_prefix}-{chart.id}.csv")
    raise Http404("No such chart")


def set_csv_urls(request, charts: list[Chart]) -> None:
    """Each chart's download link: this page's own query string plus format and chart."""
    for chart in charts:
        if chart.figure is None:
            continue
        params = request.GET.copy()
        params.pop("format", None)
        params["format"] = "csv"
        params["chart"] = chart.id
        chart.csv_url = f"{request.path}?{params.urlencode()}"


def respond(request, template: str, context: dict, prefix: str):
    """CSV for a chart when asked, else the page with every chart's download link.

    ``context["charts"]`` is the list of charts a page builder made; the template gets
    them by id (``charts.tile_map`` for the chart ``tile-map``). CSV files are named
    ``<prefix>-<chart id>.csv``.
    """
    charts = context.get("charts", [])
    csv = chart_csv_or_none(request, charts, prefix)
    if csv is not None:
        return csv
    set_csv_urls(request, charts)
    context = dict(context)
    if "rounds" in context:
        context["round_options"] = [(r.slug, r.name) for r in context["rounds"]]
    context["charts"] = {chart.id.replace("-", "_"): chart for chart in charts}
    context["has_charts"] = any(chart.figure is not None for chart in charts)
    return render(request, template, context)


def no_rounds(request):
    return render(request, "reports/no_rounds.html", {})
