"""The OpenAPI schema and a plain HTML page documenting the API.

The page is rendered on the server from the same schema the generator serves, so
it needs no JavaScript and nothing from a CDN (the strict CSP would refuse it).
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

SCHEMA_SETTINGS = {
    "TITLE": "London Digital Maturity API",
    "DESCRIPTION": (
        "Read-only results of published rounds of London's local authority digital "
        "maturity self-assessments: rounds, authorities, area and overall scores and "
        "levels. Only approved results of published rounds; no evidence and no personal "
        "data. A round that shares named results publishes each authority's results by "
        "name (results endpoint); a round that does not publishes aggregates only: the "
        "median scores of London, Inner and Outer London and peer groups, each over at "
        "least 5 authorities with results (aggregates endpoint), and its results endpoint "
        "answers 404. Every query parameter is listed below: any other, or a value out of "
        "range, is a 400 naming the parameter. Open Government Licence v3.0."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "LICENSE": {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
}


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema: YAML by default, JSON with ``?format=json``."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [OpenApiYamlRenderer, OpenApiJsonRenderer]
    custom_settings = SCHEMA_SETTINGS
    schema = None  # the schema does not describe itself


def _operations(schema: dict) -> list[dict]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": operation.get("parameters", []),
                }
            )
    return operations


@require_GET
def docs(request):
    """Every endpoint with its summary and parameters, and links to the schema."""
    from drf_spectacular.settings import patched_settings

    with patched_settings(SCHEMA_SETTINGS):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    return render(
        request,
        "opendata/api.html",
        {"info": schema["info"], "operations": _operations(schema)},
    )
