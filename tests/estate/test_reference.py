"""The estate's reference data: loaded from fixtures/ by the migration, idempotent, and
every product's lines of business are real codes."""

import pytest
import yaml
from django.conf import settings

from estate.models import (
    BusinessFunction,
    LineOfBusiness,
    Product,
    ProductAlias,
    Supplier,
    SupplierAlias,
)
from estate.names import name_key
from estate.reference import load_lines_of_business, load_suppliers

pytestmark = pytest.mark.django_db
FIXTURES = settings.BASE_DIR / "fixtures"


def _yaml(name):
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


def test_the_migration_loaded_every_line_of_business_and_product():
    groups = _yaml("lines_of_business.yaml")
    codes = {line["code"] for group in groups for line in group["lines"]}
    assert set(LineOfBusiness.objects.values_list("code", flat=True)) == codes
    assert BusinessFunction.objects.count() == len(groups)
    suppliers = _yaml("suppliers.yaml")
    assert set(Supplier.objects.values_list("slug", flat=True)) == {s["slug"] for s in suppliers}
    slugs = {p["slug"] for s in suppliers for p in s["products"]}
    assert set(Product.objects.values_list("slug", flat=True)) == slugs
    assert (
        Product.objects.get(slug="idox-uniform").lines_of_business.filter(code="planning").exists()
    )


def test_loading_again_changes_nothing_and_keeps_what_admins_added():
    extra = LineOfBusiness.objects.create(
        code="markets", name="Street markets", function=BusinessFunction.objects.first()
    )
    before = (LineOfBusiness.objects.count(), SupplierAlias.objects.count())
    load_lines_of_business(BusinessFunction, LineOfBusiness)
    load_suppliers(Supplier, SupplierAlias, Product, ProductAlias, LineOfBusiness)
    assert (LineOfBusiness.objects.count(), SupplierAlias.objects.count()) == before
    assert LineOfBusiness.objects.filter(pk=extra.pk).exists()


def test_no_two_suppliers_in_the_fixture_share_a_name():
    owners: dict[str, set[str]] = {}
    for supplier in _yaml("suppliers.yaml"):
        for name in [supplier["name"], *supplier.get("aliases", [])]:
            owners.setdefault(name_key(name), set()).add(supplier["slug"])
    assert {key: slugs for key, slugs in owners.items() if len(slugs) > 1} == {}


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Capita Business Services Ltd", "capita business services"),
        ("CAPITA plc", "capita"),
        ("Marks & Spencer", "marks and spencer"),
        ("Information@Work", "information@work"),
        ("UK", "uk"),
        ("  Oracle   Corporation UK Ltd. ", "oracle"),
    ],
)
def test_name_key(name, key):
    assert name_key(name) == key


def test_every_fixture_row_has_only_the_known_keys():
    """An unquoted comma in a YAML flow mapping ("name: Leisure, parks and culture") cuts
    the name short and makes a stray key: caught here."""
    for group in _yaml("lines_of_business.yaml"):
        assert set(group) == {"code", "name", "lines"}
        for line in group["lines"]:
            assert set(line) == {"code", "name"}, line
    for supplier in _yaml("suppliers.yaml"):
        assert set(supplier) <= {"slug", "name", "aliases", "sme", "products"}, supplier
        for product in supplier["products"]:
            assert set(product) <= {"slug", "name", "aliases", "lines"}, product
    assert LineOfBusiness.objects.get(code="leisure-culture").name == "Leisure, parks and culture"
