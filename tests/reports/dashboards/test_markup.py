"""The dashboards' markup built by template tags escapes whatever people typed."""

import pytest
from django.urls import reverse

from boroughs.models import Authority

pytestmark = pytest.mark.django_db

HOSTILE = '<i>Camden</i> & "Co"'
ESCAPED = "&lt;i&gt;Camden&lt;/i&gt; &amp; &quot;Co&quot;"


@pytest.fixture
def hostile_name(results_round):
    Authority.objects.filter(gss_code="E09000007").update(name=HOSTILE)
    return results_round


def test_chart_tables_escape_names(client, cdo, hostile_name):
    client.force_login(cdo)
    content = client.get(reverse("reports:overview")).content.decode()
    # The heat map's table names every authority: its row header is escaped.
    assert f'<th scope="row" class="govuk-table__header">{ESCAPED}</th>' in content
    assert "<i>Camden</i>" not in content


def test_who_to_learn_from_escapes_names_and_links_evidence(client, cdo, hostile_name):
    client.force_login(cdo)
    url = reverse("reports:area", args=["area-1"]) + f"?round={hostile_name.slug}"
    content = client.get(url).content.decode()
    profile = reverse("reports:authority", args=["camden"])
    link = (
        f'<a class="govuk-link" href="{profile}?round={hostile_name.slug}#answer-a1-q1">'
        f'{ESCAPED}<span class="govuk-visually-hidden">: answer and evidence</span></a>'
    )
    assert link in content
    assert "<i>Camden</i>" not in content
