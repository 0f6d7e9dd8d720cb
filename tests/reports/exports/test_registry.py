"""One registry of export kinds: the exports page, its URLs and ``manage.py export`` offer
the same kinds and give the same files."""

import io

import pytest
from django.core.management import call_command
from django.urls import resolve, reverse

from reports.exports import views
from reports.exports.registry import KINDS
from reports.management.commands.export import Command
from tests.reports.exports_support import build_dataset, content_of

pytestmark = pytest.mark.django_db


def test_every_kind_has_a_download_url_and_is_a_command_choice():
    for name in KINDS:
        match = resolve(reverse(f"exports:{name}"))
        assert match.func is views.download and match.kwargs == {"kind": name}
    parser = Command().create_parser("manage.py", "export")
    kind = next(action for action in parser._actions if action.dest == "kind")
    assert list(kind.choices) == list(KINDS)


def test_the_page_offers_every_kind(client, cdo):
    client.force_login(cdo)
    html = client.get(reverse("exports:index")).content.decode()
    for kind in KINDS.values():
        assert f'<dt class="govuk-summary-list__key">{kind.label}</dt>' in html
        assert f'formaction="{reverse(f"exports:{kind.name}")}"' in html


@pytest.mark.parametrize("name", list(KINDS))
def test_the_page_and_the_command_give_the_same_file(client, cdo, name):
    data = build_dataset()
    client.force_login(cdo)
    response = client.get(reverse(f"exports:{name}"), {"round": data.round.slug, "area": "area-1"})
    assert response.status_code == 200
    out = io.StringIO()
    call_command("export", name, "--round", data.round.slug, "--area", "area-1", stdout=out)
    assert content_of(response).decode() == out.getvalue()
