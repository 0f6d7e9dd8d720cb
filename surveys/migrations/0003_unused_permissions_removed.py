"""The assessment's custom permissions (submit, review, see every authority, export) were
never checked: who may do what is decided by ``accounts.access`` from the person's role.
They are removed, with the rows Django made for them, so nobody reads them as meaningful."""

from django.db import migrations

UNUSED = ["submit_assessment", "review_assessment", "view_all_authorities", "export_data"]


def remove_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="surveys", codename__in=UNUSED).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_auditevent_moved_to_audit"),
        # After the role groups were given them, so that migration still means what it did.
        ("boroughs", "0003_role_groups"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="assessment",
            options={"ordering": ["round", "authority__name"]},
        ),
        migrations.RunPython(remove_permissions, migrations.RunPython.noop),
    ]
