"""Loads the estate's reference data shipped in ``fixtures/``: functions and lines of
business (``lines_of_business.yaml``) and suppliers and products with their aliases
(``suppliers.yaml``).

Used by the data migration, so it takes the model classes as arguments (historical models
there, the real ones elsewhere). Idempotent: rows are matched on their stable codes and
slugs and updated in place; nothing is deleted, so what admins and registers added stays.
"""

from boroughs.reference import read_yaml
from estate.names import name_key


def load_lines_of_business(BusinessFunction, LineOfBusiness) -> int:
    """Create or update every function and line of business; returns the number of lines."""
    count = 0
    for order, group in enumerate(read_yaml("lines_of_business.yaml"), start=1):
        function, _ = BusinessFunction.objects.update_or_create(
            code=group["code"], defaults={"name": group["name"], "order": order}
        )
        for line_order, line in enumerate(group["lines"], start=1):
            LineOfBusiness.objects.update_or_create(
                code=line["code"],
                defaults={"name": line["name"], "function": function, "order": line_order},
            )
            count += 1
    return count


def load_suppliers(Supplier, SupplierAlias, Product, ProductAlias, LineOfBusiness) -> int:
    """Create or update every supplier and product with its aliases; returns the number of
    products. An alias already taken by another record is left with that record."""
    lines = {line.code: line for line in LineOfBusiness.objects.all()}
    count = 0
    for row in read_yaml("suppliers.yaml"):
        supplier, _ = Supplier.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "sme": row.get("sme")}
        )
        for alias in [row["name"], *row.get("aliases", [])]:
            SupplierAlias.objects.get_or_create(
                key=name_key(alias), defaults={"supplier": supplier, "name": alias}
            )
        for item in row.get("products", []):
            product, _ = Product.objects.update_or_create(
                slug=item["slug"], defaults={"name": item["name"], "supplier": supplier}
            )
            product.lines_of_business.set([lines[code] for code in item.get("lines", [])])
            for alias in [item["name"], *item.get("aliases", [])]:
                ProductAlias.objects.get_or_create(
                    supplier=supplier,
                    key=name_key(alias),
                    defaults={"product": product, "name": alias},
                )
            count += 1
    return count
