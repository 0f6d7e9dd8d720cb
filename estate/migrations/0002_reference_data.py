"""Load the lines of business and the shared suppliers and products from fixtures/."""

from django.db import migrations


def load(apps, schema_editor):
    from estate.reference import load_lines_of_business, load_suppliers

    model = apps.get_model
    load_lines_of_business(model("estate", "BusinessFunction"), model("estate", "LineOfBusiness"))
    load_suppliers(
        model("estate", "Supplier"),
        model("estate", "SupplierAlias"),
        model("estate", "Product"),
        model("estate", "ProductAlias"),
        model("estate", "LineOfBusiness"),
    )


class Migration(migrations.Migration):
    dependencies = [("estate", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
