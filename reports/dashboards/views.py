"""The dashboards' views. Each authorises (``report_view``, ``accounts.access``), chooses
the round (and area) from the query string, calls its page builder
(``reports.dashboards.pages``), and responds: the page, or one of its charts as CSV."""

from django.http import Http404
from django.shortcuts import render

from accounts import access
from reports.dashboards import selectors
from reports.dashboards.common import (
    FilterForm,
    chosen_round,
    chosen_round_and_area,
    no_rounds,
    pick_rounds,
    report_view,
    respond,
)
from reports.dashboards.pages.area import area_page
from reports.dashboards.pages.index import index_page
from reports.dashboards.pages.overview import overview_page
from reports.dashboards.pages.plans import plans_page
from reports.dashboards.pages.profile import profile_page
from reports.dashboards.pages.ranking import ranking_page
from reports.dashboards.pages.trends import trends_page
from reports.labels import OVERALL
from reports.plans import selectors as plan_selectors


@report_view
def index(request, viewer):
    return render(request, "reports/index.html", index_page(viewer, selectors.report_rounds()))


@report_view
def overview(request, viewer):
    rounds = selectors.report_rounds()
    if not rounds:
        return no_rounds(request)
    chosen = chosen_round_and_area(request, rounds, all_areas_label=OVERALL)
    page = overview_page(viewer, chosen.round, chosen.areas, chosen.area_code, chosen.area_label)
    prefix = f"overview-{chosen.round.slug}"
    return respond(request, "reports/overview.html", chosen.context(rounds) | page, prefix)


@report_view
def authority(request, viewer, slug):
    rounds = selectors.report_rounds()
    if not rounds:
        selectors.authority_for_profile(viewer, slug, None)  # 404 for one not to be seen
        return no_rounds(request)
    form, round_ = chosen_round(request, rounds)
    subject = selectors.authority_for_profile(viewer, slug, round_)
    context = {"round": round_, "rounds": rounds, "form": form}
    context |= profile_page(viewer, subject, round_, rounds)
    prefix = f"{subject.slug}-{round_.slug}"
    return respond(request, "reports/authority.html", context, prefix)


@report_view
def area(request, viewer, code):
    rounds = selectors.report_rounds()
    if not rounds:
        return no_rounds(request)
    form, round_ = chosen_round(request, rounds)
    areas = selectors.area_list(round_)
    current = next((a for a in areas if a.code == code), None)
    if current is None:
        raise Http404("No such area in this round's questionnaire")
    context = {"round": round_, "rounds": rounds, "form": form}
    context |= area_page(viewer, round_, current, areas)
    return respond(request, "reports/area.html", context, f"{code}-{round_.slug}")


@report_view
def trends(request, viewer):
    rounds = selectors.report_rounds()
    with_results = [r for r in rounds if r.approved_count]
    choices = [(r.slug, r.name) for r in with_results]
    authorities = selectors.authority_list()
    authority_choices = [("", "None")] + [(a.slug, a.name) for a in authorities]
    form = FilterForm(
        request.GET or None,
        choices={"from": choices, "to": choices, "authority": authority_choices},
    )
    picked = pick_rounds(form, with_results) if len(with_results) >= 2 else None
    if picked is None:
        return render(request, "reports/trends.html", {"not_enough": True, "rounds": rounds})
    from_round, to_round, refused = picked
    chosen = form.value("from")
    context = {
        "rounds": rounds,
        "choices": choices,
        "form": form,
        "from_round": from_round,
        "to_round": to_round,
        "refused": refused,
        "same_round_error": form.is_bound and chosen and chosen == form.value("to"),
        "authority_choices": authority_choices,
    }
    context |= trends_page(
        viewer,
        from_round,
        to_round,
        with_results,
        authorities=authorities,
        highlight_slug=form.value("authority"),
    )
    if not context["named"]:
        form.hide("authority")  # only the viewer's own authority is shown
    prefix = f"trends-{from_round.slug}-{to_round.slug}"
    return respond(request, "reports/trends.html", context, prefix)


@report_view
def ranking(request, viewer):
    if not access.may_see_ranking(viewer):
        raise Http404("No such page")
    rounds = selectors.report_rounds()
    if not rounds:
        return no_rounds(request)
    chosen = chosen_round_and_area(request, rounds, all_areas_label="Overall score")
    page = ranking_page(viewer, chosen.round, chosen.area_code, chosen.area_label)
    prefix = f"ranking-{chosen.round.slug}"
    return respond(request, "reports/ranking.html", chosen.context(rounds) | page, prefix)


@report_view
def plans(request, viewer):
    """What authorities plan, London-wide, filtered by area and peer group."""
    labels = plan_selectors.subject_labels()
    groups = {group.slug: group for group in plan_selectors.peer_groups()}
    area_choices = [("", "All areas")] + list(labels.areas.items())
    group_choices = [("", "All authorities")] + [(g.slug, g.name) for g in groups.values()]
    form = FilterForm(
        request.GET or None, choices={"area": area_choices, "peer_group": group_choices}
    )
    area_code, group_slug = form.value("area"), form.value("peer_group")
    context = {
        "form": form,
        "area_choices": area_choices,
        "area_code": area_code,
        "group_choices": group_choices,
        "group_slug": group_slug,
    }
    context |= plans_page(viewer, labels, area_code=area_code, peer_group=groups.get(group_slug))
    return respond(request, "reports/plans.html", context, "plans")
