"""Register page tests: Camden's assessment in an open round, a register in it, and
the POST data of the system form."""

from estate.models import LineOfBusiness, Product
from tests import factories
from tests.estate.support import make_register


def camden_round(**round_fields):
    """An open round (unless told) with Camden's assessment; returns the round."""
    round_ = factories.RoundFactory(**round_fields)
    factories.AssessmentFactory(authority=factories.authority(), round=round_)
    return round_


def camden_register(**round_fields):
    """Camden's register in a round with its assessment."""
    round_ = camden_round(**round_fields)
    return make_register(factories.authority(), round_)


def form_data(product="idox-uniform", lines=("planning",), **fields) -> dict:
    """POST data of the system form for a known product (by slug; None: none chosen)."""
    data: dict[str, str | list[str]] = {
        "product": str(Product.objects.get(slug=product).pk) if product else "",
        "new_supplier": "",
        "new_product": "",
        "hosting": "saas",
        "cost_band": "",
        "route": "",
        "supplier_sme": "unknown",
        "note": "",
    }
    lines_by_group: dict[str, list[str]] = {}
    for line in LineOfBusiness.objects.filter(code__in=lines).select_related("function"):
        lines_by_group.setdefault(f"lines_{line.function.code}", []).append(line.code)
    data.update(lines_by_group)
    data.update(fields)
    return data
